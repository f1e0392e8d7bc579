#include "config/yaml_values.h"

#include <array>
#include <charconv>
#include <optional>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::array<std::string_view, 3> kTrue = {"true", "True", "TRUE"};
constexpr std::array<std::string_view, 3> kFalse = {"false", "False", "FALSE"};

std::string MustBe(std::string_view path, std::string_view expected, const YamlNode& node) {
  return Quote(path) + " must be " + std::string(expected) + ", not " + Describe(node);
}

}  // namespace

std::string OneLine(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

std::string Shown(std::string_view text) {
  if (text.size() <= kMaxShownLength) return OneLine(text);
  return OneLine(text.substr(0, kMaxShownLength - 3)) + "...";
}

Error ErrorAt(const std::string& file, const YamlNode& node, std::string message) {
  return Error{std::move(message), file, node.line, node.column};
}

std::string Quote(std::string_view path) {
  return path.empty() ? "the file" : "`" + std::string(path) + "`";
}

std::optional<bool> PlainBool(const YamlNode& node) {
  if (node.kind != YamlNode::Kind::kScalar || node.style != YamlNode::Style::kPlain) {
    return std::nullopt;
  }
  for (std::string_view word : kTrue) {
    if (node.text == word) return true;
  }
  for (std::string_view word : kFalse) {
    if (node.text == word) return false;
  }
  return std::nullopt;
}

std::optional<std::int64_t> PlainInt(const YamlNode& node) {
  if (node.kind != YamlNode::Kind::kScalar || node.style != YamlNode::Style::kPlain) {
    return std::nullopt;
  }
  std::string_view text = node.text;
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (!IsDigits(text)) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return negative ? -value : value;
}

std::string Describe(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull:
      return "an empty value";
    case YamlNode::Kind::kSequence:
      return "a list";
    case YamlNode::Kind::kMap:
      return "a map";
    case YamlNode::Kind::kScalar:
      break;
  }
  if (PlainInt(node).has_value()) return "the number " + node.text;
  if (node.style == YamlNode::Style::kQuoted) return "the string \"" + Shown(node.text) + "\"";
  return "`" + Shown(node.text) + "`";
}

Status ExpectMap(const std::string& file, std::string_view path, const YamlNode& node,
                 std::string_view expected) {
  if (node.kind == YamlNode::Kind::kMap) return Ok();
  return ErrorAt(file, node, MustBe(path, expected, node));
}

Status ExpectList(const std::string& file, std::string_view path, const YamlNode& node,
                  std::string_view expected) {
  if (node.kind == YamlNode::Kind::kSequence || node.kind == YamlNode::Kind::kNull) return Ok();
  std::string message = MustBe(path, expected, node);
  if (node.kind == YamlNode::Kind::kScalar) message += "; write `[" + Shown(node.text) + "]`";
  return ErrorAt(file, node, message);
}

Result<std::string> ReadText(const std::string& file, std::string_view path, const YamlNode& node,
                             std::string_view expected) {
  if (node.kind != YamlNode::Kind::kScalar || node.text.empty()) {
    return ErrorAt(file, node, MustBe(path, expected, node));
  }
  return node.text;
}

Result<bool> ReadBool(const std::string& file, std::string_view path, const YamlNode& node) {
  std::optional<bool> value = PlainBool(node);
  if (!value) return ErrorAt(file, node, MustBe(path, "true or false", node));
  return *value;
}

Result<std::int64_t> ReadInt(const std::string& file, std::string_view path, const YamlNode& node,
                             std::int64_t min, std::int64_t max) {
  std::optional<std::int64_t> value = PlainInt(node);
  std::string range = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!value || *value < min || *value > max) {
    if (value)
      return ErrorAt(file, node, Quote(path) + " must be " + range + ", not " + Shown(node.text));
    return ErrorAt(file, node, MustBe(path, range, node));
  }
  return *value;
}

Result<std::vector<std::string>> ReadTextList(const std::string& file, std::string_view path,
                                              const YamlNode& node, std::string_view items,
                                              std::string_view item) {
  Status list = ExpectList(file, path, node, "a list of " + std::string(items));
  if (!list.ok()) return list.error();
  std::vector<std::string> values;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    std::string item_path = std::string(path) + "[" + std::to_string(i) + "]";
    Result<std::string> value = ReadText(file, item_path, *node.items[i], item);
    if (!value.ok()) return value.error();
    values.push_back(std::move(*value));
  }
  return values;
}

}  // namespace infra_flash
