// run/run_clock: the time source of the runner, behind a seam so that the scheduler
// runs against a fake clock in tests and benchmarks. SteadyRunClock is the one real
// clock. (Named apart from github/clock.h's Clock, whose interface differs: two classes
// named infra_flash::Clock in one binary would break the one-definition rule.)
#pragma once

#include <chrono>

namespace infra_flash {

class RunClock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~RunClock() = default;
  virtual TimePoint Now() const = 0;
  // Returns at or after `when` (at once when it has passed).
  virtual void SleepUntil(TimePoint when) = 0;
};

class SteadyRunClock final : public RunClock {
 public:
  TimePoint Now() const override;
  void SleepUntil(TimePoint when) override;
};

}  // namespace infra_flash
