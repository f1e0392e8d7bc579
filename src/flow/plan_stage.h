// plan_stage: locks then plans for a PR's layers, shared by autoplan and `/plan`
// (internal to flow/). Layers whose lock another PR holds are shown 🔒 with the holder
// and are not planned; the others are planned with live rows and their digests kept.
#pragma once

#include <string>
#include <vector>

#include "flow/pr_session.h"

namespace infra_flash {

struct PlanStage {
  std::vector<std::string> planned;
  std::vector<std::string> locked_out;  // held by other PRs
  bool failed = false;                  // a plan failed, was cancelled, or could not start
  std::vector<std::string> problems;    // one line each, for replies
};

PlanStage LockAndPlan(FlowContext& context, PrSession& session, std::int64_t number,
                      const std::string& head_sha, const std::vector<std::string>& layers,
                      const StepContext& steps);

}  // namespace infra_flash
