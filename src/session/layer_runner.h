// layer_runner: one verb on a set of layers with real processes, as the action's flows
// run it: jobs from the config (PlanJobs), then run/process_run.h (the wiring the
// terminal commands share: tools on PATH, scheduling, the process executor wired to
// SIGTERM handling) and, for plans, the digest of each layer's `show -json` (policy/plan_digest.h)
// caught on its way past, so that `/apply` can compare what it is about to apply with what was
// shown.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/mask.h"
#include "common/result.h"
#include "config/config.h"
#include "run/executor.h"
#include "run/interrupt.h"
#include "run/results.h"
#include "run/scheduler.h"
#include "run/steps.h"
#include "session/context.h"

namespace infra_flash {

struct LayerRunRequest {
  RunVerb verb = RunVerb::kPlan;
  std::vector<std::string> layers;  // dependency order
  StepContext context;              // environment, workspace root, extra args
  int requested_jobs = 0;           // 0: the config's, else the cores
};

struct LayerRun {
  RunResult result;
  std::map<std::string, std::string> digests;  // layer -> "sha256:…" (plans that succeeded)
};

// Errors are problems found before anything started (a bad step override, two layers
// sharing a state key, a tool missing from PATH); the message names them. `interrupts`
// and `observer` may be null.
Result<LayerRun> RunLayersWithProcesses(const Config& config, const LayerRunRequest& request,
                                        Masker& masker, InterruptSignals* interrupts,
                                        RunObserver* observer);

// The same through `executor` on `clock`: the Processes seam, for tests that run a
// command's steps in memory (tests/support/simulated_executor.h). No tool is looked up
// on PATH.
Result<LayerRun> RunLayersThrough(StepExecutor& executor, Clock& clock, const Config& config,
                                  const LayerRunRequest& request, Masker& masker,
                                  RunObserver* observer);

// `request` over `config`'s layers with the context's processes: real ones, or the
// executor a test handed in (FlowContext::processes, on FlowContext::clock).
Result<LayerRun> RunLayersFor(FlowContext& context, const Config& config,
                              const LayerRunRequest& request, RunObserver* observer);

}  // namespace infra_flash
