// The small, fixed parts of the config model: names of enums and lookups.
#include "config/config.h"
#include "config/keys.h"
#include "config/verbs.h"

#include <array>
#include <utility>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::array<std::pair<Engine, const char*>, 3> kEngines = {{
    {Engine::kTerragrunt, "terragrunt"},
    {Engine::kTerraform, "terraform"},
    {Engine::kTofu, "tofu"},
}};

}  // namespace

const char* EngineName(Engine engine) {
  for (const auto& [value, name] : kEngines) {
    if (value == engine) return name;
  }
  return "terragrunt";
}

std::optional<Engine> ParseEngine(std::string_view name) {
  for (const auto& [value, engine_name] : kEngines) {
    if (name == engine_name) return value;
  }
  return std::nullopt;
}

const Layer* Config::FindLayer(std::string_view name) const {
  for (const Layer& layer : layers) {
    if (layer.name == name) return &layer;
  }
  return nullptr;
}

bool UsesOwnStateKey(const Layer& layer, std::string_view environment_name) {
  return !layer.state_key.empty() && environment_name != kTestEnvironment;
}

std::string StateKeyTemplate(const Layer& layer, std::string_view environment_name,
                             const Environment* settings) {
  std::string key = UsesOwnStateKey(layer, environment_name) ? layer.state_key
                    : settings != nullptr                    ? settings->state_key
                                                             : "";
  ReplaceAll(key, "{layer}", layer.ConfigName());
  ReplaceAll(key, "{dir}", layer.dir);
  ReplaceAll(key, "{environment}", environment_name);
  return key;
}

std::string TargetName(std::string_view layer, std::string_view environment) {
  std::string name(layer);
  name += '@';
  name += environment;
  return name;
}

const Environment* Config::FindEnvironment(std::string_view name) const {
  auto it = environments.find(std::string(name));
  return it == environments.end() ? nullptr : &it->second;
}

std::string CommandsConfig::DefaultE2eSuite() const {
  if (!e2e_default.empty()) return e2e_default;
  return e2e.size() == 1 ? e2e.begin()->first : std::string();
}

std::vector<std::string> Config::LayerNames() const {
  std::vector<std::string> names;
  names.reserve(layers.size());
  for (const Layer& layer : layers) names.push_back(layer.name);
  return names;
}

std::vector<std::string> Config::ConfigLayerNames() const {
  std::vector<std::string> names;
  names.reserve(layers.size());
  for (const Layer& layer : layers) {
    if (names.empty() || !layer.IsTarget() || names.back() != layer.base) {
      names.push_back(layer.ConfigName());
    }
  }
  return names;
}

std::vector<const Layer*> Config::TargetsOf(std::string_view name) const {
  std::vector<const Layer*> targets;
  for (const Layer& layer : layers) {
    if (layer.ConfigName() == name) targets.push_back(&layer);
  }
  return targets;
}

std::vector<const Layer*> Config::LayersNamed(std::string_view word) const {
  if (const Layer* layer = FindLayer(word)) return {layer};
  return TargetsOf(word);
}

DependencyResolver::DependencyResolver(const Config& config) : config_(config) {
  for (std::size_t i = 0; i < config.layers.size(); ++i) {
    const Layer& layer = config.layers[i];
    by_name_.emplace(layer.name, i);  // the first one wins, as in Config::FindLayer
    targets_[layer.ConfigName()].push_back(i);
  }
}

std::vector<std::string> DependencyResolver::On(std::string_view name,
                                                std::string_view environment) const {
  std::string_view config_name = name;
  if (auto it = by_name_.find(name); it != by_name_.end()) {
    config_name = config_.layers[it->second].ConfigName();
  }
  auto targets = targets_.find(config_name);
  if (targets == targets_.end()) return {};
  std::vector<std::string> names;
  for (std::size_t i : targets->second) {
    const Layer& target = config_.layers[i];
    if (target.IsTarget() && target.environment == environment) return {target.name};
    names.push_back(target.name);
  }
  return names;
}

std::string Config::ConfigNameOf(std::string_view name) const {
  const Layer* layer = FindLayer(name);
  return layer != nullptr ? layer->ConfigName() : std::string(name);
}

std::vector<std::string> Config::EnvironmentNames() const {
  std::vector<std::string> names;
  for (const auto& [name, environment] : environments) names.push_back(name);
  return names;
}

const PolicyCheck* Config::FindPolicy(std::string_view name) const {
  for (const PolicyCheck& check : policies) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

Permission Config::RequiredPermission(std::string_view verb) const {
  auto it = permissions.find(std::string(verb));
  if (it != permissions.end()) return it->second;
  std::optional<Verb> known = FindVerb(verb);
  return known ? SpecOf(*known).default_permission : Permission::kWrite;
}

std::vector<std::string_view> EngineNames() {
  std::vector<std::string_view> names;
  for (const auto& [value, name] : kEngines) names.emplace_back(name);
  return names;
}

}  // namespace infra_flash
