#include "cli/local.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <utility>
#include <variant>

#include "cli/flags.h"
#include "common/mask.h"
#include "common/strings.h"
#include "config/config.h"
#include "discovery/discovery.h"
#include "git/git.h"
#include "layers/layers.h"
#include "run/interrupt.h"
#include "run/jobs.h"
#include "run/process_executor.h"
#include "run/process_run.h"
#include "run/scheduler.h"
#include "run/terminal_view.h"
#include "session/context.h"
#include "session/layer_runner.h"
#include "session/policy_stage.h"

namespace infra_flash::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::array<const char*, 2> kConfigNames = {".infra-flash.yml", ".infra-flash.yaml"};
constexpr std::array<const char*, 5> kBuiltinEnvironments = {"dev", "ci", "test", "staging",
                                                             "prod"};
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
// Lines of a failed step's output shown under the summary.
constexpr std::size_t kFailureTailLines = 25;
constexpr auto kLocalGitTimeout = std::chrono::seconds(60);

struct LocalVerb {
  std::string_view name;
  RunVerb verb;
  std::string_view summary;
};

constexpr std::array<LocalVerb, 4> kLocalVerbs = {{
    {"plan", RunVerb::kPlan,
     "Plans each layer (init, plan -out=tfplan -detailed-exitcode, show -json) and prints what "
     "would change.\nThe saved plan (tfplan in the layer's directory) is what `infra-flash "
     "apply` applies."},
    {"apply", RunVerb::kApply,
     "Applies the plans saved by `infra-flash plan`, in dependency order (one layer at a time "
     "unless\nrun.sequential_apply is false). Changes nobody has seen are never applied: a layer "
     "without a\nsaved plan is an error, and a plan made stale by another apply is refused."},
    {"verify", RunVerb::kVerify,
     "Drift scan: plans every layer without saving or locking (plan -lock=false "
     "-detailed-exitcode).\nExit status 2 when drift was found and nothing failed."},
    {"ci", RunVerb::kCi,
     "The checks a pull request gets, needing no credentials: format check, init "
     "-backend=false,\nvalidate."},
}};

const LocalVerb* FindVerb(std::string_view name) {
  for (const LocalVerb& verb : kLocalVerbs) {
    if (verb.name == name) return &verb;
  }
  return nullptr;
}

const std::vector<FlagSpec>& LocalFlags() {
  static const std::vector<FlagSpec> flags = {
      {"all", FlagKind::kSwitch, "", "every layer (the default without LAYER and --changed-from)"},
      {"changed-from", FlagKind::kValue, "GITREF",
       "the layers affected by changes since GITREF (git diff, untracked files too)"},
      {"env", FlagKind::kValue, "ENV", "the environment to run in (default: dev)"},
      {"jobs", FlagKind::kValue, "N",
       "layers at once (default: run.jobs in the config, else the number of cores)"},
      {"config", FlagKind::kValue, "FILE",
       "the config file (default: .infra-flash.yml here or in a parent directory)"},
  };
  return flags;
}

// A failure before anything ran: the message and the exit status it ends with.
struct Stop {
  int exit_code;
  std::string message;
};

template <typename T>
using Checked = std::variant<T, Stop>;

int Report(const Stop& stop) {
  if (!stop.message.empty()) std::fprintf(stderr, "%s\n", stop.message.c_str());
  return stop.exit_code;
}

std::string Prefix(std::string_view verb) { return "infra-flash " + std::string(verb) + ": "; }

Checked<fs::path> FindConfigFile(const ParsedFlags& flags, std::string_view verb) {
  std::error_code error;
  if (flags.Has("config")) {
    fs::path path = fs::absolute(flags.Value("config"), error);
    if (error || !fs::is_regular_file(path, error)) {
      return Stop{kExitUsage,
                  Prefix(verb) + "the config file " + flags.Value("config") + " does not exist"};
    }
    return path;
  }
  const fs::path start = fs::current_path(error);
  for (fs::path directory = start; !directory.empty(); directory = directory.parent_path()) {
    for (const char* name : kConfigNames) {
      if (fs::is_regular_file(directory / name, error)) return directory / name;
    }
    if (directory == directory.root_path()) break;
  }
  return Stop{kExitUsage, Prefix(verb) + "no .infra-flash.yml in " + start.string() +
                              " or any directory above it; run this inside the repository, or "
                              "pass --config FILE"};
}

