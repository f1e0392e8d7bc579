// Environment approvals end to end, as an attacker would try them: `/apply` to prod after a
// clean plan, with approvals that must not count, approvers the PR cannot choose, a PR
// GitHub would not merge or that lacks its base's head; and workflow_dispatch confirmation
// driven by `confirm: true`, not by the environment's name (harness: flows_fixture.h).
// Every refusal is checked three ways: nothing was applied, the reply says why, and the
// comment gets 😕. Where a refusal could pass for "everything is refused", the test then
// meets the requirement and the same `/apply` applies.
#include <fstream>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

constexpr char kProdDir[] = "/prod/data";
constexpr char kProdFile[] = "envs/prod/data/main.tf";
constexpr char kProdRequire[] = "    require: [approved, mergeable]\n";

class ApprovalsTest : public FlowsTest {
 protected:
  // Commits `files` (path -> text) and prod's requirements (`prod_settings` replaces its
  // `require:` line) on main, the PR's base, then opens the branch `feature` with a change
  // to the data-prod layer.
  void OpenPull(const std::string& prod_settings,
                const std::map<std::string, std::string>& files = {}) {
    const std::string config_path = work.root() + "/.infra-flash.yml";
    std::string config = Slurp(config_path);
    const std::size_t at = config.find(kProdRequire);
    ASSERT_NE(at, std::string::npos) << "examples/monorepo changed: " << config;
    config.replace(at, std::string(kProdRequire).size(), prod_settings);
    WriteFile(".infra-flash.yml", config);
    for (const auto& [path, text] : files) WriteFile(path, text);
    work.Git({"add", "-A"});
    work.Commit("policy");
    work.base = work.Head();
    work.Branch("feature");
    head = work.Change(kProdFile, "cache");
  }

  void WriteFile(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(
        std::filesystem::path(work.root() + "/" + path).parent_path());
    std::ofstream(work.root() + "/" + path) << text;
  }

  // The PR at `head` with these reviews (JSON objects), `pull_extra` fields of the pull and
  // `repo_extra` members of the repository's seed.
  void SeedReviews(const std::string& reviews, const std::string& pull_extra = "",
                   const std::string& repo_extra = "") {
    github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
                R"("permissions":{"alice":"write","bob":"admin","carol":"write","dave":"write",)"
                R"("mallory":"read"},"commit_pulls":{")" +
                head + R"(":[1]},"pulls":[{"number":1,"user":"alice","head_sha":")" + head +
                R"(","base_sha":")" + work.base +
                R"(","head_ref":"feature","title":"add cache","reviews":[)" + reviews + "]" +
                pull_extra + "}]" + repo_extra + "}");
  }

  std::string Approval(const std::string& login, const std::string& commit = "") const {
    return Review(login, "APPROVED", commit);
  }
  std::string Review(const std::string& login, const std::string& state,
                     const std::string& commit = "") const {
    return R"({"user":")" + login + R"(","state":")" + state + R"(","commit_id":")" +
           (commit.empty() ? head : commit) + R"("})";
  }

  // The autoplan that shows the plan `/apply` needs.
  void Plan() {
    ProcessResult plan = RunEvent("pull_request", PullPayload("opened", head));
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    ASSERT_TRUE(SimRan("plan", kProdDir)) << "data-prod was planned";
    ASSERT_TRUE(Contains(DashboardOf(1), "sha256:")) << "the dashboard holds the plan's digest";
    ClearSimLog();
  }

  ProcessResult Apply(int comment_id) {
    SeedComment(comment_id);
    return RunEvent("issue_comment", CommentPayload("/apply", "alice", comment_id));
  }

  // `/apply` is refused: nothing applied, the reply says each of `says`, 😕.
  void ExpectRefused(int comment_id, const std::vector<std::string>& says) {
    const std::string before = RepliesOn(1);
    ProcessResult apply = Apply(comment_id);
    EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
    EXPECT_FALSE(SimRan("apply", kProdDir)) << "nothing may be applied";
    const std::string reply = RepliesOn(1).substr(before.size());
    EXPECT_TRUE(Contains(reply, "Not applied, `data-prod`: ")) << reply;
    for (const std::string& part : says) {
      EXPECT_TRUE(Contains(reply, part)) << "the reply lacks \"" << part << "\": " << reply;
    }
    EXPECT_EQ(Reactions(comment_id), (std::vector<std::string>{"eyes", "confused"}));
    EXPECT_TRUE(Contains(DashboardOf(1), "was not applied")) << DashboardOf(1);
  }

  // `/apply` applies data-prod: the refusal before was the requirement's doing.
  void ExpectApplied(int comment_id) {
    ProcessResult apply = Apply(comment_id);
    EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_TRUE(SimRan("apply", kProdDir)) << apply.out;
    EXPECT_EQ(Reactions(comment_id), (std::vector<std::string>{"eyes", "rocket"}));
    EXPECT_TRUE(Contains(RepliesOn(1), "Applied: data-prod")) << RepliesOn(1);
  }

  std::string head;
};

