// keys: the vocabulary of `.infra-flash.yml`, from the loader's own tables (STYLE §13): the
// keys each section accepts, with the one-line summary the JSON schema's descriptions must
// repeat, and the fixed value lists (verbs, built-in steps, ...). The loader parses with
// these tables, and tests/config/schema_test.cc checks schemas/infra-flash.schema.json
// against them, so the file's parser, its schema and its docs cannot drift apart.
#pragma once

#include "common/permission.h"

#include <string_view>
#include <vector>

namespace infra_flash {

// The maps of the file with a fixed set of keys.
enum class ConfigSection {
  kTopLevel,     // the file itself
  kLayer,        // layers.<name>
  kTrigger,      // triggers[]
  kEnvironment,  // environments.<name>
  kCommands,     // commands
  kHealthCheck,  // health[]
  kRun,          // run
  kAutoplan,     // autoplan
  kForks,        // forks
  kReview,       // review
  kVersions,     // versions
  kPolicyCheck,  // policies[]
  kStep,         // a step written as a map: { builtin, extra_args } or { run }
};

enum class KeyPresence { kOptional, kRequired };

struct ConfigKey {
  std::string_view name;
  std::string_view summary;  // one line; the schema's "description" for the key
  KeyPresence presence = KeyPresence::kOptional;
};

// The keys of `section`, in the order the docs list them.
std::vector<ConfigKey> ConfigKeys(ConfigSection section);

// Every section with its name as the docs and the schema's `$defs` call it
// ("top-level" for kTopLevel, else "layer", "trigger", "environment", ...).
struct ConfigSectionName {
  ConfigSection section;
  std::string_view name;
};
std::vector<ConfigSectionName> ConfigSections();

// Fixed value lists, in documentation order.
std::vector<std::string_view> PermissionVerbs();       // keys of `permissions`
std::vector<std::string_view> StepVerbs();             // keys of `steps`
std::vector<std::string_view> BuiltinSteps();          // a step's `builtin`
std::vector<std::string_view> ApprovalRequirements();  // an environment's `require`
std::vector<std::string_view> EngineNames();           // `engine`, keys of `run.binaries`
// PermissionLevelNames() (common/permission.h) gives the values of `permissions`.

}  // namespace infra_flash
