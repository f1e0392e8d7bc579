// sections: the parsers of the top-level keys of `.infra-flash.yml`, one file each
// (layers_section.cc, ...), and the key tables they read with. Each parser reads the value
// of its key (`path` is the key's name, for messages) into `config`, or returns the first
// error. Internal to the config module.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "config/keys.h"
#include "config/load_context.h"
#include "config/yaml_tree.h"

namespace infra_flash {

Status ParseLayers(LoadContext& context, const std::string& path, const YamlNode& value,
                   Config& config);
Status ParseTriggers(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config);
Status ParseIgnore(LoadContext& context, const std::string& path, const YamlNode& value,
                   Config& config);
Status ParseEnvironments(LoadContext& context, const std::string& path, const YamlNode& value,
                         Config& config);
Status ParsePermissions(LoadContext& context, const std::string& path, const YamlNode& value,
                        Config& config);
Status ParseCommands(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config);
Status ParseHealth(LoadContext& context, const std::string& path, const YamlNode& value,
                   Config& config);
Status ParseRun(LoadContext& context, const std::string& path, const YamlNode& value,
                Config& config);
Status ParseAutoplan(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config);
Status ParseForks(LoadContext& context, const std::string& path, const YamlNode& value,
                  Config& config);
Status ParseReview(LoadContext& context, const std::string& path, const YamlNode& value,
                   Config& config);
Status ParseVersions(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config);
Status ParsePolicies(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config);

// The keys of each section's table (see ConfigKeys in keys.h).
std::vector<ConfigKey> LayerKeys();
std::vector<ConfigKey> TriggerKeys();
std::vector<ConfigKey> EnvironmentKeys();
std::vector<ConfigKey> CommandsKeys();
std::vector<ConfigKey> HealthCheckKeys();
std::vector<ConfigKey> RunKeys();
std::vector<ConfigKey> AutoplanKeys();
std::vector<ConfigKey> ForksKeys();
std::vector<ConfigKey> ReviewKeys();
std::vector<ConfigKey> VersionsKeys();
std::vector<ConfigKey> PolicyCheckKeys();
std::vector<ConfigKey> StepKeys();

}  // namespace infra_flash
