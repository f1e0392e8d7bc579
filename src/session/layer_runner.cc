#include "session/layer_runner.h"

#include "policy/plan_digest.h"
#include "run/jobs.h"
#include "run/process_run.h"

namespace infra_flash {
namespace {

// Passes everything to the real executor and reads the plan JSON of `show -json`
// steps, which the scheduler only summarises.
class DigestingExecutor final : public StepExecutor {
 public:
  explicit DigestingExecutor(StepExecutor& inner) : inner_(inner) {}

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

  std::map<std::string, std::string> TakeDigests() { return std::move(digests_); }

 private:
  void Inspect(const StepCompletion& completion) {
    auto it = started_.find(completion.token);
    if (it == started_.end()) return;
    if (!it->second.plan_json || completion.end != StepEnd::kExited || completion.exit_code != 0) {
      return;
    }
    Result<std::string> digest = PlanDigest(completion.stdout_data);
    if (digest.ok()) digests_[it->second.layer] = *digest;
  }

  struct Started {
    std::string layer;
    bool plan_json = false;
  };
  StepExecutor& inner_;
  std::map<StepToken, Started> started_;
  std::map<std::string, std::string> digests_;
};

}  // namespace

Result<LayerRun> RunLayersWithProcesses(const Config& config, const LayerRunRequest& request,
                                        Masker& masker, InterruptSignals* interrupts,
                                        RunObserver* observer) {
  Result<std::vector<LayerJob>> jobs =
      PlanJobs(config, request.layers, request.verb, request.context);
  if (!jobs.ok()) return jobs.error();
  if (Status tools = CheckToolsOnPath(*jobs); !tools.ok()) return tools.error();
  ProcessRun processes(interrupts);
  DigestingExecutor executor(processes.executor());
  LayerRun run;
  run.result = processes.Run(request.verb, *jobs,
                             SchedulingFor(config, request.verb, request.requested_jobs), masker,
                             observer, &executor);
  run.digests = executor.TakeDigests();
  return run;
}

Result<LayerRun> RunLayersThrough(StepExecutor& inner, Clock& clock, const Config& config,
                                  const LayerRunRequest& request, Masker& masker,
                                  RunObserver* observer) {
  Result<std::vector<LayerJob>> jobs =
      PlanJobs(config, request.layers, request.verb, request.context);
  if (!jobs.ok()) return jobs.error();
  DigestingExecutor executor(inner);
  LayerRun run;
  run.result = RunLayers(request.verb, *jobs, executor, clock, masker,
                         SchedulingFor(config, request.verb, request.requested_jobs), observer);
  run.digests = executor.TakeDigests();
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