TEST_F(ApprovalsTest, AnApprovalByAReadOnlyUserDoesNotCount) {
  OpenPull(kProdRequire);
  SeedReviews(Approval("mallory"));
  Plan();
  ExpectRefused(2001, {"`prod` needs an approving review of commit `" + head.substr(0, 7) +
                           "` from someone other than @alice with write access to the "
                           "repository",
                       "@mallory has only read permission"});
  EXPECT_EQ(github.CountRequests("GET", "/collaborators/mallory/permission"), 1)
      << "the reviewer's permission is what was checked";

  SeedReviews(Approval("mallory") + "," + Approval("bob"));
  ExpectApplied(2002);
}

TEST_F(ApprovalsTest, TheAuthorsOwnApprovalNeverCounts) {
  OpenPull(kProdRequire);
  SeedReviews(Approval("alice"));
  Plan();
  ExpectRefused(2051, {"from someone other than @alice"});
}

TEST_F(ApprovalsTest, AnApprovalOfAnOlderCommitDoesNotCount) {
  OpenPull(kProdRequire);
  const std::string approved = head;
  head = work.Change(kProdFile, "queue");  // pushed after bob approved
  SeedReviews(Approval("bob", approved));
  Plan();
  ExpectRefused(2101, {"an approving review of commit `" + head.substr(0, 7) + "`",
                       "@bob approved an older commit"});
}

TEST_F(ApprovalsTest, ALaterRequestForChangesVoidsAnApproval) {
  OpenPull(kProdRequire);
  SeedReviews(Approval("bob") + "," + Review("bob", "CHANGES_REQUESTED"));
  Plan();
  ExpectRefused(2201, {"from someone other than @alice with write access"});

  // A comment after the approval changes no verdict.
  SeedReviews(Approval("bob") + "," + Review("bob", "CHANGES_REQUESTED") + "," + Approval("bob") +
              "," + Review("bob", "COMMENTED"));
  ExpectApplied(2202);
}

TEST_F(ApprovalsTest, AnApprovalBySomeoneTheApproversDoNotNameDoesNotCount) {
  OpenPull("    require: [approved]\n    approvers: [carol]\n");
  SeedReviews(Approval("dave"));
  Plan();
  ExpectRefused(2301, {"from one of @carol", "@dave is not one of them"});

  SeedReviews(Approval("dave") + "," + Approval("carol"));
  ExpectApplied(2302);
}

TEST_F(ApprovalsTest, ATeamApproverCountsOnlyWhenGitHubSaysTheyAreAMember) {
  OpenPull("    approvers: [\"@acme/platform\"]\n");
  const std::string teams = R"(,"teams":{"acme/platform":["carol"],"acme/other":["dave"]})";
  SeedReviews(Approval("dave"), "", teams);
  Plan();
  ExpectRefused(2401, {"from one of @acme/platform", "@dave is not one of them"});
  EXPECT_EQ(github.CountRequests("GET", "/orgs/acme/teams/platform/memberships/dave"), 1);

  SeedReviews(Approval("dave") + "," + Approval("carol"), "", teams);
  ExpectApplied(2402);
  EXPECT_EQ(github.CountRequests("GET", "/orgs/acme/teams/platform/memberships/carol"), 1);
}

TEST_F(ApprovalsTest, ATokenThatCannotReadTeamsIsSaidSoNotTakenForNo) {
  OpenPull("    approvers: [\"@acme/platform\"]\n");
  SeedReviews(Approval("carol"), "", R"(,"teams":{"acme/platform":["carol"]})");
  github.AddFaults(R"({"faults":[{"kind":"status","status":403,"method":"GET",)"
                   R"("path":"^/orgs/.*/memberships/","times":-1,)"
                   R"("message":"Resource not accessible by integration"}]})");
  Plan();
  ExpectRefused(2501, {"cannot tell whether @carol is in @acme/platform",
                       "the default GITHUB_TOKEN cannot read teams", "`read:org`"});
  EXPECT_FALSE(Contains(RepliesOn(1), "is not one of them")) << RepliesOn(1);
}

TEST_F(ApprovalsTest, CodeOwnersFromTheBaseBranchApproveTheirPaths) {
  OpenPull("    approvers: [codeowners]\n",
           {{".github/CODEOWNERS", "# infra\n* @bob\nenvs/prod/ @carol @acme/dba\ndocs/\n"}});
  SeedReviews(Approval("dave") + "," + Approval("bob"));
  Plan();
  ExpectRefused(2601, {"from one of @carol, @acme/dba (code owners of envs/prod/data/main.tf)",
                       "@dave is not one of them", "@bob is not one of them"});

  SeedReviews(Approval("dave") + "," + Approval("carol"));
  ExpectApplied(2602);
}

TEST_F(ApprovalsTest, APullRequestCannotMakeItsAuthorOrAnAccompliceACodeOwner) {
  OpenPull("    approvers: [codeowners]\n", {{"CODEOWNERS", "envs/prod/ @carol\n"}});
  // The PR rewrites the base's CODEOWNERS and adds one where GitHub looks first.
  work.Append("CODEOWNERS", "envs/prod/ @alice @dave\n");
  WriteFile(".github/CODEOWNERS", "* @alice @dave\n");
  head = work.Append(".github/CODEOWNERS", "");
  SeedReviews(Approval("alice") + "," + Approval("dave"));
  Plan();
  ExpectRefused(2701, {"from one of @carol (code owners of envs/prod/data/main.tf)",
                       "@dave is not one of them"});

  SeedReviews(Approval("dave") + "," + Approval("carol"));
  ExpectApplied(2702);
}

