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
#include "policy/plan_digest.h"
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
  bool keep_plan_json = false;      // keep each plan's `show -json` output (policy checks)
};

struct LayerRun {
  RunResult result;
  std::map<std::string, std::string> digests;    // layer -> "sha256:…" (plans that succeeded)
  std::map<std::string, std::string> plan_json;  // layer -> its plan JSON (keep_plan_json)
};

// Passes everything to `inner` and reads the plan JSON of `show -json` steps, which the
// scheduler only summarises: each plan's digest (policy/plan_digest.h) and, with
// `keep_json`, the JSON itself (for the policy checks).
class PlanJsonExecutor final : public StepExecutor {
 public:
  PlanJsonExecutor(StepExecutor& inner, bool keep_json) : inner_(inner), keep_json_(keep_json) {}

  void Start(StepToken token, const PlannedStep& step, Duration timeout) override {
    started_[token] = Started{step.layer, step.output == StepOutput::kPlanJson};
    inner_.Start(token, step, timeout);
  }

  WaitResult Wait() override {
    WaitResult result = inner_.Wait();
    for (const StepCompletion& completion : result.completions) Inspect(completion);
    return result;
  }

  void CancelAll(int signal) override { inner_.CancelAll(signal); }

  void TakeInto(LayerRun& run) {
    run.digests = std::move(digests_);
    run.plan_json = std::move(plan_json_);
  }

 private:
  void Inspect(const StepCompletion& completion) {
    auto it = started_.find(completion.token);
    if (it == started_.end()) return;
    if (!it->second.plan_json || completion.end != StepEnd::kExited || completion.exit_code != 0) {
      return;
    }
    Result<std::string> digest = PlanDigest(completion.stdout_data);
    if (!digest.ok()) return;
    digests_[it->second.layer] = *digest;
    if (keep_json_) plan_json_[it->second.layer] = completion.stdout_data;
  }

  struct Started {
    std::string layer;
    bool plan_json = false;
  };
  StepExecutor& inner_;
  bool keep_json_ = false;
  std::map<StepToken, Started> started_;
  std::map<std::string, std::string> digests_;
  std::map<std::string, std::string> plan_json_;
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
