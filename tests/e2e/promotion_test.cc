// One codebase promoted through environments, end to end: the example's layer `app`, with
// `environments: [staging, prod]`, is two targets, `app@staging` and `app@prod`, each with
// its own state key and var file. The PR plans both; `/apply prod` waits for staging; prod
// needs a code owner's approval; the dashboard shows both rows at each step (harness:
// flows_fixture.h). The states are the simulator's files under SIM_STATE_DIR, by key.
#include <filesystem>
#include <fstream>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

constexpr char kProdRequire[] = "    require: [approved, mergeable]\n";
constexpr char kAppStateKey[] = "    state_key: \"{environment}/app.tfstate\"\n";

class PromotionTest : public FlowsTest {
 protected:
  // On main: the example's layer `app` (`environments: [staging, prod]`) with the
  // environments' state keys, `staging/{layer}.tfstate` and `prod/{layer}.tfstate`, and prod
  // approved by the code owners of app/ (carol). Then the branch `feature` changes
  // app/main.tf.
  void OpenPull() {
    std::string config = Slurp(work.root() + "/.infra-flash.yml");
    ASSERT_TRUE(Contains(config, "environments: [staging, prod]")) << config;
    ASSERT_TRUE(Replace(config, kAppStateKey, "")) << config;
    ASSERT_TRUE(Replace(config, "staging/terraform.tfstate", "staging/{layer}.tfstate"));
    ASSERT_TRUE(Replace(config, "prod/terraform.tfstate", "prod/{layer}.tfstate"));
    ASSERT_TRUE(Replace(config, kProdRequire,
                        "    require: [approved]\n"
                        "    approvers: [codeowners]\n"));
    WriteFile(".infra-flash.yml", config);
    WriteFile(".github/CODEOWNERS", "/app/ @carol\n");
    work.Git({"add", "-A"});
    work.Commit("state keys per layer; prod approved by app's code owner");
    work.base = work.Head();
    work.Branch("feature");
    head = work.Append("app/main.tf", "resource \"null_resource\" \"cache\" {}\n");
  }

  static bool Replace(std::string& text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    if (at == std::string::npos) return false;
    text.replace(at, from.size(), to);
    return true;
  }

  void WriteFile(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(
        std::filesystem::path(work.root() + "/" + path).parent_path());
    std::ofstream(work.root() + "/" + path) << text;
  }

  // The PR at `head`, authored by alice, with these reviews (JSON objects).
  void SeedReviews(const std::string& reviews) {
    github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
                R"("permissions":{"alice":"write","bob":"admin","carol":"write","dave":"write"},)"
                R"("commit_pulls":{")" +
                head + R"(":[1]},"pulls":[{"number":1,"user":"alice","head_sha":")" + head +
                R"(","base_sha":")" + work.base +
                R"(","head_ref":"feature","title":"add cache","reviews":[)" + reviews + "]}]}");
  }

  std::string Approval(const std::string& login) const {
    return R"({"user":")" + login + R"(","state":"APPROVED","commit_id":")" + head + R"("})";
  }

  bool StateExists(const std::string& key) const {
    return std::filesystem::exists(work.dir.path() + "/state/" + key);
  }

  // Applies in app/ since the log was last cleared, by the plan file they applied.
  std::vector<std::string> AppApplies() const {
    std::vector<std::string> planfiles;
    for (const SimRecord& record : SimLog()) {
      if (record.event != "start" || record.argv.empty() || record.argv[0] != "apply") continue;
      if (!record.cwd.ends_with("/app")) continue;
      planfiles.push_back(std::filesystem::path(record.argv.back()).filename().string());
    }
    return planfiles;
  }

  // The reply `body` from alice got, and the run's exit status.
  std::pair<int, std::string> Comment(const std::string& body, int id) {
    SeedComment(id);
    const std::string before = RepliesOn(1);
    ProcessResult run = RunEvent("issue_comment", CommentPayload(body, "alice", id));
    return {run.exit_code, RepliesOn(1).substr(before.size()) + "\n" + run.out + run.err};
  }

  // `/apply prod` as comment `id` applies nothing, says staging comes first, and fails.
  void ExpectProdWaitsForStaging(int id) {
    auto [exit_code, reply] = Comment("/apply prod", id);
    EXPECT_EQ(exit_code, 1) << reply;
    EXPECT_TRUE(AppApplies().empty()) << reply;
    EXPECT_TRUE(Contains(reply, "apply to `staging` first (`/apply app staging`)")) << reply;
    EXPECT_FALSE(StateExists("prod/app.tfstate"));
  }

  // The dashboard's row of `shown` ("app · staging"): the table line.
  std::string Row(const std::string& shown) {
    const std::string dashboard = Dashboard();
    const std::size_t at = dashboard.find("** " + shown + " |");
    if (at == std::string::npos) return "";
    return dashboard.substr(at, dashboard.find('\n', at) - at);
  }

  std::string head;
};

