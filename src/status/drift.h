// drift: the `drift` output of a drift scan, shared by /verify, push convergence and
// workflow_dispatch verify.
#pragma once

#include <string>

#include "run/results.h"

namespace infra_flash {

// A layer drifted when the scan found differences (kDrift; kHasChanges from a plan).
bool IsDrift(Outcome outcome);
// A layer the scan could not judge: it failed, timed out, was skipped or cancelled.
bool IsScanError(Outcome outcome);

// How many layers of a scan drifted, and how many could not be scanned.
struct DriftCounts {
  int drifted = 0;
  int errors = 0;
  int total = 0;
};
DriftCounts CountDrift(const RunResult& result);

// {"layer": true|false, …} in the result's order, names escaped as JSON requires.
std::string DriftJson(const RunResult& result);

}  // namespace infra_flash
