// process_run: the one wiring of a run with real processes, shared by the terminal
// commands (cli/local.cc) and the Action's flows (flow/layer_runner.cc): the tools
// checked on PATH, the scheduling from the config (jobs, step timeout), and a steady
// clock with the process executor wired to SIGTERM handling under the scheduler.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
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

namespace infra_flash {

// CheckTools against the PATH of our environment; the error names the missing tool.
Status CheckToolsOnPath(const std::vector<LayerJob>& jobs);

// Layers at once (the `jobs` request, else the config's, else the cores) and the step
// timeout of the config (at least a second).
SchedulerOptions SchedulingFor(const Config& config, RunVerb verb, int requested_jobs);

// A steady clock and the process executor; `interrupts` (may be null) is forwarded to
// the children so a cancelled run stops them and still reports truthfully.
class ProcessRun {
 public:
  // `on_output` (may be empty): see ProcessOptions::on_output.
  explicit ProcessRun(InterruptSignals* interrupts,
                      std::function<void(std::string_view data)> on_output = {});
  ~ProcessRun();
  ProcessRun(const ProcessRun&) = delete;
  ProcessRun& operator=(const ProcessRun&) = delete;

  Clock& clock() { return clock_; }
  StepExecutor& executor() { return *executor_; }

  // Runs `jobs` through `through` (a decorator of executor(), e.g. one that reads the
  // steps' output on its way past), or executor() itself when `through` is null.
  // `observer` may be null.
  RunResult Run(RunVerb verb, const std::vector<LayerJob>& jobs, const SchedulerOptions& scheduling,
                Masker& masker, RunObserver* observer, StepExecutor* through = nullptr);

 private:
  Clock& clock_ = SystemClock();
  std::unique_ptr<StepExecutor> executor_;
};

}  // namespace infra_flash
