#include "command/suggest.h"

namespace infra_flash {

std::size_t TypoBudget(std::string_view word) {
  if (word.size() < 3) return 0;
  return word.size() <= 4 ? 1 : 2;
}

std::optional<std::string_view> ClosestMatch(std::string_view word,
                                             const std::vector<std::string_view>& candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = TypoBudget(word) + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = EditDistance(word, candidate);
    if (distance == 0) return std::nullopt;
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace infra_flash
