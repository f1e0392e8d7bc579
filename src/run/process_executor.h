// run/process_executor: the real StepExecutor. Each step is spawned without a shell
// (posix_spawnp with its argv), in its layer's directory, in a process group of its
// own, with stdin from /dev/null and the step's variables added to our environment minus
// what children must not see: the GitHub token, INPUT_*, the runtime's tokens
// (run/child_environment.h; RunProcess's children, e.g. git, get the same).
// Output is read through pipes with poll() and kept within a budget (OutputCapture).
// A step past its timeout gets SIGTERM and, after a grace period, SIGKILL, both sent
// to its whole group, so provider plugins go with it; when a step's main process
// exits, anything left in its group is killed too: no child outlives its step.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "run/executor.h"
#include "run/output_capture.h"

namespace infra_flash {

class InterruptSignals;

struct ProcessOptions {
  std::size_t head_bytes = kDefaultHeadBytes;
  std::size_t tail_bytes = kDefaultTailBytes;
  Duration kill_grace = std::chrono::seconds(10);  // between SIGTERM and SIGKILL
  // Polled by Wait(); a signal read from it ends Wait() with interrupt_signal. May be
  // nullptr (nothing interrupts the run).
  InterruptSignals* interrupts = nullptr;
  // Called with the output of log steps as it is read, on the thread that waits for the
  // steps. Chunks of steps running at once interleave, so this is for one-step runs
  // (an e2e suite) that want their output shown live. May be empty.
  std::function<void(std::string_view data)> on_output;
};

std::unique_ptr<StepExecutor> MakeProcessExecutor(Clock& clock, ProcessOptions options);

struct ProcessOutput {
  StepEnd end = StepEnd::kExited;
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;  // capped like step output
  std::string error;        // when it could not start
};

// Runs one program to completion without a shell (e.g. `git diff --name-only REF`),
// stdout kept whole. Never fails: a program that cannot start is StepEnd::kSpawnFailed.
ProcessOutput RunProcess(const std::vector<std::string>& argv, const std::string& cwd,
                         Duration timeout);

}  // namespace infra_flash
