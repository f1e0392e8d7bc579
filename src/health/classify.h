// classify: what a probe's answer means for a service, and the legend that explains
// it. The rules, in order:
//   1. A status listed in the check's `expect` is healthy (✅), whatever it is. Without
//      `expect`, any 2xx is.
//   2. Otherwise the status falls in the first matching row of this table:
//        401, 403            🔒 auth required: the service answers and guards itself,
//                               as a protected service should; counts as up
//        404                 ❔ not found: the URL is wrong or the route is gone
//        other 1xx/2xx/3xx/4xx  ❔ unexpected answer (3xx: redirects are not followed,
//                               since a redirect to a login page is not "healthy")
//        429, 503            ⚠️ unavailable (overloaded, maintenance, throttled)
//        525, 526            ⚠️ TLS problem between the CDN and the origin (Cloudflare)
//        502, 504, 520–524   ❌ bad gateway / gateway timeout: the proxy is up, the
//                               service behind it is not
//        other 5xx           ❌ server error
//        anything else       ❔ unexpected answer
//   3. No answer at all: ⛔ (timed out, DNS failure, connection refused, TLS failure).
// Everything but ✅ and 🔒 counts as down.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "health/prober.h"

namespace infra_flash {

enum class HealthState {
  kHealthy,       // ✅
  kAuthRequired,  // 🔒 (up)
  kNotFound,      // ❔ 404
  kUnexpected,    // ❔ any other answer nobody expects
  kUnavailable,   // ⚠️ 503 / 429 / 525 / 526
  kBadGateway,    // ❌ 502 / 504 / 5xx
  kUnreachable,   // ⛔ timeout, DNS, refused, TLS
  kNotChecked,    // ⚙️ the check could not run (e.g. an unset ${VARIABLE} in its URL)
  kPending,       // ⏳ being probed
};

enum class Availability { kUp, kDown, kUnknown };

struct StateLegend {
  HealthState state;
  std::string_view emoji;
  std::string_view name;     // machine name, for JSON: "healthy", "auth_required", ...
  std::string_view meaning;  // the legend's words
  Availability availability;
};

// Every state, in legend order.
const std::vector<StateLegend>& HealthLegend();
const StateLegend& LegendOf(HealthState state);

struct Classification {
  HealthState state = HealthState::kUnexpected;
  std::string detail;  // "200", "401 auth required", "timed out after 5 s", ...
};

// `timeout` only words the detail of a timeout.
Classification ClassifyProbe(const ProbeOutcome& outcome, const std::vector<int>& expect,
                             std::chrono::milliseconds timeout);

}  // namespace infra_flash
