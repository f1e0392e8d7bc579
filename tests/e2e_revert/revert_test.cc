// `/revert` end to end: the real binary, the loopback GitHub, the simulator and a real git
// workspace (harness: ../e2e/flows_fixture.h). PR #1 applies A to `data-staging` (staging,
// its own state key); PR #2 applies B; `/revert data-staging` on PR #2 plans A again
// against the real state, and `/apply` applies that reviewed plan.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>

#include "../e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLayer = "data-staging";
constexpr const char* kLayerFile = "envs/staging/data/main.tf";
const std::string kLogPrefix = "refs/infra-flash/applied/staging/data-staging/";

class RevertTest : public FlowsTest {
 protected:
  void SetUp() override {
    FlowsTest::SetUp();
    runner_temp = work.dir.path() + "/runner-temp";
    fs::create_directories(runner_temp);
  }

  ProcessResult Comment(const std::string& body, int id, int number,
                        const std::string& workspace = "") {
    SeedComment(id, number);
    std::map<std::string, std::string> extra = {{"RUNNER_TEMP", runner_temp}};
    if (!workspace.empty()) extra["GITHUB_WORKSPACE"] = workspace;
    return RunEvent("issue_comment", CommentPayload(body, "alice", id, number), extra);
  }

  ProcessResult OpenPull(const PullSeed& pull) {
    SeedPull(pull);
    return RunEvent("pull_request", PullPayload("opened", pull), {{"RUNNER_TEMP", runner_temp}});
  }

  // Refs of the apply log of data-staging: name -> sha.
  std::map<std::string, std::string> LogRefs() {
    std::map<std::string, std::string> refs;
    Result<rapidjson::Document> state = json::Parse(github.State(kRepo), "state");
    if (!state.ok()) return refs;
    const rapidjson::Value* all = json::Member(*state, "refs");
    if (all == nullptr || !all->IsObject()) return refs;
    for (auto it = all->MemberBegin(); it != all->MemberEnd(); ++it) {
      const std::string name = it->name.GetString();
      if (name.rfind(kLogPrefix, 0) == 0) refs[name] = json::StringOr(&it->value);
    }
    return refs;
  }

  // The simulator's state of data-staging's key: the resources only (serial and lineage
  // change with every apply).
  std::string StagingResources() {
    Result<rapidjson::Document> state =
        json::Parse(Slurp(work.dir.path() + "/state/staging/terraform.tfstate"), "staging state");
    if (!state.ok()) return "";
    const rapidjson::Value* resources = json::Member(*state, "resources");
    if (resources == nullptr) return "";
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    resources->Accept(writer);
    return buffer.GetString();
  }

  // Nothing of a revert tree is left: the temporary directory and the worktree.
  void ExpectNoRevertTreeLeft() {
    EXPECT_TRUE(fs::is_empty(runner_temp)) << "the temporary tree is removed";
    ProcessResult list = RunProcess({"git", "-C", work.root(), "worktree", "list", "--porcelain"});
    EXPECT_EQ(list.out.find("infra-flash-revert"), std::string::npos) << list.out;
  }

  // Planned by the simulator in a revert tree (under RUNNER_TEMP)?
  bool PlannedInRevertTree() const {
    for (const SimRecord& record : SimLog()) {
      if (record.event == "start" && !record.argv.empty() && record.argv[0] == "plan" &&
          record.cwd.rfind(runner_temp + "/infra-flash-revert-", 0) == 0) {
        return true;
      }
    }
    return false;
  }

  // PR #1 applies A (merged afterwards), PR #2 applies B; PR #2's head is checked out.
  void ApplyAThenB() {
    work.Branch("feature-a");
    a = work.Change(kLayerFile, "cache");
    PullSeed first;
    first.number = 1;
    first.head = a;
    first.head_ref = "feature-a";
    ASSERT_EQ(OpenPull(first).exit_code, 0);
    ProcessResult applied = Comment("/apply", 501, 1);
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    ASSERT_TRUE(Contains(RepliesOn(1), "Applied: data-staging")) << RepliesOn(1);
    state_after_a = StagingResources();
    ASSERT_TRUE(Contains(state_after_a, "null_resource.cache")) << state_after_a;

    // PR #1 merges; its lock is stale now and PR #2 takes it over.
    work.Git({"checkout", "-q", "main"});
    work.Git({"merge", "-q", "--ff-only", "feature-a"});
    first.state = "closed";
    first.merged = true;
    SeedPull(first);
    work.Branch("feature-b");
    b = work.Change(kLayerFile, "queue");
    PullSeed second;
    second.number = 2;
    second.head = b;
    second.head_ref = "feature-b";
    ASSERT_EQ(OpenPull(second).exit_code, 0);
    applied = Comment("/apply", 502, 2);
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    ASSERT_TRUE(Contains(RepliesOn(2), "Applied: data-staging")) << RepliesOn(2);
    ASSERT_TRUE(Contains(StagingResources(), "null_resource.queue"));
  }

