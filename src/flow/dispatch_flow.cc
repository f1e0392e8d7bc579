// The workflow_dispatch flow: plan, apply or verify from the inputs, reported to the
// step summary. Applying to an environment with `confirm: true` in the config needs the
// `confirm` input set to `deploy`.
#include <algorithm>
#include <chrono>
#include <ctime>

#include "common/json.h"
#include "common/strings.h"
#include "flow/flows.h"
#include "git/changed_paths.h"
#include "policy/promotion.h"
#include "report/render.h"
#include "run/steps.h"
#include "run/terminal_view.h"
#include "session/drift_issue.h"
#include "session/layer_runner.h"
#include "session/record_applies.h"
#include "status/dashboard_update.h"
#include "status/drift.h"
#include "store/apply_log.h"

namespace infra_flash {
namespace {

// The environments with `confirm: true` that applying `layers` goes to: the layer's own
// environment, else the one the inputs name. By config, not by name: a `production`
// or `live` environment is as dangerous as one called `prod`.
std::vector<std::string> ConfirmedEnvironments(const Config& config,
                                               const std::vector<std::string>& layers,
                                               const StepContext& steps) {
  std::vector<std::string> names;
  for (const std::string& name : layers) {
    const Layer* layer = config.FindLayer(name);
    const std::string target =
        layer != nullptr ? EffectiveEnvironment(*layer, steps) : steps.environment;
    const Environment* environment = config.FindEnvironment(target);
    if (environment != nullptr && environment->confirm &&
        std::find(names.begin(), names.end(), target) == names.end()) {
      names.push_back(target);
    }
  }
  return names;
}

std::string UtcNow(const FlowContext& context) {
  const std::time_t now = std::chrono::system_clock::to_time_t(context.clock->WallNow());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

// A scan of every layer (a scheduled run, or a dispatch of `verify` for `all`) keeps the
// drift issue (session/drift_issue.h) and puts its table in the step summary. A scan of
// some layers leaves the issue alone: it cannot tell that the others are in sync. False
// when the issue could not be kept: the scan's report is then only in the summary.
bool KeepDriftReport(FlowContext& context, const RunResult& result,
                     const std::string& environment) {
  DriftScan scan;
  scan.result = &result;
  scan.config = &context.config;
  scan.environment = environment;
  scan.commit = CheckedOutCommit(context.workspace);
  scan.branch = context.event.default_branch;
  scan.run_url = RunUrlOf(context);
  scan.when = UtcNow(context);
  context.summary += "### 🔎 Drift\n\n" + DriftTable(scan) + "\n";
  if (result.layers.size() != context.config.layers.size() || context.Interrupted()) {
    context.summary += "The drift issue is kept by scans of every layer; this one scanned " +
                       std::to_string(result.layers.size()) + " of " +
                       std::to_string(context.config.layers.size()) + ".\n";
    return true;
  }
  if (context.client == nullptr) {
    context.summary += "No `github-token`: the drift issue (label `" + std::string(kDriftLabel) +
                       "`) was not updated.\n";
    return true;
  }
  Result<std::string> viewer = context.client->Viewer();
  Result<DriftIssueUpdate> kept =
      KeepDriftIssue(*context.client, viewer.ok() ? *viewer : std::string(), scan);
  if (!kept.ok()) {
    std::string message = "the drift issue (label `" + std::string(kDriftLabel) +
                          "`) could not be updated: " + kept.error().message;
    if (kept.error().http_status == 403) {
      message += " (the workflow needs `permissions: issues: write`)";
    }
    context.Error(message);
    return false;
  }
  const std::string link = kept->url.empty() ? "#" + std::to_string(kept->number) : kept->url;
  switch (kept->action) {
    case DriftIssueUpdate::Action::kNone:
      context.summary += "No drift, and no drift issue open.\n";
      break;
    case DriftIssueUpdate::Action::kOpened:
      context.Log("drift issue opened: " + link);
      context.summary += "Drift issue opened: " + link + "\n";
      break;
    case DriftIssueUpdate::Action::kUpdated:
      context.Log("drift issue updated: " + link);
      context.summary += "Drift issue updated: " + link + "\n";
      break;
    case DriftIssueUpdate::Action::kClosed:
      context.Log("drift issue closed, every layer in sync: " + link);
      context.summary += "Every layer in sync: drift issue " + link + " closed.\n";
      break;
  }
  context.Output("drift-issue", kept->number > 0 ? std::to_string(kept->number) : "");
  return true;
}

}  // namespace

int DispatchFlow(FlowContext& context, const Decision& decision) {
  if (decision.intent == Intent::kReply) {
    context.Error(decision.reply);
    context.summary += "## ⚡ infra-flash\n\n" + decision.reply + "\n";
    return kFlowUnusable;
  }
  if (decision.intent != Intent::kCommand || !decision.command) return kFlowOk;
  const Request& request = *decision.command;
  context.Output("command", VerbName(request.verb));
  context.Output("layers", json::StringArray(decision.layers));
  std::optional<RunVerb> verb = ParseRunVerb(VerbName(request.verb));
  if (!verb || (*verb != RunVerb::kPlan && *verb != RunVerb::kApply && *verb != RunVerb::kVerify)) {
    context.Error(std::string("workflow_dispatch cannot run `") + VerbName(request.verb) + "`");
    return kFlowUnusable;
  }
  StepContext steps;
  steps.environment = request.environment.empty() ? "ci" : request.environment;
  steps.workspace_root = context.workspace;
  if (*verb == RunVerb::kApply && InputOf(context.event, "confirm", "confirm") != kConfirmWord) {
    const std::vector<std::string> confirmed =
        ConfirmedEnvironments(context.config, decision.layers, steps);
    if (!confirmed.empty()) {
      const std::string message =
          "applying to `" + Join(confirmed, "`, `") +
          "` needs the input `confirm` set to `deploy` (`confirm: true` in its environment's "
          "config); nothing was run";
      context.Error(message);
      context.summary += "## ⚡ infra-flash\n\n⛔ " + message + "\n";
      return kFlowFailed;
    }
  }
  RunResult combined;
  bool failed = false;
  std::vector<std::string> layers = decision.layers;
  if (*verb == RunVerb::kApply) {
    // A promoted layer's later environment goes only after the earlier ones: in this run,
    // or before it at this commit (the apply log).
    const std::string sha = CheckedOutCommit(context.workspace);
    ApplyLogLookup log(context.client.get());
    AppliedAt applied = [&](const std::string& environment, const std::string& layer,
                            const std::string& commit) {
      return log.Holds(environment, layer, commit);
    };
    PromotionGate gate = GateRunInOrder(context.config, layers, sha, applied);
    for (const auto& [layer, reason] : gate.refused) {
      failed = true;
      context.Error("not applied, " + layer + ": " + reason);
      context.summary += "⛔ `" + layer + "` was not applied: " + reason + ".\n";
    }
    layers = std::move(gate.runnable);
  }
  const std::vector<RunVerb> verbs = *verb == RunVerb::kApply
                                         ? std::vector<RunVerb>{RunVerb::kPlan, RunVerb::kApply}
                                         : std::vector<RunVerb>{*verb};
  for (RunVerb step_verb : verbs) {
    if (layers.empty() || context.Interrupted()) break;
    LayerRunRequest run_request{step_verb, layers, steps, context.settings->jobs};
    Result<LayerRun> run = RunLayersFor(context, context.config, run_request, nullptr);
    if (!run.ok()) {
      context.Error(run.error().message);
      return kFlowFailed;
    }
    context.summary += "## ⚡ infra-flash " + std::string(RunVerbName(step_verb)) + "\n\n```\n" +
                       RenderSummary(run->result, 25) + "\n```\n";
    if (step_verb == RunVerb::kVerify) {
      context.Output("drift", DriftJson(run->result));
      if (!KeepDriftReport(context, run->result, steps.environment)) failed = true;
    }
    std::vector<std::string> next;
    for (const LayerResult& layer : run->result.layers) {
      if (step_verb == RunVerb::kApply && layer.outcome == Outcome::kSucceeded) {
        RecordApplies(context, steps.environment, {layer.layer},
                      CheckedOutCommit(context.workspace), 0);
      }
      if (layer.outcome == Outcome::kHasChanges) next.push_back(layer.layer);
      if (!OutcomeAllowsDependents(layer.outcome) && layer.outcome != Outcome::kDrift) {
        failed = true;
        context.Error(std::string(RunVerbName(step_verb)) + " of " + layer.layer +
                      " failed: " + layer.reason);
      }
    }
    if (step_verb == RunVerb::kPlan) {
      context.Output("has-changes", next.empty() ? "false" : "true");
    }
    layers = next;
  }
  return failed || context.Interrupted() ? kFlowFailed : kFlowOk;
}

}  // namespace infra_flash
