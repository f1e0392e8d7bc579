// run/results: what a run did, as plain data for the dashboard, the terminal and the
// exit status. Every layer of a run has exactly one LayerResult, whatever happened:
// a cancelled or failed run still accounts for each layer truthfully.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "run/plan_summary.h"
#include "run/steps.h"

namespace infra_flash {

enum class Outcome {
  kSucceeded,   // every step exited 0 (ci, apply, destroy)
  kNoChanges,   // plan or verify: nothing to do
  kHasChanges,  // plan: changes to review
  kDrift,       // verify: the infrastructure differs from the code
  kFailed,      // a step failed (or could not start)
  kSkipped,     // not run because a layer it depends on failed
  kCancelled,   // infra-flash was interrupted before or while running it
  kTimedOut,    // a step ran past the step timeout and was stopped
};

const char* OutcomeName(Outcome outcome);  // "succeeded", "no_changes", ..., "timed_out"
// True for the outcomes after which dependents may run.
bool OutcomeAllowsDependents(Outcome outcome);

// How a step ended.
enum class StepEnd {
  kExited,       // it exited by itself; see exit_code
  kTimedOut,     // stopped after the step timeout
  kCancelled,    // stopped because infra-flash was interrupted
  kSignalled,    // killed by a signal nobody here sent
  kSpawnFailed,  // never started; see error
};

using Duration = std::chrono::nanoseconds;

struct StepResult {
  std::string name;  // "init", "plan", ..., "run"
  std::vector<std::string> argv;
  StepEnd end = StepEnd::kExited;
  int exit_code = -1;  // when kExited
  int signal = 0;      // the signal that ended it, if any
  Duration duration{0};
  std::string output;  // masked; head and tail kept when long
  std::string error;   // infra-flash's own explanation (spawn failure, unreadable plan), masked
};

struct LayerResult {
  std::string layer;
  Outcome outcome = Outcome::kCancelled;
  std::vector<StepResult> steps;    // the steps that ran, in order
  std::optional<PlanSummary> plan;  // from `show -json`, when the layer has one
  std::string skipped_because;      // the failed layer that caused a skip
  std::string reason;               // one line for people: "skipped because bootstrap failed"
  Duration duration{0};
};

struct RunResult {
  RunVerb verb = RunVerb::kPlan;
  std::vector<LayerResult> layers;  // in the order the layers were given
  int interrupt_signal = 0;         // SIGINT/SIGTERM received, else 0
  Duration duration{0};
};

// 0 when every layer succeeded (changes included); 2 for verify when drift was found
// and nothing failed; 1 when any layer failed, timed out, was skipped or cancelled.
int RunExitCode(const RunResult& result);

}  // namespace infra_flash
