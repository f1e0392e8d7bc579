#include "config/governing.h"

#include <algorithm>
#include <set>

namespace infra_flash {
namespace {

// An environment's rules: the environment without what the PR may change.
Environment RulesOf(Environment environment) {
  environment.state_key.clear();
  environment.var_files.clear();
  return environment;
}

// The PR's environment under the base's rules (or none: a proposed environment).
Environment Governed(const Environment& head, const Environment* base) {
  Environment governed = base != nullptr ? *base : Environment{};
  governed.name = head.name;
  governed.state_key = head.state_key;
  governed.var_files = head.var_files;
  return governed;
}

// The base layer a PR layer stands for: the same name, else the same directory.
// A target of a promoted layer (config.h, "Targets") stands for a base layer or target in
// the same environment only: its environment is what it is, and an environment the PR adds
// to a path is a proposed target, ruled by that environment's rules in the base.
const Layer* BaseLayerOf(const Layer& layer, const Config& base) {
  if (const Layer* same = base.FindLayer(layer.name)) return same;
  for (const Layer& candidate : base.layers) {
    if (layer.IsTarget() && candidate.environment != layer.environment) continue;
    if (candidate.dir == layer.dir || (layer.IsTarget() && candidate.ConfigName() == layer.base)) {
      return &candidate;
    }
  }
  return nullptr;
}

void GovernEnvironments(const Config& head, const Config* base, GoverningConfig& out) {
  out.config.environments.clear();
  for (const auto& [name, environment] : head.environments) {
    const Environment* ruling = base != nullptr ? base->FindEnvironment(name) : nullptr;
    if (ruling == nullptr) out.proposed_environments.push_back(name);
    out.config.environments[name] = Governed(environment, ruling);
  }
  if (base == nullptr) return;
  // An environment the PR dropped still rules the layers the base binds to it.
  for (const auto& [name, environment] : base->environments) {
    out.config.environments.try_emplace(name, environment);
  }
}

void GovernLayers(const Config* base, GoverningConfig& out) {
  for (Layer& layer : out.config.layers) {
    const Layer* ruling = base != nullptr ? BaseLayerOf(layer, *base) : nullptr;
    if (ruling == nullptr) {
      // A proposed layer: planned as the PR wrote it, but never deployed into a test
      // environment on its own say-so.
      layer.test_env = false;
      continue;
    }
    layer.environment = ruling->environment;
    // The promotion path is policy too: a PR cannot skip staging on its way to prod.
    layer.environments = ruling->IsTarget() ? ruling->environments
                         : layer.IsTarget() ? std::vector<std::string>{ruling->environment}
                                            : std::vector<std::string>{};
    layer.auto_apply = ruling->auto_apply;
    layer.test_env = ruling->test_env;
    layer.steps = ruling->steps;
    layer.lint = ruling->lint;  // a check the base asks for is not the PR's to switch off
  }
}

std::vector<std::string> Union(std::vector<std::string> a, const std::vector<std::string>& b) {
  for (const std::string& item : b) {
    if (std::find(a.begin(), a.end(), item) == a.end()) a.push_back(item);
  }
  return a;
}

void AddIf(bool changed, std::string key, std::vector<std::string>& changes) {
  if (changed) changes.push_back(std::move(key));
}

void EnvironmentChanges(const Config& head, const Config& base, std::vector<std::string>& out) {
  std::set<std::string> names;
  for (const auto& [name, environment] : head.environments) names.insert(name);
  for (const auto& [name, environment] : base.environments) names.insert(name);
  for (const std::string& name : names) {
    const Environment* mine = head.FindEnvironment(name);
    const Environment* ruling = base.FindEnvironment(name);
    const std::string key = "environments." + name;
    if (ruling == nullptr) {
      out.push_back(key + " (new)");
    } else if (mine == nullptr) {
      out.push_back(key + " (removed)");
    } else {
      AddIf(!(RulesOf(*mine) == RulesOf(*ruling)), key, out);
    }
  }
}

void LayerChanges(const Config& head, const Config& base, std::vector<std::string>& out) {
  for (const Layer& layer : head.layers) {
    const Layer* ruling = BaseLayerOf(layer, base);
    const std::string key = "layers." + layer.name;
    if (ruling == nullptr) {
      AddIf(layer.test_env, key + ".test_env", out);
      continue;
    }
    if (ruling->ConfigName() != layer.ConfigName()) {
      out.push_back(key + " (renamed from " + ruling->ConfigName() + ")");
    }
    AddIf(layer.environment != ruling->environment, key + ".environment", out);
    const std::string path_key = "layers." + layer.ConfigName() + ".environments";
    AddIf((layer.IsTarget() || ruling->IsTarget()) && layer.environments != ruling->environments &&
              std::find(out.begin(), out.end(), path_key) == out.end(),
          path_key, out);
    AddIf(layer.auto_apply != ruling->auto_apply, key + ".auto_apply", out);
    AddIf(layer.test_env != ruling->test_env, key + ".test_env", out);
    AddIf(layer.steps != ruling->steps, key + ".steps", out);
    AddIf(layer.lint != ruling->lint, key + ".lint", out);
  }
}

std::vector<std::string> PolicyChanges(const Config& head, const Config& base) {
  std::vector<std::string> changes;
  AddIf(head.permissions != base.permissions, "permissions", changes);
  AddIf(head.allow_fork_plans != base.allow_fork_plans, "forks", changes);
  EnvironmentChanges(head, base, changes);
  LayerChanges(head, base, changes);
  AddIf(!(head.commands == base.commands), "commands", changes);
  RunConfig head_run = head.run;
  RunConfig base_run = base.run;
  head_run.mask_env.clear();  // a union: never loosened by the PR
  base_run.mask_env.clear();
  AddIf(!(head_run == base_run), "run", changes);
  AddIf(head.health != base.health, "health", changes);
  AddIf(!(head.versions == base.versions), "versions", changes);
  AddIf(!(head.review == base.review), "review", changes);
  AddIf(head.policies != base.policies, "policies", changes);
  return changes;
}

}  // namespace

bool GoverningConfig::IsProposed(const std::string& environment) const {
  return std::find(proposed_environments.begin(), proposed_environments.end(), environment) !=
         proposed_environments.end();
}

GoverningConfig Govern(const Config& head, const Config* base) {
  GoverningConfig out;
  out.config = head;
  out.base_missing = base == nullptr;
  const Config defaults;
  const Config& ruling = base != nullptr ? *base : defaults;
  out.config.permissions = ruling.permissions;
  out.config.allow_fork_plans = ruling.allow_fork_plans;
  out.config.commands = ruling.commands;
  out.config.run = ruling.run;
  out.config.run.mask_env = Union(ruling.run.mask_env, head.run.mask_env);
  out.config.health = ruling.health;
  out.config.versions = ruling.versions;
  out.config.review = ruling.review;
  out.config.policies = ruling.policies;
  GovernEnvironments(head, base, out);
  GovernLayers(base, out);
  if (base != nullptr) out.changes = PolicyChanges(head, *base);
  return out;
}

}  // namespace infra_flash
