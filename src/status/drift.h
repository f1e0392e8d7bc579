// drift: the `drift` output of a drift scan, shared by /verify, push convergence and
// workflow_dispatch verify.
#pragma once

#include <string>

#include "run/results.h"

namespace infra_flash {

// A layer drifted when the scan found differences (kDrift; kHasChanges from a plan).
bool IsDrift(Outcome outcome);

// {"layer": true|false, …} in the result's order, names escaped as JSON requires.
std::string DriftJson(const RunResult& result);

}  // namespace infra_flash