TEST_F(PromotionTest, StagingFirstThenProdWithTheCodeOwnersApproval) {
  OpenPull();
  SeedReviews("");

  // The PR plans both environments, each into its own state and data directory.
  ProcessResult plan = RunEvent("pull_request", PullPayload("opened", head));
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  std::vector<std::string> planned;
  for (const SimRecord& record : SimLog()) {
    if (record.event == "start" && !record.argv.empty() && record.argv[0] == "plan" &&
        record.cwd.ends_with("/app")) {
      for (const std::string& arg : record.argv) {
        if (arg.starts_with("-out=")) planned.push_back(arg.substr(arg.rfind('/') + 1));
        if (arg.starts_with("-var-file=")) planned.push_back(arg.substr(arg.rfind('/') + 1));
      }
    }
  }
  EXPECT_EQ(planned, (std::vector<std::string>{"tfplan-staging", "staging.tfvars", "tfplan-prod",
                                               "prod.tfvars"}));
  EXPECT_TRUE(Contains(Row("app · staging"), "📝")) << Dashboard();
  EXPECT_TRUE(Contains(Row("app · prod"), "📝")) << Dashboard();
  EXPECT_TRUE(Contains(Dashboard(), "`/apply app@staging`")) << Dashboard();
  EXPECT_FALSE(StateExists("staging/app.tfstate"));
  ClearSimLog();

  // `/apply prod` before staging: nothing, and the reply says what comes first.
  ExpectProdWaitsForStaging(3101);
  EXPECT_TRUE(Contains(Row("app · prod"), "⛔")) << Dashboard();

  // `/apply staging`: the staging state only.
  auto [staging_exit, staging] = Comment("/apply staging", 3102);
  EXPECT_EQ(staging_exit, 0) << staging;
  EXPECT_EQ(AppApplies(), (std::vector<std::string>{"tfplan-staging"})) << staging;
  EXPECT_TRUE(StateExists("staging/app.tfstate"));
  EXPECT_FALSE(StateExists("prod/app.tfstate"));
  EXPECT_TRUE(Contains(Row("app · staging"), "✅")) << Dashboard();
  EXPECT_TRUE(Contains(Row("app · prod"), "📝")) << Dashboard();
  EXPECT_FALSE(Contains(Row("app · prod"), "⛔")) << "staging is there now: " << Dashboard();
  EXPECT_TRUE(Contains(Dashboard(), "`/apply app@prod`")) << Dashboard();
  const std::string state = RepositoryState();
  EXPECT_TRUE(Contains(state, "refs/infra-flash/applied/staging/app/")) << state;
  ClearSimLog();

  // Approved by a writer who owns nothing under app/: prod is still refused.
  SeedReviews(Approval("dave"));
  auto [dave_exit, dave] = Comment("/apply prod", 3103);
  EXPECT_EQ(dave_exit, 1) << dave;
  EXPECT_TRUE(AppApplies().empty()) << dave;
  EXPECT_TRUE(Contains(dave, "@carol")) << dave;
  EXPECT_TRUE(Contains(dave, "@dave is not one of them")) << dave;
  EXPECT_FALSE(StateExists("prod/app.tfstate"));

  // The code owner approves: prod is applied, into its own state.
  SeedReviews(Approval("dave") + "," + Approval("carol"));
  auto [prod_exit, prod] = Comment("/apply prod", 3104);
  EXPECT_EQ(prod_exit, 0) << prod;
  EXPECT_EQ(AppApplies(), (std::vector<std::string>{"tfplan-prod"})) << prod;
  EXPECT_TRUE(StateExists("prod/app.tfstate"));
  EXPECT_TRUE(Contains(Row("app · staging"), "✅")) << Dashboard();
  EXPECT_TRUE(Contains(Row("app · prod"), "✅")) << Dashboard();
  EXPECT_TRUE(Contains(Dashboard(), "ready to merge")) << Dashboard();
}

