#include "testenv/test_env_steps.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>

#include "common/strings.h"
#include "layers/layers.h"

namespace infra_flash {
namespace {

constexpr std::string_view kPrPlaceholder = "{pr}";
constexpr char kDataDirVariable[] = "TF_DATA_DIR";

// Set by infra-flash for unattended runs; a person at a terminal does not want them.
constexpr std::array<std::string_view, 5> kAutomationOnly = {
    "TF_IN_AUTOMATION", "TF_INPUT", "TG_NON_INTERACTIVE", "TG_NO_COLOR", "TF_PLUGIN_CACHE_DIR"};

// POSIX shell quoting: bare when only safe characters, else in single quotes.
std::string ShellQuote(const std::string& word) {
  constexpr std::string_view kSafe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,/:=@+%";
  if (!word.empty() && word.find_first_not_of(kSafe) == std::string::npos) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// `word` with an absolute path inside the workspace (alone or after `-flag=`) written
// relative to `cwd`, so the line works in anyone's checkout.
std::size_t PathStart(const std::string& word) {
  if (word.rfind('/', 0) == 0) return 0;
  const std::size_t equals = word.find('=');
  return equals == std::string::npos ? std::string::npos : equals + 1;
}

std::string Relative(const std::string& word, const std::string& root, const std::string& cwd) {
  const std::size_t start = PathStart(word);
  if (start == std::string::npos || root.empty()) return word;
  const std::string path = word.substr(start);
  if (path != root && path.rfind(root + "/", 0) != 0) return word;
  return word.substr(0, start) +
         std::filesystem::path(path).lexically_relative(cwd).lexically_normal().string();
}

}  // namespace

Result<Config> TestEnvironmentConfig(const Config& config, const std::vector<std::string>& layers) {
  Config copy = config;
  Environment& test = copy.environments[kTestEnvironment];
  test.name = kTestEnvironment;
  if (test.state_key.empty()) {
    test.state_key = kDefaultTestStateKey;
  } else if (test.state_key.find(kPrPlaceholder) == std::string::npos) {
    return Error{"environments.test.state_key (" + test.state_key +
                 ") has no {pr}: every pull request's test environment would share one state, "
                 "and closing one PR would destroy the others'. Add {pr}, e.g. " +
                 kDefaultTestStateKey};
  }
  test.env.emplace(kDataDirVariable, kTestDataDir);
  for (Layer& layer : copy.layers) {
    if (Contains(layers, layer.name)) layer.environment.clear();
  }
  return copy;
}

StepContext TestEnvironmentContext(const std::string& workspace_root, std::int64_t number) {
  StepContext context;
  context.environment = kTestEnvironment;
  context.workspace_root = workspace_root;
  context.planfile = kTestPlanfile;
  context.pr_number = number;
  return context;
}

std::vector<std::string> InDependencyOrder(const Config& config,
                                           const std::vector<std::string>& names) {
  std::vector<std::string> ordered;
  for (const std::vector<std::string>& wave : Waves(config, names)) {
    ordered.insert(ordered.end(), wave.begin(), wave.end());
  }
  return ordered;
}

std::vector<std::string> TestEnvironmentLayers(const Config& config,
                                               const std::vector<std::string>& names) {
  std::vector<std::string> wanted;
  std::vector<std::string> bases;  // a promoted layer is deployed once, by its first target
  for (const std::string& name : names) {
    const Layer* layer = config.FindLayer(name);
    if (layer == nullptr || !layer->test_env) continue;
    if (layer->IsTarget()) {
      if (Contains(bases, layer->base)) continue;
      bases.push_back(layer->base);
    }
    wanted.push_back(name);
  }
  return InDependencyOrder(config, wanted);
}

std::string ManualCommand(const std::vector<PlannedStep>& steps, const std::string& workspace_root,
                          const std::string& layer_dir) {
  if (steps.empty()) return "";
  std::string line = "cd " + ShellQuote(layer_dir.empty() ? "." : layer_dir);
  std::string exports;
  for (const auto& [name, value] : steps.front().env) {
    if (std::find(kAutomationOnly.begin(), kAutomationOnly.end(), name) != kAutomationOnly.end()) {
      continue;
    }
    exports += " " + name + "=" + ShellQuote(Relative(value, workspace_root, steps.front().cwd));
  }
  if (!exports.empty()) line += " && export" + exports;
  for (const PlannedStep& step : steps) {
    std::string command;
    for (const std::string& word : step.argv) {
      command +=
          (command.empty() ? "" : " ") + ShellQuote(Relative(word, workspace_root, step.cwd));
    }
    line += " && " + command;
  }
  return line;
}

}  // namespace infra_flash
