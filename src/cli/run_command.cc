#include "cli/run_command.h"

#include <cstdio>
#include <cstdlib>

#include "action/action.h"
#include "flow/flow.h"

namespace infra_flash::cli {
namespace {

std::string Variable(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

std::string RunUsage() {
  return "Usage: infra-flash run\n\n"
         "What the GitHub Action runs: reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,\n"
         "GITHUB_WORKSPACE, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL,\n"
         "GITHUB_RUN_ID and the inputs (INPUT_*), then plans a pull request, runs a\n"
         "comment's command, converges a push, or runs a workflow_dispatch. Outputs go to\n"
         "GITHUB_OUTPUT, the report to GITHUB_STEP_SUMMARY.\n\n"
         "Exit status: 0 done (or nothing to do, or a command refused by policy); 1 the work\n"
         "failed, was cancelled, or an /apply was refused; 2 unusable input.\n";
}

int RunAction(const std::vector<std::string>& args) {
  if (!args.empty()) {
    if (args[0] == "--help" || args[0] == "-h") {
      std::fputs(RunUsage().c_str(), stdout);
      return 0;
    }
    std::fprintf(stderr, "infra-flash run takes no arguments\n\n%s", RunUsage().c_str());
    return 2;
  }
  FlowSettings settings;
  settings.event_name = Variable("GITHUB_EVENT_NAME");
  settings.event_path = Variable("GITHUB_EVENT_PATH");
  settings.workspace = action::Input("working-directory").value_or(Variable("GITHUB_WORKSPACE"));
  settings.config_path = action::Input("config").value_or(".infra-flash.yml");
  settings.config_root = Variable("GITHUB_WORKSPACE");
  settings.command = action::Input("command").value_or("");
  settings.environment = action::Input("environment").value_or("");
  settings.layers = action::Input("layers").value_or("");
  settings.github = ReadGitHubEnvironment();
  if (auto jobs = action::Input("jobs")) settings.jobs = std::atoi(jobs->c_str());
  settings.runner_temp = Variable("RUNNER_TEMP");
  settings.fan_out = action::Input("fan-out").value_or("") == "true";
  if (auto legs = action::Input("max-legs")) settings.max_legs = std::atoi(legs->c_str());
  settings.leg_layers = action::Input("layer").value_or("");
  settings.results_dir = action::Input("results-dir").value_or("");
  settings.collect = action::Input("collect").value_or("");
  settings.knobs = ReadKnobs();
  return RunFlow(settings);
}

}  // namespace infra_flash::cli
