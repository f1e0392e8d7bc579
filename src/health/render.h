// render: a HealthReport as the `/health` comment (markdown) or as JSON. Pure. The
// comment starts with a hidden marker so that the flow finds and edits its own comment
// (first the "testing…" report, then the result) instead of posting another. Every cell
// is escaped (report/markdown.h): a service name or URL cannot break the table, open
// HTML, @mention anyone or forge the marker.
#pragma once

#include <string>
#include <string_view>

#include "health/health.h"

namespace infra_flash {

inline constexpr std::string_view kHealthMarker = "<!-- infra-flash:health -->";

// The heading says "All systems operational", "N of M services down" (and how many were
// not checked), "Testing M services…" while rows are pending, or that nothing is
// configured. Then, in a <details open> block whose summary is "Results: N/M healthy", the
// table Layer | Service | Domain | Status (the URL's host; the status with the probe's
// time), and a footer with the legend, the probe settings and the round's time (omitted
// while pending).
std::string RenderHealthMarkdown(const HealthReport& report);

// {"healthy": bool, "total", "up", "down", "not_checked", "elapsed_ms", "services":
// [{"layer", "name", "url", "state", "emoji", "status" (null when none), "detail",
// "elapsed_ms"}]}, pretty-printed, ending with a newline.
std::string RenderHealthJson(const HealthReport& report);

}  // namespace infra_flash
