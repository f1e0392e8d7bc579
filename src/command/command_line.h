// command_line: a whole comment body -> the one line that may be a command. Only
// this line is ever parsed, so work stays bounded however large the comment is.
//
// The command line is the first non-empty line, with surrounding whitespace and a
// wrapping code span (`/plan`, ```/plan```) trimmed. A fenced block holding one line
// (```\n/plan\n```) counts as that line. The caller decides what more text after the
// command line means (usually: the comment is prose, ignore it).
#pragma once

#include <cstddef>
#include <string_view>

namespace infra_flash {

// Longer first lines are cut here and reported, never parsed in full.
inline constexpr std::size_t kMaxCommandLineBytes = 4096;

enum class Following {
  kNothing,   // the command line stands alone (blank lines around it are fine)
  kMoreText,  // other non-empty lines follow it
};

enum class LineLength { kWithinLimit, kTooLong };

struct CommandLine {
  std::string_view text;  // empty when the comment is blank
  Following following = Following::kNothing;
  LineLength length = LineLength::kWithinLimit;  // kTooLong: `text` is cut
};

// Never fails: a body of only whitespace gives an empty `text`. Lines end at LF,
// CRLF or a lone CR, as in CommonMark.
CommandLine FindCommandLine(std::string_view body);

}  // namespace infra_flash
