// Commands and guards end to end: /help, workflow_dispatch's confirm, fork PRs (their
// own config cannot allow them; the base branch's can), a PR with nothing to plan, a
// checkout git cannot name (harness: flows_fixture.h).
#include <filesystem>
#include <utility>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

TEST_F(FlowsTest, HelpRepliesWithTheGeneratedHelp) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  SeedComment(901);
  ProcessResult help = RunEvent("issue_comment", CommentPayload("/help", "mallory", 901));
  EXPECT_EQ(help.exit_code, 0) << help.out << help.err;
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "### infra-flash commands")) << replies;
  for (const char* part : {"/plan", "/apply", "/unlock", "data-staging", "prod"}) {
    EXPECT_TRUE(Contains(replies, part)) << part << " missing from: " << replies;
  }
  EXPECT_EQ(DashboardCount(1), 0) << "help runs nothing";
  EXPECT_EQ(Slurp(SimLogPath()), "") << "no engine process ran";
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "rocket"}));
}

// `/plan staging` plans the affected layers that deploy to staging, and nothing else.
TEST_F(FlowsTest, PlanAnEnvironmentPlansItsAffectedLayersOnly) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  SeedComment(901);
  ProcessResult plan = RunEvent("issue_comment", CommentPayload("/plan staging", "alice", 901));
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_TRUE(SimRan("plan", "/staging/data"));
  EXPECT_FALSE(SimRan("plan", "/prod/data"));
  EXPECT_FALSE(SimRan("plan", "/platform"));
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "rocket"}));
  EXPECT_EQ(RepliesOn(1), "");
}

TEST_F(FlowsTest, DispatchApplyToProdNeedsConfirm) {
  const std::string inputs = R"({"command":"apply","environment":"prod","layers":"data-prod")";
  ProcessResult refused = RunEvent("workflow_dispatch", DispatchPayload(inputs + "}"));
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_TRUE(Contains(refused.out, "needs the input `confirm` set to `deploy`")) << refused.out;
  EXPECT_TRUE(Contains(step_summary, "nothing was run")) << step_summary;
  EXPECT_EQ(Slurp(SimLogPath()), "") << "no engine process ran";

  ProcessResult wrong =
      RunEvent("workflow_dispatch", DispatchPayload(inputs + R"(,"confirm":"yes"})"));
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out << wrong.err;
  EXPECT_EQ(Slurp(SimLogPath()), "");

  ProcessResult confirmed =
      RunEvent("workflow_dispatch", DispatchPayload(inputs + R"(,"confirm":"deploy"})"));
  EXPECT_EQ(confirmed.exit_code, 0) << confirmed.out << confirmed.err;
  EXPECT_TRUE(SimRan("plan", "/prod/data"));
  EXPECT_TRUE(SimRan("apply", "/prod/data"));
  EXPECT_FALSE(SimRan("apply", "/staging/data")) << "only the named layer";
  EXPECT_TRUE(Contains(outputs, "command")) << outputs;
  EXPECT_TRUE(Contains(step_summary, "apply")) << step_summary;
}

TEST_F(FlowsTest, ForkPullRequestPlanIsRefusedUnlessForksMayPlan) {
  work.Branch("feature");
  PullSeed fork;
  fork.head = work.Change("platform/main.tf", "cache");
  fork.head_repo = "mallory/r";
  SeedPull(fork);
  SeedComment(1001);
  ProcessResult refused = RunEvent("issue_comment", CommentPayload("/plan", "alice", 1001));
  EXPECT_EQ(refused.exit_code, 0) << "a policy refusal is not a failure: " << refused.out;
  EXPECT_TRUE(Contains(RepliesOn(1), "fork")) << RepliesOn(1);
  EXPECT_EQ(Reactions(1001), (std::vector<std::string>{"eyes", "confused"}));
  EXPECT_EQ(Slurp(SimLogPath()), "") << "no engine process ran";
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), "") << "no lock taken";

  // The fork allows fork plans in its own copy of the config: that copy is the PR's
  // proposal, not the rules that judge it, so the plan is still refused.
  fork.head = work.Append(".infra-flash.yml", "forks:\n  plan: true\n");
  SeedPull(fork);
  SeedComment(1002);
  ProcessResult self_allowed = RunEvent("issue_comment", CommentPayload("/plan", "alice", 1002));
  EXPECT_EQ(self_allowed.exit_code, 0) << self_allowed.out << self_allowed.err;
  EXPECT_EQ(Slurp(SimLogPath()), "") << "the fork's own `forks: plan: true` ran its code";
  EXPECT_EQ(Reactions(1002), (std::vector<std::string>{"eyes", "confused"}));
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), "") << "no lock taken";

  // The base branch allows fork plans (a maintainer merged that): now it plans.
  work.AppendOnBase(".infra-flash.yml", "forks:\n  plan: true\n");
  fork.head = work.Head();
  SeedPull(fork);
  SeedComment(1003);
  ProcessResult allowed = RunEvent("issue_comment", CommentPayload("/plan", "alice", 1003));
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_TRUE(SimRan("plan", "/platform"));
  EXPECT_EQ(Reactions(1003), (std::vector<std::string>{"eyes", "rocket"}));
  EXPECT_TRUE(Contains(DashboardOf(1), "📝")) << DashboardOf(1);
}

TEST_F(FlowsTest, DocsOnlyPullRequestGetsTheNothingToPlanDashboard) {
  work.Branch("feature");
  const std::string head = work.Append("docs/runbook.md", "\nMore notes.\n");
  SeedPull(head);
  ProcessResult run = RunEvent("pull_request", PullPayload("opened", head));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(dashboard, "Nothing to plan")) << RepositoryState();
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "| Layer |")) << "short: no table: " << dashboard;
  EXPECT_EQ(Slurp(SimLogPath()), "") << "no engine process ran";
  EXPECT_TRUE(Contains(outputs, "has-changes")) << outputs;
  EXPECT_TRUE(Contains(outputs, "false")) << outputs;
}

// issue_comment carries no commit: the checkout must be shown to be the PR's head. When
// git cannot say which commit it is (no repository, git missing), nothing runs.
TEST_F(FlowsTest, ACommandOnACheckoutGitCannotNameRunsNothing) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  // Without git the changed files come from the API: platform is affected.
  SeedPull(head, R"(,"changed_files":1,"files":[{"filename":"platform/main.tf"}])");
  SeedBaseContents(".infra-flash.yml", Slurp(work.root() + "/.infra-flash.yml"));
  std::filesystem::remove_all(work.root() + "/.git");  // e.g. a download, not a checkout
  for (const auto& [body, id] : std::vector<std::pair<std::string, int>>{
           {"/plan", 1101}, {"/apply", 1102}, {"/verify", 1103}}) {
    SeedComment(id);
    ProcessResult run = RunEvent("issue_comment", CommentPayload(body, "alice", id));
    EXPECT_EQ(run.exit_code, 1) << body << ": " << run.out << run.err;
    EXPECT_EQ(Reactions(id), (std::vector<std::string>{"eyes", "confused"})) << body;
    EXPECT_EQ(Slurp(SimLogPath()), "") << body << ": no engine process ran";
  }
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "cannot tell which commit the checkout is, so nothing was run"))
      << replies;
  EXPECT_TRUE(Contains(replies, "`refs/pull/1/head`")) << replies;
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), "") << "no lock taken";
  EXPECT_FALSE(Contains(DashboardOf(1), "📝")) << "nothing was planned: " << DashboardOf(1);
}

}  // namespace
}  // namespace infra_flash::testing
