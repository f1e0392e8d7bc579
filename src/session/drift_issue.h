// drift_issue: a drift scan's report, kept in one GitHub issue per repository (label
// `infra-flash:drift`) so that drift is seen where work is tracked, not only in a job log:
//   - a scan of every layer that finds drift or an error opens the issue, with a table of
//     layer, environment and status, and a plan excerpt for each layer that drifted;
//   - the next scan updates that issue in place (never a second one);
//   - a scan that finds every layer in sync closes it, with a comment saying so.
// Only issues this token opened, with the report's marker, are edited: an issue someone
// else labels is never touched.
#pragma once

#include <string>

#include "common/result.h"
#include "config/config.h"
#include "github/api.h"
#include "run/results.h"

namespace infra_flash {

inline constexpr char kDriftLabel[] = "infra-flash:drift";

// One scan, as the report shows it.
struct DriftScan {
  const RunResult* result = nullptr;
  const Config* config = nullptr;
  std::string environment;  // the run's, for layers without one of their own
  std::string commit;       // full SHA of the scanned checkout, or ""
  std::string branch;       // "main"
  std::string run_url;      // this workflow run, or ""
  std::string when;         // ISO 8601 UTC
};

// The scan's table: Layer | Environment | Status, one row per layer. Markdown, for the
// issue and the step summary.
std::string DriftTable(const DriftScan& scan);

// The issue's body (within GitHub's 65,536 characters whatever the plans say).
std::string DriftIssueBody(const DriftScan& scan);

struct DriftIssueUpdate {
  enum class Action { kNone, kOpened, kUpdated, kClosed };
  Action action = Action::kNone;
  std::int64_t number = 0;
  std::string url;
};

// Opens, updates or closes the report for `scan` (see the top of this file). `author` is
// the login the token acts as ("" when GitHub would not say: the marker alone then
// identifies the report).
Result<DriftIssueUpdate> KeepDriftIssue(IssuesApi& issues, const std::string& author,
                                        const DriftScan& scan);

}  // namespace infra_flash
