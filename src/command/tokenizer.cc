#include "command/tokenizer.h"

#include <optional>

namespace infra_flash {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// One word being built; `started` because "" is a word too (an empty one).
struct Word {
  std::string text;
  bool started = false;
};

// Reads a quoted part opened by `quote` at line[pos]; appends its content to `word`.
// Returns the position after the closing quote, or nullopt when it is never closed.
std::optional<std::size_t> ReadQuoted(std::string_view line, std::size_t pos, Word& word) {
  const char quote = line[pos];
  word.started = true;
  for (std::size_t i = pos + 1; i < line.size(); ++i) {
    const char c = line[i];
    if (c == quote) return i + 1;
    // Inside double quotes a backslash escapes only what the shell lets it escape.
    if (quote == '"' && c == '\\' && i + 1 < line.size() &&
        (line[i + 1] == '"' || line[i + 1] == '\\')) {
      word.text += line[++i];
      continue;
    }
    word.text += c;
  }
  return std::nullopt;
}

Error UnclosedQuote(char quote) {
  if (quote == '`') {
    return Error{
        "a code span (opened by a backtick) is not closed. Close it, or quote the "
        "word with `'…'`."};
  }
  std::string shown = quote == '"' ? "`\"`" : "`'`";
  return Error{"a quote (" + shown + ") is not closed. Close it, or escape it with `\\`."};
}

}  // namespace

Result<std::vector<std::string>> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  Word word;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (IsBlank(c)) {
      if (word.started) words.push_back(std::move(word.text));
      word = Word{};
      ++i;
    } else if (c == '\'' || c == '"' || c == '`') {
      std::optional<std::size_t> next = ReadQuoted(line, i, word);
      if (!next) return UnclosedQuote(c);
      i = *next;
    } else if (c == '\\') {
      if (i + 1 >= line.size()) {
        return Error{"the line ends in a lone backslash (`\\`). Remove it or quote the word."};
      }
      word.text += line[i + 1];
      word.started = true;
      i += 2;
    } else {
      word.text += c;
      word.started = true;
      ++i;
    }
  }
  if (word.started) words.push_back(std::move(word.text));
  return words;
}

std::vector<RawWord> SplitRawWords(std::string_view line) {
  std::vector<RawWord> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsBlank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !IsBlank(line[i])) ++i;
    if (i > start) words.push_back({line.substr(start, i - start), i});
  }
  return words;
}

}  // namespace infra_flash
