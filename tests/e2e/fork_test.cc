// A pull request from a fork, on `pull_request`: GitHub gives the job a read-only token and
// no secrets. infra-flash runs none of the fork's code unless the base branch allows fork
// plans, and a refused dashboard write is no failure: the dashboard goes to the summary.
#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

using ForkTest = FlowsTest;

TEST_F(ForkTest, AReadOnlyTokenPutsTheDashboardInTheSummaryAndRunsNothing) {
  work.Branch("feature");
  PullSeed fork;
  fork.head = work.Change("platform/main.tf", "pwn");
  fork.head_repo = "mallory/r";
  SeedPull(fork);
  // What GitHub answers a fork's pull_request token on every write.
  github.AddFaults(
      R"({"faults":[{"kind":"status","status":403,"message":"Resource not accessible by )"
      R"(integration","method":"POST","path":"/repos/o/r/issues/1/comments","times":50}]})");
  ProcessResult run = RunEvent("pull_request", PullPayload("opened", fork));
  EXPECT_EQ(run.exit_code, 0) << "neutral, not red: " << run.out << run.err;
  EXPECT_EQ(Slurp(SimLogPath()), "") << "none of the fork's code ran, checks included";
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), "") << "no lock taken";
  EXPECT_TRUE(Contains(run.out, "::notice::This pull request comes from a fork")) << run.out;
  EXPECT_FALSE(Contains(run.out, "::error")) << run.out;
  EXPECT_TRUE(Contains(step_summary, "read-only token")) << step_summary;
  EXPECT_TRUE(Contains(step_summary, "| **L1** platform | ⛔ fork PR | ⛔ fork PR | ⛔ fork PR |"))
      << "the dashboard, in the summary: " << step_summary;
  EXPECT_TRUE(Contains(step_summary, "runs none of its code")) << step_summary;
  EXPECT_FALSE(Contains(step_summary, "ready to merge")) << step_summary;
  EXPECT_EQ(Dashboard(), "") << "GitHub refused the comment";
}

// The same refusal on a pull request from this repository is a real failure: its token
// should have been able to write.
TEST_F(ForkTest, ARefusedWriteOnAPullRequestFromThisRepositoryFailsTheJob) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  github.AddFaults(
      R"({"faults":[{"kind":"status","status":403,"message":"Resource not accessible by )"
      R"(integration","method":"POST","path":"/repos/o/r/issues/1/comments","times":50}]})");
  ProcessResult run = RunEvent("pull_request", PullPayload("opened", head));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(Contains(run.out, "could not write the dashboard")) << run.out;
  EXPECT_TRUE(Contains(run.out, "pull-requests: write")) << "says which permission: " << run.out;
}

}  // namespace
}  // namespace infra_flash::testing
