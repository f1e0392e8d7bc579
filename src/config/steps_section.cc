// Steps: a layer's or an environment's `steps:` (verb -> list of steps).
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

Status ParseStepBuiltin(LoadContext& context, const std::string& path, const YamlNode& value,
                        StepSpec& step) {
  Result<std::string> name = ReadText(context.file, path, value, "a built-in step name");
  if (!name.ok()) return name.error();
  if (!Contains(kBuiltinSteps, *name)) {
    return UnknownValue(context, value, "built-in step", path, Strings(kBuiltinSteps));
  }
  step.builtin = *name;
  return Ok();
}

Status ParseStepExtraArgs(LoadContext& context, const std::string& path, const YamlNode& value,
                          StepSpec& step) {
  Result<std::vector<std::string>> args =
      ReadTextList(context.file, path, value, "arguments", "an argument");
  if (!args.ok()) return args.error();
  step.extra_args = std::move(*args);
  return Ok();
}

Status ParseStepRun(LoadContext& context, const std::string& path, const YamlNode& value,
                    StepSpec& step) {
  Result<std::vector<std::string>> argv = ReadTextList(
      context.file, path, value, "argv elements (program, then arguments)", "an argv element");
  if (!argv.ok()) return argv.error();
  if (argv->empty()) {
    return ErrorAt(context.file, value,
                   Quote(path) +
                       " is empty; give the program and its arguments, as in "
                       "`run: [make, lint]`");
  }
  step.run = std::move(*argv);
  return Ok();
}

constexpr std::array<Field<StepSpec>, 3> kStepFields = {{
    {{"builtin", "a built-in step of the runner: init, fmt, validate, plan, show, apply, destroy"},
     ParseStepBuiltin},
    {{"extra_args", "arguments appended to the built-in step's command line"}, ParseStepExtraArgs},
    {{"run", "a custom command as an argv list, run without a shell (program found on PATH)"},
     ParseStepRun},
}};

Result<StepSpec> ParseStep(LoadContext& context, const std::string& path, const YamlNode& node) {
  StepSpec step;
  if (node.kind == YamlNode::Kind::kScalar) {
    INFRA_FLASH_TRY(ParseStepBuiltin(context, path, node, step));
    return step;
  }
  if (node.kind != YamlNode::Kind::kMap) {
    return ErrorAt(context.file, node,
                   Quote(path) +
                       " must be a built-in step name or a map with `builtin` or "
                       "`run`, not " +
                       Describe(node));
  }
  INFRA_FLASH_TRY(ParseFields(context, path, node, node, kStepFields, step));
  if (!step.builtin.empty() && !step.run.empty()) {
    return ErrorAt(context.file, node,
                   Quote(path) + " has both `builtin` and `run`; a step is one or the other");
  }
  if (step.builtin.empty() && step.run.empty()) {
    return ErrorAt(context.file, node, Quote(path) + " needs `builtin` or `run`");
  }
  if (!step.run.empty() && HasKey(node, "extra_args")) {
    return ErrorAt(context.file, node,
                   Quote(path) +
                       ": `extra_args` only applies to a `builtin` step; put the "
                       "arguments in `run`");
  }
  return step;
}

}  // namespace

Result<StepOverrides> ReadSteps(LoadContext& context, const std::string& path,
                                const YamlNode& node) {
  StepOverrides overrides;
  if (node.kind == YamlNode::Kind::kNull) return overrides;
  INFRA_FLASH_TRY(ExpectMap(context.file, path, node, "a map of verb to a list of steps"));
  for (const auto& [verb, steps] : node.entries) {
    if (!Contains(kStepVerbs, verb->text)) {
      return UnknownValue(context, *verb, "step verb", path, Strings(kStepVerbs));
    }
    std::string verb_path = Child(path, verb->text);
    INFRA_FLASH_TRY(ExpectList(context.file, verb_path, *steps, "a list of steps"));
    std::vector<StepSpec>& list = overrides[verb->text];
    for (std::size_t i = 0; i < steps->items.size(); ++i) {
      Result<StepSpec> step = ParseStep(context, Index(verb_path, i), *steps->items[i]);
      if (!step.ok()) return step.error();
      list.push_back(std::move(*step));
    }
  }
  return overrides;
}

std::vector<ConfigKey> StepKeys() { return KeysOf(kStepFields); }

}  // namespace infra_flash
