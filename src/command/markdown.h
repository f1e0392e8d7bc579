// markdown: the only way text from a comment (or the config) reaches a reply. It is
// shown as inline code, which GitHub renders literally: no @mentions, no HTML, no
// links. Backticks that would close the span early, control characters, invisible
// and bidirectional marks and broken UTF-8 are replaced, and long text is cut.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

// `text` as a code span safe to post. Empty text is shown as `""`.
std::string Code(std::string_view text);

// The same, for a cell of a markdown table: `|` is escaped as well.
std::string CodeCell(std::string_view text);

// "`a`, `b`, `c`", or "`a`, `b` and 3 more" past `max_items`; "(none)" when empty.
std::string CodeList(const std::vector<std::string>& items, std::size_t max_items = 30);

// True for the zero-width, line-separating and bidirectional formatting characters
// (U+200B..U+200F, U+2028..U+202E, U+2060..U+2069, U+061C, U+FEFF) that can make a line read
// differently from what it is; `text` starts with the character's UTF-8 bytes.
// Sets `length` to the bytes it takes.
bool StartsWithInvisibleMark(std::string_view text, std::size_t& length);

}  // namespace infra_flash