  std::string runner_temp;
  std::string a;
  std::string b;
  std::string state_after_a;
};

TEST_F(RevertTest, RevertPlansTheOldConfigurationAndApplyAppliesIt) {
  ApplyAThenB();
  // The apply log: one ref per apply, at the applied commit, named by time and PR.
  std::map<std::string, std::string> log = LogRefs();
  ASSERT_EQ(log.size(), 2u) << RepositoryState();
  EXPECT_EQ(log.begin()->second, a);
  EXPECT_TRUE(Contains(log.begin()->first, "-pr1")) << log.begin()->first;
  EXPECT_EQ(log.rbegin()->second, b);
  EXPECT_TRUE(Contains(log.rbegin()->first, "-pr2")) << log.rbegin()->first;

  ClearSimLog();
  ProcessResult revert = Comment("/revert data-staging", 503, 2);
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_TRUE(PlannedInRevertTree()) << "planned in a tree of A, not the checkout";
  const std::string dashboard = DashboardOf(2);
  // The markdown escapes "#1" so that it does not link the wrong way.
  EXPECT_TRUE(Contains(
      dashboard, "⏪ revert of `data-staging` to `" + a.substr(0, 7) + "` (applied by \\#1 at "))
      << "the note names the commit, the PR and the time: " << dashboard;
  EXPECT_TRUE(Contains(dashboard, "⏪ " + a.substr(0, 7))) << "so does the plan cell: " << dashboard;
  EXPECT_TRUE(Contains(dashboard, "−1")) << "the plan removes B's resource: " << dashboard;
  EXPECT_TRUE(Contains(dashboard, "\"source\":\"" + a + "\"")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "/apply data-staging")) << "the next step: " << dashboard;
  EXPECT_TRUE(Contains(RepliesOn(2), "planned the revert to `" + a.substr(0, 7) + "`"))
      << RepliesOn(2);
  EXPECT_EQ(Reactions(503).back(), "rocket");
  EXPECT_TRUE(Contains(StagingResources(), "null_resource.queue")) << "a plan changes nothing";
  ExpectNoRevertTreeLeft();

  ClearSimLog();
  ProcessResult apply = Comment("/apply", 504, 2);
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_TRUE(Contains(RepliesOn(2), "Applied: data-staging (a revert to `" + a.substr(0, 7)))
      << RepliesOn(2);
  EXPECT_TRUE(PlannedInRevertTree()) << "the fresh plan is of A's tree too";
  EXPECT_EQ(StagingResources(), state_after_a) << "the state is A's configuration again";
  ExpectNoRevertTreeLeft();
  // The revert's apply is logged as A's configuration, applied by #2.
  log = LogRefs();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.rbegin()->second, a);
  EXPECT_TRUE(Contains(log.rbegin()->first, "-pr2")) << log.rbegin()->first;
}

TEST_F(RevertTest, StaleRevertPlanIsRefused) {
  ApplyAThenB();
  ASSERT_EQ(Comment("/revert data-staging", 503, 2).exit_code, 0);
  // The state moves between the reviewed revert plan and the /apply (someone applied by
  // hand): the plan that would be applied is not the one that was reviewed.
  ASSERT_TRUE(fs::remove(work.dir.path() + "/state/staging/terraform.tfstate"));
  ClearSimLog();
  ProcessResult apply = Comment("/apply", 504, 2);
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_FALSE(SimRan("apply", "")) << "nothing was applied";
  EXPECT_TRUE(PlannedInRevertTree()) << "the fresh plan was of A's tree";
  const std::string dashboard = DashboardOf(2);
  EXPECT_TRUE(Contains(dashboard, "plan went stale")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "\"source\":\"" + a + "\""))
      << "the new plan shown is still the revert: " << dashboard;
  EXPECT_EQ(LogRefs().size(), 2u) << "no apply was logged";
  ExpectNoRevertTreeLeft();
}

