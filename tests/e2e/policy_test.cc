// Policy checks end to end (config `policies:`, policy/policy_checks.h): a checker that
// denies one resource type in the plan JSON, run by the real binary on the simulator's
// plans, against the loopback GitHub; an attacker's PR that weakens the checker; writers
// who are not the check's owner; a push after an approval; checkers that cannot run.
#include <fstream>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

// Denies every created or updated resource of the type argv[2] names, as conftest prints a
// denial ("FAIL - file - rule - message"), and exits 1 when it denied one.
constexpr char kDenyScript[] = R"py(import json, sys
plan = json.load(open(sys.argv[1]))
denied = [change["address"] for change in plan.get("resource_changes", [])
          if change["type"] == sys.argv[2]
          and set(change["change"]["actions"]) & {"create", "update"}]
for address in denied:
    print("FAIL - %s - main - %s is not allowed here" % (sys.argv[1].rsplit("/", 1)[-1], address))
print("%d tests, %d passed, 0 warnings, %d failures" % (1, 1 - bool(denied), bool(denied)))
sys.exit(1 if denied else 0)
)py";

// data-staging has no dependents: a change to it plans it alone.
constexpr char kStagingFile[] = "envs/staging/data/main.tf";
constexpr char kStagingDir[] = "/envs/staging/data";

constexpr char kPolicies[] = R"(policies:
  - name: no-public-buckets
    argv: [python3, checks/deny.py, "{plan_json}", aws_s3_bucket]
    files: [checks/deny.py]
    layers: [platform, data-staging]
    owners: [carol]
)";

class PolicyTest : public FlowsTest {
 protected:
  // `policies` and the checker's files on main, the PR's base; then the branch `feature`.
  void OnBase(const std::string& policies, const std::map<std::string, std::string>& files) {
    const std::string path = work.root() + "/.infra-flash.yml";
    std::ofstream(path, std::ios::app) << policies;
    for (const auto& [file, text] : files) WriteFile(file, text);
    work.Git({"add", "-A"});
    work.Commit("policies");
    work.base = work.Head();
    work.Branch("feature");
  }

  void WriteFile(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(
        std::filesystem::path(work.root() + "/" + path).parent_path());
    std::ofstream(work.root() + "/" + path) << text;
  }

  // PR #1 at `head`; carol owns the check, dave is a writer who does not.
  void Seed() {
    github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
                R"("permissions":{"alice":"write","bob":"admin","carol":"write","dave":"write",)"
                R"("mallory":"read"},"commit_pulls":{")" +
                head + R"(":[1]},"pulls":[{"number":1,"user":"alice","head_sha":")" + head +
                R"(","base_sha":")" + work.base +
                R"(","head_ref":"feature","title":"add cache"}]})");
  }

  void Autoplan(const std::string& action, const std::string& dir = "/platform") {
    Seed();
    ProcessResult plan = RunEvent("pull_request", PullPayload(action, head));
    ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
    ASSERT_TRUE(SimRan("plan", dir)) << plan.out;
  }

  ProcessResult Comment(const std::string& body, const std::string& login, int id) {
    SeedComment(id);
    return RunEvent("issue_comment", CommentPayload(body, login, id));
  }

  // The replies posted since `before` (RepliesOn(1) then).
  std::string NewReplies(const std::string& before) { return RepliesOn(1).substr(before.size()); }

  std::string head;
};

