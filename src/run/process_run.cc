#include "run/process_run.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

#include "run/jobs.h"
#include "run/process_executor.h"
#include "run/tools.h"

namespace infra_flash {

Status CheckToolsOnPath(const std::vector<LayerJob>& jobs) {
  const char* path_list = std::getenv("PATH");
  return CheckTools(jobs, path_list != nullptr ? path_list : "");
}

SchedulerOptions SchedulingFor(const Config& config, RunVerb verb, int requested_jobs) {
  SchedulerOptions scheduling;
  scheduling.jobs =
      EffectiveJobs(config.run, verb, requested_jobs, std::thread::hardware_concurrency());
  scheduling.step_timeout = std::chrono::seconds(std::max(1, config.run.step_timeout_seconds));
  return scheduling;
}

ProcessRun::ProcessRun(InterruptSignals* interrupts,
                       std::function<void(std::string_view data)> on_output) {
  ProcessOptions options;
  options.interrupts = interrupts;
  options.on_output = std::move(on_output);
  executor_ = MakeProcessExecutor(clock_, options);
}

ProcessRun::~ProcessRun() = default;

RunResult ProcessRun::Run(RunVerb verb, const std::vector<LayerJob>& jobs,
                          const SchedulerOptions& scheduling, Masker& masker, RunObserver* observer,
                          StepExecutor* through) {
  StepExecutor& executor = through != nullptr ? *through : *executor_;
  return RunLayers(verb, jobs, executor, clock_, masker, scheduling, observer);
}

}  // namespace infra_flash
