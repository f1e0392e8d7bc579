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

// Where a session's dashboard goes: the PR's comment (the terminal without a token), or
// nowhere (a leg of a fanned-out plan: its rows travel as result files; it starts from
// no previous dashboard and writes only its step summary).
enum class SessionOutput { kDashboard, kNone };

// How Finish leaves rows still ⏳: closed as ⛔ (every job that does the work), or pending
// for the jobs that will (the resolve job of a fanned-out plan; its legs do the plans).
enum class PendingRows { kClose, kLeaveForLegs };

class PrSession {
 public:
  PrSession(FlowContext& context, std::int64_t number,
            SessionOutput output = SessionOutput::kDashboard);
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
  // and the dashboard-url output. With kLeaveForLegs (and a job that was not cancelled),
  // rows stay ⏳ and the next step says what they wait for.
  void Finish(PendingRows pending = PendingRows::kClose);

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
