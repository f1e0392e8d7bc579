#include "git/git.h"

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::size_t kGitErrorBytes = 600;

}  // namespace

ProcessOutput Git(const std::string& cwd, const std::vector<std::string>& arguments,
                  std::chrono::seconds timeout) {
  std::vector<std::string> argv = {"env", "GIT_TERMINAL_PROMPT=0", "git", "-c", "safe.directory=*"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return RunProcess(argv, cwd, timeout);
}

bool GitSucceeded(const ProcessOutput& output) {
  return output.end == StepEnd::kExited && output.exit_code == 0;
}

std::string GitSaid(const ProcessOutput& output) {
  const std::string_view all = Trim(output.stderr_text.empty() ? output.error : output.stderr_text);
  std::string line(Trim(all.substr(0, all.find('\n'))));
  if (line.size() > kGitErrorBytes) line = line.substr(0, kGitErrorBytes) + "…";
  return line.empty() ? "exit " + std::to_string(output.exit_code) : line;
}

}  // namespace infra_flash
