// `layers:`: name -> { dir, engine, depends_on, environment, environments, auto_apply,
// state_key, when_modified, steps, test_env, lint }.
#include <algorithm>

#include "common/strings.h"
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

// "./a//b/" -> "a/b"; "." and "./" -> "."; refuses absolute paths and "..".
Result<std::string> NormaliseDir(const LoadContext& context, const std::string& path,
                                 const YamlNode& node) {
  const std::string& dir = node.text;
  if (dir.find('\\') != std::string::npos) {
    return ErrorAt(context.file, node, Quote(path) + " uses `\\`; separate directories with `/`");
  }
  if (dir.front() == '/') {
    return ErrorAt(context.file, node,
                   Quote(path) + " must be relative to the repository root, not absolute (`" +
                       Shown(dir) + "`)");
  }
  std::vector<std::string> segments;
  for (std::string& segment : Split(dir, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      return ErrorAt(context.file, node,
                     Quote(path) + " must stay inside the repository; `..` is not allowed (`" +
                         Shown(dir) + "`)");
    }
    segments.push_back(std::move(segment));
  }
  return segments.empty() ? std::string(".") : Join(segments, "/");
}

Status ParseLayerDir(LoadContext& context, const std::string& path, const YamlNode& value,
                     Layer& layer) {
  INFRA_FLASH_TRY(ReadText(context.file, path, value, "a directory path"));
  Result<std::string> dir = NormaliseDir(context, path, value);
  if (!dir.ok()) return dir.error();
  layer.dir = std::move(*dir);
  context.marks.layer_dir[layer.name] = &value;
  return Ok();
}

Status ParseLayerEngine(LoadContext& context, const std::string& path, const YamlNode& value,
                        Layer& layer) {
  Result<Engine> engine = ReadEngine(context, path, value);
  if (!engine.ok()) return engine.error();
  layer.engine = *engine;
  context.marks.explicit_engine.insert(layer.name);
  return Ok();
}

Status ParseLayerDependsOn(LoadContext& context, const std::string& path, const YamlNode& value,
                           Layer& layer) {
  Result<std::vector<std::string>> names =
      ReadTextList(context.file, path, value, "layer names", "a layer name");
  if (!names.ok()) return names.error();
  for (std::size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    if (!context.marks.dependency.try_emplace({layer.name, name}, value.items[i].get()).second) {
      return ErrorAt(context.file, *value.items[i],
                     Quote(Index(path, i)) + ": `" + Shown(name) + "` is listed twice");
    }
  }
  layer.depends_on = std::move(*names);
  return Ok();
}

Status ParseLayerEnvironment(LoadContext& context, const std::string& path, const YamlNode& value,
                             Layer& layer) {
  Result<std::string> name = ReadText(context.file, path, value, "an environment name");
  if (!name.ok()) return name.error();
  layer.environment = std::move(*name);
  context.marks.layer_environment[layer.name] = &value;
  return Ok();
}

// `environments: [staging, prod]`: the promotion path (config.h, "Targets").
Status ParseLayerEnvironments(LoadContext& context, const std::string& path, const YamlNode& value,
                              Layer& layer) {
  Result<std::vector<std::string>> names =
      ReadTextList(context.file, path, value, "environment names", "an environment name");
  if (!names.ok()) return names.error();
  if (names->empty()) {
    return ErrorAt(context.file, value,
                   Quote(path) +
                       " lists no environment; list the environments the layer is "
                       "promoted through, in order (for example `[staging, prod]`)");
  }
  for (std::size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    const YamlNode& item = *value.items[i];
    if (std::find(names->begin(), names->begin() + static_cast<std::ptrdiff_t>(i), name) !=
        names->begin() + static_cast<std::ptrdiff_t>(i)) {
      return ErrorAt(context.file, item,
                     Quote(Index(path, i)) + ": `" + Shown(name) + "` is listed twice");
    }
    if (name == "ci" || name == kTestEnvironment) {
      return ErrorAt(context.file, item,
                     Quote(Index(path, i)) + ": `" + name + "` cannot be on a promotion path: " +
                         (name == "ci" ? "`ci` is the pull request's validation and is never "
                                         "applied"
                                       : "`test` is the per-PR environment of `test_env: true`"));
    }
  }
  layer.environments = std::move(*names);
  context.marks.layer_environments[layer.name] = &value;
  return Ok();
}

Status ParseLayerStateKey(LoadContext& context, const std::string& path, const YamlNode& value,
                          Layer& layer) {
  Result<std::string> key = ReadText(context.file, path, value, "a state key");
  if (!key.ok()) return key.error();
  layer.state_key = std::move(*key);
  context.marks.layer_state_key[layer.name] = &value;
  return Ok();
}