std::vector<std::string> KnownEnvironments(const Config& config) {
  std::vector<std::string> names(kBuiltinEnvironments.begin(), kBuiltinEnvironments.end());
  for (const auto& [name, environment] : config.environments) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

Checked<std::string> ChooseEnvironment(const ParsedFlags& flags, const Config& config,
                                       std::string_view verb) {
  const std::string environment = flags.Value("env", "dev");
  const std::vector<std::string> known = KnownEnvironments(config);
  if (std::find(known.begin(), known.end(), environment) != known.end()) return environment;
  return Stop{kExitUsage, Prefix(verb) + "unknown environment \"" + environment +
                              "\"; the environments are: " + Join(known, ", ")};
}

Checked<int> RequestedJobs(const ParsedFlags& flags, std::string_view verb) {
  if (!flags.Has("jobs")) return 0;
  const std::string text = flags.Value("jobs");
  char* end = nullptr;
  const long jobs = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || jobs < 1 || jobs > 1024) {
    return Stop{kExitUsage,
                Prefix(verb) + "--jobs takes a whole number from 1 to 1024, not \"" + text + "\""};
  }
  return static_cast<int>(jobs);
}

// The layer a command-line word names: a layer name, or a layer's directory (as
// typed from the current directory, or relative to the workspace root).
const Layer* FindLayerByWord(const Config& config, const std::string& word, const fs::path& root) {
  if (const Layer* layer = config.FindLayer(word)) return layer;
  std::error_code error;
  const fs::path typed = fs::weakly_canonical(fs::absolute(word, error), error);
  for (const Layer& layer : config.layers) {
    const fs::path dir = fs::weakly_canonical(root / layer.dir, error);
    if (dir == typed || (root / word).lexically_normal() == (root / layer.dir).lexically_normal()) {
      return &layer;
    }
  }
  return nullptr;
}

// `git ARGUMENTS...` through the one git runner (git/git.h); its output's non-blank lines.
Checked<std::vector<std::string>> GitLines(const std::vector<std::string>& arguments,
                                           const fs::path& root, std::string_view verb) {
  ProcessOutput output = Git(root.string(), arguments, kLocalGitTimeout);
  if (GitSucceeded(output)) {
    std::vector<std::string> lines;
    for (std::string_view line : SplitLines(output.stdout_text)) {
      if (!Trim(line).empty()) lines.emplace_back(line);
    }
    return lines;
  }
  return Stop{kExitUsage, Prefix(verb) + "`git " + Join(arguments, " ") + "` failed in " +
                              root.string() + ": " + GitSaid(output)};
}

// Paths changed since `ref`, relative to the workspace root: committed and uncommitted
// changes (renames as a deletion and an addition, so both paths count) and untracked
// files that are not ignored.
Checked<std::vector<std::string>> ChangedPaths(const std::string& ref, const fs::path& root,
                                               std::string_view verb) {
  if (ref.empty() || ref.front() == '-') {
    return Stop{kExitUsage, Prefix(verb) +
                                "--changed-from takes a git ref such as origin/main, "
                                "not \"" +
                                ref + "\""};
  }
  auto changed =
      GitLines({"diff", "--name-only", "--relative", "--no-renames", ref, "--"}, root, verb);
  if (std::holds_alternative<Stop>(changed)) return changed;
  auto untracked = GitLines({"ls-files", "--others", "--exclude-standard"}, root, verb);
  if (std::holds_alternative<Stop>(untracked)) return untracked;
  std::vector<std::string> paths = std::get<std::vector<std::string>>(std::move(changed));
  for (std::string& path : std::get<std::vector<std::string>>(untracked)) {
    paths.push_back(std::move(path));
  }
  return paths;
}

