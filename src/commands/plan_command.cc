// /plan: locks, then plans of the affected layers, shown on the dashboard.
#include "commands/comment_job.h"
#include "commands/review.h"
#include "common/strings.h"
#include "session/plan_stage.h"
#include "session/pr_session.h"
#include "status/dashboard_update.h"

namespace infra_flash {

int PlanCommand(const CommentJob& job) {
  FlowContext& context = job.context;
  if (std::string mismatch = CheckoutMismatch(job); !mismatch.empty()) {
    return Conclude(context, Conclusion::kFailed, mismatch);
  }
  PrSession session(context, job.pull.number);
  session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
  if (job.decision.layers.empty()) {
    session.Finish();
    return Conclude(context, Conclusion::kSucceeded,
                    "No layer is affected by this PR: nothing to plan.");
  }
  PlanStage stage = LockAndPlan(context, session, job.pull.number, job.pull.head_sha,
                                job.decision.layers, StepsFor(job));
  RequestReviewAfterPlan(context, session, job.pull.number);
  session.Finish();
  context.Output("has-changes", LayersWithChanges(session.dashboard()).empty() ? "false" : "true");
  const bool ok = !stage.failed && stage.locked_out.empty() && !context.Interrupted();
  if (ok) return Conclude(context, Conclusion::kSucceeded, "");
  return Conclude(context, Conclusion::kFailed,
                  "`/plan` did not complete:\n- " + Join(stage.problems, "\n- ") +
                      "\n\nDetails are in the dashboard.");
}

}  // namespace infra_flash
