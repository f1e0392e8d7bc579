// tokenizer: a command line -> words, split the way a POSIX shell splits them and
// nothing more. Quotes group ('a b', "a b"), a backslash escapes the next character,
// and a Markdown code span (`a b`) groups like single quotes, because people format
// names as code in comments. Nothing is expanded, substituted or executed: `$(x)`,
// `;`, `|` and `*` are plain characters of a word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace infra_flash {

// The words of `line`. Error (message in markdown, for a reply) when a quote or code
// span is not closed or the line ends in a lone backslash.
Result<std::vector<std::string>> SplitWords(std::string_view line);

// A word of the line before any quote handling, with where it ends in the line: the
// parser looks at the first few raw words to decide whether a comment is for us at
// all, before prose with an apostrophe ("don't") could fail to tokenize.
struct RawWord {
  std::string_view text;
  std::size_t end = 0;  // offset just past the word in the line
};

// Splits on spaces and tabs only.
std::vector<RawWord> SplitRawWords(std::string_view line);

}  // namespace infra_flash