TEST_F(PolicyTest, AFailedCheckStopsApplyUntilItsOwnerApprovesThisPlan) {
  OnBase(kPolicies, {{"checks/deny.py", kDenyScript}});
  // The PR adds a bucket, and "fixes" the checker to pass everything: the base's copy runs.
  WriteFile("checks/deny.py", "import sys\nsys.exit(0)\n");
  head = work.Append(kStagingFile, "\nresource \"aws_s3_bucket\" \"logs\" {\n}\n");
  Autoplan("opened", kStagingDir);
  std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "| Layer | Format | Validate | Plan | Policy | Apply |"))
      << dashboard;
  EXPECT_TRUE(Contains(dashboard, "| ❌ no-public-buckets |")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "<details><summary>❌ Policy data-staging</summary>"))
      << dashboard;
  EXPECT_TRUE(Contains(dashboard, "FAIL - 1.json - main - aws_s3_bucket.logs is not allowed here"))
      << "the checker's own words: " << dashboard;
  EXPECT_TRUE(Contains(dashboard, "👉 Comment `/approve_policies`")) << dashboard;
  EXPECT_TRUE(Contains(step_summary, "aws_s3_bucket.logs is not allowed here")) << step_summary;
  EXPECT_FALSE(Contains(RepositoryState(), "tok-e2e-123")) << "no token anywhere";
  ClearSimLog();

  // `/apply` is refused, naming the check and its owner.
  std::string before = RepliesOn(1);
  ProcessResult apply = Comment("/apply data-staging", "alice", 11);
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_FALSE(SimRan("apply", kStagingDir)) << "nothing is applied";
  std::string reply = NewReplies(before);
  EXPECT_TRUE(Contains(reply,
                       "Not applied, `data-staging`: its plan failed the policy check "
                       "`no-public-buckets`"))
      << reply;
  EXPECT_TRUE(Contains(reply,
                       "`/approve_policies no-public-buckets`: `no-public-buckets` by "
                       "@carol"))
      << reply;
  EXPECT_EQ(Reactions(11), (std::vector<std::string>{"eyes", "confused"}));

  // A writer who does not own the check changes nothing.
  before = RepliesOn(1);
  const std::string shown = Dashboard();
  ProcessResult refused = Comment("/approve_policies", "dave", 12);
  EXPECT_EQ(refused.exit_code, 0) << refused.out << refused.err;
  reply = NewReplies(before);
  EXPECT_TRUE(Contains(reply,
                       "@dave, nothing was approved. Only a check's owners may approve "
                       "its failures, and you are not an owner of `no-public-buckets` "
                       "(owners: @carol)."))
      << reply;
  EXPECT_EQ(Dashboard(), shown) << "the dashboard is untouched";
  EXPECT_EQ(Reactions(12), (std::vector<std::string>{"eyes", "confused"}));

  // The owner approves, with the Atlantis spelling: recorded for this commit and plan.
  ProcessResult approved = Comment("atlantis approve_policies", "carol", 13);
  EXPECT_EQ(approved.exit_code, 0) << approved.out << approved.err;
  EXPECT_EQ(Reactions(13), (std::vector<std::string>{"eyes", "rocket"}));
  dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "| ❌ no-public-buckets · approved |")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "**no-public-buckets** failed, approved by @\u200bcarol"))
      << dashboard;
  EXPECT_TRUE(
      Contains(dashboard, R"("policy_approvals":[{"check":"no-public-buckets","by":"carol")"))
      << dashboard;

  // A new push voids it: planned again, the check fails again, `/apply` is refused.
  head = work.Append(kStagingFile, "\n# a second look\n");
  Autoplan("synchronize", kStagingDir);
  dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "| ❌ no-public-buckets |")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "approved by")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "policy_approvals")) << "none in the hidden state";
  EXPECT_TRUE(Contains(dashboard, "👉 Comment `/approve_policies`")) << dashboard;

  // Approved again for this head, `/apply` applies.
  before = RepliesOn(1);
  approved = Comment("/approve_policies no-public-buckets", "carol", 15);
  EXPECT_EQ(approved.exit_code, 0) << approved.out << approved.err;
  EXPECT_TRUE(Contains(NewReplies(before), "Approved `no-public-buckets` for `data-staging`"))
      << NewReplies(before);
  ClearSimLog();
  before = RepliesOn(1);
  apply = Comment("/apply data-staging", "alice", 16);
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_TRUE(SimRan("apply", kStagingDir)) << apply.out;
  EXPECT_TRUE(Contains(NewReplies(before), "Applied: data-staging")) << NewReplies(before);
  // The dashboard and every reply of this conversation, as GitHub shows them.
  ExpectCommentsRenderCleanly();
}

