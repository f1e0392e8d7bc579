// simulated_executor: a StepExecutor whose steps take a known time and end as
// told, against a Clock. With a FakeRunClock a whole run of hundreds of layers takes no
// real time and is exactly reproducible (tests of the scheduler, the benchmark's
// ratios); with SystemClock() it sleeps, to measure the scheduler's own overhead.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "run/executor.h"

namespace infra_flash::testing {

// A clock that moves only when told to (or when slept on).
class FakeRunClock final : public Clock {
 public:
  TimePoint Now() const override { return now_; }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(now_.time_since_epoch()));
  }
  void SleepFor(std::chrono::milliseconds duration) override { SleepUntil(now_ + duration); }
  void SleepUntil(TimePoint when) override {
    if (when > now_) now_ = when;
  }
  void Advance(Duration by) { now_ += by; }

 private:
  TimePoint now_{};
};

// How a simulated step behaves.
struct SimulatedStep {
  Duration duration{0};
  int exit_code = 0;
  std::string output;
  std::string stdout_data;  // for StepOutput::kPlanJson steps: the plan JSON
  std::string spawn_error;  // not empty: the program cannot be started (StepEnd::kSpawnFailed)
};

using StepBehaviour = std::function<SimulatedStep(const PlannedStep&)>;

class SimulatedExecutor final : public StepExecutor {
 public:
  struct Record {
    std::string layer;
    std::string step;
    Clock::TimePoint start;
    Clock::TimePoint end;
    StepEnd how = StepEnd::kExited;
  };

  SimulatedExecutor(Clock& clock, StepBehaviour behaviour);

  // An interrupt (as if infra-flash got `signal_number`) arriving at `when`.
  void InterruptAt(Clock::TimePoint when, int signal_number);
  // Time a cancelled step takes to stop (default: none).
  void set_stop_delay(Duration delay) { stop_delay_ = delay; }

  void Start(StepToken token, const PlannedStep& step, Duration timeout) override;
  WaitResult Wait() override;
  void CancelAll(int signal_number) override;

  // Every finished step, in completion order.
  const std::vector<Record>& records() const { return records_; }
  // The most steps that ran at the same time.
  int max_concurrent() const { return max_concurrent_; }

 private:
  struct Running {
    StepToken token;
    Record record;
    SimulatedStep result;
    Clock::TimePoint end;
    StepEnd how = StepEnd::kExited;
    int signal = 0;
  };

  Clock& clock_;
  StepBehaviour behaviour_;
  std::vector<Running> running_;
  std::vector<Record> records_;
  Clock::TimePoint interrupt_at_ = Clock::TimePoint::max();
  int interrupt_signal_ = 0;
  Duration stop_delay_{0};
  int max_concurrent_ = 0;
};

}  // namespace infra_flash::testing
