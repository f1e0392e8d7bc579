#include "run/scheduler.h"

#include <signal.h>
#include <string.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <queue>
#include <utility>

namespace infra_flash {
namespace {

enum class Phase { kPending, kWaitingForLock, kRunning, kDone };

struct LayerState {
  std::vector<std::size_t> dependents;
  int unmet = 0;              // dependencies not yet ended well
  std::int64_t priority = 0;  // the longest chain of dependents, itself included
  Phase phase = Phase::kPending;
  std::size_t next_step = 0;
  Outcome so_far = Outcome::kSucceeded;  // what the layer is if the rest succeeds
  Clock::TimePoint started{};
};

// What one step's ending means for its layer.
struct Verdict {
  bool continues = false;  // the layer goes on to its next step
  Outcome outcome = Outcome::kFailed;
};

Verdict JudgeExit(ExitCodes codes, int exit_code) {
  switch (codes) {
    case ExitCodes::kZeroIsSuccess:
      if (exit_code == 0) return {true, Outcome::kSucceeded};
      break;
    case ExitCodes::kPlanChanges:
      if (exit_code == 0) return {true, Outcome::kNoChanges};
      if (exit_code == 2) return {true, Outcome::kHasChanges};
      break;
    case ExitCodes::kDrift:
      if (exit_code == 0) return {true, Outcome::kNoChanges};
      if (exit_code == 2) return {true, Outcome::kDrift};
      break;
  }
  return {false, Outcome::kFailed};
}

Verdict Judge(const PlannedStep& step, const StepCompletion& completion) {
  // An optional tool that is not there: the step did not run, and the layer goes on.
  if (completion.end == StepEnd::kSpawnFailed && step.optional) {
    return {true, Outcome::kSucceeded};
  }
  switch (completion.end) {
    case StepEnd::kExited:
      return JudgeExit(step.exit_codes, completion.exit_code);
    case StepEnd::kTimedOut:
      return {false, Outcome::kTimedOut};
    case StepEnd::kCancelled:
      return {false, Outcome::kCancelled};
    case StepEnd::kSignalled:
    case StepEnd::kSpawnFailed:
      break;
  }
  return {false, Outcome::kFailed};
}

std::string SignalName(int signal_number) {
  const char* abbreviation = ::sigabbrev_np(signal_number);
  return abbreviation ? std::string("SIG") + abbreviation
                      : "signal " + std::to_string(signal_number);
}

std::string Seconds(Duration duration) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(duration).count()) + " s";
}

// One line saying why a layer ended as it did, for the terminal and the dashboard.
std::string StepFailureReason(const StepResult& step, Duration timeout) {
  switch (step.end) {
    case StepEnd::kExited:
      return step.name + " failed (exit code " + std::to_string(step.exit_code) + ")";
    case StepEnd::kTimedOut:
      return step.name + " timed out after " + Seconds(timeout) + " and was stopped";
    case StepEnd::kCancelled:
      return "cancelled during " + step.name;
    case StepEnd::kSignalled:
      return step.name + " was killed by " + SignalName(step.signal);
    case StepEnd::kSpawnFailed:
      return step.name + " could not start: " + step.error;
  }
  return step.name + " failed";
}

class Scheduler {
 public:
  Scheduler(RunVerb verb, const std::vector<LayerJob>& jobs, StepExecutor& executor, Clock& clock,
            Masker& masker, const SchedulerOptions& options, RunObserver* observer)
      : jobs_(jobs),
        executor_(executor),
        clock_(clock),
        masker_(masker),
        options_(options),
        observer_(observer ? observer : &silent_),
        states_(jobs.size()) {
    result_.verb = verb;
    result_.layers.resize(jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i) result_.layers[i].layer = jobs[i].layer;
    BuildGraph();
    ComputePriorities();
  }

  RunResult Run() {
    const Clock::TimePoint started = clock_.Now();
    for (std::size_t i = 0; i < states_.size(); ++i) {
      if (states_[i].unmet == 0) ready_.push({states_[i].priority, -static_cast<long>(i)});
    }
    for (;;) {
      FillSlots();
      if (active_ == 0) break;
      WaitResult waited = executor_.Wait();
      if (waited.interrupt_signal != 0) OnInterrupt(waited.interrupt_signal);
      for (StepCompletion& completion : waited.completions) OnCompletion(completion);
    }
    AccountForUnstarted();
    MaskEverything();
    result_.duration = clock_.Now() - started;
    return std::move(result_);
  }

