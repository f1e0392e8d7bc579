#include "config/section_support.h"

#include "common/strings.h"
#include "config/glob.h"
#include "config/suggest.h"

namespace infra_flash {
namespace {

// Layer, environment and e2e suite names: usable on a comment line and in a path.
constexpr std::size_t kMaxNameLength = 100;

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

std::vector<std::string> EngineChoices() {
  std::vector<std::string> names;
  for (std::string_view name : EngineNames()) names.emplace_back(name);
  return names;
}

std::vector<std::string> PermissionLevelChoices() {
  std::vector<std::string> names;
  for (std::string_view name : PermissionLevelNames()) names.emplace_back(name);
  return names;
}

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? Shown(key) : path + "." + Shown(key);
}

std::string Index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Error UnknownValue(const LoadContext& context, const YamlNode& node, std::string_view what,
                   const std::string& path, const std::vector<std::string>& choices) {
  std::string where = path.empty() ? " at the top level" : " in " + Quote(path);
  std::string message =
      "unknown " + std::string(what) + " `" + Shown(node.text) + "`" + where + ";";
  std::string suggestion = DidYouMean(node.text, choices);
  message += suggestion.empty() ? " expected one of: " + Join(choices, ", ") : suggestion;
  return ErrorAt(context.file, node, message);
}

// Layer, environment and suite names: [A-Za-z0-9][A-Za-z0-9._-]*, not "all".
Status CheckName(const LoadContext& context, const YamlNode& key, std::string_view kind) {
  const std::string& name = key.text;
  bool valid = !name.empty() && name.size() <= kMaxNameLength && name.front() != '.' &&
               name.front() != '_' && name.front() != '-';
  for (char c : name) valid = valid && IsNameChar(c);
  if (!valid) {
    return ErrorAt(context.file, key,
                   "`" + Shown(name) + "` is not a valid " + std::string(kind) +
                       " name; use letters, digits, `.`, `_` and `-`, starting with a letter or "
                       "digit (at most " +
                       std::to_string(kMaxNameLength) + " characters)");
  }
  if (name == kReservedName) {
    return ErrorAt(context.file, key,
                   "`all` cannot be " + std::string(kind.front() == 'e' ? "an " : "a ") +
                       std::string(kind) +
                       " name: in commands such as `/plan all` it means every layer");
  }
  return Ok();
}

Status CheckVariableName(const LoadContext& context, const YamlNode& node,
                         const std::string& path) {
  const std::string& name = node.text;
  bool valid = !name.empty() && !(name.front() >= '0' && name.front() <= '9');
  for (char c : name) {
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_');
  }
  if (valid) return Ok();
  return ErrorAt(context.file, node,
                 Quote(path) + ": `" + Shown(name) +
                     "` is not a valid environment variable name; use letters, digits and `_`, "
                     "not starting with a digit");
}

bool HasKey(const YamlNode& map, std::string_view key) {
  for (const auto& entry : map.entries) {
    if (entry.first->text == key) return true;
  }
  return false;
}

Error UnknownKey(const LoadContext& context, const std::string& path, const YamlNode& key,
                 const std::vector<std::string>& known) {
  std::string where = path.empty() ? "unknown top-level key" : "unknown key";
  std::string message = where + " `" + Shown(key.text) + "`";
  if (!path.empty()) message += " in " + Quote(path);
  std::string suggestion = DidYouMean(key.text, known);
  message += ";" + (suggestion.empty() ? " expected one of: " + Join(known, ", ") : suggestion);
  return ErrorAt(context.file, key, message);
}

Result<std::vector<std::string>> ReadGlobs(const LoadContext& context, const std::string& path,
                                           const YamlNode& node) {
  Result<std::vector<std::string>> globs =
      ReadTextList(context.file, path, node, "globs", "a glob");
  if (!globs.ok()) return globs;
  // Syntax only: the translation always yields valid RE2, and compiling is left to the
  // one place that matches (LayerIndex), so each pattern is compiled once per run.
  for (std::size_t i = 0; i < globs->size(); ++i) {
    Result<std::string> glob = GlobToRegex((*globs)[i]);
    if (!glob.ok()) {
      return ErrorAt(context.file, *node.items[i],
                     Quote(Index(path, i)) + ": invalid glob `" + Shown((*globs)[i]) +
                         "`: " + glob.error().message);
    }
  }
  return globs;
}

namespace {

constexpr std::int64_t kMaxSeconds = 7 * 24 * 3600;

// Several spellings people use for a time limit: 600, "600", "30s", "10m", "2h", "1h30m".
// A bare number after a unit ("1h30") is refused: seconds or minutes?
std::optional<std::int64_t> ParseDuration(std::string_view text) {
  constexpr std::array<std::pair<char, std::int64_t>, 3> kUnits = {
      {{'s', 1}, {'m', 60}, {'h', 3600}}};
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::int64_t number = -1;  // digits read since the last unit; -1 when none
  bool saw_unit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      number = (number < 0 ? 0 : number) * 10 + (c - '0');
      if (number > kMaxSeconds) return kMaxSeconds + 1;
      continue;
    }
    std::int64_t unit = 0;
    for (const auto& [letter, seconds] : kUnits) {
      if (c == letter) unit = seconds;
    }
    if (unit == 0 || number < 0) return std::nullopt;
    total += number * unit;
    if (total > kMaxSeconds) return kMaxSeconds + 1;
    number = -1;
    saw_unit = true;
  }
  if (number < 0) return total;
  if (saw_unit) return std::nullopt;
  return number;
}

}  // namespace

Result<int> ReadSeconds(const LoadContext& context, const std::string& path, const YamlNode& node) {
  std::optional<std::int64_t> seconds;
  if (node.kind == YamlNode::Kind::kScalar) seconds = ParseDuration(node.text);
  if (seconds && *seconds < 1) {
    return ErrorAt(context.file, node, Quote(path) + " must be at least one second");
  }
  if (!seconds) {
    return ErrorAt(context.file, node,
                   Quote(path) +
                       " must be a number of seconds (600) or a duration such as "
                       "`30s`, `10m`, `2h`, not " +
                       Describe(node));
  }
  if (*seconds > kMaxSeconds) {
    return ErrorAt(context.file, node, Quote(path) + " must be at most 7 days (`168h`)");
  }
  return static_cast<int>(*seconds);
}

Result<std::string> ReadHttpUrl(const LoadContext& context, const std::string& path,
                                const YamlNode& node) {
  Result<std::string> url = ReadText(context.file, path, node, "a URL");
  if (!url.ok()) return url.error();
  if (url->rfind("https://", 0) != 0 && url->rfind("http://", 0) != 0) {
    return ErrorAt(context.file, node, Quote(path) + " must start with `https://` or `http://`");
  }
  return url;
}

Result<Engine> ReadEngine(const LoadContext& context, const std::string& path,
                          const YamlNode& node) {
  Result<std::string> name = ReadText(context.file, path, node, "an engine name");
  if (!name.ok()) return name.error();
  std::optional<Engine> engine = ParseEngine(*name);
  if (!engine) return UnknownValue(context, node, "engine", path, EngineChoices());
  return *engine;
}

}  // namespace infra_flash