TEST_F(RevertTest, ShallowCheckoutFetchesTheOldCommit) {
  ApplyAThenB();
  // As actions/checkout leaves it by default: PR #2's head only, `origin` to fetch from.
  const std::string shallow = work.dir.path() + "/shallow";
  ProcessResult cloned = RunProcess({"git", "clone", "-q", "--depth", "1", "--branch", "feature-b",
                                     "file://" + work.root(), shallow});
  ASSERT_EQ(cloned.exit_code, 0) << cloned.err;
  ASSERT_NE(RunProcess({"git", "-C", shallow, "cat-file", "-e", a + "^{commit}"}).exit_code, 0)
      << "A is not in the shallow checkout";
  // Nor is the PR's base: its rules come from the contents API.
  SeedBaseContents(
      ".infra-flash.yml",
      RunProcess({"git", "-C", work.root(), "show", work.base + ":.infra-flash.yml"}).out);
  ProcessResult revert = Comment("/revert data-staging", 503, 2, shallow);
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err << RepliesOn(2);
  EXPECT_TRUE(Contains(RepliesOn(2), "planned the revert to `" + a.substr(0, 7) + "`"))
      << RepliesOn(2);
  EXPECT_TRUE(PlannedInRevertTree());
  EXPECT_TRUE(Contains(DashboardOf(2), "−1")) << DashboardOf(2);
  EXPECT_TRUE(fs::is_empty(runner_temp));
  ProcessResult list = RunProcess({"git", "-C", shallow, "worktree", "list", "--porcelain"});
  EXPECT_EQ(list.out.find("infra-flash-revert"), std::string::npos) << list.out;
}

TEST_F(RevertTest, NothingToRevertTo) {
  work.Branch("feature-a");
  const std::string head = work.Change(kLayerFile, "cache");
  PullSeed pull;
  pull.head = head;
  SeedPull(pull);
  ClearSimLog();
  ProcessResult revert = Comment("/revert", 601, 1);
  EXPECT_EQ(revert.exit_code, 0) << "a refusal, not a failed job: " << revert.out << revert.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "Nothing to revert to for `data-staging`")) << RepliesOn(1);
  EXPECT_EQ(Reactions(601).back(), "confused");
  EXPECT_EQ(Slurp(SimLogPath()), "") << "no engine ran";
  ExpectNoRevertTreeLeft();
}

TEST_F(RevertTest, OnlyThisPrsOwnAppliesIsNothingToRevertTo) {
  work.Branch("feature-a");
  const std::string head = work.Change(kLayerFile, "cache");
  PullSeed pull;
  pull.head = head;
  ASSERT_EQ(OpenPull(pull).exit_code, 0);
  ASSERT_EQ(Comment("/apply", 701, 1).exit_code, 0);
  ASSERT_EQ(LogRefs().size(), 1u);
  ProcessResult revert = Comment("/revert data-staging", 702, 1);
  EXPECT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "Nothing to revert to for `data-staging`")) << RepliesOn(1);
}

TEST_F(RevertTest, CommitThatCannotBeFetchedSaysFetchDepth) {
  work.Branch("feature-a");
  const std::string head = work.Change(kLayerFile, "cache");
  PullSeed pull;
  pull.head = head;
  SeedPull(pull);
  const std::string missing = "0123456789abcdef0123456789abcdef01234567";
  github.Seed(R"({"repo":"o/r","refs":{")" + kLogPrefix + R"(20240101T000000Z-pr7":")" + missing +
              R"("}})");
  ClearSimLog();
  ProcessResult revert = Comment("/revert data-staging", 801, 1);
  EXPECT_EQ(revert.exit_code, 1) << revert.out << revert.err;
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "`0123456` is not in this checkout and could not be fetched"))
      << replies;
  EXPECT_TRUE(Contains(replies, "fetch-depth: 0")) << replies;
  EXPECT_EQ(Reactions(801).back(), "confused");
  EXPECT_FALSE(SimRan("plan", "")) << "nothing was planned";
  ExpectNoRevertTreeLeft();
}

}  // namespace
}  // namespace infra_flash::testing

