// /apply: the reviewed plans applied in dependency order, after the requirements, the
// locks and the stale-plan check.
#include <algorithm>
#include <map>
#include <optional>
#include "command/command.h"
#include "commands/comment_job.h"
#include "commands/requirement_facts.h"
#include "commands/revert_source.h"
#include "commands/review.h"
#include "common/json.h"
#include "common/strings.h"
#include "git/changed_paths.h"
#include "policy/apply_order.h"
#include "policy/authorization.h"
#include "policy/policy_checks.h"
#include "policy/promotion.h"
#include "policy/requirements.h"
#include "session/plan_stage.h"
#include "session/pr_session.h"
#include "session/record_applies.h"
#include "status/dashboard_update.h"
#include "store/apply_log.h"
#include "store/locks.h"

namespace infra_flash {

namespace {

struct ApplySelection {
  std::vector<std::string> candidates;
  // Without a reviewed plan: refused, unless a promotion path defers them (CheckPromotion).
  std::vector<std::string> unplanned;
  std::vector<std::pair<std::string, std::string>> refused;
  std::vector<std::string> nothing_to_apply;
};

// Layers with a reviewed plan to apply; the others refused or set aside, with reasons.
ApplySelection SelectForApply(const CommentJob& job, const DashboardState& shown) {
  ApplySelection selection;
  for (const std::string& layer : job.decision.layers) {
    const LayerRow* row = shown.FindLayer(layer);
    if (row != nullptr && row->plan.status == StageStatus::kNoChanges) {
      selection.nothing_to_apply.push_back(layer);
    } else if (row != nullptr && row->apply.status == StageStatus::kPassed &&
               row->applied_sha ==
                   (row->plan_source_sha.empty() ? job.pull.head_sha : row->plan_source_sha)) {
      // Applied what it shows: this head, or the commit a `/revert` plan went back to.
      selection.nothing_to_apply.push_back(layer);
    } else if (row == nullptr || row->plan_digest.empty()) {
      selection.unplanned.push_back(layer);
    } else {
      selection.candidates.push_back(layer);
    }
  }
  return selection;
}

std::string ApplyEnvironment(const CommentJob& job, const std::string& layer);  // below

// Each candidate's environment judges the PR as GitHub shows it now (policy/requirements.h);
// a layer whose environment's requirements are unmet is refused, saying what is missing.
void CheckRequirements(const CommentJob& job, ApplySelection& selection) {
  RequirementReader reader(job.context, job.pull);
  std::map<std::string, RequirementCheck> judged;  // by environment: each is judged once
  std::vector<std::string> kept;
  for (const std::string& name : selection.candidates) {
    const Environment* environment =
        job.context.config.FindEnvironment(ApplyEnvironment(job, name));
    if (environment == nullptr || !HasRequirements(*environment)) {
      kept.push_back(name);
      continue;
    }
    auto check = judged.find(environment->name);
    if (check == judged.end()) {
      check = judged
                  .emplace(environment->name,
                           EvaluateRequirements(*environment, reader.For(*environment),
                                                reader.directory()))
                  .first;
      for (const std::string& note : check->second.notes) job.context.Log(note);
    }
    if (check->second.met()) {
      kept.push_back(name);
    } else {
      selection.refused.emplace_back(name, Join(check->second.unmet, "; "));
    }
  }
  selection.candidates = kept;
}

void CheckLocks(const CommentJob& job, ApplySelection& selection) {
  if (selection.candidates.empty()) return;
  Result<std::vector<LockResult>> locks =
      AcquireLocks(*job.context.client, job.pull.number, job.pull.head_sha, selection.candidates);
  if (!locks.ok()) {
    for (const std::string& layer : selection.candidates) {
      selection.refused.emplace_back(layer, "could not take its lock: " + locks.error().message);
    }
    selection.candidates.clear();
    return;
  }
  std::vector<std::string> kept;
  for (const LockResult& lock : *locks) {
    if (lock.ours()) {
      kept.push_back(lock.layer);
    } else {
      selection.refused.emplace_back(lock.layer, HeldByMessage(lock));
    }
  }
  selection.candidates = kept;
}

void Refuse(FlowContext& context, PrSession& session,
            const std::vector<std::pair<std::string, std::string>>& refused) {
  for (const auto& [layer, reason] : refused) {
    SetCell(session.dashboard(), context.config, layer, Stage::kApply, StageStatus::kBlocked,
            "refused");
    session.dashboard().notes.push_back("⛔ `" + layer + "` was not applied: " + reason + ".");
  }
}

// The environment an apply of `layer` goes to: the layer's own, else the command's.
std::string ApplyEnvironment(const CommentJob& job, const std::string& layer) {
  const Layer* config_layer = job.context.config.FindLayer(layer);
  if (config_layer != nullptr && !config_layer->environment.empty()) {
    return config_layer->environment;
  }
  return StepsFor(job).environment;
}

// An environment only this PR defines has no rules yet: nothing goes there before the
// merge makes them the base branch's.
void RefuseProposedEnvironments(const CommentJob& job, ApplySelection& selection) {
  std::vector<std::string> kept;
  for (const std::string& layer : selection.candidates) {
    const std::string environment = ApplyEnvironment(job, layer);
    const std::vector<std::string>& proposed = job.context.policy.proposed_environments;
    if (std::find(proposed.begin(), proposed.end(), environment) == proposed.end()) {
      kept.push_back(layer);
      continue;
    }
    selection.refused.emplace_back(
        layer, "its environment `" + environment +
                   "` is new in this PR, and its rules (approvals, variables) take effect only "
                   "once merged; apply it after the merge");
  }
  selection.candidates = kept;
}

// The promotion gate (policy/promotion.h), with the apply log as its record. A target
// without a reviewed plan is deferred like any other when an earlier environment of its
// layer goes first, and refused for want of a plan otherwise.
void CheckPromotion(const CommentJob& job, const DashboardState& shown, ApplySelection& selection,
                    std::vector<std::pair<std::string, std::string>>& deferred) {
  ApplyLogLookup log(job.context.client.get());
  AppliedAt applied = [&](const std::string& environment, const std::string& layer,
                          const std::string& sha) { return log.Holds(environment, layer, sha); };
  std::vector<std::string> eligible;  // in the decision's (dependency) order
  for (const std::string& layer : job.decision.layers) {
    if (Contains(selection.candidates, layer) || Contains(selection.unplanned, layer)) {
      eligible.push_back(layer);
    }
  }
  PromotionGate gate =
      GateByPromotion(job.context.config, eligible, shown, job.pull.head_sha, applied);
  selection.candidates.clear();
  for (std::string& layer : gate.runnable) {
    if (!Contains(selection.unplanned, layer)) {
      selection.candidates.push_back(std::move(layer));
      continue;
    }
    selection.refused.emplace_back(
        layer, "no reviewed plan: comment `/plan " + layer + "` and review it first");
  }
  selection.refused.insert(selection.refused.end(), gate.refused.begin(), gate.refused.end());
  deferred = std::move(gate.deferred);
}

}  // namespace

int ApplyCommand(const CommentJob& job) {
  FlowContext& context = job.context;
  if (std::string mismatch = CheckoutMismatch(job); !mismatch.empty()) {
    return Conclude(context, Conclusion::kFailed, mismatch);
  }
  // Another job of this PR applying one of these layers owns the dashboard until it ends:
  // this one stands down without writing it. Claimed before the dashboard is read, so
  // that what this job reads is what the last apply left.
  ApplyingClaims claims(*context.client, job.pull.head_sha);
  if (!job.decision.layers.empty()) {
    Result<std::vector<std::string>> busy = claims.Claim(job.decision.layers);
    if (!busy.ok()) {
      return Conclude(context, Conclusion::kFailed,
                      "Could not claim the layers for this apply: " + busy.error().message +
                          ". Nothing was applied; try again.");
    }
    if (!busy->empty()) {
      // Declined, not failed: the work is being done, by the other job.
      return Conclude(
          context, Conclusion::kDeclined,
          "Another job is applying " + Join(*busy, ", ") +
              " right now, so this one did nothing; the dashboard will show "
              "its result. If no job is running, comment `/unlock` to clear the claim.");
    }
  }
  PrSession session(context, job.pull.number);
  session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
  const DashboardState shown = session.previous();
  ApplySelection selection = SelectForApply(job, shown);
  std::vector<std::pair<std::string, std::string>> deferred;  // later on a promotion path
  CheckPromotion(job, shown, selection, deferred);
  RefuseProposedEnvironments(job, selection);
  CheckRequirements(job, selection);
  CheckLocks(job, selection);
  ApplyGate gate = GateByDependencies(context.config, selection.candidates, shown);
  selection.refused.insert(selection.refused.end(), gate.refused.begin(), gate.refused.end());
  // A reviewed `/revert` plan is planned again, and applied, in its old commit's tree.
  ApplySource source =
      ChooseApplySource(context.workspace, context.settings->runner_temp, shown, gate.runnable);
  selection.refused.insert(selection.refused.end(), source.refused.begin(), source.refused.end());

  // Stale-plan protection: plan the current head (or the revert's commit) again; apply
  // only a plan whose digest is the one the dashboard showed.
  std::vector<std::string> fresh;
  std::vector<std::string> stale;
  StepContext steps = StepsFor(job);
  if (source.tree) steps.workspace_root = source.tree->workspace_root();
  if (!source.layers.empty()) {
    PlanStage planned = LockAndPlan(context, session, job.pull.number, job.pull.head_sha,
                                    source.layers, steps, source.sha);
    for (const std::string& layer : planned.planned) {
      const LayerRow& row = RowFor(session.dashboard(), context.config, layer);
      const LayerRow* before = shown.FindLayer(layer);
      if (row.plan.status == StageStatus::kNoChanges) {
        selection.nothing_to_apply.push_back(layer);
      } else if (row.plan.status != StageStatus::kChanges) {
        selection.refused.emplace_back(layer, "the fresh plan failed");
      } else if (before != nullptr && row.plan_digest == before->plan_digest) {
        fresh.push_back(layer);
      } else {
        stale.push_back(layer);
      }
    }
  }
  // Policy checks ran on the fresh plan; a failure without an owner's approval of this
  // very plan stops the apply (policy/policy_checks.h).
  std::vector<std::string> passed_policy;
  for (const std::string& layer : fresh) {
    const LayerRow& row = RowFor(session.dashboard(), context.config, layer);
    const std::vector<const PolicyResult*> blocking = row.UnapprovedPolicies(job.pull.head_sha);
    const Layer* config_layer = context.config.FindLayer(layer);
    if (blocking.empty() || config_layer == nullptr) {
      passed_policy.push_back(layer);
    } else {
      selection.refused.emplace_back(layer, PolicyRefusal(context.config, *config_layer, blocking));
    }
  }
  fresh = std::move(passed_policy);
  for (const std::string& layer : stale) {
    SetCell(session.dashboard(), context.config, layer, Stage::kApply, StageStatus::kBlocked,
            "plan went stale");
    session.dashboard().notes.push_back(
        "⚠️ The plan of `" + layer +
        "` changed since it was shown (stale plan): nothing was "
        "applied. The new plan is below; review it and comment `/apply " +
        layer + "` again.");
  }
  // A layer whose dependency just went stale must wait for it too.
  ApplyGate second = GateByDependencies(context.config, fresh, StateOf(session.dashboard()));
  selection.refused.insert(selection.refused.end(), second.refused.begin(), second.refused.end());
  Refuse(context, session, selection.refused);

  bool apply_failed = false;
  std::vector<std::string> applied;
  if (!second.runnable.empty() && !context.Interrupted()) {
    MarkPending(session.dashboard(), context.config, second.runnable, {Stage::kApply});
    session.Show();
    LayerRunRequest request;
    request.verb = RunVerb::kApply;
    request.layers = second.runnable;
    request.context = steps;
    Result<LayerRun> run =
        session.Run(request, [&](Dashboard& dashboard, const LayerResult& result, const LayerRun*) {
          RecordApply(dashboard, context.config, result, context.event.actor,
                      source.AppliedCommit(job.pull.head_sha));
        });
    if (!run.ok()) {
      apply_failed = true;
      context.Error("the apply could not start: " + run.error().message);
      for (const std::string& layer : second.runnable) {
        SetCell(session.dashboard(), context.config, layer, Stage::kApply, StageStatus::kFailed,
                run.error().message);
      }
    } else {
      for (const LayerResult& result : run->result.layers) {
        if (result.outcome == Outcome::kSucceeded) {
          applied.push_back(result.layer);
        } else {
          apply_failed = true;
        }
      }
    }
  }
  // A later environment refused because this one came first is no longer refused for it.
  for (const std::string& layer : applied) {
    const Layer* target = context.config.FindLayer(layer);
    if (target == nullptr || !target->IsTarget()) continue;
    bool later = false;
    for (const Layer* other : context.config.TargetsOf(target->base)) {
      if (later) {
        for (LayerRow& row : session.dashboard().layers) {
          if (row.name == other->name && row.apply.status == StageStatus::kBlocked) {
            row.apply = StageCell{};
          }
        }
      }
      later = later || other == target;
    }
  }
  session.Finish();
  for (const std::string& layer : applied) {
    RecordApplies(context, ApplyEnvironment(job, layer), {layer},
                  source.AppliedCommit(job.pull.head_sha), job.pull.number);
  }
  std::vector<std::string> lines;
  if (!applied.empty()) {
    lines.push_back("Applied: " + Join(applied, ", ") + source.Describe() + ".");
  }
  if (!stale.empty()) {
    lines.push_back("Not applied, plan went stale: " + Join(stale, ", ") +
                    ". Review the new plan in the dashboard and `/apply` again.");
  }
  for (const auto& [layer, reason] : selection.refused) {
    lines.push_back("Not applied, `" + layer + "`: " + reason + ".");
  }
  for (const auto& [layer, reason] : deferred) {
    lines.push_back("Not yet, `" + layer + "`: " + reason + ".");
  }
  if (apply_failed) lines.push_back("An apply failed; see the dashboard.");
  if (lines.empty()) lines.push_back("Nothing to apply: no layer has a plan with changes.");
  const bool ok =
      !apply_failed && stale.empty() && selection.refused.empty() && !context.Interrupted();
  return Conclude(context, ok ? Conclusion::kSucceeded : Conclusion::kFailed, Join(lines, "\n"));
}

}  // namespace infra_flash
