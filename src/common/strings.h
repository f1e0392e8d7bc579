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

}  // namespace infra_flash
