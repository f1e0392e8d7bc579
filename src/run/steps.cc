#include "run/steps.h"

#include <array>
#include <filesystem>
#include <utility>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::array<std::pair<RunVerb, const char*>, 5> kVerbs = {{
    {RunVerb::kCi, "ci"},
    {RunVerb::kPlan, "plan"},
    {RunVerb::kApply, "apply"},
    {RunVerb::kVerify, "verify"},
    {RunVerb::kDestroy, "destroy"},
}};

// How long plan/apply wait for another run's state lock before giving up.
constexpr char kLockTimeout[] = "-lock-timeout=5m";
// The environment where infrastructure is created per PR and thrown away.
// A developer's terminal: terraform's hints to run commands by hand are useful there.
constexpr char kTerminalEnvironment[] = "dev";

// Everything a built-in step's argv depends on, resolved once per layer.
struct LayerInputs {
  const Config& config;
  const Layer& layer;
  RunVerb verb;
  std::string binary;
  std::string environment;
  const Environment* settings;  // nullptr when the environment is not configured
  std::string cwd;
  std::string planfile;
  std::string workspace_root;
  std::int64_t pr_number;  // 0: the run is for no pull request
};

// A built-in step's argv: options, then (extra args go here), then positional ones.
struct BuiltinArgv {
  std::vector<std::string> options;
  std::vector<std::string> positional;
  ExitCodes exit_codes = ExitCodes::kZeroIsSuccess;
  StepOutput output = StepOutput::kLog;
  std::string program;    // empty: the layer's engine
  bool optional = false;  // PlannedStep::optional
};

using BuiltinBuilder = BuiltinArgv (*)(const LayerInputs&);