// `--env staging`: of a promoted layer, its target in staging only (config.h, "Targets").
void NarrowToEnvironment(const ParsedFlags& flags, const Config& config,
                         std::vector<std::string>& layers) {
  if (!flags.Has("env")) return;
  const std::string environment = flags.Value("env");
  std::erase_if(layers, [&](const std::string& name) {
    const Layer* layer = config.FindLayer(name);
    return layer != nullptr && layer->IsTarget() && layer->environment != environment;
  });
}

struct Selection {
  std::vector<std::string> layers;
  std::string nothing_to_do;  // set when the selection is empty, saying why
};

Checked<Selection> SelectLayers(const ParsedFlags& flags, const Config& config,
                                const fs::path& root, std::string_view verb) {
  std::vector<std::string> named;
  bool all = flags.Has("all");
  for (const std::string& word : flags.positional) {
    if (word == "all") {
      all = true;
      continue;
    }
    // A name ("app@prod" names one target, "app" each of them), or a directory (each
    // target of its layer).
    std::vector<const Layer*> targets = config.LayersNamed(word);
    if (targets.empty()) {
      if (const Layer* layer = FindLayerByWord(config, word, root)) {
        targets = config.TargetsOf(layer->ConfigName());
      }
    }
    if (targets.empty()) {
      return Stop{kExitUsage, Prefix(verb) + "no layer is named \"" + word +
                                  "\" or lives in that directory; the layers are: " +
                                  Join(config.ConfigLayerNames(), ", ")};
    }
    for (const Layer* target : targets) named.push_back(target->name);
  }
  if (all || (named.empty() && !flags.Has("changed-from"))) {
    Selection selection{config.LayerNames(), ""};
    NarrowToEnvironment(flags, config, selection.layers);
    return selection;
  }
  if (flags.Has("changed-from")) {
    auto paths = ChangedPaths(flags.Value("changed-from"), root, verb);
    if (std::holds_alternative<Stop>(paths)) return std::get<Stop>(paths);
    Result<Resolution> resolution =
        ResolveLayers(config, std::get<std::vector<std::string>>(paths));
    if (!resolution.ok()) return Stop{kExitUsage, Prefix(verb) + resolution.error().ToString()};
    named.insert(named.end(), resolution->layers.begin(), resolution->layers.end());
  }
  Selection selection{WithDependents(config, named), ""};
  NarrowToEnvironment(flags, config, selection.layers);
  if (selection.layers.empty()) {
    selection.nothing_to_do = "no layer is affected by the changes since " +
                              flags.Value("changed-from") + "; nothing to do";
  }
  return selection;
}

// apply runs only plans somebody saved (and could review): check they are there
// before anything starts.
Checked<bool> CheckSavedPlans(const Config& config, const std::vector<std::string>& layers,
                              const StepContext& context, std::string_view verb) {
  std::vector<std::string> missing;
  for (const std::string& name : layers) {
    const Layer* layer = config.FindLayer(name);
    std::error_code error;
    const std::string planfile = PlanfilePath(*layer, context);
    if (!fs::exists(planfile, error)) missing.push_back(name + " (expected " + planfile + ")");
  }
  if (missing.empty()) return true;
  return Stop{kExitFailed, Prefix(verb) + "no saved plan for " + Join(missing, ", ") +
                               ".\nRun `infra-flash plan` for these layers, review the plan, "
                               "then apply."};
}

ViewStyle ChooseViewStyle() {
  const char* term = std::getenv("TERM");
  const bool dumb = term == nullptr || std::string_view(term) == "dumb";
  return ::isatty(STDOUT_FILENO) && !dumb ? ViewStyle::kLive : ViewStyle::kLines;
}

// Everything needed to run, decided from the flags and the config.
struct Prepared {
  Config config;
  fs::path root;
  StepContext context;
  std::vector<std::string> layers;
  std::vector<LayerJob> jobs;
  SchedulerOptions scheduling;
};

