#include "run/tools.h"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <utility>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kInstallHints = {{
    {"terragrunt", "https://terragrunt.gruntwork.io/docs/getting-started/install/"},
    {"terraform", "https://developer.hashicorp.com/terraform/install"},
    {"tofu", "https://opentofu.org/docs/intro/install/"},
}};

bool IsExecutableFile(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::is_regular_file(path, ignored) && ::access(path.c_str(), X_OK) == 0;
}

std::string Basename(const std::string& program) {
  return std::filesystem::path(program).filename().string();
}

std::string MissingMessage(const std::string& program) {
  std::string message = "`" + program + "` is not installed (not found on PATH)";
  for (const auto& [name, url] : kInstallHints) {
    if (Basename(program) == name) message += "; install it from " + std::string(url);
  }
  return message;
}

// terragrunt runs terraform or tofu underneath: one of them must be there too.
bool TerragruntHasEngine(const std::string& path_list) {
  if (const char* explicit_path = std::getenv("TG_TF_PATH"); explicit_path && *explicit_path) {
    return !FindExecutable(explicit_path, path_list).empty();
  }
  return !FindExecutable("tofu", path_list).empty() ||
         !FindExecutable("terraform", path_list).empty();
}

}  // namespace

std::string FindExecutable(const std::string& program, const std::string& path_list) {
  if (program.empty()) return "";
  if (program.find('/') != std::string::npos) return IsExecutableFile(program) ? program : "";
  for (const std::string& directory : Split(path_list, ':')) {
    const std::string candidate = (directory.empty() ? "." : directory) + "/" + program;
    if (IsExecutableFile(candidate)) return candidate;
  }
  return "";
}

Status CheckTools(const std::vector<LayerJob>& jobs, const std::string& path_list) {
  std::set<std::string> programs;
  for (const LayerJob& job : jobs) {
    for (const PlannedStep& step : job.steps) {
      // A linter is optional: without it, its step is recorded as not run (scheduler).
      if (!step.argv.empty() && !step.optional) programs.insert(step.argv.front());
    }
  }
  std::vector<std::string> problems;
  for (const std::string& program : programs) {
    if (FindExecutable(program, path_list).empty()) {
      problems.push_back(MissingMessage(program));
    } else if (Basename(program) == "terragrunt" && !TerragruntHasEngine(path_list)) {
      problems.push_back(
          "terragrunt needs terraform or tofu, and neither is on PATH; install "
          "one (https://developer.hashicorp.com/terraform/install or "
          "https://opentofu.org/docs/intro/install/)");
    }
  }
  if (problems.empty()) return Ok();
  return Error{Join(problems, "\n")};
}

}  // namespace infra_flash
