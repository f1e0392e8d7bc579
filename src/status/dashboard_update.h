// dashboard_update: what a run did, written into the dashboard model. Pure: the flows
// call these as results arrive and hand the dashboard to the publisher. Rows are kept
// in the config's layer order (dependency order as the file declares it).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "run/results.h"
#include "run/scheduler.h"
#include "status/dashboard.h"

namespace infra_flash {

// The row of `layer`, created (in config order) when missing.
LayerRow& RowFor(Dashboard& dashboard, const Config& config, const std::string& layer);

// ⏳ in `stages` of each layer: the PR shows at once what is about to run.
void MarkPending(Dashboard& dashboard, const Config& config, const std::vector<std::string>& layers,
                 const std::vector<Stage>& stages);
// The stage cell of `layer` set to `status` with `note`.
void SetCell(Dashboard& dashboard, const Config& config, const std::string& layer, Stage stage,
             StageStatus status, const std::string& note);

// Format, Lint and Validate from a `ci` run of the layer.
void RecordCi(Dashboard& dashboard, const Config& config, const LayerResult& result);
// Plan from a `plan` run; `digest` is the plan's (empty when it has none).
void RecordPlan(Dashboard& dashboard, const Config& config, const LayerResult& result,
                const std::string& digest);
// Apply from an `apply` run, with who applied which commit.
void RecordApply(Dashboard& dashboard, const Config& config, const LayerResult& result,
                 const std::string& login, const std::string& sha);

// The step to suggest from what the rows show.
NextStep SuggestNextStep(const Dashboard& dashboard);

// While a job runs: what the dashboard waits for ("⏳ Waiting for plan…", the first stage
// with a ⏳ cell, in pipeline order); empty when no cell is pending.
NextStep WaitingStep(const Dashboard& dashboard);

// Calls `on_finished` with each layer's result as the scheduler reports it, so the
// dashboard moves while the run goes on.
class LayerProgress final : public RunObserver {
 public:
  explicit LayerProgress(std::function<void(const LayerResult&)> on_finished)
      : on_finished_(std::move(on_finished)) {}
  void LayerFinished(const LayerResult& result) override { on_finished_(result); }

 private:
  std::function<void(const LayerResult&)> on_finished_;
};

// "+1 ~0 −0" / "no changes" for a plan result.
std::string PlanNote(const LayerResult& result);

}  // namespace infra_flash
