// Failures and cancellation end to end: a failing layer skips its dependents, SIGTERM
// mid-plan leaves a truthful dashboard and no engine process (harness: flows_fixture.h).
#include <chrono>
#include <thread>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

// The dashboard's table row of `layer` ("" when absent).
std::string RowOf(const std::string& dashboard, const std::string& layer) {
  const std::string cell = "** " + layer + " |";
  std::size_t at = dashboard.find(cell);
  if (at == std::string::npos) return "";
  const std::size_t start = dashboard.rfind('\n', at) + 1;
  return dashboard.substr(start, dashboard.find('\n', at) - start);
}

TEST_F(FlowsTest, FailingLayerSkipsItsDependents) {
  work.Branch("feature");
  // libs/** feeds every layer: bootstrap -> platform -> data-staging / data-prod.
  const std::string head = work.Change("libs/modules/network/main.tf", "subnet");
  SeedPull(head);
  ProcessResult run =
      RunEvent("pull_request", PullPayload("opened", head), {{"SIM_FAIL_AT", "plan:platform"}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const std::string dashboard = DashboardOf(1);
  ASSERT_FALSE(dashboard.empty()) << RepositoryState();
  EXPECT_FALSE(Contains(dashboard, "⏳")) << "no row left on ⏳: " << dashboard;
  EXPECT_TRUE(Contains(RowOf(dashboard, "platform"), "❌")) << dashboard;
  for (const std::string layer : {"data-staging", "data-prod"}) {
    const std::string row = RowOf(dashboard, layer);
    EXPECT_TRUE(Contains(row, "⏭️")) << layer << ": " << dashboard;
    EXPECT_TRUE(Contains(row, "skipped because platform failed")) << layer << ": " << dashboard;
    EXPECT_FALSE(SimRan("plan", layer == "data-prod" ? "/prod/data" : "/staging/data"))
        << layer << " must not be planned";
  }
  EXPECT_FALSE(Contains(RowOf(dashboard, "bootstrap"), "❌")) << dashboard;
  EXPECT_TRUE(Contains(run.out, "::error")) << "the failure is annotated: " << run.out;
  EXPECT_TRUE(Contains(step_summary, "platform")) << step_summary;
}

TEST_F(FlowsTest, SigtermMidPlanCancelsCleanly) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  const std::string marker = "SIM_STATE_DIR=" + work.dir.path() + "/state";

  ProcessResult result;
  std::thread job([&] {
    result = RunEvent("pull_request", PullPayload("opened", head), {{"SIM_HANG_AT", "plan"}}, 240);
  });
  // Wait until the plan hangs (the simulator logs it) and the dashboard shows ⏳.
  ASSERT_TRUE(WaitUntil([&] { return SimHangs("plan"); })) << "the plan never started";
  EXPECT_TRUE(Contains(DashboardOf(1), "⏳")) << "the running dashboard: " << DashboardOf(1);
  const pid_t flash = FindProcess(BinaryUnderTest(), marker);
  ASSERT_NE(flash, 0) << "cannot find the infra-flash process";
  ASSERT_EQ(::kill(flash, SIGTERM), 0);
  job.join();

  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.signal, SIGKILL) << "it stopped by itself, not by the harness' timeout";
  const std::string dashboard = DashboardOf(1);
  EXPECT_FALSE(Contains(dashboard, "⏳")) << "no row left on ⏳: " << dashboard;
  EXPECT_TRUE(Contains(RowOf(dashboard, "platform"), "⛔")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "cancelled")) << dashboard;
  // Once the kernel has reaped them, nothing of ours may still run.
  EXPECT_TRUE(WaitUntil([&] { return ProcessesWithEnvironment(marker).empty(); }))
      << "leftover simulator processes";
  for (const SimRecord& record : SimLog()) {
    if (record.plugin_pid != 0) {
      EXPECT_NE(::kill(record.plugin_pid, 0), 0) << "the plugin child still runs";
    }
  }
}

}  // namespace
}  // namespace infra_flash::testing

namespace infra_flash::testing {
namespace {

// Without a token and without the PR's commits in the checkout nothing can know the
// changed files: the run fails, and the step summary (where a tokenless run reports)
// says why instead of staying empty.
TEST_F(FlowsTest, AFailureBeforeAnyDashboardStillReachesTheStepSummary) {
  const std::string missing_head(40, 'a');
  ProcessResult run =
      RunEvent("pull_request", PullPayload("opened", missing_head), {{"GITHUB_TOKEN", ""}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(Contains(run.out, "::error")) << run.out;
  EXPECT_TRUE(Contains(step_summary, "infra-flash stopped on errors")) << step_summary;
  EXPECT_TRUE(Contains(step_summary, "cannot tell which files the PR changed")) << step_summary;
}

}  // namespace
}  // namespace infra_flash::testing