std::string AbsoluteUnder(const std::string& root, const std::string& path) {
  std::filesystem::path joined = std::filesystem::path(path).is_absolute()
                                     ? std::filesystem::path(path)
                                     : std::filesystem::path(root) / path;
  std::string normal = joined.lexically_normal().string();
  if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

// `program` as `run.binaries` points at it (a path relative to the workspace), else its name.
std::string ProgramPath(const Config& config, const std::string& program, const std::string& root) {
  auto it = config.run.binaries.find(program);
  if (it == config.run.binaries.end() || it->second.empty()) return program;
  // A bare name is looked up on PATH; a path is relative to the workspace.
  if (it->second.find('/') == std::string::npos) return it->second;
  return AbsoluteUnder(root, it->second);
}

void AppendVarFiles(const LayerInputs& in, std::vector<std::string>& options) {
  if (in.settings == nullptr) return;
  for (const std::string& file : in.settings->var_files) {
    options.push_back("-var-file=" + AbsoluteUnder(in.workspace_root, file));
  }
}

// terragrunt 1.x: `hcl fmt` (the successor of the removed `hclfmt`) checks every .hcl file
// under its working directory, the layer's; it takes no path argument.
BuiltinArgv Fmt(const LayerInputs& in) {
  if (in.layer.engine == Engine::kTerragrunt) return {{"hcl", "fmt", "--check"}};
  return {{"fmt", "-check", "-recursive"}};
}

// Where a state_key takes the pull request's number (one state per PR in `test`).
constexpr std::string_view kPrPlaceholder = "{pr}";

BuiltinArgv Init(const LayerInputs& in) {
  if (in.verb == RunVerb::kCi) return {{"init", "-backend=false", "-input=false", "-no-color"}};
  BuiltinArgv argv{{"init", "-input=false", "-no-color"}};
  // terragrunt 1.x creates a missing state bucket only when asked (`run.backend_bootstrap`).
  if (in.layer.engine == Engine::kTerragrunt && in.config.run.backend_bootstrap) {
    argv.options.push_back("--backend-bootstrap");
  }
  if (std::string key = StateKeyTemplate(in.layer, in.environment, in.settings); !key.empty()) {
    ReplaceAll(key, kPrPlaceholder, std::to_string(in.pr_number));
    argv.options.push_back("-backend-config=key=" + key);
  }
  return argv;
}

BuiltinArgv Validate(const LayerInputs&) { return {{"validate", "-no-color"}}; }

// tflint (v0.47 and later take the directory as --chdir only; exit 0 clean, 2 issues found,
// 1 it could not lint). Compact output: one line per issue, FILE:LINE:COL: severity -
// message (rule), which reads well in a PR comment. The directory is checked by BuildSteps.
BuiltinArgv Lint(const LayerInputs& in) {
  Result<std::string> dir = LintDirectory(in.layer);
  BuiltinArgv argv{{"--chdir=" + AbsoluteUnder(in.workspace_root, dir.ok() ? *dir : in.layer.dir),
                    "--format=compact", "--no-color"}};
  argv.program = ProgramPath(in.config, kTflint, in.workspace_root);
  argv.optional = true;
  return argv;
}

BuiltinArgv Plan(const LayerInputs& in) {
  if (in.verb == RunVerb::kVerify) {
    BuiltinArgv argv{{"plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode"}};
    argv.exit_codes = ExitCodes::kDrift;
    AppendVarFiles(in, argv.options);
    return argv;
  }
  BuiltinArgv argv{{"plan", "-input=false", "-no-color", kLockTimeout, "-out=" + in.planfile,
                    "-detailed-exitcode"}};
  argv.exit_codes = ExitCodes::kPlanChanges;
  AppendVarFiles(in, argv.options);
  return argv;
}

BuiltinArgv Show(const LayerInputs& in) {
  BuiltinArgv argv{{"show", "-json"}, {in.planfile}};
  argv.output = StepOutput::kPlanJson;
  return argv;
}

// A saved plan carries its variables: terraform refuses -var-file with one.
BuiltinArgv Apply(const LayerInputs& in) {
  return {{"apply", "-input=false", "-no-color", kLockTimeout}, {in.planfile}};
}

BuiltinArgv Destroy(const LayerInputs& in) {
  BuiltinArgv argv{{"destroy", "-input=false", "-no-color", "-auto-approve", kLockTimeout}};
  AppendVarFiles(in, argv.options);
  return argv;
}

struct BuiltinStep {
  std::string_view name;
  BuiltinBuilder build;
};

constexpr std::array<BuiltinStep, 8> kBuiltins = {{
    {"fmt", Fmt},
    {"lint", Lint},
    {"init", Init},
    {"validate", Validate},
    {"plan", Plan},
    {"show", Show},
    {"apply", Apply},
    {"destroy", Destroy},
}};

struct VerbSequence {
  RunVerb verb;
  std::vector<std::string_view> steps;
  std::string_view main_step;  // receives extra args; empty: the verb takes none
};

const std::vector<VerbSequence>& DefaultSequences() {
  static const std::vector<VerbSequence> sequences = {
      {RunVerb::kCi, {"fmt", "init", "validate"}, ""},
      {RunVerb::kPlan, {"init", "plan", "show"}, "plan"},
      {RunVerb::kApply, {"init", "apply"}, "apply"},
      {RunVerb::kVerify, {"init", "plan"}, "plan"},
      {RunVerb::kDestroy, {"init", "destroy"}, "destroy"},
  };
  return sequences;
}

const VerbSequence& SequenceFor(RunVerb verb) {
  for (const VerbSequence& sequence : DefaultSequences()) {
    if (sequence.verb == verb) return sequence;
  }
  return DefaultSequences().front();
}

const BuiltinStep* FindBuiltin(std::string_view name) {
  for (const BuiltinStep& builtin : kBuiltins) {
    if (builtin.name == name) return &builtin;
  }
  return nullptr;
}

std::string BuiltinNames() {
  std::string names;
  for (const BuiltinStep& builtin : kBuiltins) {
    if (!names.empty()) names += ", ";
    names += builtin.name;
  }
  return names;
}

std::map<std::string, std::string> ChildEnvironment(const LayerInputs& in) {
  std::map<std::string, std::string> env = {{"TF_INPUT", "0"}, {"TF_VAR_env", in.environment}};
  if (in.environment != kTerminalEnvironment) env["TF_IN_AUTOMATION"] = "1";
  if (in.layer.engine == Engine::kTerragrunt) {
    // terragrunt 1.x names (TERRAGRUNT_* are deprecated); its log lines stay plain text.
    env["TG_NON_INTERACTIVE"] = "true";
    env["TG_NO_COLOR"] = "true";
  }
  if (!in.config.run.plugin_cache_dir.empty()) {
    env["TF_PLUGIN_CACHE_DIR"] = AbsoluteUnder(in.workspace_root, in.config.run.plugin_cache_dir);
  }
  // The targets of a promoted layer share its directory: each keeps its own providers and
  // backend settings (config.h, "Targets").
  if (in.layer.IsTarget() && !in.layer.environment.empty()) {
    env["TF_DATA_DIR"] = ".terraform-" + in.layer.environment;
  }
  if (in.settings != nullptr) {
    for (const auto& [name, value] : in.settings->env) env[name] = value;
  }
  return env;
}

// The config's `steps:` for this verb: the layer's, else its environment's, else none.
const std::vector<StepSpec>* Overrides(const LayerInputs& in) {
  const std::string verb = RunVerbName(in.verb);
  if (auto it = in.layer.steps.find(verb); it != in.layer.steps.end()) return &it->second;
  if (in.settings != nullptr) {
    if (auto it = in.settings->steps.find(verb); it != in.settings->steps.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

std::vector<StepSpec> DefaultSpecs(const Layer& layer, RunVerb verb) {
  std::vector<StepSpec> specs;
  for (std::string_view name : SequenceFor(verb).steps) {
    specs.push_back({std::string(name)});
    // A layer that opts into linting is linted right after the format check, when its
    // code is here to lint (else its Lint cell says why not: LintDirectory).
    if (name == "fmt" && layer.lint == Linter::kTflint && LintDirectory(layer).ok()) {
      specs.push_back({"lint"});
    }
  }
  return specs;
}

Error LayerError(const Layer& layer, std::string message) {
  return Error{"layer " + layer.name + ": " + message};
}

PlannedStep BaseStep(const LayerInputs& in, std::string name) {
  PlannedStep step;
  step.layer = in.layer.name;
  step.name = std::move(name);
  step.cwd = in.cwd;
  step.env = ChildEnvironment(in);
  if (in.settings != nullptr && in.settings->oidc) step.oidc = OidcAccess::kGranted;
  return step;
}

Result<PlannedStep> CustomStep(const LayerInputs& in, const StepSpec& spec) {
  if (spec.run.empty() || spec.run.front().empty()) {
    return LayerError(in.layer, std::string("a custom step under steps.") + RunVerbName(in.verb) +
                                    " has an empty `run` argv; give the program and its "
                                    "arguments, e.g. run: [make, lint]");
  }
  PlannedStep step = BaseStep(in, "run");
  step.argv = spec.run;
  return step;
}

Result<PlannedStep> BuiltinPlannedStep(const LayerInputs& in, const StepSpec& spec,
                                       const std::vector<std::string>& comment_args) {
  const BuiltinStep* builtin = FindBuiltin(spec.builtin);
  if (builtin == nullptr) {
    return LayerError(in.layer, "unknown built-in step \"" + spec.builtin + "\" under steps." +
                                    RunVerbName(in.verb) + "; the built-in steps are " +
                                    BuiltinNames());
  }
  if (spec.builtin == "lint") {
    if (Result<std::string> dir = LintDirectory(in.layer); !dir.ok()) {
      return LayerError(in.layer, "steps." + std::string(RunVerbName(in.verb)) + " lints, but " +
                                      dir.error().message);
    }
  }
  BuiltinArgv parts = builtin->build(in);
  PlannedStep step = BaseStep(in, spec.builtin);
  step.exit_codes = parts.exit_codes;
  step.output = parts.output;
  step.optional = parts.optional;
  if (spec.builtin == "init" && !in.config.run.plugin_cache_dir.empty()) {
    step.lock = StepLock::kPluginCache;
  }
  step.argv.push_back(parts.program.empty() ? in.binary : parts.program);
  step.argv.insert(step.argv.end(), parts.options.begin(), parts.options.end());
  step.argv.insert(step.argv.end(), spec.extra_args.begin(), spec.extra_args.end());
  step.argv.insert(step.argv.end(), comment_args.begin(), comment_args.end());
  step.argv.insert(step.argv.end(), parts.positional.begin(), parts.positional.end());
  return step;
}

// Index of the spec that receives the comment's extra args: the last one running the
// verb's main built-in.
std::optional<std::size_t> MainStepIndex(const std::vector<StepSpec>& specs, RunVerb verb) {
  std::string_view main_step = SequenceFor(verb).main_step;
  if (main_step.empty()) return std::nullopt;
  for (std::size_t i = specs.size(); i-- > 0;) {
    if (specs[i].builtin == main_step) return i;
  }
  return std::nullopt;
}

}  // namespace

const char* RunVerbName(RunVerb verb) {
  for (const auto& [value, name] : kVerbs) {
    if (value == verb) return name;
  }
  return "plan";
}

std::optional<RunVerb> ParseRunVerb(std::string_view name) {
  for (const auto& [value, verb_name] : kVerbs) {
    if (name == verb_name) return value;
  }
  return std::nullopt;
}

Result<std::string> LintDirectory(const Layer& layer) {
  if (!layer.code_dir.empty()) return layer.code_dir;
  if (layer.engine != Engine::kTerragrunt) return layer.dir.empty() ? "." : layer.dir;
  return Error{
      "the unit's terraform `source` is not a local directory, so there is no code "
      "here for tflint to read (lint the module where it lives)"};
}

std::string EffectiveEnvironment(const Layer& layer, const StepContext& context) {
  return layer.environment.empty() ? context.environment : layer.environment;
}

std::string PlanfilePath(const Layer& layer, const StepContext& context) {
  std::string cwd = AbsoluteUnder(context.workspace_root, layer.dir.empty() ? "." : layer.dir);
  std::string planfile = context.planfile;
  ReplaceAll(planfile, "{layer}", layer.ConfigName());
  if (layer.IsTarget() && !layer.environment.empty()) planfile += "-" + layer.environment;
  return AbsoluteUnder(cwd, planfile);
}

Result<std::vector<PlannedStep>> BuildSteps(const Config& config, const Layer& layer, RunVerb verb,
                                            const StepContext& context) {
  const std::string environment = EffectiveEnvironment(layer, context);
  LayerInputs in{config,
                 layer,
                 verb,
                 ProgramPath(config, EngineName(layer.engine), context.workspace_root),
                 environment,
                 config.FindEnvironment(environment),
                 AbsoluteUnder(context.workspace_root, layer.dir.empty() ? "." : layer.dir),
                 PlanfilePath(layer, context),
                 context.workspace_root,
                 context.pr_number};
  if (verb == RunVerb::kDestroy && environment != kTestEnvironment) {
    return LayerError(layer, "refusing to destroy: it runs in environment \"" + environment +
                                 "\", and infra-flash destroys only the ephemeral \"test\" "
                                 "environment");
  }
  // `ci` validates pull requests: once the config defines it (its state, variables,
  // credentials), nothing is applied into it. Without a definition, a layer bound to no
  // environment applies with the engine's own backend settings, as before.
  if (verb == RunVerb::kApply && environment == kCiEnvironment &&
      (layer.environment == kCiEnvironment || in.settings != nullptr)) {
    return LayerError(layer, std::string("refusing to apply into environment \"ci\": it is the "
                                         "validation of pull requests and is never applied. ") +
                                 (layer.environment == kCiEnvironment
                                      ? "Bind the layer to the environment it deploys to"
                                      : "Bind the layer to the environment it deploys to "
                                        "(`environment:` or `environments:`)"));
  }
  if (const std::string key = StateKeyTemplate(layer, environment, in.settings);
      verb != RunVerb::kCi && context.pr_number <= 0 &&
      key.find(kPrPlaceholder) != std::string::npos) {
    const std::string whose = UsesOwnStateKey(layer, environment)
                                  ? std::string("its state_key")
                                  : "the state_key of environment \"" + environment + "\"";
    return LayerError(layer, whose + " (" + key +
                                 ") holds one state per pull request ({pr}), and this run is "
                                 "for no pull request; run it from a pull request, or use an "
                                 "environment whose state_key has no {pr}");
  }
  const std::vector<StepSpec>* overrides = Overrides(in);
  const std::vector<StepSpec> specs = overrides ? *overrides : DefaultSpecs(layer, verb);
  std::optional<std::size_t> main_step = MainStepIndex(specs, verb);
  if (!context.extra_args.empty() && !main_step) {
    return LayerError(layer, std::string("extra arguments were given, but ") + RunVerbName(verb) +
                                 " has no step that takes them" +
                                 (verb == RunVerb::kCi ? "" : " in this layer's `steps:`"));
  }
  std::vector<PlannedStep> steps;
  const std::vector<std::string> none;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const StepSpec& spec = specs[i];
    Result<PlannedStep> step =
        spec.builtin.empty()
            ? CustomStep(in, spec)
            : BuiltinPlannedStep(in, spec, main_step == i ? context.extra_args : none);
    if (!step.ok()) return step.error();
    steps.push_back(std::move(step).value());
  }
  return steps;
}

rapidjson::Value StepsToJson(const std::vector<PlannedStep>& steps,
                             rapidjson::Document::AllocatorType& allocator) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const PlannedStep& step : steps) {
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("layer", rapidjson::Value(step.layer, allocator), allocator);
    item.AddMember("name", rapidjson::Value(step.name, allocator), allocator);
    item.AddMember("cwd", rapidjson::Value(step.cwd, allocator), allocator);
    rapidjson::Value argv(rapidjson::kArrayType);
    for (const std::string& arg : step.argv)
      argv.PushBack(rapidjson::Value(arg, allocator), allocator);
    item.AddMember("argv", argv, allocator);
    rapidjson::Value env(rapidjson::kObjectType);
    for (const auto& [name, value] : step.env) {
      env.AddMember(rapidjson::Value(name, allocator), rapidjson::Value(value, allocator),
                    allocator);
    }
    item.AddMember("env", env, allocator);
    if (step.oidc == OidcAccess::kGranted) item.AddMember("oidc", true, allocator);
    list.PushBack(item, allocator);
  }
  return list;
}

}  // namespace infra_flash