Status ParseLayerAutoApply(LoadContext& context, const std::string& path, const YamlNode& value,
                           Layer& layer) {
  Result<bool> auto_apply = ReadBool(context.file, path, value);
  if (!auto_apply.ok()) return auto_apply.error();
  layer.auto_apply = *auto_apply;
  return Ok();
}

Status ParseLayerTestEnv(LoadContext& context, const std::string& path, const YamlNode& value,
                         Layer& layer) {
  Result<bool> test_env = ReadBool(context.file, path, value);
  if (!test_env.ok()) return test_env.error();
  layer.test_env = *test_env;
  return Ok();
}

Status ParseLayerLint(LoadContext& context, const std::string& path, const YamlNode& value,
                      Layer& layer) {
  Result<std::string> name = ReadText(context.file, path, value, "a linter name");
  if (!name.ok()) return name.error();
  if (*name == "tflint") {
    layer.lint = Linter::kTflint;
  } else if (*name == "none") {
    layer.lint = Linter::kNone;
  } else {
    return UnknownValue(context, value, "linter", path, {"tflint", "none"});
  }
  return Ok();
}

Status ParseLayerWhenModified(LoadContext& context, const std::string& path, const YamlNode& value,
                              Layer& layer) {
  Result<std::vector<std::string>> globs = ReadGlobs(context, path, value);
  if (!globs.ok()) return globs.error();
  layer.when_modified = std::move(*globs);
  return Ok();
}

Status ParseLayerSteps(LoadContext& context, const std::string& path, const YamlNode& value,
                       Layer& layer) {
  Result<StepOverrides> steps = ReadSteps(context, path, value);
  if (!steps.ok()) return steps.error();
  layer.steps = std::move(*steps);
  return Ok();
}

constexpr std::array<Field<Layer>, 11> kLayerFields = {{
    {{"dir", "the layer's directory, relative to the repository root", KeyPresence::kRequired},
     ParseLayerDir},
    {{"engine", "terragrunt, terraform or tofu; defaults to the file's `engine`"},
     ParseLayerEngine},
    {{"depends_on", "layers that must be applied before this one"}, ParseLayerDependsOn},
    {{"environment", "the environment (under `environments`) this layer deploys to"},
     ParseLayerEnvironment},
    {{"environments",
      "the environments this layer is promoted through, in order (`[staging, prod]`); one "
      "target per environment, instead of `environment`"},
     ParseLayerEnvironments},
    {{"auto_apply", "whether a merge to the default branch applies this layer (default true)"},
     ParseLayerAutoApply},
    {{"state_key",
      "this layer's own remote state key, instead of its environment's (`{layer}`, `{dir}`, "
      "`{environment}` are replaced); not used in the ephemeral `test` environment"},
     ParseLayerStateKey},
    {{"when_modified", "extra globs whose changes affect this layer"}, ParseLayerWhenModified},
    {{"steps", "step overrides by verb (ci, plan, apply, verify, destroy)"}, ParseLayerSteps},
    {{"test_env",
      "apply this layer into a per-PR `test` environment while the PR is open, destroyed when "
      "it closes (default false)"},
     ParseLayerTestEnv},
    {{"lint", "`tflint`: the pull request's checks lint the layer's code (default none)"},
     ParseLayerLint},
}};

}  // namespace

Status ParseLayers(LoadContext& context, const std::string& path, const YamlNode& value,
                   Config& config) {
  if (value.kind == YamlNode::Kind::kNull) return Ok();
  INFRA_FLASH_TRY(ExpectMap(context.file, path, value, "a map of layer name to layer"));
  for (const auto& [key, body] : value.entries) {
    INFRA_FLASH_TRY(CheckName(context, *key, "layer"));
    std::string layer_path = Child(path, key->text);
    INFRA_FLASH_TRY(
        ExpectMap(context.file, layer_path, *body, "a map of layer settings such as `dir:`"));
    Layer layer;
    layer.name = key->text;
    layer.position = {key->line, key->column};
    INFRA_FLASH_TRY(ParseFields(context, layer_path, *body, *key, kLayerFields, layer));
    if (!layer.environment.empty() && !layer.environments.empty()) {
      return ErrorAt(context.file, *context.marks.layer_environments.at(layer.name),
                     "layer `" + layer.name +
                         "` sets both `environment` and `environments`; use `environment` for "
                         "one environment, or list them all in `environments`");
    }
    config.layers.push_back(std::move(layer));
  }
  return Ok();
}

std::vector<ConfigKey> LayerKeys() { return KeysOf(kLayerFields); }

}  // namespace infra_flash
