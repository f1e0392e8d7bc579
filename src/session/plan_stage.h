// plan_stage: locks then plans for a PR's layers, shared by autoplan and `/plan`
//. Layers whose lock another PR holds are shown 🔒 with the holder
// and are not planned; the others are planned with live rows and their digests kept.
#pragma once

#include <string>
#include <vector>

#include "session/pr_session.h"

namespace infra_flash {

struct PlanStage {
  std::vector<std::string> planned;
  std::vector<std::string> locked_out;  // held by other PRs
  bool failed = false;                  // a plan failed, was cancelled, or could not start
  std::vector<std::string> problems;    // one line each, for replies
};

// `source_sha` is empty for a plan of the PR's head; for a `/revert` plan it is the older
// commit whose tree `steps.workspace_root` holds, recorded in each row (plan_source_sha)
// so that `/apply` plans and applies that tree again.
PlanStage LockAndPlan(FlowContext& context, PrSession& session, std::int64_t number,
                      const std::string& head_sha, const std::vector<std::string>& layers,
                      const StepContext& steps, const std::string& source_sha = "");

}  // namespace infra_flash
