// `infra-flash run` end to end, the main path: plan, apply, merge; refusals on the way
// (harness: flows_fixture.h).
#include "common/json.h"
#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

TEST_F(FlowsTest, PullRequestPlanApplyMergeConvergesToNoOp) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);

  ProcessResult plan = RunEvent("pull_request", PullPayload("opened", head));
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(outputs.find("has-changes"), std::string::npos);
  EXPECT_NE(outputs.find("true"), std::string::npos) << outputs;
  std::string dashboard = Dashboard();
  ASSERT_FALSE(dashboard.empty()) << RepositoryState();
  EXPECT_TRUE(Contains(dashboard, "sha256:")) << "plan digest in the hidden state: " << dashboard;
  EXPECT_FALSE(Contains(dashboard, "⏳")) << "no row left on ⏳: " << dashboard;
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), head) << RepositoryState();
  // While it ran, the dashboard's next step said what it waited for, never nothing; the
  // commit's own marker sits beside infra-flash's.
  EXPECT_TRUE(Contains(github.Requests(), "Waiting for the format check")) << github.Requests();
  EXPECT_TRUE(Contains(dashboard, "<!-- infra-dashboard:" + head.substr(0, 7) + " -->"))
      << dashboard;

  SeedComment(501);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "alice", 501));
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(Reactions(501), (std::vector<std::string>{"eyes", "rocket"})) << RepliesOn(1);
  EXPECT_TRUE(Contains(RepliesOn(1), "Applied: platform")) << RepliesOn(1);
  // app is promoted through staging and prod: the first `/apply` took staging, the next
  // takes prod.
  EXPECT_TRUE(Contains(RepliesOn(1), "Not yet, `app@prod`")) << RepliesOn(1);
  SeedComment(502);
  ProcessResult prod = RunEvent("issue_comment", CommentPayload("/apply", "alice", 502));
  ASSERT_EQ(prod.exit_code, 0) << prod.out << prod.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "Applied: app@prod")) << RepliesOn(1);

  // Merge: main fast-forwards to the head; the push converges: nothing left to apply.
  work.Git({"checkout", "-q", "main"});
  work.Git({"merge", "-q", "--ff-only", "feature"});
  SeedPull(head, R"(,"merged":true,"state":"closed")");
  ProcessResult push = RunEvent(
      "push", R"({"ref":"refs/heads/main","before":")" + work.base + R"(","after":")" + head +
                  R"(","created":false,"repository":{"full_name":"o/r","default_branch":"main"},)"
                  R"("sender":{"login":"alice"}})");
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_NE(outputs.find("\"platform\":false"), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("has-changes"), std::string::npos);
  dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "nothing needed applying")) << dashboard;
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), "")
      << "the merged PR's locks are released: " << RepositoryState();
  ExpectCommentsRenderCleanly();
}

// `/apply` decides that a layer has nothing to apply from the plan's status in the
// dashboard's hidden state, never from the note shown next to it: a no-changes plan with
// another note is still nothing to apply, and a note saying "no changes" on another
// status does not set a reviewed plan aside.
class PlanStatusTest : public FlowsTest {
 protected:
  // PR #1 changes platform and is planned; then the dashboard's hidden state (as the
  // Action wrote it) gets `cell` as platform's plan cell.
  void PlannedWithPlanCell(const std::string& cell) {
    work.Branch("feature");
    const std::string head = work.Change("platform/main.tf", "cache");
    SeedPull(head);
    ProcessResult plan = RunEvent("pull_request", PullPayload("opened", head));
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    Result<rapidjson::Document> state = json::Parse(github.State(kRepo), "state");
    ASSERT_TRUE(state.ok());
    for (const rapidjson::Value& comment : json::Member(*state, "comments")->GetArray()) {
      std::string body = json::StringOr(json::Member(comment, "body"));
      if (!Contains(body, kDashboardMarker)) continue;
      const std::size_t block = body.find("<!-- infra-flash:state {\"version\":");
      ASSERT_NE(block, std::string::npos) << body;
      const std::size_t version = body.find("\"version\":", block) + 10;
      body.replace(version, body.find(',', version) - version, "2");
      const std::size_t layer = body.find("{\"name\":\"platform\"", block);
      ASSERT_NE(layer, std::string::npos) << body;
      // The cell is "status" or ["status","note"] (notes here hold no ']').
      const std::size_t plan_cell = body.find("\"plan\":", layer) + 7;
      const std::size_t cell_end = body[plan_cell] == '[' ? body.find(']', plan_cell) + 1
                                                          : body.find('"', plan_cell + 1) + 1;
      body.replace(plan_cell, cell_end - plan_cell, cell);
      github.Seed(R"({"repo":"o/r","comments":[{"id":)" +
                  std::to_string(json::IntOr(json::Member(comment, "id"))) +
                  R"(,"issue":1,"user":"github-actions[bot]","body":)" + JsonString(body) + "}]}");
      return;
    }
    FAIL() << "no dashboard: " << RepositoryState();
  }

