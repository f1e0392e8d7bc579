#include "support/simulated_executor.h"

#include <algorithm>
#include <utility>

#include "run/output_capture.h"

namespace infra_flash::testing {

SimulatedExecutor::SimulatedExecutor(Clock& clock, StepBehaviour behaviour)
    : clock_(clock), behaviour_(std::move(behaviour)) {}

void SimulatedExecutor::InterruptAt(Clock::TimePoint when, int signal_number) {
  interrupt_at_ = when;
  interrupt_signal_ = signal_number;
}

void SimulatedExecutor::Start(StepToken token, const PlannedStep& step, Duration timeout) {
  const Clock::TimePoint now = clock_.Now();
  Running running{token, {step.layer, step.name, now, now}, behaviour_(step), now};
  if (!running.result.spawn_error.empty()) {
    running.how = StepEnd::kSpawnFailed;  // ends at once, as a failed exec does
  } else if (running.result.duration > timeout) {
    running.end = now + timeout;
    running.how = StepEnd::kTimedOut;
    running.signal = 15;
  } else {
    running.end = now + running.result.duration;
  }
  running_.push_back(std::move(running));
  max_concurrent_ = std::max(max_concurrent_, static_cast<int>(running_.size()));
}

WaitResult SimulatedExecutor::Wait() {
  WaitResult result;
  if (running_.empty()) return result;
  Clock::TimePoint next = Clock::TimePoint::max();
  for (const Running& running : running_) next = std::min(next, running.end);
  if (interrupt_at_ <= next) {
    clock_.SleepUntil(interrupt_at_);
    interrupt_at_ = Clock::TimePoint::max();
    result.interrupt_signal = interrupt_signal_;
    return result;
  }
  clock_.SleepUntil(next);
  const Clock::TimePoint now = clock_.Now();
  for (auto it = running_.begin(); it != running_.end();) {
    if (it->end > now) {
      ++it;
      continue;
    }
    StepCompletion completion;
    completion.token = it->token;
    completion.end = it->how;
    completion.exit_code = it->how == StepEnd::kExited ? it->result.exit_code : -1;
    completion.signal = it->signal;
    completion.duration = now - it->record.start;
    OutputCapture capture;
    capture.Append(it->result.output);
    completion.output = capture.Text();
    completion.mask_lines = capture.mask_lines();
    completion.stdout_data = std::move(it->result.stdout_data);
    if (it->how == StepEnd::kSpawnFailed) completion.error = it->result.spawn_error;
    it->record.end = now;
    it->record.how = it->how;
    records_.push_back(it->record);
    result.completions.push_back(std::move(completion));
    it = running_.erase(it);
  }
  return result;
}

void SimulatedExecutor::CancelAll(int signal_number) {
  const Clock::TimePoint stop = clock_.Now() + stop_delay_;
  for (Running& running : running_) {
    if (running.how == StepEnd::kCancelled) continue;
    running.how = StepEnd::kCancelled;
    running.signal = signal_number;
    running.end = std::min(running.end, stop);
  }
}

}  // namespace infra_flash::testing
