#include "status/dashboard_update.h"

#include <algorithm>
#include <utility>

#include "common/strings.h"

namespace infra_flash {
namespace {

std::size_t ConfigIndex(const Config& config, const std::string& layer) {
  for (std::size_t i = 0; i < config.layers.size(); ++i) {
    if (config.layers[i].name == layer) return i;
  }
  return config.layers.size();
}

const StepResult* FindStep(const LayerResult& result, const std::string& name) {
  for (const StepResult& step : result.steps) {
    if (step.name == name) return &step;
  }
  return nullptr;
}

bool StepPassed(const StepResult* step) {
  return step != nullptr && step->end == StepEnd::kExited && step->exit_code == 0;
}

std::int64_t Milliseconds(Duration duration) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
}

// The cell for a layer that ended without reaching this stage.
StageCell Unreached(const LayerResult& result) {
  switch (result.outcome) {
    case Outcome::kCancelled:
      return {StageStatus::kBlocked, "cancelled", -1};
    case Outcome::kSkipped:
      return {StageStatus::kSkipped, result.reason, -1};
    default:
      return {StageStatus::kSkipped, "not run", -1};
  }
}

StageCell OutcomeCell(const LayerResult& result) {
  switch (result.outcome) {
    case Outcome::kSucceeded:
      return {StageStatus::kPassed, "", Milliseconds(result.duration)};
    case Outcome::kNoChanges:
      return {StageStatus::kNoChanges, "no changes", Milliseconds(result.duration)};
    case Outcome::kHasChanges:
      return {StageStatus::kChanges, PlanNote(result), Milliseconds(result.duration)};
    case Outcome::kDrift:
      return {StageStatus::kChanges, "drift", Milliseconds(result.duration)};
    case Outcome::kFailed:
      return {StageStatus::kFailed, result.reason, Milliseconds(result.duration)};
    case Outcome::kTimedOut:
      return {StageStatus::kFailed, "timed out", Milliseconds(result.duration)};
    case Outcome::kSkipped:
    case Outcome::kCancelled:
      return Unreached(result);
  }
  return Unreached(result);
}

// "3 issue(s) found:" -> "3 issues": the head of tflint's compact output.
std::string LintIssues(const std::string& output) {
  const std::string marker = " issue(s) found:";
  const std::size_t at = output.find(marker);
  if (at == std::string::npos) return "tflint found issues";
  std::size_t begin = at;
  while (begin > 0 && output[begin - 1] >= '0' && output[begin - 1] <= '9') --begin;
  if (begin == at) return "tflint found issues";
  const std::string count = output.substr(begin, at - begin);
  return count + (count == "1" ? " issue" : " issues") + " (tflint; see the job log)";
}

// The Lint cell: "—" when the layer does not lint, "—" with the reason when it could not
// (no tflint installed, no local code), never ✅ for a lint that did not run.
StageCell LintCell(const Layer* layer, const LayerResult& result, const StepResult* format) {
  const StepResult* lint = FindStep(result, "lint");
  if (lint == nullptr) {
    if (layer == nullptr || layer->lint == Linter::kNone) return {};
    if (Result<std::string> dir = LintDirectory(*layer); !dir.ok()) {
      return {StageStatus::kNotRun, "not linted: the terraform source is not local", -1};
    }
    if (format != nullptr && !StepPassed(format) && result.outcome == Outcome::kFailed) {
      return {StageStatus::kSkipped, "format check failed", -1};
    }
    return Unreached(result);
  }
  switch (lint->end) {
    case StepEnd::kSpawnFailed:  // the job log has the reason (process_executor.cc)
      return {StageStatus::kNotRun,
              lint->error.find("not found on PATH") != std::string::npos ||
                      lint->error.find("does not exist") != std::string::npos
                  ? "not linted: tflint is not installed"
                  : "not linted: tflint could not start",
              -1};
    case StepEnd::kExited:
      if (lint->exit_code == 0) return {StageStatus::kPassed, "", Milliseconds(lint->duration)};
      if (lint->exit_code == 2) {
        return {StageStatus::kFailed, LintIssues(lint->output), Milliseconds(lint->duration)};
      }
      return {StageStatus::kFailed,
              "tflint could not lint (exit code " + std::to_string(lint->exit_code) + ")",
              Milliseconds(lint->duration)};
    case StepEnd::kTimedOut:
    case StepEnd::kCancelled:
    case StepEnd::kSignalled:
      break;
  }
  return {StageStatus::kFailed, result.reason, Milliseconds(lint->duration)};
}

}  // namespace

