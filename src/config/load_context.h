// load_context: what the loader remembers while it reads the tree, for the checks that run
// once the whole file is read (references between sections, duplicate dirs, cycles): the
// node each such value came from, so those errors point at FILE:LINE:COL too. Internal to
// the config module.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/strings.h"
#include "config/config.h"
#include "config/yaml_tree.h"

namespace infra_flash {

struct NamedReference {
  std::string name;      // the layer named
  const YamlNode* node;  // where
};

// (layer, dependency) pairs, hashed: a config of many layers marks thousands.
struct NamePairHash {
  std::size_t operator()(const std::pair<std::string, std::string>& names) const {
    const std::size_t first = std::hash<std::string_view>{}(names.first);
    return first ^ (std::hash<std::string_view>{}(names.second) + 0x9e3779b97f4a7c15ULL +
                    (first << 6) + (first >> 2));
  }
};

// Looked up by name only, never walked: an error's order comes from the config's own.
struct SourceMarks {
  StringMap<const YamlNode*> layer_dir;              // layer -> its `dir` value
  StringMap<const YamlNode*> layer_environment;      // layer -> its `environment` value
  StringMap<const YamlNode*> layer_environments;     // layer -> `environments`
  StringMap<const YamlNode*> layer_state_key;        // layer -> its `state_key` value
  StringMap<const YamlNode*> environment_state_key;  // environment -> `state_key`
  std::unordered_map<std::pair<std::string, std::string>, const YamlNode*, NamePairHash>
      dependency;                                   // (layer, dep)
  std::unordered_set<std::string> explicit_engine;  // layers with their own `engine`
  std::vector<NamedReference> trigger_layers;       // triggers[].layers entries
  std::vector<NamedReference> health_layers;        // health[].layer values
  std::vector<NamedReference> policy_layers;        // policies[].layers entries
  std::vector<NamedReference> policy_environments;  // policies[].environments entries
};

struct LoadContext {
  std::string file;
  SourceMarks marks;
};

// The checks that need the whole file: duplicate dirs, unknown layers in depends_on,
// triggers and health, unknown environments, layer/environment name clashes, cycles, two
// layers of one environment with the same state key. Also gives layers without their own
// `engine` the file's, and replaces each promoted layer by its targets (config.h,
// "Targets"). The first failure, in that order.
Status ResolveReferences(const LoadContext& context, Config& config);

}  // namespace infra_flash
