// `/review`, `@claude …`, `PTAL` and `review.auto`: the hand-off to a review job. The
// output `review-requested=true`, the label `review.label` (unless empty) and a Review
// row on the dashboard ("requested by @login" or "requested automatically"). A label
// GitHub refuses (a token without `issues: write`, say) is logged and noted on the
// dashboard but does not fail the command: the output alone lets the review job run.
#include "commands/review.h"

#include "commands/comment_job.h"
#include "common/strings.h"
#include "status/check_row.h"

namespace infra_flash {
namespace {

// Adds the configured label; empty when done (or none is configured), else a note for
// people saying what went wrong and what to do.
std::string AddReviewLabel(FlowContext& context, std::int64_t number) {
  const std::string& label = context.config.review.label;
  if (label.empty()) return "";
  if (!context.client) {
    return "the label `" + label + "` was not added: there is no GitHub token";
  }
  Status added = context.client->AddLabels(number, {label});
  if (added.ok()) {
    context.Log("added the label " + label + " to #" + std::to_string(number));
    return "";
  }
  context.Log("could not add the label " + label + ": " + added.error().message);
  return "the label `" + label + "` could not be added (" + added.error().message +
         "); the review job still gets `review-requested=true`. To label PRs the workflow needs "
         "`permissions: issues: write` (or `pull-requests: write`)";
}

// Sets the output, labels the PR and writes the Review row with `note`; returns the
// label problem (empty when none), also noted on the dashboard.
std::string RequestReview(FlowContext& context, PrSession& session, std::int64_t number,
                          const std::string& note) {
  context.Output("review-requested", "true");
  const std::string problem = AddReviewLabel(context, number);
  SetCheck(session.dashboard(), CheckKind::kReview, "", StageStatus::kPassed,
           problem.empty() ? note : note + " (label not added)");
  if (!problem.empty()) session.dashboard().notes.push_back("Review: " + problem + ".");
  return problem;
}

bool HasReviewRow(const Dashboard& dashboard) {
  for (const CheckRow& row : dashboard.checks) {
    if (row.kind == CheckKind::kReview) return true;
  }
  return false;
}

}  // namespace

void RequestReviewAfterPlan(FlowContext& context, PrSession& session, std::int64_t number) {
  if (!context.config.review.auto_request || context.Interrupted()) return;
  const std::vector<std::string> changed = LayersWithChanges(session.dashboard());
  if (changed.empty()) return;
  if (HasReviewRow(session.dashboard())) {
    // Already requested on this commit (by someone, or by an earlier plan): the output
    // and the label again, the row as it is.
    context.Output("review-requested", "true");
    AddReviewLabel(context, number);
    return;
  }
  context.Log("review.auto: requesting review of the plan of " + Join(changed, ", "));
  RequestReview(context, session, number, "requested automatically");
}

int ReviewCommand(const CommentJob& job) {
  FlowContext& context = job.context;
  PrSession session(context, job.pull.number);
  session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
  const std::string problem =
      RequestReview(context, session, job.pull.number, "requested by @" + context.event.actor);
  session.Finish();
  if (problem.empty()) return Conclude(context, Conclusion::kSucceeded, "");
  return Conclude(context, Conclusion::kSucceeded, "Review requested, but " + problem + ".");
}

}  // namespace infra_flash
