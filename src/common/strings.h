// Small string helpers shared by the parsers. ASCII-only case folding on purpose:
// command words and keys are ASCII, and Unicode look-alikes must not fold into them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"

namespace infra_flash {

// A map keyed by std::string that is looked up with a std::string_view, without building a
// string for the lookup.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

std::string_view Trim(std::string_view text);  // ASCII whitespace on both ends
std::string ToLowerAscii(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// True when `text` is not empty and holds only the ASCII digits 0-9 (no sign, no space).
bool IsDigits(std::string_view text);
// `text` up to its first \n, or all of it when it has none.
std::string_view FirstLine(std::string_view text);

// Whether `words` (an array or vector of strings) holds `word` exactly.
template <typename Words>
bool Contains(const Words& words, std::string_view word) {
  return std::any_of(std::begin(words), std::end(words),
                     [word](const auto& candidate) { return candidate == word; });
}

// Splits on `separator`, keeping empty pieces.
std::vector<std::string> Split(std::string_view text, char separator);
// The names in a list written by hand, such as an input's "a, b c": separated by commas
// and whitespace (spaces, tabs, line ends), empty pieces dropped.
std::vector<std::string> SplitNames(std::string_view text);
// Splits into lines on \n, dropping a trailing \r from each.
std::vector<std::string_view> SplitLines(std::string_view text);
std::string Join(const std::vector<std::string>& parts, std::string_view separator);
// Replaces every `needle` in `text` with `replacement`, left to right; the replacement's
// own text is not searched again. `needle` must not be empty.
void ReplaceAll(std::string& text, std::string_view needle, std::string_view replacement);
// Reads a whole file; an error naming the path and the reason when it cannot.
Result<std::string> ReadFile(const std::string& path);

// Commit SHAs (and SHA-256 digests) shortened for people. Comments, replies and logs show
// 7 hex digits, as git does; the release flow's messages (tags, deploys, configuration
// fingerprints) show 12.
inline constexpr std::size_t kShortShaDigits = 7;
inline constexpr std::size_t kLongShaDigits = 12;
// The first `digits` characters of `sha`; all of it when it is shorter.
std::string ShortSha(std::string_view sha, std::size_t digits = kShortShaDigits);

// How people see a layer's name: a target of a promoted layer ("app@prod", config/config.h)
// as "app · prod"; any other name unchanged.
std::string ShownLayerName(std::string_view name);
// The promoted layer a target's name is of ("app" for "app@prod"); "" for any other name.
std::string_view PromotedLayerOf(std::string_view name);
// True for a full commit SHA as git prints it: 40 lowercase hex digits.
bool IsFullSha(std::string_view sha);

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
