// The workflow_dispatch flow: plan, apply or verify from the inputs, reported to the
// step summary. Applying to an environment with `confirm: true` in the config needs the
// `confirm` input set to `deploy`.
#include <algorithm>

#include "common/json.h"
#include "common/strings.h"
#include "flow/flows.h"
#include "git/changed_paths.h"
#include "report/render.h"
#include "run/steps.h"
#include "run/terminal_view.h"
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
  const std::vector<RunVerb> verbs = *verb == RunVerb::kApply
                                         ? std::vector<RunVerb>{RunVerb::kPlan, RunVerb::kApply}
                                         : std::vector<RunVerb>{*verb};
  std::vector<std::string> layers = decision.layers;
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