std::string PlanNote(const LayerResult& result) {
  if (result.outcome == Outcome::kNoChanges) return "no changes";
  if (result.plan.has_value()) {
    const infra_flash::PlanSummary& plan = *result.plan;
    return "+" + std::to_string(plan.adds) + " ~" + std::to_string(plan.changes) + " −" +
           std::to_string(plan.destroys);
  }
  return "changes";
}

LayerRow& RowFor(Dashboard& dashboard, const Config& config, const std::string& layer) {
  for (LayerRow& row : dashboard.layers) {
    if (row.name == layer) return row;
  }
  const std::size_t index = ConfigIndex(config, layer);
  auto position =
      std::find_if(dashboard.layers.begin(), dashboard.layers.end(),
                   [&](const LayerRow& row) { return ConfigIndex(config, row.name) > index; });
  LayerRow row;
  row.name = layer;
  return *dashboard.layers.insert(position, std::move(row));
}

void MarkPending(Dashboard& dashboard, const Config& config, const std::vector<std::string>& layers,
                 const std::vector<Stage>& stages) {
  for (const std::string& layer : layers) {
    LayerRow& row = RowFor(dashboard, config, layer);
    const Layer* settings = config.FindLayer(layer);
    const bool lints = settings != nullptr && settings->lint != Linter::kNone;
    for (Stage stage : stages) {
      if (stage == Stage::kLint && !lints) continue;  // no linter: its cell stays bare
      row.Cell(stage) = {StageStatus::kPending, "", -1};
    }
  }
}

void SetCell(Dashboard& dashboard, const Config& config, const std::string& layer, Stage stage,
             StageStatus status, const std::string& note) {
  RowFor(dashboard, config, layer).Cell(stage) = {status, note, -1};
}

void RecordCi(Dashboard& dashboard, const Config& config, const LayerResult& result) {
  LayerRow& row = RowFor(dashboard, config, result.layer);
  const StepResult* format = FindStep(result, "fmt");
  const StepResult* validate = FindStep(result, "validate");
  const StepResult* init = FindStep(result, "init");
  const StepResult* lint = FindStep(result, "lint");
  const Layer* layer = config.FindLayer(result.layer);
  row.lint = LintCell(layer, result, format);
  if (format != nullptr) {
    const std::string fix =
        layer == nullptr || layer->engine == Engine::kTerragrunt
            ? "run `terragrunt hcl fmt`"
            : std::string("run `") + EngineName(layer->engine) + " fmt -recursive`";
    row.format = StepPassed(format) ? StageCell{StageStatus::kPassed, "", -1}
                                    : StageCell{StageStatus::kFailed, fix, -1};
  } else {
    row.format = result.outcome == Outcome::kSucceeded ? StageCell{StageStatus::kPassed, "", -1}
                                                       : Unreached(result);
  }
  if (StepPassed(validate)) {
    row.validate = {StageStatus::kPassed, "", Milliseconds(result.duration)};
  } else if (validate != nullptr || (init != nullptr && !StepPassed(init))) {
    row.validate = {StageStatus::kFailed, result.reason, Milliseconds(result.duration)};
  } else if (format != nullptr && !StepPassed(format) && result.outcome == Outcome::kFailed) {
    row.validate = {StageStatus::kSkipped, "format check failed", -1};
  } else if (lint != nullptr && row.lint.status == StageStatus::kFailed) {
    row.validate = {StageStatus::kSkipped, "lint failed", -1};
  } else {
    row.validate = OutcomeCell(result);
  }
}

