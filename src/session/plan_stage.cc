#include "session/plan_stage.h"

#include "common/strings.h"
#include "session/policy_stage.h"
#include "status/dashboard_update.h"
#include "store/locks.h"

namespace infra_flash {

PlanStage LockAndPlan(FlowContext& context, PrSession& session, std::int64_t number,
                      const std::string& head_sha, const std::vector<std::string>& layers,
                      const StepContext& steps, const std::string& source_sha) {
  PlanStage stage;
  std::vector<std::string> to_plan = layers;
  if (context.client && !layers.empty()) {
    Result<std::vector<LockResult>> locks = AcquireLocks(*context.client, number, head_sha, layers);
    if (!locks.ok()) {
      stage.failed = true;
      stage.problems.push_back("could not take the layer locks: " + locks.error().message);
      for (const std::string& layer : layers) {
        SetCell(session.dashboard(), context.config, layer, Stage::kPlan, StageStatus::kBlocked,
                "lock unavailable");
      }
      context.Error(stage.problems.back());
      return stage;
    }
    to_plan.clear();
    for (const LockResult& lock : *locks) {
      LayerRow& row = RowFor(session.dashboard(), context.config, lock.layer);
      if (lock.ours()) {
        row.lock_holder = "#" + std::to_string(number);
        to_plan.push_back(lock.layer);
        if (lock.outcome == LockOutcome::kTakenOver) {
          context.Log("took over the stale lock of " + lock.layer + " (its PR is closed)");
        }
        continue;
      }
      row.lock_holder = lock.holder ? "#" + std::to_string(lock.holder) : "unknown";
      row.plan = {StageStatus::kLocked, "locked by " + row.lock_holder, -1};
      row.plan_digest.clear();
      stage.locked_out.push_back(lock.layer);
      stage.problems.push_back(HeldByMessage(lock));
      session.dashboard().notes.push_back("🔒 " + HeldByMessage(lock) + ".");
    }
  }
  if (to_plan.empty()) return stage;
  MarkPending(session.dashboard(), context.config, to_plan, {Stage::kPlan});
  session.Show();
  LayerRunRequest request;
  request.verb = RunVerb::kPlan;
  request.layers = to_plan;
  request.context = steps;
  request.requested_jobs = context.settings->jobs;
  request.keep_plan_json = HasPolicies(context.config);
  Result<LayerRun> run = session.Run(
      request, [&](Dashboard& dashboard, const LayerResult& result, const LayerRun* finished) {
        std::string digest;
        if (finished != nullptr) {
          auto it = finished->digests.find(result.layer);
          if (it != finished->digests.end()) digest = it->second;
        }
        RecordPlan(dashboard, context.config, result, digest);
        LayerRow& row = RowFor(dashboard, context.config, result.layer);
        row.plan_source_sha = source_sha;
        if (!source_sha.empty() && row.plan.status == StageStatus::kChanges) {
          row.plan.note += " ⏪ " + ShortSha(source_sha);
        }
      });
  if (!run.ok()) {
    stage.failed = true;
    stage.problems.push_back("the plan could not start: " + run.error().message);
    context.Error(stage.problems.back());
    for (const std::string& layer : to_plan) {
      SetCell(session.dashboard(), context.config, layer, Stage::kPlan, StageStatus::kFailed,
              run.error().message);
    }
    return stage;
  }
  stage.planned = to_plan;
  // A pull request's checks read their files from its base commit (policy_stage.h).
  CheckPolicies(context, session.dashboard(), context.config, *run, steps,
                context.policy.from_base ? context.policy.base_sha : "");
  session.Show();
  for (const LayerResult& result : run->result.layers) {
    if (result.outcome != Outcome::kHasChanges && result.outcome != Outcome::kNoChanges) {
      stage.failed = true;
      stage.problems.push_back("`" + result.layer + "`: " + OutcomeName(result.outcome) +
                               (result.reason.empty() ? "" : " (" + result.reason + ")"));
    }
    if (result.outcome == Outcome::kHasChanges && run->digests.count(result.layer) == 0) {
      stage.failed = true;
      stage.problems.push_back("`" + result.layer +
                               "`: the plan JSON could not be read, so "
                               "its digest is unknown and it cannot be applied");
    }
  }
  return stage;
}

}  // namespace infra_flash
