// run/scheduler: runs layers as a dependency graph. A layer starts once every layer
// it depends on (within this run) ended well; independent layers run in parallel, at
// most `jobs` at a time, preferring those with the longest chain of dependents behind
// them (by estimated duration when the jobs carry estimates, else by number of
// layers). Inside a layer the steps run in order and the first failing step ends it.
// A failed layer skips exactly its (transitive) dependents, naming itself as the
// reason; unrelated layers go on. Steps holding StepLock::kPluginCache never overlap.
//
// An interrupt (SIGINT/SIGTERM reported by the executor) is forwarded to every
// running step; nothing new starts; the run returns once they all stopped, with every
// layer accounted for: cancelled (running or waiting), or what it had become.
//
// Everything captured is masked before it leaves: `::add-mask::` values from any
// step's output, whatever the Masker already knows (configured env vars, the token)
// and credential shapes.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/mask.h"
#include "run/executor.h"
#include "run/results.h"
#include "run/steps.h"

namespace infra_flash {

struct LayerJob {
  std::string layer;
  std::vector<std::string> depends_on;  // layers of this run; others count as satisfied
  std::vector<PlannedStep> steps;
  // How long the layer is expected to take (e.g. its last run), or 0 when unknown.
  // Only the order of starting ready layers uses it; unknown layers count as the
  // average of the known ones (all alike when none is known).
  Duration estimate{0};
};

struct SchedulerOptions {
  int jobs = 1;  // layers at once; values below 1 mean 1
  Duration step_timeout = std::chrono::hours(1);
};

// Progress, for a live view. Called on the scheduler's thread, in event order.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void LayerStarted(const std::string& layer) { (void)layer; }
  virtual void StepStarted(const PlannedStep& step) { (void)step; }
  virtual void StepFinished(const PlannedStep& step, const StepResult& result) {
    (void)step;
    (void)result;
  }
  virtual void LayerFinished(const LayerResult& result) { (void)result; }
  virtual void Interrupted(int signal_number) { (void)signal_number; }
};

// Runs `jobs` (in that order in the result) and returns what happened to each.
// `observer` may be nullptr.
RunResult RunLayers(RunVerb verb, const std::vector<LayerJob>& jobs, StepExecutor& executor,
                    Clock& clock, Masker& masker, const SchedulerOptions& options,
                    RunObserver* observer);

}  // namespace infra_flash
