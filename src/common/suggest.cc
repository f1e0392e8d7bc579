#include "common/suggest.h"

#include <algorithm>
#include <array>

namespace infra_flash {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  if (a.size() > kMaxSuggestedWordLength || b.size() > kMaxSuggestedWordLength)
    return std::max(a.size(), b.size());
  // Three rows of the dynamic-programming table: two back are needed for swaps.
  std::array<std::array<std::size_t, kMaxSuggestedWordLength + 1>, 3> rows{};
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

}  // namespace infra_flash
