// Comment races: a push lands between the review of a plan and its `/apply`, or while
// the `/apply` job runs. In every case nothing but the reviewed plan may be applied, and
// the PR must say what happened (harness: fault_fixture.h). The simulator's state is the
// judge of what was applied.
#include <thread>

#include "faults/fault_fixture.h"

namespace infra_flash::testing {
namespace {

const std::string kLayerFile = "envs/prod/data/main.tf";

class CommentRaceTest : public FaultsTest {
 protected:
  // Commits A (resource "cache") and B (adds "queue") on `feature`, plans A for PR #1
  // and leaves the checkout at A.
  void PlanAWithBWaiting() {
    work.Branch("feature");
    a_ = work.Change(kLayerFile, "cache");
    b_ = work.Change(kLayerFile, "queue");
    work.Git({"checkout", "-q", a_});
    SeedPull(a_);
    ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", a_)).exit_code, 0);
    reviewed_ = HiddenStateOf(1);
    ASSERT_TRUE(Contains(reviewed_, "sha256:")) << "A's plan digest is shown: " << reviewed_;
    ASSERT_TRUE(Contains(DashboardOf(1), a_.substr(0, 7))) << DashboardOf(1);
    ClearSimLog();
  }
  // B becomes the PR's head on GitHub (and, with `checkout`, in the workspace).
  void PushB(bool checkout) {
    if (checkout) work.Git({"checkout", "-q", b_});
    github.Seed(R"({"repo":"o/r","commit_pulls":{")" + b_ + R"(":[1]}})");
    SeedPull(b_);
  }

  std::string a_, b_, reviewed_;
};

TEST_F(CommentRaceTest, PushBetweenReviewAndApplyIsRefusedAsStale) {
  PlanAWithBWaiting();
  PushB(/*checkout=*/true);
  SeedComment(801);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "alice", 801));

  EXPECT_EQ(apply.exit_code, 1) << "a refused /apply is a failed job: " << apply.out;
  EXPECT_FALSE(Applied("cache")) << "nothing was applied";
  EXPECT_FALSE(Applied("queue")) << "B's plan was never reviewed";
  EXPECT_FALSE(SimRan("apply", "/prod/data")) << "no apply process even started";
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "plan went stale")) << "the reply says why: " << replies;
  const std::string dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(dashboard, "changed since it was shown (stale plan)")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, b_.substr(0, 7))) << "B's plan is the one shown now";
  EXPECT_TRUE(Contains(dashboard, "superseded")) << "A's plan is named superseded";
  EXPECT_NE(HiddenStateOf(1), reviewed_) << "a new digest, for B";
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  EXPECT_EQ(Reactions(801), (std::vector<std::string>{"eyes", "confused"}));
  EXPECT_EQ(DashboardCount(1), 1);

  // B's plan is on the PR now: reviewing it and commenting again applies B.
  SeedComment(802);
  ProcessResult again = RunEvent("issue_comment", CommentPayload("/apply", "alice", 802));
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_TRUE(Applied("cache") && Applied("queue")) << "B holds both resources";
}

// The push lands on GitHub while the /apply job runs (its plan is slow); the job's
// checkout stays at A, as a runner's does. It applies A's plan, the one reviewed, and
// says so for A; the next autoplan of B supersedes it. B is never applied unreviewed.
TEST_F(CommentRaceTest, PushOnGitHubDuringApplyAppliesOnlyTheReviewedPlan) {
  PlanAWithBWaiting();
  SeedComment(803);
  ProcessResult apply;
  std::thread job([&] {
    apply = RunJobAs("apply", "issue_comment", CommentPayload("/apply", "alice", 803),
                     {{"SIM_DELAY_PLAN", "1.5"}});
  });
  const bool planning = WaitForSim("plan", "/prod/data");
  if (planning) PushB(/*checkout=*/false);
  job.join();
  ASSERT_TRUE(planning) << "the fresh plan never started: " << apply.out;

  EXPECT_EQ(apply.exit_code, 0) << apply.out;
  EXPECT_TRUE(Applied("cache")) << "A's reviewed plan was applied";
  EXPECT_FALSE(Applied("queue")) << "nothing of B, whose plan nobody saw";
  const std::string dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(dashboard, a_.substr(0, 7))) << "the dashboard speaks of A: " << dashboard;
  EXPECT_FALSE(Contains(dashboard, b_.substr(0, 7))) << "and claims nothing for B: " << dashboard;
  EXPECT_TRUE(Contains(RowOf(dashboard, "data-prod"), "✅ applied")) << dashboard;
  EXPECT_TRUE(Contains(HiddenStateOf(1), a_)) << "applied at A: " << HiddenStateOf(1);

  // B's autoplan: A's rows are superseded and B's change is planned, not applied.
  work.Git({"checkout", "-q", b_});
  ProcessResult plan = RunEvent("pull_request", PullPayload("synchronize", b_));
  EXPECT_EQ(plan.exit_code, 0) << plan.out;
  const std::string next = DashboardOf(1);
  EXPECT_TRUE(Contains(next, "superseded")) << next;
  EXPECT_TRUE(Contains(RowOf(next, "data-prod"), "📝 +1")) << "queue waits for review: " << next;
  EXPECT_FALSE(Applied("queue"));
  EXPECT_EQ(DashboardCount(1), 1);
}

// The push lands on GitHub and in the checkout after the job checked the checkout but
// before its fresh plan read the files (a runner that shares a workspace): the fresh
// plan is B's, its digest differs from the reviewed one, and nothing is applied.
TEST_F(CommentRaceTest, CheckoutMovingUnderTheApplyJobIsRefusedAsStale) {
  PlanAWithBWaiting();
  SeedComment(804);
  ProcessResult apply;
  std::thread job([&] {
    apply = RunJobAs("apply", "issue_comment", CommentPayload("/apply", "alice", 804),
                     {{"SIM_DELAY_INIT", "1"}});
  });
  const bool initializing = WaitForSim("init", "/prod/data");
  if (initializing) PushB(/*checkout=*/true);
  job.join();
  ASSERT_TRUE(initializing) << "the fresh plan never started: " << apply.out;

  EXPECT_EQ(apply.exit_code, 1) << apply.out;
  EXPECT_FALSE(Applied("cache"));
  EXPECT_FALSE(Applied("queue")) << "B's plan was never reviewed";
  EXPECT_FALSE(SimRan("apply", "/prod/data"));
  EXPECT_TRUE(Contains(RepliesOn(1), "plan went stale")) << RepliesOn(1);
  EXPECT_FALSE(Contains(DashboardOf(1), "⏳")) << DashboardOf(1);
  EXPECT_EQ(DashboardCount(1), 1);
}

}  // namespace
}  // namespace infra_flash::testing
