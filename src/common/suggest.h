// Edit distance for "did you mean …?" suggestions. The policies (how close is close
// enough, whether case matters) belong to the callers: config keys in
// config/suggest.h, comment words in command/suggest.h.
#pragma once

#include <cstddef>
#include <string_view>

namespace infra_flash {

// Words longer than this are never typos of ours.
inline constexpr std::size_t kMaxSuggestedWordLength = 64;

// Optimal string alignment distance (insert, delete, substitute, swap neighbours),
// byte-wise and case-sensitive. For a word longer than kMaxSuggestedWordLength it
// returns the longer length without computing anything.
std::size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace infra_flash
