// yaml_values: typed values out of a YamlNode, with errors that name the field's path in
// the file ("layers.platform.depends_on[0]") and point at the offending node. Plain scalars
// follow the YAML 1.2 core schema (true/false, integers); quoted scalars are always text.
// Any non-empty scalar reads as text, so `dir: 2024` is the directory "2024".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "config/yaml_tree.h"

namespace infra_flash {

// Error{message, file, node's line, node's column}.
Error ErrorAt(const std::string& file, const YamlNode& node, std::string message);

// What the node is, for "must be X, not Y": "a map", "a list", "a number", "true/false",
// "text", "an empty value".
std::string Describe(const YamlNode& node);

// User text as it appears inside a message: control characters escaped (every message is
// one line) and cut to kMaxShownLength characters.
inline constexpr std::size_t kMaxShownLength = 60;
std::string Shown(std::string_view text);
// Only the escaping of Shown, for a whole message.
std::string OneLine(std::string_view text);

// "`path`", or "the file" for the top level's empty path.
std::string Quote(std::string_view path);

// Fails unless `node` is a map ("`path` must be EXPECTED, not ...").
Status ExpectMap(const std::string& file, std::string_view path, const YamlNode& node,
                 std::string_view expected);
// Fails unless `node` is a list or empty (an empty value reads as an empty list).
Status ExpectList(const std::string& file, std::string_view path, const YamlNode& node,
                  std::string_view expected);

Result<std::string> ReadText(const std::string& file, std::string_view path, const YamlNode& node,
                             std::string_view expected);
Result<bool> ReadBool(const std::string& file, std::string_view path, const YamlNode& node);
// A plain integer within [min, max].
Result<std::int64_t> ReadInt(const std::string& file, std::string_view path, const YamlNode& node,
                             std::int64_t min, std::int64_t max);
// A list of non-empty scalars; an empty value is an empty list. `items` names the elements
// ("layer names"), `item` one of them ("a layer name"); a lone scalar is refused with a hint
// to write `[value]`.
Result<std::vector<std::string>> ReadTextList(const std::string& file, std::string_view path,
                                              const YamlNode& node, std::string_view items,
                                              std::string_view item);

// Resolutions of a plain scalar; nullopt when the node is not one of that type.
std::optional<bool> PlainBool(const YamlNode& node);
std::optional<std::int64_t> PlainInt(const YamlNode& node);

}  // namespace infra_flash
