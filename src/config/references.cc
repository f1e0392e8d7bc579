// The checks that need the whole file, run after every section is read.
#include <unordered_map>
#include <unordered_set>

#include "common/strings.h"
#include "config/dependency_cycle.h"
#include "config/load_context.h"
#include "config/suggest.h"
#include "config/yaml_values.h"

namespace infra_flash {
namespace {

// ", which is not a layer; did you mean `x`?" or ", which is not a layer (layers: a, b)".
std::string NotALayer(const std::string& name, const std::vector<std::string>& layers) {
  std::string suggestion = DidYouMean(name, layers);
  if (!suggestion.empty()) return ", which is not a layer;" + suggestion;
  if (layers.empty()) return ", but the file defines no layers";
  return ", which is not a layer (layers: " + Join(layers, ", ") + ")";
}

void ApplyDefaultEngine(const LoadContext& context, Config& config) {
  for (Layer& layer : config.layers) {
    if (context.marks.explicit_engine.count(layer.name) == 0) layer.engine = config.engine;
  }
}

Status CheckDuplicateDirs(const LoadContext& context, const Config& config) {
  std::unordered_map<std::string, std::string> owner;  // dir -> first layer
  for (const Layer& layer : config.layers) {
    auto [it, inserted] = owner.emplace(layer.dir, layer.name);
    if (inserted) continue;
    return ErrorAt(context.file, *context.marks.layer_dir.at(layer.name),
                   "layer `" + layer.name + "` has dir `" + Shown(layer.dir) +
                       "`, already the dir of "
                       "layer `" +
                       it->second + "`; a directory belongs to one layer");
  }
  return Ok();
}

Status CheckDependencies(const LoadContext& context, const Config& config) {
  std::vector<std::string> names = config.LayerNames();
  std::unordered_set<std::string> known(names.begin(), names.end());
  for (const Layer& layer : config.layers) {
    for (const std::string& dependency : layer.depends_on) {
      if (known.count(dependency) != 0) continue;
      const YamlNode& node = *context.marks.dependency.at({layer.name, dependency});
      return ErrorAt(context.file, node,
                     "layer `" + layer.name + "` depends on `" + Shown(dependency) + "`" +
                         NotALayer(dependency, names));
    }
  }
  return Ok();
}

Status CheckLayerEnvironments(const LoadContext& context, const Config& config) {
  if (config.environments.empty()) return Ok();
  std::vector<std::string> environments = config.EnvironmentNames();
  for (const Layer& layer : config.layers) {
    if (layer.environment.empty() || config.environments.count(layer.environment) != 0) continue;
    std::string suggestion = DidYouMean(layer.environment, environments);
    if (suggestion.empty()) suggestion = " (environments: " + Join(environments, ", ") + ")";
    return ErrorAt(context.file, *context.marks.layer_environment.at(layer.name),
                   "layer `" + layer.name + "` uses environment `" + Shown(layer.environment) +
                       "`, which is not under `environments`;" + suggestion);
  }
  return Ok();
}

Status CheckNameClashes(const LoadContext& context, const Config& config) {
  for (const Layer& layer : config.layers) {
    if (config.environments.count(layer.name) == 0) continue;
    return Error{"`" + layer.name + "` names both a layer and an environment, so `/apply " +
                     layer.name + "` would be ambiguous; rename one of them",
                 context.file, layer.position.line, layer.position.column};
  }
  return Ok();
}

Status CheckCycles(const LoadContext& context, const Config& config) {
  std::vector<std::string> cycle = FindDependencyCycle(config.layers);
  if (cycle.empty()) return Ok();
  const YamlNode& node = *context.marks.dependency.at({cycle[0], cycle[1]});
  return ErrorAt(context.file, node,
                 "dependency cycle: " + Join(cycle, " -> ") +
                     "; a layer cannot depend on itself, remove one of these `depends_on` "
                     "entries");
}

// Two layers writing one state would each overwrite the other's. Checked per environment
// for the layers bound to it (`environment:`) and the layers with their own `state_key`
// (which they use in every environment); a layer bound to no environment without a key
// of its own takes the key of whichever environment a run uses, and the run checks those
// (run/jobs.h).
Status CheckStateKeys(const LoadContext& context, const Config& config) {
  std::vector<std::string> environments = config.EnvironmentNames();
  if (environments.empty()) environments.push_back("");  // layers' own keys still count
  for (const std::string& environment : environments) {
    if (environment == kTestEnvironment) continue;  // one state per PR: own keys are not used
    const Environment* settings = config.FindEnvironment(environment);
    std::unordered_map<std::string, const Layer*> owner;  // key -> the first layer
    for (const Layer& layer : config.layers) {
      const bool bound = !layer.environment.empty();
      if (bound ? layer.environment != environment : layer.state_key.empty()) continue;
      const std::string key = StateKeyTemplate(layer, environment, settings);
      if (key.empty()) continue;
      auto [first, inserted] = owner.emplace(key, &layer);
      if (inserted) continue;
      const bool own = UsesOwnStateKey(layer, environment);
      const YamlNode* node = own ? context.marks.layer_state_key.at(layer.name)
                                 : context.marks.environment_state_key.at(environment);
      const std::string where = environment.empty() ? "" : " in environment `" + environment + "`";
      return ErrorAt(context.file, *node,
                     "layers `" + first->second->name + "` and `" + layer.name +
                         "` would share the state key `" + Shown(key) + "`" + where +
                         ", and each would overwrite the other's state; put `{layer}` in " +
                         (own ? "the layer's" : "the environment's") +
                         " `state_key` (for example `" +
                         (environment.empty() ? std::string("state") : environment) +
                         "/{layer}.tfstate`), or give one of them a `state_key` of its own");
    }
  }
  return Ok();
}

Status CheckReferencedLayers(const LoadContext& context, const Config& config,
                             const std::vector<NamedReference>& references,
                             std::string_view referrer) {
  std::vector<std::string> names = config.LayerNames();
  std::unordered_set<std::string> known(names.begin(), names.end());
  for (const NamedReference& reference : references) {
    if (known.count(reference.name) != 0) continue;
    return ErrorAt(context.file, *reference.node,
                   std::string(referrer) + " names layer `" + Shown(reference.name) + "`" +
                       NotALayer(reference.name, names));
  }
  return Ok();
}

}  // namespace

Status ResolveReferences(const LoadContext& context, Config& config) {
  ApplyDefaultEngine(context, config);
  for (auto check : {CheckDuplicateDirs, CheckDependencies, CheckLayerEnvironments,
                     CheckNameClashes, CheckCycles, CheckStateKeys}) {
    Status status = check(context, config);
    if (!status.ok()) return status;
  }
  Status triggers =
      CheckReferencedLayers(context, config, context.marks.trigger_layers, "a trigger");
  if (!triggers.ok()) return triggers;
  return CheckReferencedLayers(context, config, context.marks.health_layers, "a health check");
}

}  // namespace infra_flash
