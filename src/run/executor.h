// run/executor: the seam between the scheduler and processes. The scheduler decides
// what runs when; a StepExecutor runs steps and reports how they ended. One real
// implementation spawns processes (process_executor.h); the tests and the benchmark
// have a simulated one (tests/support/simulated_executor.h) that runs steps of known
// durations against a fake clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "run/results.h"
#include "run/steps.h"

namespace infra_flash {

// Names a started step in its completion; the scheduler picks the values.
using StepToken = std::uint64_t;

struct StepCompletion {
  StepToken token = 0;
  StepEnd end = StepEnd::kExited;
  int exit_code = -1;  // when end is kExited
  int signal = 0;      // the signal that ended it, if one did
  Duration duration{0};
  std::string output;                   // captured (head and tail), NOT yet masked
  std::string stdout_data;              // the whole stdout of a StepOutput::kPlanJson step
  std::vector<std::string> mask_lines;  // output lines with ::add-mask::, for the Masker
  std::string error;                    // why it could not run, or what went wrong around it
};

struct WaitResult {
  std::vector<StepCompletion> completions;
  int interrupt_signal = 0;  // SIGINT/SIGTERM/SIGHUP received by infra-flash; 0: none
};

class StepExecutor {
 public:
  virtual ~StepExecutor() = default;
  // Starts `step`; how it ends is reported by a later Wait(). A step that cannot be
  // started completes with StepEnd::kSpawnFailed. A step running longer than
  // `timeout` is stopped and completes with StepEnd::kTimedOut.
  virtual void Start(StepToken token, const PlannedStep& step, Duration timeout) = 0;
  // Blocks until at least one step has completed or an interrupt arrived; returns
  // at once, empty, when nothing runs and nothing is pending.
  virtual WaitResult Wait() = 0;
  // Stops every running step: `signal` to it now, SIGKILL after the grace period.
  // They complete (through Wait) as StepEnd::kCancelled.
  virtual void CancelAll(int signal) = 0;
};

}  // namespace infra_flash
