// The pull_request flows: autoplan on opened / synchronize / reopened /
// ready_for_review, and lock release on close.
#include <algorithm>
#include "commands/review.h"
#include "common/json.h"
#include "common/strings.h"
#include "flow/flows.h"
#include "git/changed_paths.h"
#include "layers/layers.h"
#include "session/plan_stage.h"
#include "session/pr_session.h"
#include "status/dashboard_update.h"
#include "store/locks.h"
#include "testenv/test_env.h"

namespace infra_flash {
namespace {

// ci on every affected layer; returns the layers that passed. Dependents of a layer
// that failed its checks are not planned either.
std::vector<std::string> RunChecks(FlowContext& context, PrSession& session,
                                   const std::vector<std::string>& layers, bool& failed) {
  LayerRunRequest request;
  request.verb = RunVerb::kCi;
  request.layers = layers;
  request.context.environment = "ci";
  request.context.workspace_root = context.workspace;
  request.context.pr_number = context.event.pr_number;
  request.requested_jobs = context.settings->jobs;
  Result<LayerRun> run =
      session.Run(request, [&](Dashboard& dashboard, const LayerResult& result, const LayerRun*) {
        RecordCi(dashboard, context.config, result);
      });
  if (!run.ok()) {
    context.Error("the checks could not start: " + run.error().message);
    for (const std::string& layer : layers) {
      SetCell(session.dashboard(), context.config, layer, Stage::kFormat, StageStatus::kFailed,
              run.error().message);
      SetCell(session.dashboard(), context.config, layer, Stage::kValidate, StageStatus::kSkipped,
              "");
      StageCell& lint = RowFor(session.dashboard(), context.config, layer).lint;
      if (lint.status == StageStatus::kPending) lint = {StageStatus::kSkipped, "", -1};
    }
    failed = true;
    return {};
  }
  std::vector<std::string> broken;
  for (const LayerResult& result : run->result.layers) {
    if (result.outcome != Outcome::kSucceeded) broken.push_back(result.layer);
  }
  failed = !broken.empty();
  const std::vector<std::string> excluded = WithDependents(context.config, broken);
  std::vector<std::string> passed;
  for (const std::string& layer : layers) {
    if (std::find(excluded.begin(), excluded.end(), layer) == excluded.end()) {
      passed.push_back(layer);
    } else {
      SetCell(session.dashboard(), context.config, layer, Stage::kPlan, StageStatus::kSkipped,
              "checks failed");
    }
  }
  return passed;
}

}  // namespace

// The checkout must be the PR head: the commit the dashboard names and `/apply` checks out
// and compares digests with; not GitHub's merge commit (actions/checkout's default on
// `pull_request`), whose plan would differ from the head's and go stale at /apply. Empty
// when it is; else the rows of `layers` show ⛔ and the reason is a note and an error.
std::string RefuseOtherCheckout(FlowContext& context, PrSession& session,
                                const std::vector<std::string>& layers) {
  const Event& event = context.event;
  std::string mismatch = CheckoutMismatch(context.workspace, event.head_sha, event.pr_number);
  if (mismatch.empty()) return "";
  for (const std::string& layer : layers) {
    SetCell(session.dashboard(), context.config, layer, Stage::kPlan, StageStatus::kBlocked,
            "not the PR head");
  }
  session.dashboard().notes.push_back("⛔ " + mismatch);
  context.Error(mismatch);
  return mismatch;
}

bool BlockForkCode(FlowContext& context, PrSession& session,
                   const std::vector<std::string>& layers) {
  if (!context.event.is_fork || context.config.allow_fork_plans) return false;
  // Nothing of a fork's code runs unless the base branch allows it: not the plan, and
  // not the checks either (`init` fetches the providers and modules the fork names, and
  // `validate` runs those providers).
  for (const std::string& layer : layers) {
    for (Stage blocked : {Stage::kFormat, Stage::kValidate, Stage::kPlan}) {
      SetCell(session.dashboard(), context.config, layer, blocked, StageStatus::kBlocked,
              "fork PR");
    }
    const Layer* settings = context.config.FindLayer(layer);
    if (settings != nullptr && settings->lint != Linter::kNone) {
      SetCell(session.dashboard(), context.config, layer, Stage::kLint, StageStatus::kBlocked,
              "fork PR");
    }
  }
  session.dashboard().notes.push_back(
      "This PR comes from a fork: infra-flash runs none of its code, since checks and plans "
      "would run it with this repository's credentials (`forks: { plan: true }` on the base "
      "branch turns them on; then a maintainer's `/plan` plans it).");
  return true;
}

PullPlan PlanPullRequestLayers(FlowContext& context, PrSession& session,
                               const std::vector<std::string>& layers) {
  const Event& event = context.event;
  PullPlan result;
  if (!RefuseOtherCheckout(context, session, layers).empty()) {
    result.refused = true;
    return result;
  }
  if (BlockForkCode(context, session, layers)) return result;
  MarkPending(session.dashboard(), context.config, layers,
              {Stage::kFormat, Stage::kLint, Stage::kValidate, Stage::kPlan});
  session.Show();
  std::vector<std::string> passed = RunChecks(context, session, layers, result.checks_failed);
  if (!context.Interrupted()) {
    StepContext steps;
    steps.environment = "ci";
    steps.workspace_root = context.workspace;
    steps.pr_number = event.pr_number;
    result.stage = LockAndPlan(context, session, event.pr_number, event.head_sha, passed, steps);
  }
  return result;
}

bool BeginCommitDashboard(FlowContext& context, PrSession& session, const Decision& decision) {
  const Event& event = context.event;
  session.Begin(event.head_ref, event.head_sha, event.title);
  // A new commit replaces every row: rows of layers this commit no longer touches go.
  session.dashboard().layers.clear();
  if (!decision.unowned_paths.empty()) {
    context.Log("changed paths in no layer: " + Join(decision.unowned_paths, ", "));
  }
  if (!decision.layers.empty()) return true;
  session.dashboard().notes.push_back(
      "Nothing to plan: no layer is affected by this PR's changes.");
  return false;
}

int PullRequestFlow(FlowContext& context, const Decision& decision) {
  const Event& event = context.event;
  context.Output("layers", json::StringArray(decision.layers));
  context.Output("has-changes", "false");
  if (decision.intent != Intent::kAutoplan) {
    context.Log("nothing to plan: " + decision.reason);
    return kFlowOk;
  }
  PrSession session(context, event.pr_number);
  if (!BeginCommitDashboard(context, session, decision)) {
    session.Finish();
    return kFlowOk;
  }
  PullPlan plan = PlanPullRequestLayers(context, session, decision.layers);
  if (plan.refused) {
    session.Finish();
    return kFlowFailed;
  }
  return FinishPullRequestPlan(context, session, plan);
}

int FinishPullRequestPlan(FlowContext& context, PrSession& session, const PullPlan& plan) {
  const Event& event = context.event;
  bool test_env_failed = false;
  if (!plan.stage.planned.empty() && !context.Interrupted()) {
    test_env_failed = !DeployTestEnvironments(context, session, event.pr_number, event.head_sha,
                                              plan.stage.planned);
  }
  RequestReviewAfterPlan(context, session, event.pr_number);
  session.Finish();
  context.Output("has-changes", LayersWithChanges(session.dashboard()).empty() ? "false" : "true");
  // A layer another PR holds was not planned: the check must not read as done (as
  // `/plan` fails, and Atlantis fails a plan on a locked project).
  for (const std::string& problem : plan.stage.problems) context.Error("not planned: " + problem);
  const bool failed = plan.checks_failed || plan.stage.failed || !plan.stage.locked_out.empty() ||
                      test_env_failed || context.Interrupted();
  return failed ? kFlowFailed : kFlowOk;
}

int ClosedFlow(FlowContext& context, const Decision& decision) {
  (void)decision;
  const bool test_env_ok = DestroyTestEnvironments(context, context.event.pr_number);
  if (context.event.merged) {
    context.Log("PR #" + std::to_string(context.event.pr_number) +
                " was merged: the push to the default branch deploys it and releases its locks");
    return test_env_ok ? kFlowOk : kFlowFailed;
  }
  if (!context.client) {
    context.Error("cannot release the locks of PR #" + std::to_string(context.event.pr_number) +
                  " without a GitHub token");
    return kFlowFailed;
  }
  Result<std::vector<std::string>> released =
      ReleaseLocks(*context.client, context.event.pr_number, context.config.LayerNames());
  if (!released.ok()) {
    context.Error("could not release the locks: " + released.error().message);
    return kFlowFailed;
  }
  context.Log("released the locks of: " +
              (released->empty() ? std::string("none held") : Join(*released, ", ")));
  return test_env_ok ? kFlowOk : kFlowFailed;
}

}  // namespace infra_flash
