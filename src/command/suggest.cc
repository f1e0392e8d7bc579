#include "command/suggest.h"

#include <algorithm>
#include <array>

namespace infra_flash {
namespace {
constexpr std::size_t kMaxWord = 64;
}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b) {
  if (a.size() > kMaxWord || b.size() > kMaxWord) return std::max(a.size(), b.size());
  // Three rows of the dynamic-programming table: two back are needed for swaps.
  std::array<std::array<std::size_t, kMaxWord + 1>, 3> rows{};
  for (std::size_t j = 0; j <= b.size(); ++j) rows[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    auto& row = rows[i % 3];
    const auto& previous = rows[(i - 1) % 3];
    const auto& before_previous = rows[(i + 1) % 3];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before_previous[j - 2] + 1);
      }
    }
  }
  return rows[a.size() % 3][b.size()];
}

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