void RecordPlan(Dashboard& dashboard, const Config& config, const LayerResult& result,
                const std::string& digest) {
  LayerRow& row = RowFor(dashboard, config, result.layer);
  row.plan = OutcomeCell(result);
  row.plan_digest = result.outcome == Outcome::kHasChanges ? digest : "";
  row.plan_summary =
      (result.outcome == Outcome::kHasChanges || result.outcome == Outcome::kNoChanges)
          ? PlanNote(result)
          : "";
  const StepResult* plan = FindStep(result, "plan");
  row.plan_text = plan != nullptr ? plan->output : "";
  if (result.outcome == Outcome::kFailed && plan == nullptr && !result.steps.empty()) {
    row.plan_text = result.steps.back().output;
  }
  if (row.apply.status == StageStatus::kPending) row.apply = {};
  if (result.outcome == Outcome::kHasChanges) row.apply = {StageStatus::kNotRun, "", -1};
}

void RecordApply(Dashboard& dashboard, const Config& config, const LayerResult& result,
                 const std::string& login, const std::string& sha) {
  LayerRow& row = RowFor(dashboard, config, result.layer);
  row.apply = OutcomeCell(result);
  if (result.outcome == Outcome::kSucceeded) {
    row.apply.note = "applied";
    row.applied_by = login;
    row.applied_sha = sha;
  } else if (result.outcome == Outcome::kFailed && !result.steps.empty()) {
    row.plan_text = result.steps.back().output;
  }
}

NextStep WaitingStep(const Dashboard& dashboard) {
  static constexpr std::pair<Stage, const char*> kWaiting[] = {{Stage::kFormat, "the format check"},
                                                               {Stage::kLint, "lint"},
                                                               {Stage::kValidate, "validate"},
                                                               {Stage::kPlan, "plan"},
                                                               {Stage::kApply, "apply"}};
  for (const auto& [stage, name] : kWaiting) {
    for (const LayerRow& row : dashboard.layers) {
      if (row.Cell(stage).status == StageStatus::kPending) {
        return {"", std::string("⏳ Waiting for ") + name + "…"};
      }
    }
  }
  for (const CheckRow& check : dashboard.checks) {
    if (check.cell.status == StageStatus::kPending) return {"", "⏳ Waiting for the checks…"};
  }
  return {};
}

NextStep SuggestNextStep(const Dashboard& dashboard) {
  std::vector<std::string> to_apply;
  bool failed = false;
  bool locked = false;
  bool applied = false;
  bool blocked = false;
  bool policy_failed = false;  // a check failed and no owner approved it yet
  for (const LayerRow& row : dashboard.layers) {
    if (row.plan.status == StageStatus::kBlocked) blocked = true;
    if (!row.UnapprovedPolicies(dashboard.sha).empty()) policy_failed = true;
    for (Stage stage : kStages) {
      if (stage == Stage::kPolicy) continue;  // an approved failure stops nothing
      if (row.Cell(stage).status == StageStatus::kFailed) failed = true;
      if (row.Cell(stage).status == StageStatus::kLocked) locked = true;
    }
    if (row.plan.status == StageStatus::kChanges && row.apply.status != StageStatus::kPassed) {
      // A promoted layer goes one environment at a time: its first pending target only.
      const std::string_view layer = PromotedLayerOf(row.name);
      const bool later =
          !layer.empty() && std::any_of(to_apply.begin(), to_apply.end(), [&](const auto& name) {
            return PromotedLayerOf(name) == layer;
          });
      if (!later) to_apply.push_back(row.name);
    }
    if (row.apply.status == StageStatus::kPassed) applied = true;
  }
  if (failed) {
    return {"", "Fix what failed above and push; infra-flash plans again. `/plan` re-runs it."};
  }
  if (policy_failed) {
    return {"/approve_policies",
            "if you own the failed policy checks above; otherwise fix the plan and push."};
  }
  if (locked) {
    return {"",
            "A layer is locked by another pull request (see above); once it is free, comment "
            "`/plan`."};
  }
  if (!to_apply.empty()) {
    std::string command = "/apply";
    for (const std::string& layer : to_apply) command += " " + layer;
    return {command, "to apply the reviewed plans, in dependency order."};
  }
  if (applied) return {"", "Every change is applied: ready to merge."};
  if (blocked) return {"", "Nothing was planned for the rows marked ⛔: the notes above say why."};
  if (dashboard.layers.empty()) return {"", "Nothing to plan: no layer is affected."};
  return {"", "No changes to apply: ready to merge."};
}

}  // namespace infra_flash
