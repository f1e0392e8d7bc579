// section_support: what every section parser of the loader shares. A section is read
// with a table of Field<T> {key, parser}: ParseFields dispatches each key of a map to its
// parser in file order, refuses unknown keys with the closest known one and checks required
// keys; the same table gives ConfigKeys() (config/keys.h). Internal to the config module.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/strings.h"
#include "config/config.h"
#include "config/keys.h"
#include "config/load_context.h"
#include "config/yaml_tree.h"
#include "config/yaml_values.h"

// Returns the error of a failed Status or Result from the enclosing function.
#define INFRA_FLASH_TRY(expression)             \
  do {                                          \
    auto infra_flash_try_result = (expression); \
    if (!infra_flash_try_result.ok()) {         \
      return infra_flash_try_result.error();    \
    }                                           \
  } while (false)

namespace infra_flash {

// ---- Vocabulary ----

inline constexpr std::array<std::string_view, 5> kStepVerbs = {"ci", "plan", "apply", "verify",
                                                               "destroy"};
inline constexpr std::array<std::string_view, 8> kBuiltinSteps = {
    "init", "fmt", "lint", "validate", "plan", "show", "apply", "destroy"};
inline constexpr std::array<std::string_view, 3> kApprovalRequirements = {"approved", "mergeable",
                                                                          "undiverged"};

// `/plan all` means every layer, so no layer or environment may be called that.
inline constexpr std::string_view kReservedName = "all";

template <std::size_t N>
std::vector<std::string> Strings(const std::array<std::string_view, N>& words) {
  return std::vector<std::string>(words.begin(), words.end());
}

std::vector<std::string> EngineChoices();           // "terragrunt", "terraform", "tofu"
std::vector<std::string> PermissionLevelChoices();  // "none" ... "admin"

// ---- Paths and messages ----

// "layers" + "a" -> "layers.a"; "" + "version" -> "version".
std::string Child(const std::string& path, std::string_view key);
// "triggers" + 0 -> "triggers[0]".
std::string Index(const std::string& path, std::size_t i);

// "unknown engine `x` in `engine`; did you mean `y`?" or "...; expected one of: a, b".
Error UnknownValue(const LoadContext& context, const YamlNode& node, std::string_view what,
                   const std::string& path, const std::vector<std::string>& choices);
// "unknown key `x` in `path`; did you mean `y`?" ("unknown top-level key" for path "").
Error UnknownKey(const LoadContext& context, const std::string& path, const YamlNode& key,
                 const std::vector<std::string>& known);

// Layer, environment and suite names: [A-Za-z0-9][A-Za-z0-9._-]*, at most 100, not "all".
// `kind` names what is named ("layer").
Status CheckName(const LoadContext& context, const YamlNode& key, std::string_view kind);
// Environment variable names, as POSIX shells accept them.
Status CheckVariableName(const LoadContext& context, const YamlNode& node, const std::string& path);

bool HasKey(const YamlNode& map, std::string_view key);

// ---- Shared readers ----

// A list of globs, each compiled to check it.
Result<std::vector<std::string>> ReadGlobs(const LoadContext& context, const std::string& path,
                                           const YamlNode& node);
Result<Engine> ReadEngine(const LoadContext& context, const std::string& path,
                          const YamlNode& node);
// A URL that starts with https:// or http:// (health checks, deploy endpoints).
Result<std::string> ReadHttpUrl(const LoadContext& context, const std::string& path,
                                const YamlNode& node);
// A time limit: a number of seconds (600) or a duration such as `30s`, `10m`, `2h`, `1h30m`;
// at least one second, at most 7 days.
Result<int> ReadSeconds(const LoadContext& context, const std::string& path, const YamlNode& node);
// The step overrides of a layer or an environment: verb -> list of steps.
Result<StepOverrides> ReadSteps(LoadContext& context, const std::string& path,
                                const YamlNode& node);

// ---- Field tables ----

template <typename T>
using FieldParser = Status (*)(LoadContext& context, const std::string& path, const YamlNode& value,
                               T& out);

template <typename T>
struct Field {
  ConfigKey key;
  FieldParser<T> parse;
};

template <typename T, std::size_t N>
std::vector<std::string> KeyNames(const std::array<Field<T>, N>& fields) {
  std::vector<std::string> names;
  for (const Field<T>& field : fields) names.emplace_back(field.key.name);
  return names;
}

template <typename T, std::size_t N>
std::vector<ConfigKey> KeysOf(const std::array<Field<T>, N>& fields) {
  std::vector<ConfigKey> keys;
  for (const Field<T>& field : fields) keys.push_back(field.key);
  return keys;
}

// Reads `map` (already known to be a map) with `fields`: each key dispatched to its parser
// in file order, unknown keys refused with the closest known one, required keys checked.
// `owner` is where a missing key is reported (the map's own key in its parent).
template <typename T, std::size_t N>
Status ParseFields(LoadContext& context, const std::string& path, const YamlNode& map,
                   const YamlNode& owner, const std::array<Field<T>, N>& fields, T& out) {
  for (const auto& [key, value] : map.entries) {
    const Field<T>* field = nullptr;
    for (const Field<T>& candidate : fields) {
      if (candidate.key.name == key->text) field = &candidate;
    }
    if (field == nullptr) return UnknownKey(context, path, *key, KeyNames(fields));
    INFRA_FLASH_TRY(field->parse(context, Child(path, key->text), *value, out));
  }
  for (const Field<T>& field : fields) {
    if (field.key.presence == KeyPresence::kRequired && !HasKey(map, field.key.name)) {
      return ErrorAt(context.file, owner,
                     Quote(path) + " is missing the required key `" + std::string(field.key.name) +
                         "` (" + std::string(field.key.summary) + ")");
    }
  }
  return Ok();
}

// A section that is a map with fixed keys; an empty value leaves the defaults.
template <typename T, std::size_t N>
Status ParseSection(LoadContext& context, const std::string& path, const YamlNode& value,
                    const std::array<Field<T>, N>& fields, T& out) {
  if (value.kind != YamlNode::Kind::kNull) {
    INFRA_FLASH_TRY(ExpectMap(context.file, path, value, "a map"));
  }
  return ParseFields(context, path, value, value, fields, out);
}

}  // namespace infra_flash
