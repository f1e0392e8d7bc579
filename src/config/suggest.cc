#include "config/suggest.h"

#include <algorithm>

#include "common/strings.h"
#include "common/suggest.h"

namespace infra_flash {

// Long words tolerate more typos (a third of their length); very long input is not a
// typo of a short key at all.
std::string ClosestIgnoringCase(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > kMaxSuggestedWordLength) return "";
  const std::string lowered = ToLowerAscii(word);
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    if (candidate.size() > kMaxSuggestedWordLength) continue;
    std::size_t distance = EditDistance(lowered, ToLowerAscii(candidate));
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best = ClosestIgnoringCase(word, candidates);
  return best.empty() ? "" : " did you mean `" + best + "`?";
}

}  // namespace infra_flash
