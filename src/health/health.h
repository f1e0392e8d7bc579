// health: `/health`. Probes every service of the config's `health:` list in parallel
// and reports one row per service (classify.h says what each answer means). URLs may
// use `${VAR}` (url_template.h); what the table shows of a URL is redacted
// (redaction.h) and masked (common/mask.h), so a credential in a URL never reaches a
// comment or a log. The probing goes through a Prober (prober.h); everything else here
// is data in, data out.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/mask.h"
#include "config/config.h"
#include "health/classify.h"
#include "health/prober.h"
#include "health/url_template.h"

namespace infra_flash {

struct ServiceHealth {
  std::string layer;  // may be empty
  std::string name;
  std::string url;  // for display: expanded, redacted, masked
  HealthState state = HealthState::kPending;
  int status = 0;                        // the HTTP status, when one arrived
  std::string detail;                    // "200", "timed out after 5 s", "`${X}` is not set…"
  std::chrono::milliseconds elapsed{0};  // this probe's time; 0 when not probed
};

struct HealthReport {
  std::vector<ServiceHealth> services;   // in config order
  std::chrono::milliseconds elapsed{0};  // wall time of the whole probe round
  ProbeOptions options;                  // as probed, for the footer

  int Count(Availability availability) const;
  int Count(HealthState state) const;
  // Every service up (healthy or auth required); true for an empty list.
  bool AllUp() const;
};

// The "testing…" report posted before probing: every row ⏳, except checks whose URL
// cannot be expanded, which are ⚙️ with the reason.
HealthReport PendingHealthReport(const std::vector<HealthCheck>& checks,
                                 const EnvironmentLookup& environment, const Masker& masker);

// Probes every check that can run and classifies the answers. Failure details from
// libcurl are masked too.
// `clock` times the whole check (HealthReport::elapsed).
HealthReport CheckHealth(const std::vector<HealthCheck>& checks, Prober& prober,
                         const ProbeOptions& options, const EnvironmentLookup& environment,
                         const Masker& masker, const Clock& clock);

}  // namespace infra_flash
