#include "cli/explain.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <rapidjson/filewritestream.h>
#include <rapidjson/prettywriter.h>

#include "cli/flags.h"
#include "common/strings.h"
#include "config/config.h"
#include "decision/decision.h"
#include "discovery/discovery.h"
#include "event/event.h"
#include "layers/layers.h"
#include "policy/policy_checks.h"
#include "run/steps.h"

namespace infra_flash::cli {
namespace {

constexpr char kDefaultConfig[] = ".infra-flash.yml";

const std::vector<FlagSpec>& ExplainFlags() {
  static const std::vector<FlagSpec> flags = {
      {"event-name", FlagKind::kValue, "NAME", "GitHub event name (default: $GITHUB_EVENT_NAME)"},
      {"event-path", FlagKind::kValue, "FILE",
       "webhook payload JSON (default: $GITHUB_EVENT_PATH)"},
      {"config", FlagKind::kValue, "FILE",
       "config file (default: .infra-flash.yml here, if present)"},
      {"changed-files", FlagKind::kValue, "FILE",
       "changed paths, one repo-relative path per line ('-' reads stdin)"},
      {"steps", FlagKind::kSwitch, "",
       "add `steps`: every process the run would start, per layer (argv, cwd, env)"},
      {"workspace", FlagKind::kValue, "DIR",
       "where the layers' files are read and, with --steps, run (default: the config "
       "file's directory)"},
      {"verb", FlagKind::kValue, "VERB",
       "with --steps: the steps of VERB (ci, plan, apply, verify, destroy) for the decision's "
       "layers, instead of the verbs the event runs"},
      {"environment", FlagKind::kValue, "ENV",
       "with --steps: the environment of layers without one of their own (default: the "
       "command's, else ci)"},
  };
  return flags;
}

using Writer = rapidjson::PrettyWriter<rapidjson::FileWriteStream>;

void WriteStrings(Writer& out, const std::vector<std::string>& values) {
  out.StartArray();
  for (const std::string& value : values) out.String(value);
  out.EndArray();
}

void WriteStringOrNull(Writer& out, const std::string& value) {
  if (value.empty()) {
    out.Null();
  } else {
    out.String(value);
  }
}

void WriteCommand(Writer& out, const std::optional<Request>& command) {
  if (!command) {
    out.Null();
    return;
  }
  out.StartObject();
  out.Key("verb");
  out.String(VerbName(command->verb));
  out.Key("layers");
  if (command->all_layers) {
    WriteStrings(out, {"all"});
  } else {
    WriteStrings(out, command->layers);
  }
  out.Key("environment");
  WriteStringOrNull(out, command->environment);
  out.Key("extra_args");
  WriteStrings(out, command->extra_args);
  out.Key("alias");
  WriteStringOrNull(out, command->alias);
  if (!command->suite.empty()) {
    out.Key("suite");
    out.String(command->suite);
  }
  out.EndObject();
}

// The trigger names of the explain contract: a closed PR is a pull_request whose
// intent is to release locks.
const char* ContractTriggerName(Trigger trigger) {
  return trigger == Trigger::kPullRequestClosed ? "pull_request" : TriggerName(trigger);
}

// The verbs a decision runs, in order: a PR is checked then planned; a push is scanned
// for drift then applied; a command runs its own verb.
std::vector<RunVerb> VerbsFor(const Decision& decision) {
  switch (decision.intent) {
    case Intent::kAutoplan:
      return {RunVerb::kCi, RunVerb::kPlan};
    case Intent::kConverge:
      return {RunVerb::kVerify, RunVerb::kApply};
    case Intent::kCommand:
      break;
    default:
      return {};
  }
  switch (decision.command->verb) {
    case Verb::kPlan:
    case Verb::kRevert:
      return {RunVerb::kPlan};
    case Verb::kApply:
      return {RunVerb::kApply};
    case Verb::kVerify:
      return {RunVerb::kVerify};
    default:
      return {};
  }
}

struct StepsRequest {
  const Config* config = nullptr;
  std::string workspace;
  std::optional<RunVerb> verb;  // --verb: instead of the decision's verbs
  std::string environment;      // --environment
};

// The policy checks that would run on `layer`'s plan (policy/policy_checks.h): name
// "policy", the check, its argv with `{plan_json}` left for the plan's JSON file, the files
// its private directory would hold, and when it runs.
void AddPolicySteps(const Config& config, const Layer& layer, const StepContext& context,
                    RunVerb verb, rapidjson::Document& steps) {
  auto& allocator = steps.GetAllocator();
  const std::string environment = EffectiveEnvironment(layer, context);
  PolicySubject subject{"{plan_json}", layer.dir, layer.name, environment};
  for (const PolicyCheck* check : ChecksCovering(config, layer, environment)) {
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("layer", rapidjson::Value(layer.name, allocator), allocator);
    item.AddMember("name", "policy", allocator);
    item.AddMember("check", rapidjson::Value(check->name, allocator), allocator);
    rapidjson::Value argv(rapidjson::kArrayType);
    for (const std::string& word : PolicyArgv(*check, subject)) {
      argv.PushBack(rapidjson::Value(word, allocator), allocator);
    }
    item.AddMember("argv", argv, allocator);
    rapidjson::Value files(rapidjson::kArrayType);
    for (const std::string& file : check->files) {
      files.PushBack(rapidjson::Value(file, allocator), allocator);
    }
    item.AddMember("files", files, allocator);
    item.AddMember("timeout_seconds", check->timeout_seconds, allocator);
    item.AddMember("verb", rapidjson::StringRef(RunVerbName(verb)), allocator);
    item.AddMember("when",
                   rapidjson::StringRef(
                       verb == RunVerb::kPlan
                           ? "the plan has changes; in a private directory with `files` (on a pull "
                             "request, from its base commit)"
                           : "the plan before the apply has changes; a failure stops the apply "
                             "unless the merged PR approved this plan"),
                   allocator);
    steps.PushBack(item, allocator);
  }
}

// [{verb, layer, name, cwd, argv, env[, when]}] for every layer the decision runs, or an error
// naming the layer whose steps cannot be built.
Result<rapidjson::Document> StepsJson(const Decision& decision, const StepsRequest& request) {
  rapidjson::Document steps(rapidjson::kArrayType);
  auto& allocator = steps.GetAllocator();
  StepContext context;
  context.workspace_root = request.workspace;
  context.environment = "ci";
  context.pr_number = decision.event.pr_number;
  if (decision.command) {
    context.extra_args = decision.command->extra_args;
    if (!decision.command->environment.empty()) context.environment = decision.command->environment;
  }
  if (!request.environment.empty()) context.environment = request.environment;
  const std::vector<RunVerb> verbs =
      request.verb ? std::vector<RunVerb>{*request.verb} : VerbsFor(decision);
  // A push (`run` on the default branch) scans every layer, not only those the push
  // changed, and applies each whose scan finds changes, except `auto_apply: false` ones.
  const bool converge = decision.intent == Intent::kConverge && !request.verb;
  std::vector<std::string> every_layer;
  if (converge) {
    for (const std::vector<std::string>& wave :
         Waves(*request.config, request.config->LayerNames())) {
      every_layer.insert(every_layer.end(), wave.begin(), wave.end());
    }
  }
  for (RunVerb verb : verbs) {
    for (const std::string& name : converge ? every_layer : decision.layers) {
      const Layer* layer = request.config->FindLayer(name);
      if (layer == nullptr) continue;
      if (converge && verb == RunVerb::kApply && !layer->auto_apply) continue;
      Result<std::vector<PlannedStep>> planned = BuildSteps(*request.config, *layer, verb, context);
      if (!planned.ok()) return planned.error();
      rapidjson::Value layer_steps = StepsToJson(*planned, allocator);
      for (auto& step : layer_steps.GetArray()) {
        step.AddMember("verb", rapidjson::StringRef(RunVerbName(verb)), allocator);
        if (converge && verb == RunVerb::kApply) {
          step.AddMember("when", "the layer's drift scan finds changes", allocator);
        }
        steps.PushBack(rapidjson::Value(step, allocator), allocator);
      }
      if (verb == RunVerb::kPlan || (converge && verb == RunVerb::kApply)) {
        AddPolicySteps(*request.config, *layer, context, verb, steps);
      }
    }
  }
  return steps;
}

// Per affected layer, what discovery found: where each dependency edge came from and
// what the layer reads outside its dir; then the notes on what could not be followed.
void WriteDiscovery(Writer& out, const Decision& decision, const Config& config,
                    const Discovery& discovery) {
  out.Key("layer_inputs");
  out.StartObject();
  std::unordered_map<std::string_view, const Layer*> by_name;  // FindLayer is a linear scan
  for (const Layer& layer : config.layers) by_name.emplace(layer.name, &layer);
  for (const std::string& name : decision.layers) {
    auto found = by_name.find(name);
    if (found == by_name.end()) continue;
    const Layer* layer = found->second;
    out.Key(name.c_str());
    out.StartObject();
    out.Key("depends_on");
    out.StartObject();
    for (const auto& [dependency, from] : layer->depends_on_from) {
      out.Key(dependency.c_str());
      WriteStrings(out, from);
    }
    out.EndObject();
    out.Key("reads");
    WriteStrings(out, layer->reads);
    out.EndObject();
  }
  out.EndObject();
  out.Key("discovery_notes");
  WriteStrings(out, discovery.notes);
}

// Streams the decision to `file`: a 500-layer answer is a few hundred KB, which a string
// would hold twice over before it is written.
void WriteJson(std::FILE* file, const Decision& decision, const rapidjson::Value* steps,
               const Config& config, const Discovery& discovery) {
  // On the heap: 64 KB of fresh stack pages would fault one by one (common/heap.h).
  const std::unique_ptr<char[]> chunk(new char[1 << 16]);
  rapidjson::FileWriteStream stream(file, chunk.get(), 1 << 16);
  Writer out(stream);
  out.SetIndent(' ', 2);
  const Event& event = decision.event;
  out.StartObject();
  out.Key("trigger");
  out.String(ContractTriggerName(event.trigger));
  out.Key("intent");
  out.String(IntentName(decision.intent));
  out.Key("reason");
  WriteStringOrNull(out, decision.reason);
  out.Key("pr");
  if (event.pr_number > 0) {
    out.Int64(event.pr_number);
  } else {
    out.Null();
  }
  out.Key("head_sha");
  WriteStringOrNull(out, event.head_sha);
  out.Key("actor");
  WriteStringOrNull(out, event.actor);
  out.Key("fork");
  out.Bool(event.is_fork);
  out.Key("command");
  WriteCommand(out, decision.command);
  out.Key("reply");
  WriteStringOrNull(out, decision.reply);
  out.Key("layers");
  WriteStrings(out, decision.layers);
  out.Key("waves");
  out.StartArray();
  for (const auto& wave : decision.waves) WriteStrings(out, wave);
  out.EndArray();
  out.Key("unowned_paths");
  WriteStrings(out, decision.unowned_paths);
  WriteDiscovery(out, decision, config, discovery);
  if (steps != nullptr) {
    out.Key("steps");
    steps->Accept(out);
  }
  out.EndObject();
  stream.Put('\n');
  stream.Flush();
}

std::string FromFlagOrEnv(const ParsedFlags& flags, const char* flag, const char* variable) {
  if (flags.Has(flag)) return flags.Value(flag);
  const char* value = std::getenv(variable);
  return value == nullptr ? "" : value;
}

Result<Config> LoadConfigForExplain(const ParsedFlags& flags) {
  if (flags.Has("config")) return LoadConfig(flags.Value("config"));
  std::error_code ignored;
  if (std::filesystem::exists(kDefaultConfig, ignored)) return LoadConfig(kDefaultConfig);
  return Config{};  // no config: nothing is a layer, commands still parse
}

Result<std::vector<std::string>> ReadChangedFiles(const ParsedFlags& flags) {
  std::vector<std::string> paths;
  if (!flags.Has("changed-files")) return paths;
  const std::string path = flags.Value("changed-files");
  Result<std::string> text = ReadFile(path == "-" ? "/dev/stdin" : path);
  if (!text.ok()) return text.error();
  for (std::string_view line : SplitLines(*text)) {
    std::string_view trimmed = Trim(line);
    if (!trimmed.empty()) paths.emplace_back(trimmed);
  }
  return paths;
}

// --workspace, else the config file's directory: where the layers' dirs are.
std::string WorkspaceOf(const ParsedFlags& flags, const Config& config) {
  if (!flags.Value("workspace").empty()) return flags.Value("workspace");
  std::error_code ignored;
  const std::filesystem::path config_path = config.file.empty() ? "." : config.file;
  return std::filesystem::absolute(config_path, ignored).parent_path().lexically_normal().string();
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "infra-flash explain: %s\n", message.c_str());
  return 2;
}

// Moves `values` where they are never freed, like git's UNLEAK. A 500-layer decision is
// tens of thousands of small allocations (the config, what discovery found, the index, the
// decision); freeing them one by one just before the process exits cost 2.7 M instructions,
// about 0.4 ms of explain's 20 (bench/explain.py), and the exit frees them at once. They stay
// reachable from a static, so leak checkers do not count them; a process that explains
// many times (the tests) keeps each run's.
template <typename... Values>
void KeepUntilExit(Values&&... values) {
  static auto* const kept = new std::vector<std::shared_ptr<void>>();
  (kept->push_back(std::make_shared<std::decay_t<Values>>(std::forward<Values>(values))), ...);
}

}  // namespace