// The merge's convergence runs the same check: the failure stops platform's apply (and its
// dependents') until its owner approved that very plan on the merged PR.
TEST_F(PolicyTest, ConvergenceAppliesAFailedCheckOnlyWithTheMergedPrsApproval) {
  OnBase(kPolicies, {{"checks/deny.py", kDenyScript}});
  head = work.Append("platform/main.tf", "\nresource \"aws_s3_bucket\" \"logs\" {\n}\n");
  Autoplan("opened");
  ASSERT_TRUE(Contains(Dashboard(), "| ❌ no-public-buckets |")) << Dashboard();
  work.Git({"checkout", "-q", "main"});
  work.Git({"merge", "-q", "--ff-only", "feature"});
  const std::string push_payload =
      R"({"ref":"refs/heads/main","before":")" + work.base + R"(","after":")" + head +
      R"(","created":false,"repository":{"full_name":"o/r","default_branch":"main"},)"
      R"("sender":{"login":"alice"}})";
  github.Seed(R"({"repo":"o/r","pulls":[{"number":1,"user":"alice","head_sha":")" + head +
              R"(","base_sha":")" + work.base +
              R"(","head_ref":"feature","title":"add cache","merged":true,"state":"closed"}]})");
  ClearSimLog();
  ProcessResult push = RunEvent("push", push_payload);
  EXPECT_EQ(push.exit_code, 1) << push.out << push.err;
  EXPECT_FALSE(SimRan("apply", "/platform")) << push.out;
  EXPECT_FALSE(SimRan("apply", "/envs/staging/data")) << "a dependent waits for platform";
  std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard,
                       "stopped by a policy check: `platform` (no-public-buckets, not "
                       "approved on the merged PR for this plan), `data-staging` "
                       "(waits for `platform`)"))
      << dashboard;

  // The owner approves the plan on the merged PR; the next convergence applies it.
  SeedComment(41);
  ProcessResult approved =
      RunEvent("issue_comment", CommentPayload("/approve_policies", "carol", 41));
  ASSERT_EQ(approved.exit_code, 0) << approved.out << approved.err;
  ASSERT_TRUE(Contains(Dashboard(), "approved by @\u200bcarol")) << Dashboard();
  ClearSimLog();
  push = RunEvent("push", push_payload);
  EXPECT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_TRUE(SimRan("apply", "/platform")) << push.out;
  EXPECT_TRUE(Contains(push.out, "approved on the merged pull request for this very plan"))
      << push.out;
}

TEST_F(PolicyTest, APlanThePolicyAllowsPasses) {
  OnBase(kPolicies, {{"checks/deny.py", kDenyScript}});
  head = work.Append(kStagingFile, "\nresource \"null_resource\" \"more\" {\n}\n");
  Autoplan("opened", kStagingDir);
  const std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "| ✅ no-public-buckets |")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "<summary>❌ Policy")) << "no failure section";
  EXPECT_TRUE(Contains(dashboard, "👉 Comment `/apply data-staging`")) << dashboard;
}

TEST_F(PolicyTest, ACheckerThatCannotRunIsAnErrorNeverAPass) {
  OnBase(R"yaml(policies:
  - name: missing-tool
    argv: [python3, -c, "import sys; print('conftest: command not found'); sys.exit(127)"]
    layers: [data-staging]
  - name: slow
    argv: [sleep, "600"]
    layers: [data-staging]
    timeout: 1s
  - name: missing-file
    argv: [python3, checks/absent.py]
    files: [checks/absent.py]
    layers: [data-staging]
)yaml",
         {});
  head = work.Append(kStagingFile, "\nresource \"null_resource\" \"more\" {\n}\n");
  Autoplan("opened", kStagingDir);
  const std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "| ⚠️ missing-tool, slow, missing-file |")) << dashboard;
  EXPECT_TRUE(Contains(dashboard,
                       "exit status 127: the checker or a program it runs could not "
                       "be found or executed"))
      << dashboard;
  EXPECT_TRUE(Contains(dashboard, "conftest: command not found")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "stopped: the check ran past its timeout")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "`checks/absent.py` is not in the base commit")) << dashboard;
  ClearSimLog();
  const std::string before = RepliesOn(1);
  ProcessResult apply = Comment("/apply data-staging", "alice", 31);
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_FALSE(SimRan("apply", kStagingDir)) << "an error is never a pass";
  EXPECT_TRUE(Contains(NewReplies(before), "could not run on its plan")) << NewReplies(before);
  EXPECT_TRUE(Contains(NewReplies(before), "by a repository admin")) << NewReplies(before);

  // An admin (the owners of a check without `owners`) approves one of the three: the reply
  // says what still stops the apply.
  const std::string replies = RepliesOn(1);
  ProcessResult approved = Comment("/approve_policies missing-tool", "bob", 32);
  EXPECT_EQ(approved.exit_code, 0) << approved.out << approved.err;
  const std::string reply = RepliesOn(1).substr(replies.size());
  EXPECT_TRUE(Contains(reply, "Approved `missing-tool` for `data-staging`")) << reply;
  EXPECT_TRUE(Contains(reply,
                       "Still failed without an approval: `data-staging: slow`, "
                       "`data-staging: missing-file`."))
      << reply;
}

}  // namespace
}  // namespace infra_flash::testing
