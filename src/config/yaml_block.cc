#include "config/yaml_block.h"

#include <cstddef>
#include <string>
#include <vector>

#include <yaml-cpp/emitterstyle.h>
#include <yaml-cpp/mark.h>

namespace infra_flash {
namespace {

// Thrown to give the document back to yaml-cpp; never leaves this file.
struct Declined {};

[[noreturn]] void Decline() { throw Declined{}; }

// A line with content: not blank, not only a comment.
struct Line {
  int number = 0;          // 0-based, as yaml-cpp's marks
  int indent = 0;          // leading spaces
  std::size_t offset = 0;  // of the line's first byte in the text
  std::string_view text;   // the whole line, without its newline
};

bool IsSpaceOrEnd(std::string_view text, std::size_t at) {
  return at >= text.size() || text[at] == ' ';
}

// What starts something other than a plain scalar, or needs yaml-cpp to read.
bool IsIndicator(char c) {
  switch (c) {
    case '-':
    case '?':
    case ':':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
      return true;
    default:
      return false;
  }
}

bool IsFlowPlainChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view(" -_./+=~$@*").find(c) != std::string_view::npos;
}

// yaml-cpp reports these plain scalars as nulls (OnNull), as YAML's core schema reads them.
bool IsNullWord(std::string_view text) {
  return text == "~" || text == "null" || text == "Null" || text == "NULL";
}

class Reader {
 public:
  Reader(std::string_view text, YAML::EventHandler& handler) : text_(text), handler_(handler) {}

  void Read() {
    SplitLines();
    if (lines_.empty() || lines_[0].indent != 0) Decline();
    handler_.OnDocumentStart(MarkAt(0, 0));
    Node(0, 0);
    if (current_ != lines_.size()) Decline();  // less indented than the root, or stray
    handler_.OnDocumentEnd();
  }