Checked<Prepared> Prepare(const LocalVerb& verb, const ParsedFlags& flags) {
  auto config_path = FindConfigFile(flags, verb.name);
  if (auto* stop = std::get_if<Stop>(&config_path)) return *stop;
  const fs::path path = std::get<fs::path>(config_path);
  Result<Config> config = LoadConfig(path.string());
  if (!config.ok()) return Stop{kExitUsage, config.error().ToString()};
  Prepared prepared{std::move(config).value(), path.parent_path(), {}, {}, {}, {}};
  // What the layers' own files read and depend on (terragrunt includes, dependency blocks).
  if (Status discovered = DiscoverInto(prepared.config, prepared.root.string()); !discovered.ok()) {
    return Stop{kExitUsage, Prefix(verb.name) + discovered.error().ToString()};
  }
  auto environment = ChooseEnvironment(flags, prepared.config, verb.name);
  if (auto* stop = std::get_if<Stop>(&environment)) return *stop;
  auto jobs = RequestedJobs(flags, verb.name);
  if (auto* stop = std::get_if<Stop>(&jobs)) return *stop;
  auto selection = SelectLayers(flags, prepared.config, prepared.root, verb.name);
  if (auto* stop = std::get_if<Stop>(&selection)) return *stop;
  if (!std::get<Selection>(selection).nothing_to_do.empty()) {
    return Stop{0, Prefix(verb.name) + std::get<Selection>(selection).nothing_to_do};
  }
  prepared.layers = std::get<Selection>(selection).layers;
  prepared.context.environment = std::get<std::string>(environment);
  prepared.context.workspace_root = prepared.root.string();
  Result<std::vector<LayerJob>> planned =
      PlanJobs(prepared.config, prepared.layers, verb.verb, prepared.context);
  if (!planned.ok()) return Stop{kExitUsage, Prefix(verb.name) + planned.error().message};
  prepared.jobs = std::move(planned).value();
  if (Status tools = CheckToolsOnPath(prepared.jobs); !tools.ok()) {
    return Stop{kExitFailed, Prefix(verb.name) + tools.error().message};
  }
  if (verb.verb == RunVerb::kApply) {
    auto saved = CheckSavedPlans(prepared.config, prepared.layers, prepared.context, verb.name);
    if (auto* stop = std::get_if<Stop>(&saved)) return *stop;
  }
  prepared.scheduling = SchedulingFor(prepared.config, verb.verb, std::get<int>(jobs));
  return prepared;
}

// An applied plan is spent: removing it makes a second `apply` say "run plan first"
// rather than fail on a stale plan.
void RemoveAppliedPlans(const Prepared& prepared, const RunResult& result) {
  for (const LayerResult& layer : result.layers) {
    if (layer.outcome != Outcome::kSucceeded) continue;
    std::error_code ignored;
    fs::remove(PlanfilePath(*prepared.config.FindLayer(layer.layer), prepared.context), ignored);
  }
}

// The config's policy checks on the plans that have changes (session/policy_stage.h),
// their files read from this checkout; a line per verdict, the failure lines under it.
// 1 when a check failed or could not run.
int CheckLocalPolicies(const Prepared& prepared, const RunResult& result, PlanJsonExecutor& json) {
  LayerRun run;
  run.result = result;
  json.TakeInto(run);
  FlowSettings settings;
  FlowContext context;
  context.settings = &settings;
  context.workspace = prepared.root.string();
  context.masker.AddSecretsFromEnvironment(prepared.config.run.mask_env);
  context.masker.AddSecretsFromEnvironment({"GITHUB_TOKEN", "GH_TOKEN"});
  Dashboard checked;
  CheckPolicies(context, checked, prepared.config, run, prepared.context, "");
  int code = 0;
  std::string out;
  for (const LayerRow& row : checked.layers) {
    for (const PolicyResult& verdict : row.policies) {
      out += "  " + std::string(StageSymbol(verdict.status)) + " " + row.name + ": policy check " +
             verdict.check + " " + std::string(PolicyVerdictText(verdict.status)) + "\n";
      for (std::string_view line :
           verdict.output.empty() ? std::vector<std::string_view>{} : SplitLines(verdict.output)) {
        out += "      " + std::string(line) + "\n";
      }
      if (verdict.status != StageStatus::kPassed) code = 1;
    }
  }
  if (!out.empty()) std::printf("policy checks:\n%s", out.c_str());
  std::fflush(stdout);
  return code;
}