std::string ExplainUsage() {
  return "usage: infra-flash explain --event-name NAME --event-path FILE [--config FILE]\n"
         "                          [--changed-files FILE] [--steps] [--workspace DIR]\n\n"
         "Prints what infra-flash would do for a GitHub event, as one JSON object: trigger,\n"
         "intent, reason, pr, head_sha, actor, command, reply, layers and waves; per affected\n"
         "layer where each dependency came from and what it reads outside its dir\n"
         "(layer_inputs, read from the layers' terragrunt.hcl and .tf files in the workspace,\n"
         "default: the config's directory); discovery_notes; and with --steps, every process\n"
         "it would start (for a push: the drift scan of every layer, then the apply of each\n"
         "whose scan finds changes, `auto_apply: false` layers left out). Runs nothing.\n"
         "Exit status: 0 when it could decide (an ignored event too), 2 on unusable input.\n\n"
         "flags:\n" +
         FlagsHelp(ExplainFlags());
}

int RunExplain(const std::vector<std::string>& args) {
  Result<ParsedFlags> flags = ParseFlags(args, ExplainFlags(), "explain");
  if (!flags.ok()) return Fail(flags.error().message);
  if (flags->help) {
    std::fputs(ExplainUsage().c_str(), stdout);
    return 0;
  }
  if (!flags->positional.empty()) return Fail("unexpected argument `" + flags->positional[0] + "`");
  const std::string event_name = FromFlagOrEnv(*flags, "event-name", "GITHUB_EVENT_NAME");
  const std::string event_path = FromFlagOrEnv(*flags, "event-path", "GITHUB_EVENT_PATH");
  if (event_name.empty()) return Fail("no event name: pass --event-name or set GITHUB_EVENT_NAME");
  if (event_path.empty()) return Fail("no payload: pass --event-path or set GITHUB_EVENT_PATH");

  Result<Config> config = LoadConfigForExplain(*flags);
  if (!config.ok()) return Fail(config.error().ToString());
  Result<std::string> payload = ReadFile(event_path);
  if (!payload.ok()) return Fail(payload.error().message);
  Result<Event> event =
      ParseEvent(event_name, *payload, {.autoplan_drafts = config->autoplan_drafts});
  if (!event.ok()) return Fail(event_path + ": " + event.error().message);
  Result<std::vector<std::string>> changed = ReadChangedFiles(*flags);
  if (!changed.ok()) return Fail(changed.error().message);
  const std::string workspace = WorkspaceOf(*flags, *config);
  Discovery discovery = DiscoverLayerInputs(*config, workspace);
  if (Status applied = ApplyDiscovery(*config, discovery); !applied.ok()) {
    return Fail(applied.error().ToString());
  }
  Result<LayerIndex> index = LayerIndex::Build(*config);
  if (!index.ok()) return Fail(index.error().ToString());

  Decision decision = Decide(*event, *config, *index, *changed);
  if (!flags->Has("steps")) {
    WriteJson(stdout, decision, nullptr, *config, discovery);
    KeepUntilExit(std::move(*config), std::move(discovery), std::move(*index), std::move(decision),
                  std::move(*changed));
    return 0;
  }
  StepsRequest steps_request{&*config, workspace, std::nullopt, flags->Value("environment")};
  if (flags->Has("verb")) {
    steps_request.verb = ParseRunVerb(flags->Value("verb"));
    if (!steps_request.verb) {
      return Fail("--verb takes ci, plan, apply, verify or destroy, not `" + flags->Value("verb") +
                  "`");
    }
  }
  Result<rapidjson::Document> steps = StepsJson(decision, steps_request);
  if (!steps.ok()) return Fail(steps.error().ToString());
  WriteJson(stdout, decision, &*steps, *config, discovery);
  KeepUntilExit(std::move(*config), std::move(discovery), std::move(*index), std::move(decision),
                std::move(*changed), std::move(*steps));
  return 0;
}

}  // namespace infra_flash::cli
