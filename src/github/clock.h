// clock: the time seam. Retry backoff, rate-limit waits and the dashboard's write
// coalescing all ask a Clock instead of the system, so that tests run a minute of
// backoff in microseconds (a fake that advances on SleepFor) and stay deterministic.
#pragma once

#include <chrono>

namespace infra_flash {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time, for intervals and budgets.
  virtual std::chrono::steady_clock::time_point Now() const = 0;
  // Calendar time, for the epoch seconds GitHub sends in `x-ratelimit-reset`.
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
  // Blocks for `duration` (a fake clock just advances). Negative durations return at once.
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
};

// The process-wide real clock.
Clock& SystemClock();

}  // namespace infra_flash