TEST_F(ApprovalsTest, ABlockedPullRequestIsNotMergeable) {
  OpenPull(kProdRequire);
  SeedReviews(Approval("bob"), R"(,"mergeable":true,"mergeable_state":"blocked")");
  Plan();
  ExpectRefused(2801,
                {"`prod` needs a mergeable PR", "`blocked` by the base branch's protection rules"});

  SeedReviews(Approval("bob"), R"(,"mergeable":true,"mergeable_state":"behind")");
  ExpectApplied(2802);  // behind its base is for `undiverged`, not `mergeable`
}

TEST_F(ApprovalsTest, UndivergedRefusesAPullRequestBehindItsBase) {
  OpenPull("    require: [approved, undiverged]\n");
  // main moves on after the branch was cut: two commits the PR lacks.
  work.Git({"checkout", "-q", "main"});
  work.Commit("hotfix 1");
  work.Commit("hotfix 2");
  const std::string main_head = work.Head();
  work.Git({"checkout", "-q", "feature"});
  const std::string refs = R"(,"refs":{"refs/heads/main":")" + main_head + R"("})";
  SeedReviews(Approval("bob"), "",
              refs + R"(,"compares":{")" + main_head + "..." + head +
                  R"(":{"status":"diverged","ahead_by":1,"behind_by":2}})");
  Plan();
  ExpectRefused(
      2901, {"`prod` needs the branch to contain the current head of `main` (`" +
             main_head.substr(0, 7) + "`): update the branch with its base (2 commits behind)"});
  EXPECT_GE(github.CountRequests("GET", "/git/ref/heads/main"), 1) << "the base read now";

  // The author merges main: the branch holds its head again.
  work.Git({"merge", "-q", "--no-edit", "main"});
  head = work.Head();
  SeedReviews(Approval("bob"), "",
              refs + R"(,"compares":{")" + main_head + "..." + head +
                  R"(":{"status":"ahead","ahead_by":2,"behind_by":0}})");
  ASSERT_EQ(RunEvent("pull_request", PullPayload("synchronize", head)).exit_code, 0);
  ClearSimLog();
  ExpectApplied(2902);
}

TEST_F(ApprovalsTest, DispatchConfirmationFollowsTheConfigNotTheName) {
  // prod without `confirm`, staging with it.
  const std::string config_path = work.root() + "/.infra-flash.yml";
  std::string config = Slurp(config_path);
  const std::string prod_confirm = "    confirm: true";
  const std::size_t prod_at = config.find(prod_confirm);
  ASSERT_NE(prod_at, std::string::npos) << "examples/monorepo lost prod's confirm: " << config;
  config.erase(prod_at, config.find('\n', prod_at) + 1 - prod_at);
  const std::string staging_files = "    var_files: [envs/staging.tfvars]\n";
  const std::size_t staging_at = config.find(staging_files);
  ASSERT_NE(staging_at, std::string::npos) << config;
  config.insert(staging_at + staging_files.size(), "    confirm: true\n");
  WriteFile(".infra-flash.yml", config);
  work.Git({"add", "-A"});
  work.Commit("confirm staging, not prod");

  ProcessResult prod =
      RunEvent("workflow_dispatch",
               DispatchPayload(R"({"command":"apply","environment":"prod","layers":"data-prod"})"));
  EXPECT_EQ(prod.exit_code, 0) << prod.out << prod.err;
  EXPECT_TRUE(SimRan("apply", kProdDir)) << "a `prod` without `confirm: true` needs none";
  ClearSimLog();

  for (const std::string& inputs :
       {std::string(R"({"command":"apply","environment":"staging","layers":"data-staging"})"),
        std::string(R"({"command":"apply","layers":"data-staging"})")}) {
    ProcessResult staging = RunEvent("workflow_dispatch", DispatchPayload(inputs));
    EXPECT_EQ(staging.exit_code, 1) << inputs << staging.out << staging.err;
    EXPECT_TRUE(Contains(staging.out,
                         "applying to `staging` needs the input `confirm` set to "
                         "`deploy`"))
        << inputs << staging.out;
    EXPECT_TRUE(Contains(step_summary, "nothing was run")) << step_summary;
    EXPECT_EQ(Slurp(SimLogPath()), "") << inputs << ": no engine process ran";
  }

  ProcessResult confirmed = RunEvent(
      "workflow_dispatch",
      DispatchPayload(R"({"command":"apply","environment":"staging","layers":"data-staging",)"
                      R"("confirm":"deploy"})"));
  EXPECT_EQ(confirmed.exit_code, 0) << confirmed.out << confirmed.err;
  EXPECT_TRUE(SimRan("apply", "/staging/data"));
}

}  // namespace
}  // namespace infra_flash::testing
