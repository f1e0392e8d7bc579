#include "report/comment_body.h"

#include "report/budget.h"

namespace infra_flash {
namespace {

// The dashboard needs this much at least; a person's text beyond what it leaves is cut.
constexpr std::size_t kDashboardMinimumRoom = 16u << 10;

std::size_t FindAtLineStart(std::string_view body, std::string_view needle) {
  for (std::size_t at = body.find(needle); at != std::string_view::npos;
       at = body.find(needle, at + 1)) {
    if (at == 0 || body[at - 1] == '\n') return at;
  }
  return std::string_view::npos;
}

std::string EndingWithNewline(std::string text) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

}  // namespace

bool IsDashboardComment(std::string_view body) {
  return FindAtLineStart(body, kDashboardMarker) != std::string_view::npos;
}

std::optional<CommentParts> SplitDashboardComment(std::string_view body) {
  const std::size_t start = FindAtLineStart(body, kDashboardMarker);
  if (start == std::string_view::npos) return std::nullopt;
  CommentParts parts;
  parts.before = std::string(body.substr(0, start));
  std::size_t end = body.find(kDashboardEndMarker, start);
  if (end == std::string_view::npos) {
    parts.dashboard = std::string(body.substr(start));
    return parts;
  }
  end += kDashboardEndMarker.size();
  if (end < body.size() && body[end] == '\n') ++end;
  parts.dashboard = std::string(body.substr(start, end - start));
  parts.after = std::string(body.substr(end));
  return parts;
}

std::string ComposeDashboardComment(const Dashboard& dashboard, const CommentParts* existing,
                                    const RenderOptions& options) {
  RenderOptions render = options;
  render.surface = Surface::kComment;
  std::string before = existing != nullptr ? EndingWithNewline(existing->before) : "";
  std::string after = existing != nullptr ? existing->after : "";
  const std::size_t limit = RenderLimit(render);
  const std::size_t room_for_people =
      limit > kDashboardMinimumRoom ? limit - kDashboardMinimumRoom : limit / 4;
  if (before.size() + after.size() > room_for_people) {
    constexpr std::string_view kWhy = "cut by infra-flash to make room for the dashboard";
    const std::vector<std::size_t> shares =
        ShareBudget({before.size(), after.size()}, room_for_people);
    before = EndingWithNewline(CutMiddle(before, shares[0] > 0 ? shares[0] - 1 : 0, kWhy));
    after = CutMiddle(after, shares[1], kWhy);
  }
  render.reserved_bytes = before.size() + after.size();
  return before + RenderDashboard(dashboard, render) + after;
}

}  // namespace infra_flash
