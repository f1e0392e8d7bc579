// clock: the time seam. The runner's scheduler and timeouts, the GitHub client's backoff
// and rate-limit waits and the dashboard's write coalescing all ask a Clock instead of
// the system, so that tests run an hour of layers or a minute of backoff in microseconds
// (fakes that advance when slept on) and stay deterministic. SystemClock() is the one
// real clock.
#pragma once

#include <chrono>

namespace infra_flash {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  // Monotonic time, for intervals, deadlines and budgets.
  virtual TimePoint Now() const = 0;
  // Calendar time, for the epoch seconds GitHub sends in `x-ratelimit-reset`.
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
  // Blocks for `duration`; zero or negative returns at once.
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
  // Returns at or after `when` (at once when it has passed).
  virtual void SleepUntil(TimePoint when) = 0;
};

// The process-wide real clock.
Clock& SystemClock();

}  // namespace infra_flash
