// budget: keeping text within GitHub's size limits. A comment body over 65,536
// characters is rejected, a step summary over 1 MiB too (not truncated): the dashboard
// measures in bytes, which is never less than GitHub's count of characters, so a body
// within budget here is within the limit there.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

inline constexpr std::size_t kCommentLimitBytes = 65'536;
// 1 MiB, less room for whatever else the step writes to its summary.
inline constexpr std::size_t kStepSummaryLimitBytes = (1u << 20) - (16u << 10);

// `text` in at most `max_bytes`: the middle is replaced by one visible line
//   "… ✂ 1,234 lines (56.7 KB) cut here; <where_full> …"
// keeping the head and the tail (a plan's resource list starts at the top and its
// summary line is at the bottom). Cuts fall on line ends where possible and never
// inside a UTF-8 character. Text that fits comes back unchanged; a budget too small
// for the note returns as much of the note as fits.
std::string CutMiddle(std::string_view text, std::size_t max_bytes, std::string_view where_full);

// The end of `text` in at most `max_bytes`: the beginning is replaced by the line
//   "… ✂ 1,234 lines (56.7 KB) cut here; <where_full> …"
// (for output whose last lines say how it ended: a test suite's summary). The cut
// falls on a line start where one is near, never inside a UTF-8 character. Text that
// fits comes back unchanged; a budget too small for the note returns as much of the
// note as fits.
std::string CutHead(std::string_view text, std::size_t max_bytes, std::string_view where_full);

// Splits `total` bytes among texts of the given sizes: a text that needs less than an
// equal share keeps all of it and the rest is shared among the others ("water
// filling"). The result has one allowance per size, each at most that size, summing
// to at most `total`.
std::vector<std::size_t> ShareBudget(const std::vector<std::size_t>& sizes, std::size_t total);

// The byte length of the longest prefix of `text` within `max_bytes` that does not
// end inside a UTF-8 character.
std::size_t Utf8PrefixLength(std::string_view text, std::size_t max_bytes);

}  // namespace infra_flash