  static std::string JsonString(const std::string& text) {
    rapidjson::Value value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
    return json::Serialize(value);
  }
};

TEST_F(PlanStatusTest, ANoChangesPlanIsNothingToApplyWhateverItsNoteSays) {
  PlannedWithPlanCell(R"(["no_changes","already up to date ✨"])");
  ClearSimLog();
  SeedComment(701);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply platform", "alice", 701));
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_EQ(Reactions(701), (std::vector<std::string>{"eyes", "rocket"})) << RepliesOn(1);
  EXPECT_TRUE(Contains(RepliesOn(1), "Nothing to apply")) << RepliesOn(1);
  EXPECT_FALSE(SimRan("apply", "/platform")) << "nothing was applied";
}

TEST_F(PlanStatusTest, ANoteSayingNoChangesDoesNotSetAReviewedPlanAside) {
  PlannedWithPlanCell(R"(["skipped","no changes"])");
  ClearSimLog();
  SeedComment(702);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply platform", "alice", 702));
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_TRUE(SimRan("apply", "/platform")) << "the reviewed plan (its digest) is applied";
  EXPECT_TRUE(Contains(RepliesOn(1), "Applied: platform")) << RepliesOn(1);
}

// actions/checkout's default on `pull_request` is GitHub's merge commit of the PR into its
// base, not the head: a plan of it would not be the plan of what `/apply` applies (the
// head), and would go stale at once. The PR job plans nothing and says how to check out.
TEST_F(FlowsTest, APullRequestJobOnTheMergeCommitPlansNothingAndSaysWhy) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string head = work.Change("platform/main.tf", "cache");
  work.Git({"checkout", "-q", "main"});
  work.Append("bootstrap/main.tf", "\n# a later commit on the base\n");
  work.Git({"merge", "-q", "--no-ff", "-m", "Merge head into base", "feature"});
  const std::string merge = work.Head();
  ASSERT_NE(merge, head);
  SeedPull(head);
  ProcessResult plan = RunEvent("pull_request", PullPayload("opened", head));
  EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
  EXPECT_EQ(Slurp(SimLogPath()), "") << "no engine process ran";
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), "") << "no lock taken";
  const std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "The checkout is at `" + merge.substr(0, 7) +
                                      "` but the PR's head is `" + head.substr(0, 7) + "`"))
      << dashboard;
  EXPECT_TRUE(Contains(dashboard, "github.event.pull_request.head.sha")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "not the PR head")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  EXPECT_TRUE(Contains(plan.out, "::error")) << plan.out;

  // Checked out at the head, the same event plans.
  work.Git({"checkout", "-q", "feature"});
  ProcessResult again = RunEvent("pull_request", PullPayload("synchronize", head));
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), head);
}

TEST_F(FlowsTest, UnauthorizedApplyRunsNothing) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  SeedComment(601);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "mallory", 601));
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "needs **write** permission")) << RepliesOn(1);
  EXPECT_EQ(Reactions(601), (std::vector<std::string>{"eyes", "confused"}));
  EXPECT_EQ(Slurp(work.dir.path() + "/sim.log"), "") << "no engine process ran";
  EXPECT_FALSE(Contains(RepositoryState(), "refs/infra-flash/locks")) << "no lock taken";
}

TEST_F(FlowsTest, StalePlanAfterANewPushIsRefused) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string first = work.Change("platform/main.tf", "cache");
  SeedPull(first);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", first)).exit_code, 0);
  // A new commit lands and nobody saw its plan yet.
  const std::string second = work.Change("platform/main.tf", "queue");
  SeedPull(second);
  SeedComment(701);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "alice", 701));
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_TRUE(Contains(Dashboard(), "plan went stale")) << Dashboard();
  EXPECT_FALSE(Contains(RepliesOn(1), "Applied: platform")) << RepliesOn(1);
  // The new plan is now shown: a second /apply applies it.
  SeedComment(702);
  ProcessResult again = RunEvent("issue_comment", CommentPayload("/apply", "alice", 702));
  EXPECT_EQ(again.exit_code, 0) << RepliesOn(1) << again.out << again.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "Applied: platform")) << RepliesOn(1);
}

}  // namespace
}  // namespace infra_flash::testing
