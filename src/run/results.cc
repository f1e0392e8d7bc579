#include "run/results.h"

#include <algorithm>
#include <array>
#include <utility>

namespace infra_flash {
namespace {

constexpr std::array<std::pair<Outcome, const char*>, 8> kOutcomeNames = {{
    {Outcome::kSucceeded, "succeeded"},
    {Outcome::kNoChanges, "no_changes"},
    {Outcome::kHasChanges, "has_changes"},
    {Outcome::kDrift, "drift"},
    {Outcome::kFailed, "failed"},
    {Outcome::kSkipped, "skipped"},
    {Outcome::kCancelled, "cancelled"},
    {Outcome::kTimedOut, "timed_out"},
}};

}  // namespace

const char* OutcomeName(Outcome outcome) {
  for (const auto& [value, name] : kOutcomeNames) {
    if (value == outcome) return name;
  }
  return "failed";
}

bool OutcomeAllowsDependents(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSucceeded:
    case Outcome::kNoChanges:
    case Outcome::kHasChanges:
    case Outcome::kDrift:
      return true;
    case Outcome::kFailed:
    case Outcome::kSkipped:
    case Outcome::kCancelled:
    case Outcome::kTimedOut:
      return false;
  }
  return false;
}

int RunExitCode(const RunResult& result) {
  const bool any_failure =
      result.interrupt_signal != 0 ||
      std::any_of(result.layers.begin(), result.layers.end(),
                  [](const LayerResult& layer) { return !OutcomeAllowsDependents(layer.outcome); });
  if (any_failure) return 1;
  const bool drift =
      std::any_of(result.layers.begin(), result.layers.end(),
                  [](const LayerResult& layer) { return layer.outcome == Outcome::kDrift; });
  return result.verb == RunVerb::kVerify && drift ? 2 : 0;
}

}  // namespace infra_flash
