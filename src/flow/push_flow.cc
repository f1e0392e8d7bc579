// The push flow (convergence of the default branch): drift scan of every layer in
// parallel, then plan and apply the changed layers in dependency order, one at a time,
// leaving out `auto_apply: false` layers (and saying so); "deployed" on the merged PR's
// dashboard; its locks released.
#include <algorithm>
#include <memory>

#include "commands/e2e.h"
#include "common/json.h"
#include "common/strings.h"
#include "flow/flows.h"
#include "git/changed_paths.h"
#include "release/release.h"
#include "report/render.h"
#include "session/policy_stage.h"
#include "session/pr_session.h"
#include "session/record_applies.h"
#include "status/dashboard_update.h"
#include "status/drift.h"
#include "store/apply_log.h"
#include "store/locks.h"

namespace infra_flash {
namespace {

std::optional<PullRequest> MergedPullRequest(FlowContext& context) {
  if (!context.client) return std::nullopt;
  Result<std::vector<PullRequest>> pulls =
      context.client->ListPullRequestsForCommit(context.event.head_sha);
  if (!pulls.ok()) {
    context.Log("could not find the merged PR: " + pulls.error().message);
    return std::nullopt;
  }
  for (const PullRequest& pull : *pulls) {
    if (pull.merged) return pull;
  }
  return std::nullopt;
}

struct Convergence {
  std::vector<std::string> applied;
  std::vector<std::string> held_back;  // auto_apply: false
  std::vector<std::string> failed;
  // Stopped by a policy check the merged PR has no approval of for this plan, or by a
  // dependency that was: one line each, for the note.
  std::vector<std::string> policy_stopped;
  std::vector<LayerResult> results;  // apply results
};

// The policy checks on the convergence's plans (policy/policy_checks.h): each failure
// stops its layer, unless an owner approved that check on the merged PR for a plan with
// the same digest; a layer depending on a stopped one waits too. Returns what may apply.
std::vector<std::string> GateByPolicies(FlowContext& context, const LayerRun& planned,
                                        const StepContext& steps,
                                        const DashboardState* merged_state,
                                        std::vector<std::string> with_changes, Convergence& done) {
  if (!HasPolicies(context.config)) return with_changes;
  Dashboard checked;
  checked.sha = context.event.head_sha;
  CheckPolicies(context, checked, context.config, planned, steps, "");
  std::vector<std::string> stopped;
  std::vector<std::string> kept;
  for (const std::string& layer : with_changes) {
    LayerRow& row = RowFor(checked, context.config, layer);
    auto digest = planned.digests.find(layer);
    row.plan_digest = digest != planned.digests.end() ? digest->second : "";
    std::vector<std::string> unapproved;
    for (const PolicyResult& result : row.policies) {
      if (result.status == StageStatus::kPassed) continue;
      const LayerRow* on_pull = merged_state != nullptr ? merged_state->FindLayer(layer) : nullptr;
      bool approved = false;
      if (on_pull != nullptr) {
        for (const PolicyApproval& approval : on_pull->policy_approvals) {
          if (approval.check != result.check) continue;
          if (!row.plan_digest.empty() && approval.digest == row.plan_digest) {
            approved = true;
          } else {
            context.Log("@" + approval.by + " approved " + result.check + " on the merged PR for " +
                        "another plan of " + layer + " (" + approval.digest + "; this plan is " +
                        (row.plan_digest.empty() ? "without a digest" : row.plan_digest) + ")");
          }
        }
      }
      if (approved) {
        context.Log("policy check " + result.check + " failed on " + layer +
                    ", approved on the merged pull request for this very plan");
      } else {
        unapproved.push_back(result.check);
      }
    }
    if (unapproved.empty()) {
      kept.push_back(layer);
      continue;
    }
    stopped.push_back(layer);
    done.policy_stopped.push_back("`" + layer + "` (" + Join(unapproved, ", ") +
                                  (merged_state != nullptr
                                       ? ", not approved on the merged PR for this plan)"
                                       : ", and no merged PR to approve it)"));
    context.Error("policy check " + Join(unapproved, ", ") + " stopped the apply of " + layer);
  }
  // Dependents of a stopped layer wait for it.
  for (bool grew = true; grew;) {
    grew = false;
    std::vector<std::string> still;
    for (const std::string& layer : kept) {
      const Layer* config_layer = context.config.FindLayer(layer);
      std::string blocker;
      for (const std::string& dependency :
           config_layer != nullptr ? config_layer->depends_on : std::vector<std::string>{}) {
        if (Contains(stopped, dependency)) blocker = dependency;
      }
      if (blocker.empty()) {
        still.push_back(layer);
        continue;
      }
      stopped.push_back(layer);
      done.policy_stopped.push_back("`" + layer + "` (waits for `" + blocker + "`)");
      grew = true;
    }
    kept = std::move(still);
  }
  return kept;
}

Convergence Converge(FlowContext& context, const RunResult& scan, const StepContext& steps,
                     const DashboardState* merged_state) {
  Convergence done;
  std::vector<std::string> to_apply;
  for (const LayerResult& layer : scan.layers) {
    if (layer.outcome != Outcome::kDrift) continue;
    const Layer* config_layer = context.config.FindLayer(layer.layer);
    if (config_layer != nullptr && !config_layer->auto_apply) {
      done.held_back.push_back(layer.layer);
      context.Log(layer.layer +
                  " has changes but `auto_apply: false`: not applied; apply it by "
                  "hand (`infra-flash apply " +
                  layer.layer + "`)");
      continue;
    }
    to_apply.push_back(layer.layer);
  }
  if (to_apply.empty() || context.Interrupted()) return done;
  LayerRunRequest plan{RunVerb::kPlan, to_apply, steps, context.settings->jobs,
                       HasPolicies(context.config)};
  Result<LayerRun> planned = RunLayersFor(context, context.config, plan, nullptr);
  if (!planned.ok()) {
    context.Error("the convergence plan could not start: " + planned.error().message);
    done.failed = to_apply;
    return done;
  }
  std::vector<std::string> with_changes;
  for (const LayerResult& layer : planned->result.layers) {
    if (layer.outcome == Outcome::kHasChanges) with_changes.push_back(layer.layer);
    if (!OutcomeAllowsDependents(layer.outcome)) done.failed.push_back(layer.layer);
  }
  with_changes = GateByPolicies(context, *planned, steps, merged_state, with_changes, done);
  if (with_changes.empty() || context.Interrupted()) return done;
  LayerRunRequest apply{RunVerb::kApply, with_changes, steps, 1};
  Result<LayerRun> applied = RunLayersFor(context, context.config, apply, nullptr);
  if (!applied.ok()) {
    context.Error("the convergence apply could not start: " + applied.error().message);
    done.failed.insert(done.failed.end(), with_changes.begin(), with_changes.end());
    return done;
  }
  for (const LayerResult& layer : applied->result.layers) {
    (layer.outcome == Outcome::kSucceeded ? done.applied : done.failed).push_back(layer.layer);
    if (layer.outcome != Outcome::kSucceeded) {
      context.Error("apply of " + layer.layer + " on the default branch failed: " + layer.reason);
    }
    done.results.push_back(layer);
  }
  return done;
}

std::string DeployedNote(const FlowContext& context, const Convergence& done) {
  std::string note = "🚀 Deployed from `" + context.event.head_ref + "` at `" +
                     ShortSha(context.event.head_sha) + "`: ";
  note += done.applied.empty() ? "nothing needed applying" : "applied " + Join(done.applied, ", ");
  if (!done.held_back.empty()) {
    note += "; not applied (`auto_apply: false`): " + Join(done.held_back, ", ");
  }
  if (!done.policy_stopped.empty()) {
    note += "; stopped by a policy check: " + Join(done.policy_stopped, ", ");
  }
  if (!done.failed.empty()) note += "; FAILED: " + Join(done.failed, ", ");
  return note + ".";
}

}  // namespace

int PushFlow(FlowContext& context) {
  const Event& event = context.event;
  std::vector<std::string> changed;
  if (!event.branch_created && !event.base_sha.empty()) {
    Result<std::vector<std::string>> paths =
        PushChangedPaths(context.client.get(), context.workspace, event.base_sha, event.head_sha);
    if (paths.ok()) {
      changed = std::move(paths).value();
    } else {
      context.Log("cannot tell which files the push changed (every layer is still scanned): " +
                  paths.error().message);
    }
  }
  const Decision decision = Decide(event, context.config, *context.index, changed);
  context.Output("layers", json::StringArray(decision.layers));
  context.Output("command", "apply");
  StepContext steps;
  steps.environment = "ci";
  steps.workspace_root = context.workspace;
  context.Log(action::GroupStart("drift scan of every layer"));
  LayerRunRequest scan{RunVerb::kVerify, context.config.LayerNames(), steps,
                       context.settings->jobs};
  Result<LayerRun> scanned = RunLayersFor(context, context.config, scan, nullptr);
  context.Log(action::GroupEnd());
  if (!scanned.ok()) {
    context.Error("the drift scan could not start: " + scanned.error().message);
    return kFlowFailed;
  }
  context.Output("drift", DriftJson(scanned->result));
  bool failed = false;
  for (const LayerResult& layer : scanned->result.layers) {
    if (!OutcomeAllowsDependents(layer.outcome) && layer.outcome != Outcome::kDrift) {
      failed = true;
      context.Error("drift scan of " + layer.layer + " failed: " + layer.reason);
    }
  }
  // The merged PR's dashboard holds the policy approvals its plans were given.
  std::optional<PullRequest> merged = MergedPullRequest(context);
  std::unique_ptr<PrSession> session;
  if (merged) {
    session = std::make_unique<PrSession>(context, merged->number);
    session->Begin(merged->head_ref, merged->head_sha, merged->title);
  }
  Convergence done = Converge(context, scanned->result, steps,
                              session && session->had_previous() ? &session->previous() : nullptr);
  failed = failed || !done.failed.empty() || !done.policy_stopped.empty() || context.Interrupted();
  for (const std::string& layer : done.applied) {
    const Layer* config_layer = context.config.FindLayer(layer);
    RecordApplies(context,
                  config_layer != nullptr && !config_layer->environment.empty()
                      ? config_layer->environment
                      : steps.environment,
                  {layer}, event.head_sha, 0);
  }
  context.Output("has-changes", done.applied.empty() ? "false" : "true");
  const std::string note = DeployedNote(context, done);
  context.Log(note);
  if (session) {
    for (const LayerResult& result : done.results) {
      RecordApply(session->dashboard(), context.config, result, "infra-flash", event.head_sha);
    }
    session->dashboard().notes.push_back(note);
    if (!done.applied.empty() && !failed && !context.Interrupted()) {
      failed = !RunE2eAfterPush(context, session.get(), done.applied);
    }
    session->Finish();
    Result<std::vector<std::string>> released =
        ReleaseLocks(*context.client, merged->number, context.config.LayerNames());
    if (!released.ok()) {
      context.Error("could not release the locks of #" + std::to_string(merged->number) + ": " +
                    released.error().message);
      failed = true;
    } else if (!released->empty()) {
      context.Log("released the locks of #" + std::to_string(merged->number) + ": " +
                  Join(*released, ", "));
    }
  } else {
    context.summary += "## ⚡ infra-flash convergence\n\n" + note + "\n";
    if (!done.applied.empty() && !failed && !context.Interrupted()) {
      failed = !RunE2eAfterPush(context, nullptr, done.applied);
    }
  }
  if (!failed && !context.Interrupted() && ReleaseAfterPush(context, changed) != kFlowOk) {
    failed = true;
  }
  return failed ? kFlowFailed : kFlowOk;
}

}  // namespace infra_flash
