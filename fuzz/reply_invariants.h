// reply_invariants: what must hold for any markdown infra-flash posts on a PR, whatever
// text a commenter or a config author supplied. Used by the fuzz targets (comment,
// decision, help) and by tests/hostile. Header-only and free of our libraries, so that
// it checks the output without trusting the code that produced it.
//
// The promises checked (command/markdown.h makes them):
//   - the text is valid UTF-8 and holds no control character other than LF;
//   - no zero-width, line-separating or bidirectional mark appears anywhere;
//   - outside code spans and fenced blocks there is no @mention ("@name") and no HTML
//     ("<tag", "</tag", "<!--"): user text only ever reaches a reply inside a code span;
//   - it fits in one GitHub comment (65,536 characters).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace infra_flash::fuzzing {

inline constexpr std::size_t kMaxCommentCharacters = 65536;

// Bytes of the valid UTF-8 sequence at text[i], or 0 when it is malformed (overlong
// forms, surrogates and code points past U+10FFFF are malformed). Written apart from
// common/strings.h on purpose: an oracle must not share the code it judges.
inline std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = at(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (at(1) < low || at(1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((at(k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// U+061C, U+200B..U+200F, U+2028..U+202E, U+2060..U+2069, U+FEFF.
inline bool IsInvisibleMark(std::string_view text, std::size_t i, std::size_t length) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  if (length == 2) return at(0) == 0xD8 && at(1) == 0x9C;
  if (length != 3) return false;
  if (at(0) == 0xE2 && at(1) == 0x80) {
    return (at(2) >= 0x8B && at(2) <= 0x8F) || (at(2) >= 0xA8 && at(2) <= 0xAE);
  }
  if (at(0) == 0xE2 && at(1) == 0x81) return at(2) >= 0xA0 && at(2) <= 0xA9;
  return at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF;
}

inline bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

inline std::size_t RunOf(std::string_view text, std::size_t i, char c) {
  std::size_t n = 0;
  while (i + n < text.size() && text[i + n] == c) ++n;
  return n;
}

// Whether text[i] starts a line that is a fence (three or more backticks or tildes
// after at most three spaces); `fence` receives the fence run.
inline bool IsFenceLine(std::string_view text, std::size_t i, std::string& fence) {
  std::size_t spaces = RunOf(text, i, ' ');
  if (spaces > 3) return false;
  for (char c : {'`', '~'}) {
    const std::size_t run = RunOf(text, i + spaces, c);
    if (run >= 3) {
      fence.assign(run, c);
      return true;
    }
  }
  return false;
}

// What is wrong with `markdown`, or "" when it keeps every promise above.
inline std::string ReplyProblem(std::string_view markdown) {
  if (markdown.size() > 4 * kMaxCommentCharacters) return "longer than a GitHub comment";
  std::size_t characters = 0;
  for (std::size_t i = 0; i < markdown.size();) {
    const std::size_t length = Utf8SequenceLength(markdown, i);
    if (length == 0) return "invalid UTF-8 at byte " + std::to_string(i);
    const auto byte = static_cast<unsigned char>(markdown[i]);
    if ((byte < 0x20 && byte != '\n') || byte == 0x7F) {
      return "control character at byte " + std::to_string(i);
    }
    if (IsInvisibleMark(markdown, i, length)) return "invisible mark at byte " + std::to_string(i);
    i += length;
    ++characters;
  }
  if (characters > kMaxCommentCharacters) return "longer than a GitHub comment";

  bool line_start = true;
  std::string open_fence;  // non-empty inside a fenced block
  for (std::size_t i = 0; i < markdown.size();) {
    std::string fence;
    if (line_start && IsFenceLine(markdown, i, fence)) {
      if (open_fence.empty()) {
        open_fence = fence;
      } else if (fence[0] == open_fence[0] && fence.size() >= open_fence.size()) {
        open_fence.clear();
      }
      i = markdown.find('\n', i);
      if (i == std::string_view::npos) break;
      ++i;
      continue;
    }
    line_start = false;
    const char c = markdown[i];
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (!open_fence.empty()) {
      ++i;
      continue;
    }
    if (c == '\\' && i + 1 < markdown.size()) {  // an escaped character is literal
      i += 2;
      continue;
    }
    if (c == '`') {
      // A code span: a run of N backticks up to the next run of exactly N (CommonMark).
      // Only spans closed on the same line count: stricter than GitHub, never looser.
      const std::size_t run = RunOf(markdown, i, '`');
      const std::size_t line_end = std::min(markdown.find('\n', i), markdown.size());
      const std::string_view line = markdown.substr(0, line_end);
      std::size_t close = i + run;
      bool closed = false;
      while ((close = line.find('`', close)) != std::string_view::npos) {
        const std::size_t other = RunOf(line, close, '`');
        if (other == run) {
          closed = true;
          break;
        }
        close += other;
      }
      i = closed ? close + run : i + run;
      continue;
    }
    const bool after_word = i > 0 && IsAsciiAlnum(markdown[i - 1]);
    if (c == '@' && !after_word && i + 1 < markdown.size() && IsAsciiAlnum(markdown[i + 1])) {
      return "an @mention outside a code span at byte " + std::to_string(i);
    }
    if (c == '<' && i + 1 < markdown.size()) {
      const char next = markdown[i + 1];
      if (next == '/' || next == '!' || next == '?' || IsAsciiAlnum(next)) {
        return "HTML outside a code span at byte " + std::to_string(i);
      }
    }
    ++i;
  }
  return "";
}

}  // namespace infra_flash::fuzzing
