#include "command/command_line.h"

#include "common/strings.h"

namespace infra_flash {
namespace {

// Walks a body line by line without copying it or splitting it all up front.
class LineCursor {
 public:
  explicit LineCursor(std::string_view body) : body_(body) {}

  bool Done() const { return pos_ > body_.size(); }

  // The next line, without its terminator.
  std::string_view Next() {
    std::size_t end = pos_;
    while (end < body_.size() && body_[end] != '\n' && body_[end] != '\r') ++end;
    std::string_view line = body_.substr(pos_, end - pos_);
    if (end < body_.size() && body_[end] == '\r' && end + 1 < body_.size() &&
        body_[end + 1] == '\n') {
      ++end;
    }
    pos_ = end + 1;
    return line;
  }

  // The next line with text on it, trimmed; empty when there is none.
  std::string_view NextNonEmpty() {
    while (!Done()) {
      std::string_view line = Trim(Next());
      if (!line.empty()) return line;
    }
    return {};
  }

 private:
  std::string_view body_;
  std::size_t pos_ = 0;
};

std::size_t LeadingRun(std::string_view text, char c) {
  std::size_t n = 0;
  while (n < text.size() && text[n] == c) ++n;
  return n;
}

std::size_t TrailingRun(std::string_view text, char c) {
  std::size_t n = 0;
  while (n < text.size() && text[text.size() - 1 - n] == c) ++n;
  return n;
}

// A CommonMark fence: three or more backticks or tildes, then an optional info
// string (```sh). Returns the run length, 0 when `line` is no fence.
std::size_t FenceOpening(std::string_view line) {
  for (char c : {'`', '~'}) {
    const std::size_t run = LeadingRun(line, c);
    if (run < 3) continue;
    // A backtick fence's info string may not contain backticks: "```/plan```" is an
    // inline code span, handled by UnwrapCodeSpan.
    if (c == '`' && line.substr(run).find('`') != std::string_view::npos) return 0;
    return run;
  }
  return 0;
}

bool IsFenceClosing(std::string_view line, char c, std::size_t opening_run) {
  return LeadingRun(line, c) == line.size() && line.size() >= opening_run;
}

// `/plan` or ``/plan`` -> /plan: only a span that wraps the whole line, so that
// "`/plan` `platform`" keeps its two code spans for the tokenizer.
std::string_view UnwrapCodeSpan(std::string_view line) {
  const std::size_t lead = LeadingRun(line, '`');
  const std::size_t trail = TrailingRun(line, '`');
  if (lead == 0 || lead != trail || lead * 2 >= line.size()) return line;
  std::string_view inner = line.substr(lead, line.size() - 2 * lead);
  if (inner.find('`') != std::string_view::npos) return line;
  return Trim(inner);
}

Following RestOf(LineCursor& cursor) {
  return cursor.NextNonEmpty().empty() ? Following::kNothing : Following::kMoreText;
}

CommandLine Finish(std::string_view line, Following following) {
  CommandLine result;
  result.following = following;
  if (line.size() > kMaxCommandLineBytes) {
    line = line.substr(0, kMaxCommandLineBytes);
    result.length = LineLength::kTooLong;
  }
  result.text = UnwrapCodeSpan(line);
  return result;
}

// The body of a fenced block: its one line, then the closing fence, then nothing.
CommandLine FromFence(LineCursor& cursor, char fence_char, std::size_t run) {
  std::string_view line = cursor.NextNonEmpty();
  if (line.empty() || IsFenceClosing(line, fence_char, run)) return CommandLine{};
  std::string_view after = cursor.NextNonEmpty();
  if (after.empty()) return Finish(line, Following::kNothing);  // unclosed: runs to the end
  if (!IsFenceClosing(after, fence_char, run)) return Finish(line, Following::kMoreText);
  return Finish(line, RestOf(cursor));
}

}  // namespace

CommandLine FindCommandLine(std::string_view body) {
  LineCursor cursor(body);
  std::string_view first = cursor.NextNonEmpty();
  if (first.empty()) return CommandLine{};
  const std::size_t fence = FenceOpening(first);
  if (fence > 0) return FromFence(cursor, first[0], fence);
  return Finish(first, RestOf(cursor));
}

}  // namespace infra_flash
