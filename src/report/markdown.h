// markdown: how text that is not ours (branch names, commit messages, layer names,
// plan output, notes) enters the dashboard without changing its shape. Every function
// returns text that cannot break a table row, open HTML, @mention anyone, or forge
// one of the dashboard's hidden markers (`<!--` and `-->` are defused everywhere).
#pragma once

#include <string>
#include <string_view>

namespace infra_flash {

// Inline text, safe in a paragraph, a heading and a table cell: markdown punctuation
// and `|` are backslash-escaped, `<` `>` `&` become entities, `@` is followed by a
// zero-width space, newlines and control characters become spaces, bidirectional
// overrides are dropped.
std::string MarkdownText(std::string_view text);

enum class CodeContext { kInline, kTableCell };

// Our own sentences (notes, the next step, a health status) that quote commands and names
// in single backticks: each `…` pair becomes a code span (MarkdownCodeSpan, for `context`),
// the rest is MarkdownText. An unpaired backtick is escaped like any other punctuation.
std::string MarkdownTextWithCode(std::string_view text, CodeContext context = CodeContext::kInline);

// Text inside HTML (the <summary> of a <details>): entities, no mentions, one line.
std::string HtmlText(std::string_view text);

// A code span (rendered literally) whose backtick delimiter is longer than any run
// inside; in a table cell `|` is escaped as well, since GFM splits cells first.
std::string MarkdownCodeSpan(std::string_view text, CodeContext context = CodeContext::kInline);

// A fenced code block whose fence is longer than any backtick run in `text`; ANSI
// colour sequences and carriage returns are removed. Ends with a newline.
std::string MarkdownFence(std::string_view text);

// `text` with the HTML comment delimiters `<!--` and `-->` broken by a zero-width
// space, so nothing inside the dashboard can pose as one of its markers.
std::string DefuseCommentMarkers(std::string_view text);

}  // namespace infra_flash
