// Small string helpers shared by the parsers. ASCII-only case folding on purpose:
// command words and keys are ASCII, and Unicode look-alikes must not fold into them.
#pragma once

#include <string>

#include <string_view>
#include <vector>
#include "common/result.h"

namespace infra_flash {

std::string_view Trim(std::string_view text);  // ASCII whitespace on both ends
std::string ToLowerAscii(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// Splits on `separator`, keeping empty pieces.
std::vector<std::string> Split(std::string_view text, char separator);
// Splits into lines on \n, dropping a trailing \r from each.
std::vector<std::string_view> SplitLines(std::string_view text);
std::string Join(const std::vector<std::string>& parts, std::string_view separator);
// Reads a whole file; an error naming the path and the reason when it cannot.
Result<std::string> ReadFile(const std::string& path);

// Bytes of the well-formed UTF-8 sequence at text[i] (1 for ASCII), or 0 when none
// starts there: a stray continuation byte, an overlong form, a UTF-16 surrogate
// (U+D800..U+DFFF, which a JSON "\udc00" escape decodes to), a code point past
// U+10FFFF, or a sequence cut short. GitHub refuses comment bodies holding any of them.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);

// `text` with every byte that starts no well-formed UTF-8 sequence replaced by U+FFFD.
// Valid JSON can still decode to such bytes (raw invalid bytes in a string, or a lone
// "\udc00" escape), and event fields end up in logs, outputs and comments that must be
// valid UTF-8.
std::string ValidUtf8(std::string text);

}  // namespace infra_flash
