#include "report/budget.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <optional>

namespace infra_flash {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The smallest position at or after `position` that starts a UTF-8 character.
std::size_t Utf8SuffixStart(std::string_view text, std::size_t position) {
  while (position < text.size() && IsContinuationByte(text[position])) ++position;
  return position;
}

std::string WithThousands(std::size_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

std::string Size(std::size_t bytes) {
  char text[32];
  if (bytes < 1000) return std::to_string(bytes) + " bytes";
  std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1000.0);
  return text;
}

std::string CutNote(std::size_t lines, std::size_t bytes, std::string_view where_full) {
  std::string note = "… ✂ " + WithThousands(lines) + (lines == 1 ? " line" : " lines") + " (" +
                     Size(bytes) + ") cut here";
  if (!where_full.empty()) note += "; " + std::string(where_full);
  return note + " …\n";
}

}  // namespace

std::size_t Utf8PrefixLength(std::string_view text, std::size_t max_bytes) {
  if (max_bytes >= text.size()) return text.size();
  std::size_t end = max_bytes;
  while (end > 0 && IsContinuationByte(text[end])) --end;
  return end;
}

namespace {

// How many bytes of `text` a cut to `max_bytes` keeps beside its note, or nullopt when
// there is room for the note alone (then `note_only` is what to return). The note's
// length depends on the numbers in it: reserve the widest it can be ("999 bytes" is
// longer than "1.0 KB", hence the slack) and a newline before it.
std::optional<std::size_t> KeptBytes(std::string_view text, std::size_t max_bytes,
                                     std::string_view where_full, std::string& note_only) {
  const std::size_t reserved = CutNote(text.size(), text.size(), where_full).size() + 8;
  if (max_bytes > reserved + 2) return max_bytes - reserved;
  const std::string short_note =
      CutNote(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')), text.size(),
              where_full);
  note_only = short_note.substr(0, Utf8PrefixLength(short_note, max_bytes));
  return std::nullopt;
}

}  // namespace

std::string CutMiddle(std::string_view text, std::size_t max_bytes, std::string_view where_full) {
  if (text.size() <= max_bytes) return std::string(text);
  std::string note_only;
  const std::optional<std::size_t> kept = KeptBytes(text, max_bytes, where_full, note_only);
  if (!kept) return note_only;
  const std::size_t keep = *kept;
  std::size_t head_end = Utf8PrefixLength(text, keep / 2 + keep % 2);
  std::size_t tail_start = Utf8SuffixStart(text, text.size() - keep / 2);
  // Prefer whole lines when a line end is near the cut.
  if (std::size_t newline = text.rfind('\n', head_end == 0 ? 0 : head_end - 1);
      newline != std::string_view::npos && newline + 1 >= head_end / 2 && newline < head_end) {
    head_end = newline + 1;
  }
  if (std::size_t newline = text.find('\n', tail_start == 0 ? 0 : tail_start - 1);
      newline != std::string_view::npos &&
      newline + 1 <= tail_start + (text.size() - tail_start) / 2) {
    tail_start = std::max(tail_start, newline + 1);
  }
  const std::string_view removed = text.substr(head_end, tail_start - head_end);
  std::string out(text.substr(0, head_end));
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += CutNote(static_cast<std::size_t>(std::count(removed.begin(), removed.end(), '\n')),
                 removed.size(), where_full);
  out += text.substr(tail_start);
  return out;
}

std::string CutHead(std::string_view text, std::size_t max_bytes, std::string_view where_full) {
  if (text.size() <= max_bytes) return std::string(text);
  std::string note_only;
  const std::optional<std::size_t> kept = KeptBytes(text, max_bytes, where_full, note_only);
  if (!kept) return note_only;
  const std::size_t keep = *kept;
  std::size_t start = Utf8SuffixStart(text, text.size() - keep);
  // Prefer whole lines when a line start is near the cut.
  if (std::size_t newline = text.find('\n', start == 0 ? 0 : start - 1);
      newline != std::string_view::npos && newline + 1 <= start + keep / 2) {
    start = std::max(start, newline + 1);
  }
  const std::string_view removed = text.substr(0, start);
  return CutNote(static_cast<std::size_t>(std::count(removed.begin(), removed.end(), '\n')),
                 removed.size(), where_full) +
         std::string(text.substr(start));
}

std::vector<std::size_t> ShareBudget(const std::vector<std::size_t>& sizes, std::size_t total) {
  std::vector<std::size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return sizes[a] < sizes[b]; });
  std::vector<std::size_t> allowance(sizes.size(), 0);
  std::size_t remaining = total;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::size_t share = remaining / (order.size() - i);
    allowance[order[i]] = std::min(sizes[order[i]], share);
    remaining -= allowance[order[i]];
  }
  return allowance;
}

}  // namespace infra_flash
