// suggest: "did you mean …?" for near-misses of command words, bot names and layer
// names. Edit distance counts an adjacent swap as one edit, so `/paln` is one typo
// away from `/plan`, like `/aply` from `/apply`.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "common/suggest.h"  // EditDistance

namespace infra_flash {

// How many typos a word of this length may carry and still be recognised: none
// below 3 characters (too many short words are close to everything), 1 up to 4,
// then 2.
std::size_t TypoBudget(std::string_view word);

// The candidate closest to `word` within its typo budget (ties: the first), or
// nullopt. An exact match is not a suggestion and yields nullopt.
std::optional<std::string_view> ClosestMatch(std::string_view word,
                                             const std::vector<std::string_view>& candidates);

}  // namespace infra_flash
