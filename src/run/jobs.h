// run/jobs: a verb on a set of layers -> the scheduler's jobs, and how many may run
// at once. Pure: no I/O.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "run/scheduler.h"
#include "run/steps.h"

namespace infra_flash {

// One job per named layer, in the config's order, each with its steps (BuildSteps)
// and its dependencies among the named layers. Errors: a name that is not a layer,
// any BuildSteps error, and two layers that would share one state key (each would
// overwrite the other's state; the fix is `{layer}` in the environment's state_key).
Result<std::vector<LayerJob>> PlanJobs(const Config& config, const std::vector<std::string>& layers,
                                       RunVerb verb, const StepContext& context);

// How many layers run at once: 1 for apply when run.sequential_apply is set;
// otherwise `requested` when above 0, else run.jobs when above 0, else `cores`
// (at least 1).
int EffectiveJobs(const RunConfig& run, RunVerb verb, int requested, unsigned cores);

}  // namespace infra_flash
