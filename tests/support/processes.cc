#include "support/processes.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace infra_flash::testing {
namespace {

std::string ReadProcFile(pid_t pid, const char* name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

bool Alive(pid_t pid) {
  // "PID (COMMAND) STATE ...": the command may hold spaces and parentheses, so the
  // state is found after the last ')'.
  const std::string stat = ReadProcFile(pid, "stat");
  const std::size_t close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

std::vector<pid_t> ProcessesWithEnvironment(const std::string& needle) {
  std::vector<pid_t> pids;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stoi(name));
    if (ReadProcFile(pid, "environ").find(needle) == std::string::npos) continue;
    if (Alive(pid)) pids.push_back(pid);
  }
  return pids;
}

pid_t FindProcess(const std::string& binary, const std::string& needle) {
  std::error_code error;
  const std::filesystem::path wanted = std::filesystem::canonical(binary, error);
  if (error) return 0;
  for (pid_t pid : ProcessesWithEnvironment(needle)) {
    const std::filesystem::path exe =
        std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", error);
    if (!error && exe == wanted) return pid;
  }
  return 0;
}

std::string CommandLineOf(pid_t pid) { return ReadProcFile(pid, "cmdline"); }

}  // namespace infra_flash::testing
