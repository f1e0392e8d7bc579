// Waiting in tests for something another thread or process does. Poll the condition
// instead of sleeping a fixed time: the test goes on as soon as it holds, and the bound
// (far beyond what any machine needs) only keeps a broken run from hanging, so no test
// outcome depends on how fast the machine is.
#pragma once

#include <chrono>
#include <thread>

namespace infra_flash::testing {

inline constexpr std::chrono::seconds kWaitBound{240};

// Polls `condition` every `poll` until it holds or `bound` passes; returns whether it
// held. A condition that costs something (a request to a test server) polls slower.
template <typename Condition>
bool WaitUntil(Condition condition, std::chrono::steady_clock::duration bound = kWaitBound,
               std::chrono::milliseconds poll = std::chrono::milliseconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(poll);
  }
  return true;
}

}  // namespace infra_flash::testing
