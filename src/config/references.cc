// The checks that need the whole file, run after every section is read.
#include <algorithm>
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

Error UnknownEnvironment(const LoadContext& context, const Config& config, const Layer& layer,
                         const std::string& name, const YamlNode& node) {
  std::vector<std::string> environments = config.EnvironmentNames();
  std::string suggestion = DidYouMean(name, environments);
  if (suggestion.empty()) {
    suggestion = environments.empty() ? " the file defines none"
                                      : " (environments: " + Join(environments, ", ") + ")";
  }
  return ErrorAt(context.file, node,
                 "layer `" + layer.name + "` uses environment `" + Shown(name) +
                     "`, which is not under `environments`;" + suggestion);
}

Status CheckLayerEnvironments(const LoadContext& context, const Config& config) {
  for (const Layer& layer : config.layers) {
    if (!config.environments.empty() && !layer.environment.empty() &&
        config.environments.count(layer.environment) == 0) {
      return UnknownEnvironment(context, config, layer, layer.environment,
                                *context.marks.layer_environment.at(layer.name));
    }
    // A promotion path names environments whose rules it is promoted under: each must exist.
    for (std::size_t i = 0; i < layer.environments.size(); ++i) {
      if (config.environments.count(layer.environments[i]) != 0) continue;
      return UnknownEnvironment(context, config, layer, layer.environments[i],
                                *context.marks.layer_environments.at(layer.name)->items[i]);
    }
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
      const YamlNode* node = own ? context.marks.layer_state_key.at(layer.ConfigName())
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
  // A promoted layer's own key is used in each environment of its path.
  for (std::size_t i = 0; i + 1 < config.layers.size(); ++i) {
    const Layer& first = config.layers[i];
    const Layer& next = config.layers[i + 1];
    if (!first.IsTarget() || next.base != first.base || first.state_key.empty()) continue;
    const std::string key = StateKeyTemplate(first, first.environment, nullptr);
    if (key != StateKeyTemplate(next, next.environment, nullptr)) continue;
    return ErrorAt(context.file, *context.marks.layer_state_key.at(first.base),
                   "layer `" + first.base + "` is promoted through " +
                       Join(first.environments, ", ") + ", but its `state_key` `" + Shown(key) +
                       "` is the same in each, and each environment would overwrite the other's "
                       "state; put `{environment}` in it (for example `{environment}/" +
                       first.base + ".tfstate`)");
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

// A policy check's environments: those the file defines, and the built-in `ci` and `test`.
// Without `environments:` in the file, any name goes (as for a layer's `environment`).
Status CheckPolicyEnvironments(const LoadContext& context, const Config& config) {
  if (config.environments.empty()) return Ok();
  for (const NamedReference& reference : context.marks.policy_environments) {
    if (config.environments.count(reference.name) != 0 || reference.name == kCiEnvironment ||
        reference.name == kTestEnvironment) {
      continue;
    }
    return ErrorAt(context.file, *reference.node,
                   "a policy check names environment `" + Shown(reference.name) +
                       "`, which `environments` does not define (" +
                       Join(config.EnvironmentNames(), ", ") + ")");
  }
  return Ok();
}

// One target per environment of each promoted layer (config.h, "Targets"), in place of
// the layer; dependencies on a promoted layer, and triggers naming it, are rewritten
// (DependencyResolver). Before discovery: no dependency has a source yet.
void ExpandTargets(Config& config) {
  if (std::none_of(config.layers.begin(), config.layers.end(),
                   [](const Layer& layer) { return !layer.environments.empty(); })) {
    return;
  }
  std::vector<Layer> expanded;
  for (Layer& layer : config.layers) {
    if (layer.environments.empty()) {
      expanded.push_back(std::move(layer));
      continue;
    }
    for (const std::string& environment : layer.environments) {
      Layer target = layer;
      target.base = layer.name;
      target.name = TargetName(layer.name, environment);
      target.environment = environment;
      expanded.push_back(std::move(target));
    }
  }
  config.layers = std::move(expanded);
  const DependencyResolver dependencies(config);
  for (std::size_t i = 0; i < config.layers.size(); ++i) {
    Layer& layer = config.layers[i];
    std::vector<std::string> depends_on;
    for (const std::string& dependency : layer.depends_on) {
      for (std::string& name : dependencies.On(dependency, layer.environment)) {
        if (std::find(depends_on.begin(), depends_on.end(), name) == depends_on.end()) {
          depends_on.push_back(std::move(name));
        }
      }
    }
    // One environment at a time, in the path's order: the next waits for this one.
    if (i > 0 && layer.IsTarget() && config.layers[i - 1].base == layer.base) {
      depends_on.push_back(config.layers[i - 1].name);
    }
    layer.depends_on = std::move(depends_on);
  }
  for (PathTrigger& trigger : config.triggers) {
    std::vector<std::string> layers;
    for (const std::string& name : trigger.layers) {
      for (std::string& target : dependencies.On(name, "")) layers.push_back(std::move(target));
    }
    trigger.layers = std::move(layers);
  }
}

}  // namespace

Status ResolveReferences(const LoadContext& context, Config& config) {
  ApplyDefaultEngine(context, config);
  for (auto check : {CheckDuplicateDirs, CheckDependencies, CheckLayerEnvironments,
                     CheckNameClashes, CheckCycles}) {
    Status status = check(context, config);
    if (!status.ok()) return status;
  }
  Status triggers =
      CheckReferencedLayers(context, config, context.marks.trigger_layers, "a trigger");
  if (!triggers.ok()) return triggers;
  Status health =
      CheckReferencedLayers(context, config, context.marks.health_layers, "a health check");
  if (!health.ok()) return health;
  Status policies =
      CheckReferencedLayers(context, config, context.marks.policy_layers, "a policy check");
  if (!policies.ok()) return policies;
  if (Status environments = CheckPolicyEnvironments(context, config); !environments.ok()) {
    return environments;
  }
  ExpandTargets(config);
  return CheckStateKeys(context, config);  // per target: each has its own environment
}

}  // namespace infra_flash
