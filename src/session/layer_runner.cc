#include "session/layer_runner.h"

#include "policy/plan_digest.h"
#include "run/jobs.h"
#include "run/process_run.h"

namespace infra_flash {

Result<LayerRun> RunLayersWithProcesses(const Config& config, const LayerRunRequest& request,
                                        Masker& masker, InterruptSignals* interrupts,
                                        RunObserver* observer) {
  Result<std::vector<LayerJob>> jobs =
      PlanJobs(config, request.layers, request.verb, request.context);
  if (!jobs.ok()) return jobs.error();
  if (Status tools = CheckToolsOnPath(*jobs); !tools.ok()) return tools.error();
  ProcessRun processes(interrupts);
  PlanJsonExecutor executor(processes.executor(), request.keep_plan_json);
  LayerRun run;
  run.result = processes.Run(request.verb, *jobs,
                             SchedulingFor(config, request.verb, request.requested_jobs), masker,
                             observer, &executor);
  executor.TakeInto(run);
  return run;
}

Result<LayerRun> RunLayersThrough(StepExecutor& inner, Clock& clock, const Config& config,
                                  const LayerRunRequest& request, Masker& masker,
                                  RunObserver* observer) {
  Result<std::vector<LayerJob>> jobs =
      PlanJobs(config, request.layers, request.verb, request.context);
  if (!jobs.ok()) return jobs.error();
  PlanJsonExecutor executor(inner, request.keep_plan_json);
  LayerRun run;
  run.result = RunLayers(request.verb, *jobs, executor, clock, masker,
                         SchedulingFor(config, request.verb, request.requested_jobs), observer);
  executor.TakeInto(run);
  return run;
}

Result<LayerRun> RunLayersFor(FlowContext& context, const Config& config,
                              const LayerRunRequest& request, RunObserver* observer) {
  if (context.processes != nullptr) {
    return RunLayersThrough(*context.processes, *context.clock, config, request, context.masker,
                            observer);
  }
  return RunLayersWithProcesses(config, request, context.masker, context.interrupts, observer);
}

}  // namespace infra_flash