 private:
  void BuildGraph() {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < jobs_.size(); ++i) index.emplace(jobs_[i].layer, i);
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      for (const std::string& dependency : jobs_[i].depends_on) {
        auto it = index.find(dependency);
        if (it == index.end() || it->second == i) continue;  // outside the run: satisfied
        states_[it->second].dependents.push_back(i);
        ++states_[i].unmet;
      }
    }
  }

  // A layer's weight in the chains: its estimate, else the average estimate, else 1.
  std::vector<std::int64_t> Weights() const {
    std::int64_t known_total = 0;
    std::int64_t known = 0;
    for (const LayerJob& job : jobs_) {
      if (job.estimate.count() <= 0) continue;
      known_total += job.estimate.count();
      ++known;
    }
    const std::int64_t fallback = known > 0 ? std::max<std::int64_t>(1, known_total / known) : 1;
    std::vector<std::int64_t> weights;
    for (const LayerJob& job : jobs_) {
      weights.push_back(job.estimate.count() > 0 ? job.estimate.count() : fallback);
    }
    return weights;
  }

  // Longest chain of dependents, by a reverse topological order (Kahn's algorithm).
  // Layers in a cycle never become ready and keep priority 0.
  void ComputePriorities() {
    const std::vector<std::int64_t> weights = Weights();
    std::vector<int> unmet(states_.size());
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < states_.size(); ++i) {
      unmet[i] = states_[i].unmet;
      if (unmet[i] == 0) order.push_back(i);
    }
    for (std::size_t next = 0; next < order.size(); ++next) {
      for (std::size_t dependent : states_[order[next]].dependents) {
        if (--unmet[dependent] == 0) order.push_back(dependent);
      }
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      std::int64_t longest = 0;
      for (std::size_t dependent : states_[*it].dependents) {
        longest = std::max(longest, states_[dependent].priority);
      }
      states_[*it].priority = longest + weights[*it];
    }
  }

  void FillSlots() {
    const int slots = std::max(1, options_.jobs);
    while (!cancelled_ && active_ < slots && !ready_.empty()) {
      const std::size_t layer = static_cast<std::size_t>(-ready_.top().second);
      ready_.pop();
      StartLayer(layer);
    }
  }

  void StartLayer(std::size_t layer) {
    ++active_;
    states_[layer].started = clock_.Now();
    observer_->LayerStarted(jobs_[layer].layer);
    if (jobs_[layer].steps.empty()) {
      FinishLayer(layer, Outcome::kSucceeded, "");
      return;
    }
    StartStep(layer);
  }

  void StartStep(std::size_t layer) {
    LayerState& state = states_[layer];
    const PlannedStep& step = jobs_[layer].steps[state.next_step];
    if (step.lock == StepLock::kPluginCache) {
      if (plugin_cache_busy_) {
        state.phase = Phase::kWaitingForLock;
        lock_waiters_.push_back(layer);
        return;
      }
      plugin_cache_busy_ = true;
    }
    state.phase = Phase::kRunning;
    observer_->StepStarted(step);
    executor_.Start(layer, step, options_.step_timeout);
  }

  void ReleasePluginCache() {
    plugin_cache_busy_ = false;
    while (!lock_waiters_.empty()) {
      const std::size_t layer = lock_waiters_.front();
      lock_waiters_.pop_front();
      if (states_[layer].phase != Phase::kWaitingForLock) continue;
      StartStep(layer);
      return;
    }
  }

  StepResult MakeStepResult(const PlannedStep& step, StepCompletion& completion) {
    for (const std::string& line : completion.mask_lines) masker_.ConsumeAddMaskCommand(line);
    StepResult result;
    result.name = step.name;
    result.argv = step.argv;
    result.end = completion.end;
    result.exit_code = completion.exit_code;
    result.signal = completion.signal;
    result.duration = completion.duration;
    result.output = masker_.Mask(completion.output);
    result.error = masker_.Mask(completion.error);
    return result;
  }

  void ReadPlan(std::size_t layer, const StepCompletion& completion, StepResult& step) {
    Result<PlanSummary> summary = ParsePlanSummary(completion.stdout_data);
    if (summary.ok()) {
      result_.layers[layer].plan = std::move(summary).value();
    } else if (step.error.empty()) {
      step.error = "could not read the plan summary: " + summary.error().message;
    }
  }

  void OnCompletion(StepCompletion& completion) {
    const std::size_t layer = static_cast<std::size_t>(completion.token);
    LayerState& state = states_[layer];
    const PlannedStep& step = jobs_[layer].steps[state.next_step];
    if (step.lock == StepLock::kPluginCache) ReleasePluginCache();
    StepResult step_result = MakeStepResult(step, completion);
    const Verdict verdict = Judge(step, completion);
    if (verdict.continues && step.output == StepOutput::kPlanJson) {
      ReadPlan(layer, completion, step_result);
    }
    observer_->StepFinished(step, step_result);
    LayerResult& layer_result = result_.layers[layer];
    layer_result.steps.push_back(std::move(step_result));
    if (!verdict.continues) {
      FinishLayer(layer, verdict.outcome,
                  StepFailureReason(layer_result.steps.back(), options_.step_timeout));
      return;
    }
    if (step.exit_codes != ExitCodes::kZeroIsSuccess) state.so_far = verdict.outcome;
    if (++state.next_step < jobs_[layer].steps.size()) {
      if (cancelled_) {
        FinishLayer(layer, Outcome::kCancelled,
                    "cancelled after " + step.name + " (" + SignalName(result_.interrupt_signal) +
                        "); " + jobs_[layer].steps[state.next_step].name + " did not run");
        return;
      }
      StartStep(layer);
      return;
    }
    FinishLayer(layer, state.so_far, "");
  }

  void FinishLayer(std::size_t layer, Outcome outcome, std::string reason) {
    LayerState& state = states_[layer];
    if (state.phase == Phase::kRunning || state.phase == Phase::kWaitingForLock) --active_;
    state.phase = Phase::kDone;
    LayerResult& result = result_.layers[layer];
    result.outcome = outcome;
    result.reason = std::move(reason);
    result.duration = clock_.Now() - state.started;
    observer_->LayerFinished(result);
    if (!OutcomeAllowsDependents(outcome)) {
      if (outcome != Outcome::kCancelled) SkipDependents(layer);
      return;
    }
    for (std::size_t dependent : state.dependents) {
      if (--states_[dependent].unmet == 0 && states_[dependent].phase == Phase::kPending) {
        ready_.push({states_[dependent].priority, -static_cast<long>(dependent)});
      }
    }
  }

  void SkipDependents(std::size_t failed) {
    const std::string& name = jobs_[failed].layer;
    const std::string why =
        result_.layers[failed].outcome == Outcome::kTimedOut ? " timed out" : " failed";
    std::deque<std::size_t> queue(states_[failed].dependents.begin(),
                                  states_[failed].dependents.end());
    while (!queue.empty()) {
      const std::size_t layer = queue.front();
      queue.pop_front();
      if (states_[layer].phase != Phase::kPending) continue;
      states_[layer].phase = Phase::kDone;
      LayerResult& result = result_.layers[layer];
      result.outcome = Outcome::kSkipped;
      result.skipped_because = name;
      result.reason = "skipped because " + name + why;
      observer_->LayerFinished(result);
      queue.insert(queue.end(), states_[layer].dependents.begin(), states_[layer].dependents.end());
    }
  }

  void OnInterrupt(int signal_number) {
    if (cancelled_) {
      executor_.CancelAll(SIGKILL);  // asked twice: stop waiting for a graceful exit
      return;
    }
    cancelled_ = true;
    result_.interrupt_signal = signal_number;
    observer_->Interrupted(signal_number);
    executor_.CancelAll(signal_number);
    for (std::size_t layer = 0; layer < states_.size(); ++layer) {
      if (states_[layer].phase != Phase::kWaitingForLock) continue;
      FinishLayer(layer, Outcome::kCancelled,
                  "cancelled (" + SignalName(signal_number) + ") while waiting to run " +
                      jobs_[layer].steps[states_[layer].next_step].name);
    }
  }

  void AccountForUnstarted() {
    for (std::size_t layer = 0; layer < states_.size(); ++layer) {
      if (states_[layer].phase != Phase::kPending) continue;
      states_[layer].phase = Phase::kDone;
      LayerResult& result = result_.layers[layer];
      if (cancelled_) {
        result.outcome = Outcome::kCancelled;
        result.reason =
            "not started: the run was cancelled (" + SignalName(result_.interrupt_signal) + ")";
      } else {
        result.outcome = Outcome::kSkipped;
        result.reason = "not started: its dependencies form a cycle";
      }
      observer_->LayerFinished(result);
    }
  }

  // Secrets announced late (an ::add-mask:: in the last layer) are masked in the
  // output of layers that finished earlier too.
  void MaskEverything() {
    for (LayerResult& layer : result_.layers) {
      layer.reason = masker_.Mask(layer.reason);
      for (StepResult& step : layer.steps) {
        step.output = masker_.Mask(step.output);
        step.error = masker_.Mask(step.error);
      }
      if (!layer.plan) continue;
      for (ResourceChange& change : layer.plan->resources)
        change.address = masker_.Mask(change.address);
    }
  }

  const std::vector<LayerJob>& jobs_;
  StepExecutor& executor_;
  Clock& clock_;
  Masker& masker_;
  const SchedulerOptions options_;
  RunObserver silent_;
  RunObserver* observer_;
  std::vector<LayerState> states_;
  // (priority, -index): the highest priority first, then the earliest in the config.
  std::priority_queue<std::pair<std::int64_t, long>> ready_;
  int active_ = 0;  // layers running or waiting for the plugin cache
  bool plugin_cache_busy_ = false;
  std::deque<std::size_t> lock_waiters_;
  bool cancelled_ = false;
  RunResult result_;
};

}  // namespace

RunResult RunLayers(RunVerb verb, const std::vector<LayerJob>& jobs, StepExecutor& executor,
                    Clock& clock, Masker& masker, const SchedulerOptions& options,
                    RunObserver* observer) {
  return Scheduler(verb, jobs, executor, clock, masker, options, observer).Run();
}

}  // namespace infra_flash
