// comment_body: the dashboard's place inside a comment body. The dashboard is the
// region from its start marker (at the start of a line) to its end marker; text a
// person wrote before or after that region is theirs and is kept on every rewrite.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "report/render.h"
#include "status/dashboard.h"

namespace infra_flash {

inline constexpr std::string_view kDashboardMarker = "<!-- infra-flash:dashboard -->";
inline constexpr std::string_view kDashboardEndMarker = "<!-- /infra-flash:dashboard -->";
inline constexpr std::string_view kStateBlockStart = "<!-- infra-flash:state ";
inline constexpr std::string_view kNextStepMarker = "<!-- next-step -->";
inline constexpr std::string_view kNextStepEndMarker = "<!-- /next-step -->";

struct CommentParts {
  std::string before;     // a person's text above the dashboard
  std::string dashboard;  // ours, markers included
  std::string after;      // a person's text below it; empty when the end marker is lost
};

// True when `body` holds a dashboard: the start marker at the start of a line (a
// quoted copy, "> <!-- …", does not count).
bool IsDashboardComment(std::string_view body);

// nullopt when `body` holds no dashboard. A missing end marker (a damaged body) makes
// everything from the start marker ours: it is rebuilt.
std::optional<CommentParts> SplitDashboardComment(std::string_view body);

// The comment body for `dashboard`, keeping the person's text of `existing` (may be
// null). Within kCommentLimitBytes: the dashboard gets what their text leaves, and
// their text is cut from the middle only if it would leave the dashboard too little.
std::string ComposeDashboardComment(const Dashboard& dashboard, const CommentParts* existing,
                                    const RenderOptions& options = {});

}  // namespace infra_flash
