// `environments:`: name -> { state_key, var_files, require, approvers, confirm, env, steps,
// oidc }.
#include "config/approvers.h"
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

Status ParseEnvStateKey(LoadContext& context, const std::string& path, const YamlNode& value,
                        Environment& environment) {
  Result<std::string> key = ReadText(context.file, path, value, "a state key");
  if (!key.ok()) return key.error();
  environment.state_key = std::move(*key);
  context.marks.environment_state_key[environment.name] = &value;
  return Ok();
}

Status ParseEnvVarFiles(LoadContext& context, const std::string& path, const YamlNode& value,
                        Environment& environment) {
  Result<std::vector<std::string>> files =
      ReadTextList(context.file, path, value, "file paths", "a file path");
  if (!files.ok()) return files.error();
  environment.var_files = std::move(*files);
  return Ok();
}

Status ParseEnvRequire(LoadContext& context, const std::string& path, const YamlNode& value,
                       Environment& environment) {
  Result<std::vector<std::string>> requirements =
      ReadTextList(context.file, path, value, "requirements", "a requirement");
  if (!requirements.ok()) return requirements.error();
  for (std::size_t i = 0; i < requirements->size(); ++i) {
    if (!Contains(kApprovalRequirements, (*requirements)[i])) {
      return UnknownValue(context, *value.items[i], "requirement", Index(path, i),
                          Strings(kApprovalRequirements));
    }
  }
  environment.require = std::move(*requirements);
  return Ok();
}

Status ParseEnvApprovers(LoadContext& context, const std::string& path, const YamlNode& value,
                         Environment& environment) {
  Result<std::vector<std::string>> approvers =
      ReadTextList(context.file, path, value, "GitHub logins or teams", "a login or team");
  if (!approvers.ok()) return approvers.error();
  for (std::size_t i = 0; i < approvers->size(); ++i) {
    if (!ParseApprover((*approvers)[i])) {
      return ErrorAt(context.file, *value.items[i],
                     Quote(Index(path, i)) + ": `" + Shown((*approvers)[i]) +
                         "` is not an approver; write a GitHub login (`bob`), a team "
                         "(`@org/team-slug`) or `codeowners`");
    }
  }
  environment.approvers = std::move(*approvers);
  return Ok();
}

Status ParseEnvConfirm(LoadContext& context, const std::string& path, const YamlNode& value,
                       Environment& environment) {
  Result<bool> confirm = ReadBool(context.file, path, value);
  if (!confirm.ok()) return confirm.error();
  environment.confirm = *confirm;
  return Ok();
}

Status ParseEnvVariables(LoadContext& context, const std::string& path, const YamlNode& value,
                         Environment& environment) {
  if (value.kind == YamlNode::Kind::kNull) return Ok();
  INFRA_FLASH_TRY(ExpectMap(context.file, path, value, "a map of variable name to value"));
  for (const auto& [name, text] : value.entries) {
    INFRA_FLASH_TRY(CheckVariableName(context, *name, path));
    if (text->kind != YamlNode::Kind::kScalar) {
      return ErrorAt(context.file, *text,
                     Quote(Child(path, name->text)) + " must be a value (text or number), not " +
                         Describe(*text) + "; write `\"\"` for an empty value");
    }
    environment.env[name->text] = text->text;
  }
  return Ok();
}

Status ParseEnvSteps(LoadContext& context, const std::string& path, const YamlNode& value,
                     Environment& environment) {
  Result<StepOverrides> steps = ReadSteps(context, path, value);
  if (!steps.ok()) return steps.error();
  environment.steps = std::move(*steps);
  return Ok();
}

Status ParseEnvOidc(LoadContext& context, const std::string& path, const YamlNode& value,
                    Environment& environment) {
  Result<bool> oidc = ReadBool(context.file, path, value);
  if (!oidc.ok()) return oidc.error();
  environment.oidc = *oidc;
  return Ok();
}

constexpr std::array<Field<Environment>, 8> kEnvironmentFields = {{
    {{"state_key",
      "the remote state key of this environment's layers; `{layer}` and `{dir}` are replaced by "
      "each layer's (two layers of the environment may not share a key)"},
     ParseEnvStateKey},
    {{"var_files", "variable files passed to plan and apply (-var-file)"}, ParseEnvVarFiles},
    {{"require",
      "what must be true of the pull request before an apply: approved, mergeable, undiverged"},
     ParseEnvRequire},
    {{"approvers",
      "GitHub logins or teams whose approval counts (`codeowners` for CODEOWNERS); one of "
      "them must approve"},
     ParseEnvApprovers},
    {{"confirm", "true: a workflow_dispatch apply needs the input `confirm` set to `deploy`"},
     ParseEnvConfirm},
    {{"env", "extra environment variables for the engine's processes"}, ParseEnvVariables},
    {{"steps", "step overrides by verb for this environment's layers"}, ParseEnvSteps},
    {{"oidc",
      "let this environment's processes request GitHub OIDC tokens for a cloud login "
      "(default false)"},
     ParseEnvOidc},
}};

}  // namespace

Status ParseEnvironments(LoadContext& context, const std::string& path, const YamlNode& value,
                         Config& config) {
  if (value.kind == YamlNode::Kind::kNull) return Ok();
  INFRA_FLASH_TRY(ExpectMap(context.file, path, value, "a map of environment name to settings"));
  for (const auto& [key, body] : value.entries) {
    INFRA_FLASH_TRY(CheckName(context, *key, "environment"));
    Environment environment;
    environment.name = key->text;
    std::string environment_path = Child(path, key->text);
    if (body->kind != YamlNode::Kind::kNull) {
      INFRA_FLASH_TRY(ExpectMap(context.file, environment_path, *body, "a map"));
      INFRA_FLASH_TRY(
          ParseFields(context, environment_path, *body, *key, kEnvironmentFields, environment));
    }
    config.environments[key->text] = std::move(environment);
  }
  return Ok();
}

std::vector<ConfigKey> EnvironmentKeys() { return KeysOf(kEnvironmentFields); }

}  // namespace infra_flash
