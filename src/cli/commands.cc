// The subcommand table: dispatch, `infra-flash --help` and `infra-flash CMD --help`
// all come from kCommands.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli.h"
#include "cli/explain.h"
#include "cli/health_command.h"
#include "cli/local.h"
#include "cli/run_command.h"
#include "cli/verify_signature.h"

namespace infra_flash::cli {
namespace {

struct Subcommand {
  std::string_view name;
  std::string_view summary;
  int (*run)(const std::vector<std::string>& args);
};

const std::vector<Subcommand>& Commands() {
  static const std::vector<Subcommand> commands = {
      {"explain", "show what infra-flash would do for an event (JSON), running nothing",
       RunExplain},
      {"plan", "plan layers in this checkout (named, changed since --changed-from, or all)",
       [](const std::vector<std::string>& args) { return RunLocalCommand("plan", args); }},
      {"apply", "apply the saved plans of layers in this checkout, in dependency order",
       [](const std::vector<std::string>& args) { return RunLocalCommand("apply", args); }},
      {"verify", "drift scan: plan without locking; exit 2 when drift is found",
       [](const std::vector<std::string>& args) { return RunLocalCommand("verify", args); }},
      {"ci", "format check, init without backend, validate: what a PR is checked with",
       [](const std::vector<std::string>& args) { return RunLocalCommand("ci", args); }},
      {"health", "probe the services in the config's `health:` list and print the table",
       RunHealth},
      {"run",
       "what the GitHub Action runs: the flow for $GITHUB_EVENT_NAME (PR, comment, push, dispatch)",
       RunAction},
      {"verify-signature", "check the X-Hub-Signature-256 of a deploy request body",
       RunVerifySignature},
  };
  return commands;
}

std::string MainUsage() {
  std::string out =
      "usage: infra-flash <command> [flags]\n\n"
      "infra-flash runs a terragrunt/terraform pull-request pipeline: plan on PR, /apply from\n"
      "a comment, apply on merge, one living dashboard comment.\n\ncommands:\n";
  std::size_t width = 0;
  for (const Subcommand& command : Commands()) width = std::max(width, command.name.size());
  for (const Subcommand& command : Commands()) {
    out += "  " + std::string(command.name) + std::string(width - command.name.size() + 3, ' ') +
           std::string(command.summary) + "\n";
  }
  out +=
      "\n  --version  print the version\n  --help     this text\n\n"
      "`infra-flash <command> --help` describes a command's flags.\n";
  return out;
}

}  // namespace

int Main(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(MainUsage().c_str(), args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::printf("infra-flash %s\n", INFRA_FLASH_VERSION);
    return 0;
  }
  for (const Subcommand& command : Commands()) {
    if (command.name == args[0]) {
      return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
    }
  }
  std::fprintf(stderr, "infra-flash: unknown command `%s`\n\n%s", args[0].c_str(),
               MainUsage().c_str());
  return 2;
}

}  // namespace infra_flash::cli
