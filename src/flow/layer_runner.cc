#include "flow/layer_runner.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "policy/plan_digest.h"
#include "run/jobs.h"
#include "run/process_executor.h"
#include "run/run_clock.h"
#include "run/tools.h"

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
  const char* path_list = std::getenv("PATH");
  if (Status tools = CheckTools(*jobs, path_list ? path_list : ""); !tools.ok()) {
    return tools.error();
  }
  SteadyRunClock clock;
  ProcessOptions options;
  options.interrupts = interrupts;
  auto processes = MakeProcessExecutor(clock, options);
  DigestingExecutor executor(*processes);
  SchedulerOptions scheduling;
  scheduling.jobs = EffectiveJobs(config.run, request.verb, request.requested_jobs,
                                  std::thread::hardware_concurrency());
  scheduling.step_timeout = std::chrono::seconds(std::max(1, config.run.step_timeout_seconds));
  LayerRun run;
  run.result = RunLayers(request.verb, *jobs, executor, clock, masker, scheduling, observer);
  run.digests = executor.TakeDigests();
  return run;
}

}  // namespace infra_flash
