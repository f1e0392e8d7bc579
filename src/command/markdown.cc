#include "command/markdown.h"

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMaxShownBytes = 80;

enum class Context { kInline, kTableCell };

// Appends one ASCII character as it may appear inside a code span.
void AppendAscii(char c, Context context, std::string& out) {
  const auto byte = static_cast<unsigned char>(c);
  if (c == '`') {
    out += '\'';  // a backtick would end the code span
  } else if (c == '|' && context == Context::kTableCell) {
    out += "\\|";
  } else if (byte < 0x20 || byte == 0x7F) {
    out += '?';
  } else {
    out += c;
  }
}

std::string Sanitize(std::string_view text, Context context) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (out.size() >= kMaxShownBytes) {
      out += "…";
      break;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      AppendAscii(text[i], context, out);
      ++i;
      continue;
    }
    std::size_t mark = 0;
    if (StartsWithInvisibleMark(text.substr(i), mark)) {
      out += '?';
      i += mark;
      continue;
    }
    const std::size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += '?';
      ++i;
      continue;
    }
    out += text.substr(i, length);
    i += length;
  }
  return out;
}

std::string Wrap(std::string_view text, Context context) {
  if (text.empty()) return "`\"\"`";
  return "`" + Sanitize(text, context) + "`";
}

}  // namespace

std::string Code(std::string_view text) { return Wrap(text, Context::kInline); }

std::string CodeCell(std::string_view text) { return Wrap(text, Context::kTableCell); }

std::string CodeList(const std::vector<std::string>& items, std::size_t max_items) {
  if (items.empty()) return "(none)";
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max_items; ++i) {
    if (i > 0) out += ", ";
    out += Code(items[i]);
  }
  if (items.size() > max_items) out += " and " + std::to_string(items.size() - max_items) + " more";
  return out;
}

bool StartsWithInvisibleMark(std::string_view text, std::size_t& length) {
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.size() >= 2 && at(0) == 0xD8 && at(1) == 0x9C) {  // U+061C arabic letter mark
    length = 2;
    return true;
  }
  if (text.size() < 3) return false;
  length = 3;
  if (at(0) == 0xE2 && at(1) == 0x80) {
    return (at(2) >= 0x8B && at(2) <= 0x8F) || (at(2) >= 0xA8 && at(2) <= 0xAE);
  }
  if (at(0) == 0xE2 && at(1) == 0x81) return at(2) >= 0xA0 && at(2) <= 0xA9;
  return at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF;
}

}  // namespace infra_flash
