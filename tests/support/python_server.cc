#include "support/python_server.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/wait.h"

extern char** environ;

namespace infra_flash::testing {
namespace {

using std::chrono::milliseconds;

// $INFRA_FLASH_PYTHON, else the system's python3 (a version-manager shim on PATH can
// take longer to start than a whole test), else python3 from PATH.
std::string Python() {
  if (const char* python = std::getenv("INFRA_FLASH_PYTHON"); python != nullptr && *python) {
    return python;
  }
  if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
  return "python3";
}

int ReadPort(const std::string& path) {
  std::ifstream in(path);
  int port = 0;
  in >> port;
  return port;
}

}  // namespace

PythonServer::PythonServer(const std::string& name) : name_(name) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / ("infra-flash-" + name + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    error_ = std::string("mkdtemp: ") + std::strerror(errno);
    return;
  }
  directory_ = pattern;
}

PythonServer::~PythonServer() { Stop(); }

void PythonServer::Start(std::vector<std::string> script_and_args) {
  if (directory_.empty()) return;  // error_ says why
  const std::string port_file = directory_ + "/port";
  std::vector<std::string> args = {Python()};
  args.insert(args.end(), script_and_args.begin(), script_and_args.end());
  args.push_back("--port-file");
  args.push_back(port_file);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  const int spawned = posix_spawnp(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    pid_ = -1;
    error_ = "could not start " + args[0] + ": " + std::strerror(spawned);
    return;
  }
  // However long python takes to start on a busy machine; the bound only catches a
  // server that never listens.
  bool exited = false;
  WaitUntil([&] {
    if (std::filesystem::exists(port_file)) port_ = ReadPort(port_file);
    int status = 0;
    exited = port_ <= 0 && waitpid(pid_, &status, WNOHANG) == pid_;
    return port_ > 0 || exited;
  });
  if (port_ > 0) return;
  if (exited) {
    pid_ = -1;
    error_ = name_ + " exited before it listened";
    return;
  }
  error_ = name_ + " did not report its port";
  Stop();
}

void PythonServer::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
    pid_ = -1;
  }
  port_ = 0;
  if (!directory_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
    directory_.clear();
  }
}

}  // namespace infra_flash::testing
