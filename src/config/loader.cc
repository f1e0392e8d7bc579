// The loader: YAML text -> tree (yaml_tree.h) -> Config, one table of keys per section
// (the top level here, each section in its *_section.cc), then the whole-file checks
// (references.cc). The same tables answer ConfigKeys() for the schema test and the docs.
#include <filesystem>
#include <system_error>

#include "common/strings.h"
#include "config/section_support.h"
#include "config/sections.h"
#include "config/verbs.h"

namespace infra_flash {
namespace {

Status ParseVersion(LoadContext& context, const std::string& path, const YamlNode& value,
                    Config& config) {
  std::optional<std::int64_t> version = PlainInt(value);
  if (!version) {
    return ErrorAt(context.file, value,
                   Quote(path) + " must be the number 1, not " + Describe(value));
  }
  if (*version != 1) {
    return ErrorAt(
        context.file, value,
        "unsupported `version: " + Shown(value.text) + "`; this infra-flash reads version 1 files");
  }
  config.version = 1;
  return Ok();
}

Status ParseFileEngine(LoadContext& context, const std::string& path, const YamlNode& value,
                       Config& config) {
  Result<Engine> engine = ReadEngine(context, path, value);
  if (!engine.ok()) return engine.error();
  config.engine = *engine;
  return Ok();
}

constexpr std::array<Field<Config>, 15> kTopLevelFields = {{
    {{"version", "the version of this file's format; always 1", KeyPresence::kRequired},
     ParseVersion},
    {{"engine", "the default engine of every layer: terragrunt, terraform or tofu"},
     ParseFileEngine},
    {{"layers", "the layers by name: directory, dependencies, environment, steps"}, ParseLayers},
    {{"triggers", "globs whose changes affect given layers, or all of them"}, ParseTriggers},
    {{"ignore", "globs of changed files that affect no layer"}, ParseIgnore},
    {{"environments", "environments by name: state key, var files, approvals, variables"},
     ParseEnvironments},
    {{"permissions", "the minimum repository permission per command"}, ParsePermissions},
    {{"commands", "comment aliases and end-to-end suites"}, ParseCommands},
    {{"health", "services probed by `/health`"}, ParseHealth},
    {{"run", "how processes run: parallelism, timeouts, binaries, masking"}, ParseRun},
    {{"autoplan", "planning when pull requests open or change"}, ParseAutoplan},
    {{"forks", "what pull requests from forks may do"}, ParseForks},
    {{"review", "the hand-off to a review job: label, automatic requests"}, ParseReview},
    {{"versions", "GitOps version tags and signed deploy requests"}, ParseVersions},
    {{"policies", "checks run on every plan with changes; a failure blocks its apply"},
     ParsePolicies},
}};

}  // namespace

std::vector<ConfigKey> ConfigKeys(ConfigSection section) {
  switch (section) {
    case ConfigSection::kTopLevel:
      return KeysOf(kTopLevelFields);
    case ConfigSection::kLayer:
      return LayerKeys();
    case ConfigSection::kTrigger:
      return TriggerKeys();
    case ConfigSection::kEnvironment:
      return EnvironmentKeys();
    case ConfigSection::kCommands:
      return CommandsKeys();
    case ConfigSection::kHealthCheck:
      return HealthCheckKeys();
    case ConfigSection::kRun:
      return RunKeys();
    case ConfigSection::kAutoplan:
      return AutoplanKeys();
    case ConfigSection::kForks:
      return ForksKeys();
    case ConfigSection::kReview:
      return ReviewKeys();
    case ConfigSection::kVersions:
      return VersionsKeys();
    case ConfigSection::kPolicyCheck:
      return PolicyCheckKeys();
    case ConfigSection::kStep:
      return StepKeys();
  }
  return {};
}

std::vector<ConfigSectionName> ConfigSections() {
  return {
      {ConfigSection::kTopLevel, "top-level"},
      {ConfigSection::kLayer, "layer"},
      {ConfigSection::kTrigger, "trigger"},
      {ConfigSection::kEnvironment, "environment"},
      {ConfigSection::kCommands, "commands"},
      {ConfigSection::kHealthCheck, "health_check"},
      {ConfigSection::kRun, "run"},
      {ConfigSection::kAutoplan, "autoplan"},
      {ConfigSection::kForks, "forks"},
      {ConfigSection::kReview, "review"},
      {ConfigSection::kVersions, "versions"},
      {ConfigSection::kPolicyCheck, "policy_check"},
      {ConfigSection::kStep, "step"},
  };
}

std::vector<std::string_view> PermissionVerbs() {
  std::vector<std::string_view> names;
  for (const VerbSpec& spec : kVerbs) names.emplace_back(spec.name);
  return names;
}
std::vector<std::string_view> StepVerbs() { return {kStepVerbs.begin(), kStepVerbs.end()}; }
std::vector<std::string_view> BuiltinSteps() {
  return {kBuiltinSteps.begin(), kBuiltinSteps.end()};
}
std::vector<std::string_view> ApprovalRequirements() {
  return {kApprovalRequirements.begin(), kApprovalRequirements.end()};
}

Result<Config> ParseConfig(std::string_view yaml_text, const std::string& file) {
  Result<YamlNodePtr> tree = ParseYamlTree(yaml_text, file);
  if (!tree.ok()) return tree.error();
  const YamlNode& root = **tree;
  if (root.kind == YamlNode::Kind::kNull) {
    return Error{"the file is empty; it needs at least `version: 1`", file, 1, 1};
  }
  if (root.kind != YamlNode::Kind::kMap) {
    return ErrorAt(file, root,
                   "the top level must be a map of keys such as `version:` and `layers:`, not " +
                       Describe(root));
  }
  LoadContext context{file, {}};
  Config config;
  config.file = file;
  Status status = ParseFields(context, "", root, root, kTopLevelFields, config);
  if (status.ok()) status = ResolveReferences(context, config);
  if (!status.ok()) {
    Error error = status.error();
    error.message = OneLine(error.message);  // whatever text a message quotes, one line
    return error;
  }
  return config;
}

Result<Config> LoadConfig(const std::string& path) {
  std::error_code error;
  std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxYamlBytes) {
    // Refused before reading: the text would be refused anyway.
    return Error{"the file is " + std::to_string(size) + " bytes; the limit is " +
                     std::to_string(kMaxYamlBytes) + " (1 MiB)",
                 path, 1, 1};
  }
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    // ReadFile says "cannot read PATH: why"; the path is already the error's file.
    std::string why = text.error().message;
    std::string prefix = "cannot read " + path + ": ";
    if (why.rfind(prefix, 0) == 0) why = "cannot read this file: " + why.substr(prefix.size());
    return Error{why, path};
  }
  return ParseConfig(*text, path);
}

}  // namespace infra_flash
