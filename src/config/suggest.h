// suggest: "did you mean …?" for a mistyped key, layer, verb or value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

// The candidate closest to `word` by edit distance (case-insensitive), or "" when none is
// close enough to be a plausible typo (distance at most 1 for short words, a third of the
// length for longer ones). Ties go to the earlier candidate.
std::string ClosestIgnoringCase(std::string_view word, const std::vector<std::string>& candidates);

// " did you mean `x`?" when ClosestIgnoringCase finds x, else "" — ready to append to a message.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace infra_flash