TEST_F(PromotionTest, ApplyAloneTakesTheFirstEnvironmentNotYetReached) {
  OpenPull();
  SeedReviews(Approval("carol"));
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  ClearSimLog();

  auto [first_exit, first] = Comment("/apply", 3201);
  EXPECT_EQ(first_exit, 0) << first;
  EXPECT_EQ(AppApplies(), (std::vector<std::string>{"tfplan-staging"})) << first;
  EXPECT_TRUE(Contains(first, "Not yet, `app@prod`")) << first;
  EXPECT_TRUE(Contains(first, "`/apply app prod`")) << first;
  ClearSimLog();

  auto [second_exit, second] = Comment("/apply app", 3202);
  EXPECT_EQ(second_exit, 0) << second;
  EXPECT_EQ(AppApplies(), (std::vector<std::string>{"tfplan-prod"})) << second;
  EXPECT_TRUE(StateExists("staging/app.tfstate"));
  EXPECT_TRUE(StateExists("prod/app.tfstate"));
}

// The promotion path is the base branch's: a PR that drops staging from it still has to
// reach staging first, and the dashboard says the path change waits for the merge.
TEST_F(PromotionTest, APullRequestCannotSkipStagingByEditingThePath) {
  OpenPull();
  std::string config = Slurp(work.root() + "/.infra-flash.yml");
  ASSERT_TRUE(Replace(config, "environments: [staging, prod]", "environments: [prod]"));
  WriteFile(".infra-flash.yml", config);
  head = work.Append("app/main.tf", "# straight to prod\n");
  SeedReviews(Approval("carol"));
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  EXPECT_TRUE(Contains(Dashboard(), "layers.app.environments")) << Dashboard();
  ClearSimLog();

  ExpectProdWaitsForStaging(3301);
}

// A workflow_dispatch apply from the default branch: prod before staging is refused; the
// whole path in one run goes in order; then prod alone is allowed at the same commit.
TEST_F(PromotionTest, ADispatchedApplyFollowsThePathToo) {
  github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"}})");
  const std::string prod_only =
      R"({"command":"apply","environment":"prod","layers":"app","confirm":"deploy"})";
  ProcessResult refused = RunEvent("workflow_dispatch", DispatchPayload(prod_only));
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_TRUE(AppApplies().empty()) << refused.out;
  EXPECT_TRUE(Contains(step_summary, "apply to `staging` first")) << step_summary;
  ClearSimLog();

  ProcessResult staging =
      RunEvent("workflow_dispatch",
               DispatchPayload(R"({"command":"apply","environment":"staging","layers":"app"})"));
  EXPECT_EQ(staging.exit_code, 0) << staging.out << staging.err;
  EXPECT_EQ(AppApplies(), (std::vector<std::string>{"tfplan-staging"})) << staging.out;
  ClearSimLog();

  ProcessResult prod = RunEvent("workflow_dispatch", DispatchPayload(prod_only));
  EXPECT_EQ(prod.exit_code, 0) << prod.out << prod.err;
  EXPECT_EQ(AppApplies(), (std::vector<std::string>{"tfplan-prod"})) << prod.out;
  EXPECT_TRUE(StateExists("prod/app.tfstate"));
}

TEST_F(PromotionTest, AFailureInStagingStopsThePathOnMerge) {
  OpenPull();
  SeedReviews("");
  work.Git({"checkout", "-q", "main"});
  work.Git({"merge", "-q", "--ff-only", "feature"});
  SeedPull(head, R"(,"merged":true,"state":"closed")");
  ProcessResult push =
      RunEvent("push",
               R"({"ref":"refs/heads/main","before":")" + work.base + R"(","after":")" + head +
                   R"(","created":false,"repository":{"full_name":"o/r","default_branch":"main"},)"
                   R"("sender":{"login":"alice"}})",
               {{"SIM_FAIL_AT", "apply:/app"}});
  EXPECT_NE(push.exit_code, 0) << push.out << push.err;
  EXPECT_EQ(AppApplies(), (std::vector<std::string>{"tfplan-staging"})) << push.out;
  EXPECT_FALSE(StateExists("prod/app.tfstate"));
  // The summary says prod was skipped for staging's failure (names are shown with their
  // `@` kept from linking a user, hence the search by parts).
  EXPECT_TRUE(Contains(step_summary, "prod on the default branch failed: skipped because app@"))
      << step_summary;
  EXPECT_TRUE(Contains(Dashboard(), "app · prod")) << Dashboard();
}

}  // namespace
}  // namespace infra_flash::testing
