#include "run/run_clock.h"

#include <thread>

namespace infra_flash {

RunClock::TimePoint SteadyRunClock::Now() const { return std::chrono::steady_clock::now(); }

void SteadyRunClock::SleepUntil(TimePoint when) { std::this_thread::sleep_until(when); }

}  // namespace infra_flash