 private:
  void SplitLines() {
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") Decline();  // a BOM
    std::size_t start = 0;
    int number = 0;
    while (start <= text_.size()) {
      std::size_t end = text_.find('\n', start);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(start, end - start);
      for (char c : line) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f) Decline();  // tabs, CR, controls, non-ASCII
      }
      const std::size_t indent = line.find_first_not_of(' ');
      if (indent != std::string_view::npos && line[indent] != '#') {
        if (indent == 0 &&
            (line.substr(0, 3) == "---" || line.substr(0, 3) == "..." || line[0] == '%')) {
          Decline();  // document markers and directives
        }
        lines_.push_back(Line{number, static_cast<int>(indent), start, line});
      }
      if (end == text_.size()) break;
      start = end + 1;
      ++number;
    }
  }

  YAML::Mark MarkAt(std::size_t line, int column) const {
    YAML::Mark mark;
    mark.pos = static_cast<int>(lines_[line].offset) + column;
    mark.line = lines_[line].number;
    mark.column = column;
    return mark;
  }

  // The text of the current line from `column` on.
  std::string_view From(int column) const {
    return lines_[current_].text.substr(static_cast<std::size_t>(column));
  }

  static bool StartsSequenceEntry(std::string_view content) {
    return !content.empty() && content[0] == '-' && IsSpaceOrEnd(content, 1);
  }

  // A block node whose first character is at `column` of the current line: a map or a
  // sequence (a document or a value on lines of its own is never a lone scalar here).
  void Node(int column, int depth) {
    if (depth > 64) Decline();  // yaml-cpp's nesting is bounded by the tree's own limit
    std::string_view content = From(column);
    if (StartsSequenceEntry(content)) {
      Sequence(column, depth);
    } else if (KeyEnd(content) != std::string_view::npos) {
      Map(column, depth);
    } else {
      Decline();
    }
  }

  // Where the key of a `key: value` entry ends (the colon), or npos when `content` does
  // not start with a key this reader understands.
  static std::size_t KeyEnd(std::string_view content) {
    if (content.empty()) return std::string_view::npos;
    std::size_t colon = std::string_view::npos;
    if (content[0] == '"' || content[0] == '\'') {
      const std::size_t close = content.find(content[0], 1);
      if (close == std::string_view::npos) return std::string_view::npos;
      std::size_t after = close + 1;
      if (after < content.size() && content[after] == ':') colon = after;
    } else {
      if (IsIndicator(content[0])) return std::string_view::npos;
      for (std::size_t i = 0; i < content.size(); ++i) {
        if (content[i] == ':' && IsSpaceOrEnd(content, i + 1)) {
          colon = i;
          break;
        }
      }
    }
    if (colon == std::string_view::npos || !IsSpaceOrEnd(content, colon + 1)) {
      return std::string_view::npos;
    }
    return colon;
  }

  void Map(int column, int depth) {
    handler_.OnMapStart(MarkAt(current_, column), "?", YAML::NullAnchor, YAML::EmitterStyle::Block);
    bool first = true;
    while (current_ < lines_.size()) {
      if (!first) {
        if (lines_[current_].indent < column) break;
        if (lines_[current_].indent > column) Decline();
      }
      first = false;
      const std::string_view content = From(column);
      const std::size_t colon = KeyEnd(content);
      if (colon == std::string_view::npos) {
        // A sequence entry at the map's own indentation ends an indentless sequence that
        // belongs to the key before it: that was read already, so this is an error.
        Decline();
      }
      Key(content.substr(0, colon), column);
      const int value_column = column + static_cast<int>(colon) + 1;
      Value(value_column, column, depth, /*sequence_may_align=*/true);
    }
    handler_.OnMapEnd();
  }

  void Sequence(int column, int depth) {
    handler_.OnSequenceStart(MarkAt(current_, column), "?", YAML::NullAnchor,
                             YAML::EmitterStyle::Block);
    bool first = true;
    while (current_ < lines_.size()) {
      if (!first) {
        if (lines_[current_].indent < column) break;
        if (lines_[current_].indent > column) Decline();
        if (!StartsSequenceEntry(From(column))) break;  // the parent map's next key
      }
      first = false;
      Value(column + 1, column, depth, /*sequence_may_align=*/false);
    }
    handler_.OnSequenceEnd();
  }

  void Key(std::string_view key, int column) {
    const YAML::Mark mark = MarkAt(current_, column);
    if (key[0] == '"' || key[0] == '\'') {
      // Only a key that is nothing but the quoted text (no escapes, no space before ':').
      if (key.size() < 2 || key.back() != key[0]) Decline();
      const std::string_view inner = key.substr(1, key.size() - 2);
      if (inner.find_first_of("\\'\"") != std::string_view::npos) Decline();
      handler_.OnScalar(mark, "!", YAML::NullAnchor, std::string(inner));
      return;
    }
    // A plain key: trailing spaces before the colon are not part of it.
    const std::size_t last = key.find_last_not_of(' ');
    key = key.substr(0, last + 1);
    if (key.size() > 256 || key.find_first_of("#[]{},") != std::string_view::npos ||
        key.find(':') != std::string_view::npos || IsNullWord(key)) {
      Decline();
    }
    handler_.OnScalar(mark, "?", YAML::NullAnchor, std::string(key));
  }

  // What follows an entry's indicator (`key:` or `-`) at `column` of the current line: a
  // scalar or flow list on the same line, or a block node on the lines below. `parent` is
  // the column of the map or sequence that holds the entry.
  void Value(int column, int parent, int depth, bool sequence_may_align) {
    std::string_view rest = From(column);
    const std::size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos || rest[start] == '#') {
      if (start != std::string_view::npos && start == 0) Decline();  // "key:#x"
      const std::size_t line = current_;
      ++current_;
      if (current_ < lines_.size() && lines_[current_].indent > parent) {
        Node(lines_[current_].indent, depth + 1);
        return;
      }
      if (sequence_may_align && current_ < lines_.size() && lines_[current_].indent == parent &&
          StartsSequenceEntry(From(parent))) {
        Sequence(parent, depth + 1);
        return;
      }
      if (!sequence_may_align) Decline();  // an empty `-` entry
      // An empty value: yaml-cpp marks it at the token after it (the next line's content,
      // or the end of the text), which the tree then moves to the key.
      YAML::Mark next;
      if (current_ < lines_.size()) {
        next = MarkAt(current_, lines_[current_].indent);
      } else if (!text_.empty() && text_.back() == '\n') {
        next.line = lines_[line].number + 1;
        next.pos = static_cast<int>(text_.size());
      } else {
        Decline();  // the text ends on the key's line
      }
      handler_.OnNull(next, YAML::NullAnchor);
      return;
    }
    if (start == 0) Decline();  // no space after the indicator
    const int at = column + static_cast<int>(start);
    rest = rest.substr(start);
    if (!sequence_may_align) {  // a sequence entry may hold a compact map or sequence
      if (StartsSequenceEntry(rest)) Decline();
      if (KeyEnd(rest) != std::string_view::npos) {
        Map(at, depth + 1);
        return;
      }
    }
    Inline(rest, at);
    ++current_;
    // A more indented line after a one-line value continues a multi-line scalar, or is an
    // error: either way, yaml-cpp's to read.
    if (current_ < lines_.size() && lines_[current_].indent > parent) Decline();
  }

  // A scalar or flow list that starts at `column` and ends on this line.
  void Inline(std::string_view text, int column) {
    const YAML::Mark mark = MarkAt(current_, column);
    std::size_t end = 0;
    if (text[0] == '[') {
      FlowList(text, column);
      return;
    }
    if (text[0] == '"' || text[0] == '\'') {
      std::string value = Quoted(text, &end);
      Rest(text.substr(end));
      handler_.OnScalar(mark, "!", YAML::NullAnchor, value);
      return;
    }
    if (IsIndicator(text[0])) Decline();
    const std::string_view plain = Plain(text, /*in_flow=*/false, &end);
    Rest(text.substr(end));
    if (IsNullWord(plain)) {
      handler_.OnNull(mark, YAML::NullAnchor);
    } else {
      handler_.OnScalar(mark, "?", YAML::NullAnchor, std::string(plain));
    }
  }

  // After a value: nothing, or spaces and a comment.
  static void Rest(std::string_view text) {
    const std::size_t next = text.find_first_not_of(' ');
    if (next == std::string_view::npos) return;
    if (text[next] != '#' || next == 0) Decline();
  }

  // A quoted scalar at the start of `text` (no escapes in double quotes; '' in single
  // quotes); `end` is set past its closing quote.
  static std::string Quoted(std::string_view text, std::size_t* end) {
    const char quote = text[0];
    std::string value;
    std::size_t i = 1;
    while (true) {
      if (i >= text.size()) Decline();  // continues on the next line
      const char c = text[i];
      if (c == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          value += '\'';
          i += 2;
          continue;
        }
        break;
      }
      if (quote == '"' && c == '\\') Decline();
      value += c;
      ++i;
    }
    *end = i + 1;
    return value;
  }

  // A plain scalar at the start of `text`, up to a comment or the end (or, in a flow list,
  // a comma or the closing bracket); `end` is set past it.
  static std::string_view Plain(std::string_view text, bool in_flow, std::size_t* end) {
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '#' && i > 0 && text[i - 1] == ' ') break;
      if (c == ':' && (IsSpaceOrEnd(text, i + 1) || in_flow)) Decline();
      if (in_flow && (c == ',' || c == ']')) break;
      if (c == '[' || c == ']' || c == '{' || c == '}') Decline();
      // In a flow list, only what list items of names and paths are made of.
      if (in_flow && !IsFlowPlainChar(c)) Decline();
    }
    std::string_view plain = text.substr(0, i);
    const std::size_t last = plain.find_last_not_of(' ');
    if (last == std::string_view::npos) Decline();
    *end = last + 1;
    return plain.substr(0, last + 1);
  }

  // `[a, "b", 'c']` on one line.
  void FlowList(std::string_view text, int column) {
    handler_.OnSequenceStart(MarkAt(current_, column), "?", YAML::NullAnchor,
                             YAML::EmitterStyle::Flow);
    std::size_t i = 1;
    auto skip_spaces = [&] {
      while (i < text.size() && text[i] == ' ') ++i;
    };
    skip_spaces();
    if (i < text.size() && text[i] == ']') {
      ++i;
    } else {
      while (true) {
        if (i >= text.size()) Decline();
        const std::string_view item = text.substr(i);
        const YAML::Mark mark = MarkAt(current_, column + static_cast<int>(i));
        std::size_t end = 0;
        if (item[0] == '"' || item[0] == '\'') {
          std::string value = Quoted(item, &end);
          handler_.OnScalar(mark, "!", YAML::NullAnchor, value);
        } else {
          if (IsIndicator(item[0])) Decline();
          const std::string_view plain = Plain(item, /*in_flow=*/true, &end);
          if (IsNullWord(plain)) Decline();
          handler_.OnScalar(mark, "?", YAML::NullAnchor, std::string(plain));
        }
        i += end;
        skip_spaces();
        if (i >= text.size()) Decline();
        if (text[i] == ']') {
          ++i;
          break;
        }
        if (text[i] != ',') Decline();
        ++i;
        skip_spaces();
        if (i >= text.size() || text[i] == ']' || text[i] == ',') Decline();  // [a, ]
      }
    }
    Rest(text.substr(i));
    handler_.OnSequenceEnd();
  }

  std::string_view text_;
  YAML::EventHandler& handler_;
  std::vector<Line> lines_;
  std::size_t current_ = 0;
};

}  // namespace

bool ReadBlockYaml(std::string_view text, YAML::EventHandler& handler) {
  try {
    Reader(text, handler).Read();
    return true;
  } catch (const Declined&) {
    return false;
  }
}

}  // namespace infra_flash