namespace infra_flash::testing {
namespace {

// `/revert` of a promoted layer: both targets are planned back to the commit each had
// before the PR, each from its own environment's apply log; `/apply` takes staging first,
// then prod, whose gate asks that the reverted-to commit reached staging.
class PromotedRevertTest : public RevertTest {
 protected:
  // The simulator's resources in `environment`'s state of app.
  std::string AppResources(const std::string& environment) {
    return Slurp(work.dir.path() + "/state/" + environment + "/app.tfstate");
  }

  // The pull as SeedPull(PullSeed) seeds it, approved by bob at its head (prod requires an
  // approval in the example).
  void SeedApproved(const PullSeed& pull) {
    const std::string number = std::to_string(pull.number);
    github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
                R"("permissions":{"alice":"write","bob":"admin"},"commit_pulls":{")" +
                pull.head + R"(":[)" + number + R"(]},"pulls":[{"number":)" + number +
                R"(,"user":"alice","head_sha":")" + pull.head + R"(","base_sha":")" + work.base +
                R"(","head_ref":")" + pull.head_ref + R"(","title":"add cache","state":")" +
                pull.state + R"(","merged":)" + (pull.merged ? "true" : "false") +
                R"(,"reviews":[{"user":"bob","state":"APPROVED","commit_id":")" + pull.head +
                R"("}]}]})");
  }

  // PR `number` at `head` applies app to staging, then to prod.
  void ApplyBothEnvironments(PullSeed pull, int first_comment) {
    ASSERT_EQ(OpenPull(pull).exit_code, 0);
    SeedApproved(pull);
    for (int i = 0; i < 2; ++i) {
      ProcessResult applied = Comment("/apply", first_comment + i, pull.number);
      ASSERT_EQ(applied.exit_code, 0) << RepliesOn(pull.number) << applied.out << applied.err;
    }
    ASSERT_TRUE(Contains(RepliesOn(pull.number), "Applied: app@staging"));
    ASSERT_TRUE(Contains(RepliesOn(pull.number), "Applied: app@prod"));
  }
};

TEST_F(PromotedRevertTest, BothEnvironmentsRevertStagingFirst) {
  work.Branch("feature-a");
  a = work.Append("app/main.tf", "resource \"null_resource\" \"cache\" {}\n");
  PullSeed first;
  first.number = 1;
  first.head = a;
  first.head_ref = "feature-a";
  ApplyBothEnvironments(first, 601);
  work.Git({"checkout", "-q", "main"});
  work.Git({"merge", "-q", "--ff-only", "feature-a"});
  first.state = "closed";
  first.merged = true;
  SeedApproved(first);
  work.Branch("feature-b");
  b = work.Append("app/main.tf", "resource \"null_resource\" \"queue\" {}\n");
  PullSeed second;
  second.number = 2;
  second.head = b;
  second.head_ref = "feature-b";
  ApplyBothEnvironments(second, 611);
  ASSERT_TRUE(Contains(AppResources("prod"), "null_resource.queue"));

  ProcessResult revert = Comment("/revert app", 621, 2);
  ASSERT_EQ(revert.exit_code, 0) << RepliesOn(2) << revert.out << revert.err;
  EXPECT_TRUE(Contains(DashboardOf(2), "⏪ revert of `app@staging` to `" + a.substr(0, 7)))
      << DashboardOf(2);
  EXPECT_TRUE(Contains(DashboardOf(2), "⏪ revert of `app@prod` to `" + a.substr(0, 7)))
      << DashboardOf(2);

  ProcessResult staging = Comment("/apply", 622, 2);
  ASSERT_EQ(staging.exit_code, 0) << RepliesOn(2) << staging.out << staging.err;
  EXPECT_FALSE(Contains(AppResources("staging"), "null_resource.queue"));
  EXPECT_TRUE(Contains(AppResources("staging"), "null_resource.cache"));
  EXPECT_TRUE(Contains(AppResources("prod"), "null_resource.queue")) << "prod waits";

  ProcessResult prod = Comment("/apply", 623, 2);
  ASSERT_EQ(prod.exit_code, 0) << RepliesOn(2) << prod.out << prod.err;
  EXPECT_TRUE(Contains(RepliesOn(2), "Applied: app@prod (a revert to `" + a.substr(0, 7)))
      << RepliesOn(2);
  EXPECT_FALSE(Contains(AppResources("prod"), "null_resource.queue"));
  EXPECT_TRUE(Contains(AppResources("prod"), "null_resource.cache"));
  ExpectNoRevertTreeLeft();
}

}  // namespace
}  // namespace infra_flash::testing