int Execute(const LocalVerb& verb, Prepared& prepared) {
  Masker masker;
  masker.AddSecretsFromEnvironment(prepared.config.run.mask_env);
  masker.AddSecretsFromEnvironment({"GITHUB_TOKEN", "GH_TOKEN"});
  Result<std::unique_ptr<InterruptSignals>> interrupts = InterruptSignals::Install();
  if (!interrupts.ok()) {
    std::fprintf(stderr, "%swarning: %s; Ctrl-C will not stop the steps cleanly\n",
                 Prefix(verb.name).c_str(), interrupts.error().message.c_str());
  }
  ProcessRun processes(interrupts.ok() ? interrupts->get() : nullptr);

  std::printf("infra-flash %s: %zu layer%s in %s (environment %s, %d at a time)\n",
              std::string(verb.name).c_str(), prepared.layers.size(),
              prepared.layers.size() == 1 ? "" : "s", prepared.root.string().c_str(),
              prepared.context.environment.c_str(), prepared.scheduling.jobs);
  std::fflush(stdout);
  TerminalView view(stdout, ChooseViewStyle(), processes.clock(), prepared.layers);
  const bool policies = verb.verb == RunVerb::kPlan && HasPolicies(prepared.config);
  std::unique_ptr<PlanJsonExecutor> json;
  if (policies) json = std::make_unique<PlanJsonExecutor>(processes.executor(), true);
  RunResult result =
      processes.Run(verb.verb, prepared.jobs, prepared.scheduling, masker, &view, json.get());
  if (verb.verb == RunVerb::kApply) RemoveAppliedPlans(prepared, result);
  std::printf("%s", RenderSummary(result, kFailureTailLines).c_str());
  std::fflush(stdout);
  const int code = RunExitCode(result);
  if (!policies) return code;
  return std::max(code, CheckLocalPolicies(prepared, result, *json));
}

}  // namespace

std::string LocalCommandUsage(std::string_view verb) {
  const LocalVerb* found = FindVerb(verb);
  std::string usage = "Usage: infra-flash " + std::string(verb) +
                      " [LAYER…] [--all] [--changed-from GITREF] [--env ENV] [--jobs N] "
                      "[--config FILE]\n\n";
  if (found != nullptr) usage += std::string(found->summary) + "\n\n";
  usage +=
      "LAYER is a layer's name or directory; its dependents are included. Without LAYER and\n"
      "--changed-from, every layer. terragrunt, terraform or tofu must be on PATH (or set in\n"
      "run.binaries).\n\nFlags:\n" +
      FlagsHelp(LocalFlags()) +
      "\nExit status: 0 success (changes included), 1 a layer failed, was skipped or cancelled,\n"
      "2 usage error" +
      (found != nullptr && found->verb == RunVerb::kVerify ? ", or drift found and nothing failed"
                                                           : "") +
      ".\n";
  return usage;
}

int RunLocalCommand(std::string_view verb, const std::vector<std::string>& args) {
  const LocalVerb* found = FindVerb(verb);
  if (found == nullptr) {
    return Report({kExitUsage, "infra-flash: `" + std::string(verb) +
                                   "` is not a local command; use plan, apply, verify or ci"});
  }
  Result<ParsedFlags> flags = ParseFlags(args, LocalFlags(), verb);
  if (!flags.ok()) return Report({kExitUsage, flags.error().message});
  if (flags->help) {
    std::printf("%s", LocalCommandUsage(verb).c_str());
    return 0;
  }
  auto prepared = Prepare(*found, *flags);
  if (auto* stop = std::get_if<Stop>(&prepared)) {
    if (stop->exit_code == 0) {
      std::printf("%s\n", stop->message.c_str());
      return 0;
    }
    return Report(*stop);
  }
  return Execute(*found, std::get<Prepared>(prepared));
}

}  // namespace infra_flash::cli
