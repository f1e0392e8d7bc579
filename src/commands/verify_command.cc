// `/verify [layer…]`: a drift scan (`plan -detailed-exitcode`, nothing saved, no state
// lock) of every layer, or of the named ones, on the PR's head. The reply is one short
// table: ✅ in sync, ⚠️ drift, ❌ error (⏭️ skipped after a dependency failed, ⛔
// cancelled); the output `drift` is {"layer": true|false, …} as the push flow writes it.
// 🚀 and exit 0 when nothing drifted and nothing failed; 😕 and exit 1 otherwise, drift
// included: like `plan -detailed-exitcode`, a drift check that finds drift is red, so a
// scheduled or chained workflow notices; `drift` says which layers.
#include "commands/comment_job.h"
#include "common/strings.h"
#include "report/markdown.h"
#include "session/layer_runner.h"
#include "status/drift.h"

namespace infra_flash {
namespace {

struct VerifyVerdict {
  Outcome outcome;
  const char* cell;
};
constexpr VerifyVerdict kVerdicts[] = {
    {Outcome::kNoChanges, "✅ in sync"},    {Outcome::kDrift, "⚠️ drift"},
    {Outcome::kFailed, "❌ error"},         {Outcome::kTimedOut, "❌ timed out"},
    {Outcome::kSkipped, "⏭️ skipped"}, {Outcome::kCancelled, "⛔ cancelled"},
    {Outcome::kSucceeded, "✅ in sync"},    {Outcome::kHasChanges, "⚠️ drift"},
};

std::string CellOf(const LayerResult& layer) {
  std::string cell = "❔ unknown";
  for (const VerifyVerdict& verdict : kVerdicts) {
    if (verdict.outcome == layer.outcome) cell = verdict.cell;
  }
  if (!layer.reason.empty()) cell += ": " + MarkdownText(layer.reason);
  return cell;
}

std::string Table(const RunResult& result) {
  std::string out = "| Layer | Drift |\n|:--|:--|\n";
  for (const LayerResult& layer : result.layers) {
    out += "| " + MarkdownCodeSpan(layer.layer, CodeContext::kTableCell) + " | " + CellOf(layer) +
           " |\n";
  }
  return out;
}

void LogOutput(FlowContext& context, const RunResult& result) {
  for (const LayerResult& layer : result.layers) {
    for (const StepResult& step : layer.steps) {
      if (!step.output.empty()) context.LogUntrusted(step.output);
    }
  }
}

}  // namespace

int VerifyCommand(const CommentJob& job) {
  FlowContext& context = job.context;
  if (std::string mismatch = CheckoutMismatch(job); !mismatch.empty()) {
    return Conclude(context, Conclusion::kFailed, mismatch);
  }
  if (job.decision.layers.empty()) {
    return Conclude(context, Conclusion::kSucceeded,
                    "No layer to verify: the config has none that match.");
  }
  context.Log(action::GroupStart("verify: " + Join(job.decision.layers, ", ")));
  const LayerRunRequest scan{RunVerb::kVerify, job.decision.layers, StepsFor(job),
                             context.settings->jobs};
  Result<LayerRun> run = RunLayersFor(context, context.config, scan, nullptr);
  if (run.ok()) LogOutput(context, run->result);
  context.Log(action::GroupEnd());
  if (!run.ok()) {
    return Conclude(context, Conclusion::kFailed,
                    "The drift scan could not start: " + run.error().message + ". Nothing ran.");
  }
  const RunResult& result = run->result;
  context.Output("drift", DriftJson(result));
  const DriftCounts counts = CountDrift(result);
  const int drifted = counts.drifted;
  const int errors = counts.errors;
  std::string heading;
  if (errors > 0) {
    heading = "❌ The drift scan failed for " + std::to_string(errors) + " of " +
              std::to_string(result.layers.size()) + " layers; see the job log.";
  } else if (drifted > 0) {
    heading = "⚠️ " + std::to_string(drifted) + " of " + std::to_string(result.layers.size()) +
              " layers drifted from the code: the real infrastructure differs from what this "
              "branch describes. Plan them to see how (`/plan LAYER`).";
  } else {
    heading = "✅ No drift: every layer matches the code.";
  }
  const std::string reply = "### 🔎 Drift scan\n\n" + heading + "\n\n" + Table(result);
  const bool clean = errors == 0 && drifted == 0 && !context.Interrupted();
  return Conclude(context, clean ? Conclusion::kSucceeded : Conclusion::kFailed, reply);
}

}  // namespace infra_flash
