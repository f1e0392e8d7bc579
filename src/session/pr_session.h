// pr_session: one job's work on a pull request's dashboard. It
// loads the dashboard the previous job left (its hidden state), keeps the rows of this
// commit, shows ⏳ at once, moves rows as layers finish, and at the end never leaves a
// row on ⏳: an interrupted or failed job closes them as ⛔ before the last write.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "report/publisher.h"
#include "report/sink.h"
#include "report/state.h"
#include "session/context.h"
#include "session/layer_runner.h"
#include "status/dashboard.h"

namespace infra_flash {

class PrSession {
 public:
  PrSession(FlowContext& context, std::int64_t number);
  ~PrSession();

  // Loads the previous dashboard. When it shows another commit than `sha`, its rows are
  // superseded: a fresh dashboard for `sha` with a note naming the old commit.
  void Begin(const std::string& branch, const std::string& sha, const std::string& title);

  Dashboard& dashboard() { return dashboard_; }
  const DashboardState& previous() const { return previous_; }
  bool had_previous() const { return had_previous_; }

  void Show();  // publish now-ish (the publisher coalesces)
  // Runs `request` with live rows; `record` writes each layer's result into the
  // dashboard. Errors before anything started are returned (and noted on the PR).
  Result<LayerRun> Run(
      const LayerRunRequest& request,
      const std::function<void(Dashboard&, const LayerResult&, const LayerRun*)>& record);
  // Closes unfinished rows, sets the next step, writes the dashboard and the step summary
  // and the dashboard-url output.
  void Finish();

 private:
  FlowContext& context_;
  std::int64_t number_;
  std::unique_ptr<DashboardSink> sink_;
  std::unique_ptr<DashboardPublisher> publisher_;
  Dashboard dashboard_;
  DashboardState previous_;
  bool had_previous_ = false;
};

// The layers of `dashboard` with ⏳ or 📝 and no apply yet.
std::vector<std::string> LayersWithChanges(const Dashboard& dashboard);

}  // namespace infra_flash
