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
  std::string state = Dashboard();
  EXPECT_NE(state.find("infra-flash:dashboard"), std::string::npos) << state;
  EXPECT_NE(state.find("sha256:"), std::string::npos) << "plan digest in the hidden state";
  EXPECT_EQ(state.find("⏳"), std::string::npos) << "no row left on ⏳";
  EXPECT_NE(state.find("refs/infra-flash/locks/platform"), std::string::npos) << state;

  SeedComment(501);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "alice", 501));
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  state = Dashboard();
  EXPECT_NE(state.find("rocket"), std::string::npos) << state;
  EXPECT_NE(state.find("Applied: platform"), std::string::npos) << state;

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
  state = Dashboard();
  EXPECT_NE(state.find("nothing needed applying"), std::string::npos) << state;
  EXPECT_EQ(state.find("refs/infra-flash/locks/platform"), std::string::npos)
      << "the merged PR's locks are released: " << state;
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
    FAIL() << "no dashboard: " << Dashboard();
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
  EXPECT_TRUE(Contains(Dashboard(), "Applied: platform")) << RepliesOn(1);
}

TEST_F(FlowsTest, UnauthorizedApplyRunsNothing) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  SeedComment(601);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "mallory", 601));
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  const std::string state = Dashboard();
  EXPECT_NE(state.find("needs **write** permission"), std::string::npos) << state;
  EXPECT_NE(state.find("confused"), std::string::npos) << state;
  EXPECT_EQ(Slurp(work.dir.path() + "/sim.log"), "") << "no engine process ran";
  EXPECT_EQ(state.find("refs/infra-flash/locks"), std::string::npos) << "no lock taken";
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
  std::string state = Dashboard();
  EXPECT_NE(state.find("plan went stale"), std::string::npos) << state;
  EXPECT_EQ(state.find("Applied: platform"), std::string::npos) << state;
  // The new plan is now shown: a second /apply applies it.
  SeedComment(702);
  ProcessResult again = RunEvent("issue_comment", CommentPayload("/apply", "alice", 702));
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(Dashboard().find("Applied: platform"), std::string::npos);
}

}  // namespace
}  // namespace infra_flash::testing
