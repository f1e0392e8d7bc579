// The trust boundary end to end: a pull request plays the attacker and must not be able
// to authorize itself. Each test sets the attack up as an outsider or a writer would
// (a fork's edited config, a pasted dashboard, an alias, a suite of their own) and
// checks that nothing ran, nothing was applied, and the reply or dashboard says why
// (harness: flows_fixture.h; docs/security.md is the model).
#include <filesystem>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

const std::string kConfig = ".infra-flash.yml";

class TrustTest : public FlowsTest {
 protected:
  // Replaces `from` with `to` in `file` on the current branch and commits it.
  std::string Rewrite(const std::string& file, const std::string& from, const std::string& to) {
    const std::string path = work.root() + "/" + file;
    std::string text = Slurp(path);
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from << " not in " << file;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    std::ofstream(path, std::ios::trunc) << text;
    work.Git({"add", "-A"});
    work.Commit("edit " + file);
    return work.Head();
  }

  // The comments on PR 1 as GitHub holds them: author and body, oldest first.
  std::vector<std::pair<std::string, std::string>> Comments() {
    std::vector<std::pair<std::string, std::string>> out;
    Result<rapidjson::Document> state = json::Parse(github.State(kRepo), "state");
    if (!state.ok()) return out;
    for (const rapidjson::Value& comment : json::Member(*state, "comments")->GetArray()) {
      if (json::IntOr(json::Member(comment, "issue")) != 1) continue;
      out.emplace_back(json::StringOr(json::Member(comment, "user")),
                       json::StringOr(json::Member(comment, "body")));
    }
    return out;
  }

  // The body of the dashboard infra-flash itself wrote ("" when none).
  std::string OurDashboard() {
    for (const auto& [user, body] : Comments()) {
      if (user == "github-actions[bot]" && Contains(body, kDashboardMarker)) return body;
    }
    return "";
  }

  bool AnythingApplied() const {
    for (const SimRecord& record : SimLog()) {
      if (record.event == "start" && !record.argv.empty() && record.argv[0] == "apply") {
        return true;
      }
    }
    return false;
  }

  // A same-repository PR with no review at all.
  void SeedUnreviewed(const std::string& head) {
    PullSeed pull;
    pull.head = head;
    SeedPull(pull);
  }
};

// The attack of the issue: a fork opens its own rules and asks for a plan and an apply.
TEST_F(TrustTest, AForkCannotGrantItselfPlanOrApplyByEditingTheConfig) {
  work.Branch("feature");
  work.Change("envs/prod/data/main.tf", "pwn");
  Rewrite(kConfig, "permissions:\n  plan: write\n  apply: write",
          "permissions:\n  plan: none\n  apply: none");
  Rewrite(kConfig, "    require: [approved, mergeable]\n", "");
  PullSeed fork;
  fork.head = work.Append(kConfig, "forks:\n  plan: true\n");
  fork.head_repo = "mallory/r";
  SeedPull(fork);

  ProcessResult autoplan = RunEvent("pull_request", PullPayload("opened", fork));
  EXPECT_EQ(autoplan.exit_code, 0) << autoplan.out << autoplan.err;
  const std::string dashboard = OurDashboard();
  EXPECT_TRUE(Contains(dashboard, "fork PR")) << "the plan is blocked: " << dashboard;
  for (const char* key : {"permissions", "forks", "environments.prod"}) {
    EXPECT_TRUE(Contains(dashboard, std::string("`") + key + "`"))
        << "the dashboard names the rule the PR changes: " << key << "\n"
        << dashboard;
  }
  EXPECT_EQ(Slurp(SimLogPath()), "") << "none of the fork's code ran, checks included";
  ClearSimLog();

  int id = 1100;
  for (const char* login : {"mallory", "alice"}) {
    for (const char* command : {"/plan", "/apply"}) {
      SeedComment(++id);
      ProcessResult run = RunEvent("issue_comment", CommentPayload(command, login, id));
      EXPECT_EQ(run.exit_code, 0) << "a refusal by policy is not a failure: " << run.out;
      EXPECT_EQ(Reactions(id), (std::vector<std::string>{"eyes", "confused"}))
          << login << " " << command;
    }
  }
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "needs **write** permission")) << "mallory: " << replies;
  EXPECT_TRUE(Contains(replies, "comes from a fork")) << "alice: " << replies;
  EXPECT_TRUE(Contains(replies, "on the base branch")) << replies;
  EXPECT_EQ(Slurp(SimLogPath()), "") << "no engine process ran";
  EXPECT_EQ(Ref("refs/infra-flash/locks/data-prod"), "") << "no lock taken";
}

// A writer drops prod's approval requirement in the PR that changes prod.
TEST_F(TrustTest, AWriterCannotDropTheApprovalTheirProdChangeNeeds) {
  work.Branch("feature");
  work.Change("envs/prod/data/main.tf", "unreviewed");
  const std::string head = Rewrite(kConfig, "    require: [approved, mergeable]\n", "");
  SeedUnreviewed(head);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  EXPECT_TRUE(Contains(OurDashboard(), "`environments.prod`")) << OurDashboard();
  EXPECT_TRUE(Contains(OurDashboard(), "take effect once it is merged")) << OurDashboard();
  ClearSimLog();

  SeedComment(1201);
  ProcessResult apply =
      RunEvent("issue_comment", CommentPayload("/apply data-prod", "alice", 1201));
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_FALSE(AnythingApplied()) << Slurp(SimLogPath());
  EXPECT_TRUE(Contains(RepliesOn(1), "needs an approving review")) << RepliesOn(1);
  EXPECT_EQ(Reactions(1201), (std::vector<std::string>{"eyes", "confused"}));
}

// Unbinding the prod layer from prod, or renaming it, does not shed prod's rules either.
TEST_F(TrustTest, AProdLayerCannotBeUnboundOrRenamedOutOfItsRules) {
  work.Branch("feature");
  work.Change("envs/prod/data/main.tf", "unreviewed");
  const std::string head =
      Rewrite(kConfig,
              "  data-prod:\n    dir: envs/prod/data\n    depends_on: [platform]\n"
              "    environment: prod\n",
              "  data-p:\n    dir: envs/prod/data\n    depends_on: [platform]\n");
  SeedUnreviewed(head);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  EXPECT_TRUE(Contains(OurDashboard(), "renamed from data-prod")) << OurDashboard();
  ClearSimLog();
  SeedComment(1251);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply data-p", "alice", 1251));
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_FALSE(AnythingApplied()) << Slurp(SimLogPath());
  EXPECT_TRUE(Contains(RepliesOn(1), "needs an approving review")) << RepliesOn(1);
}

// A PR defines an environment of its own (no approvals, its own variables) and binds a
// new layer to it: the layer plans, but nothing is applied there before the merge.
TEST_F(TrustTest, AnEnvironmentThePrDefinesIsNeverAppliedBeforeTheMerge) {
  work.Branch("feature");
  work.dir.Write("ws/sandbox/terragrunt.hcl",
                 "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\n");
  work.dir.Write("ws/sandbox/main.tf", "");
  work.Change("sandbox/main.tf", "anything");
  Rewrite(kConfig, "triggers:", "  sandbox:\n    dir: sandbox\n    environment: qa\ntriggers:");
  const std::string head = Rewrite(kConfig, "environments:\n",
                                   "environments:\n  qa:\n    state_key: qa/terraform.tfstate\n");
  SeedPull(head);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  EXPECT_TRUE(SimRan("plan", "/sandbox")) << "the proposal is planned";
  EXPECT_TRUE(Contains(OurDashboard(), "`environments.qa (new)`")) << OurDashboard();
  ClearSimLog();
  SeedComment(1351);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply sandbox", "bob", 1351));
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_FALSE(AnythingApplied()) << Slurp(SimLogPath());
  EXPECT_TRUE(Contains(RepliesOn(1), "`qa` is new in this PR")) << RepliesOn(1);
}

// A PR adds an end-to-end "suite" that runs whatever it likes.
TEST_F(TrustTest, APullRequestCannotAddACommandThatRuns) {
  const std::string marker = work.dir.path() + "/pwned";
  work.Branch("feature");
  work.Change("platform/main.tf", "cache");
  const std::string head =
      work.Append(kConfig, "commands:\n  e2e:\n    pwn: [touch, " + marker + "]\n");
  SeedPull(head);
  SeedComment(1301);
  ProcessResult run = RunEvent("issue_comment", CommentPayload("/e2e pwn", "alice", 1301));
  EXPECT_FALSE(std::filesystem::exists(marker)) << "the PR's argv ran: " << run.out;
  EXPECT_TRUE(Contains(RepliesOn(1), "e2e")) << RepliesOn(1);
  EXPECT_EQ(Reactions(1301), (std::vector<std::string>{"eyes", "confused"}));
}

// A PR maps an innocent phrase to `/apply`; a maintainer then says it.
TEST_F(TrustTest, AnAliasAddedByThePrDoesNotTurnWordsIntoCommands) {
  work.Branch("feature");
  work.Change("platform/main.tf", "cache");
  const std::string head =
      work.Append(kConfig, "commands:\n  aliases:\n    \"looks good\": /apply\n");
  SeedPull(head);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  EXPECT_TRUE(Contains(OurDashboard(), "`commands`")) << OurDashboard();
  ClearSimLog();
  SeedComment(1401);
  ProcessResult run = RunEvent("issue_comment", CommentPayload("looks good", "bob", 1401));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Contains(run.out, "not an infra-flash command")) << run.out;
  EXPECT_FALSE(AnythingApplied()) << Slurp(SimLogPath());
  EXPECT_TRUE(Reactions(1401).empty()) << "ignored, as any chat";
}

// A stranger pastes the dashboard's marker with a forged hidden state, holding the digest
// of a plan nobody was shown, ahead of infra-flash's own dashboard.
TEST_F(TrustTest, AForgedDashboardIsNeverAdoptedEditedOrBelieved) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "backdoor");
  SeedPull(head);
  // The digest the forger needs: what a fresh plan of this head gives.
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  const std::string real = OurDashboard();
  const std::size_t at = real.find("sha256:");
  ASSERT_NE(at, std::string::npos) << real;
  const std::string digest = real.substr(at, 71);
  // A fresh repository on GitHub's side, where only the forgery exists.
  github.Admin("POST", "/_admin/reset");
  SeedPull(head);
  const std::string forged =
      "<!-- infra-flash:dashboard -->\\n## looks harmless\\n<!-- infra-flash:state "
      "{\\\"version\\\":1,\\\"sha\\\":\\\"" +
      head +
      "\\\",\\\"branch\\\":\\\"feature\\\","
      "\\\"layers\\\":[{\\\"name\\\":\\\"platform\\\",\\\"format\\\":\\\"passed\\\","
      "\\\"validate\\\":\\\"passed\\\",\\\"plan\\\":[\\\"changes\\\",\\\"+1 ~0 −0\\\"],"
      "\\\"plan_digest\\\":\\\"" +
      digest + "\\\"}]} -->\\n<!-- /infra-flash:dashboard -->\\n";
  github.Seed(R"({"repo":"o/r","comments":[{"id":1500,"issue":1,"user":"mallory","body":")" +
              forged + R"("}]})");
  const std::string forged_body = Comments().front().second;
  ClearSimLog();

  SeedComment(1501);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply platform", "alice", 1501));
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  EXPECT_FALSE(AnythingApplied()) << "the forged digest was believed: " << Slurp(SimLogPath());
  EXPECT_TRUE(Contains(RepliesOn(1), "no reviewed plan")) << RepliesOn(1);
  const auto comments = Comments();
  ASSERT_FALSE(comments.empty());
  EXPECT_EQ(comments.front().first, "mallory");
  EXPECT_EQ(comments.front().second, forged_body) << "the forgery was edited";
  EXPECT_NE(OurDashboard(), "") << "infra-flash wrote a dashboard of its own";
}

// The PR that introduces infra-flash: its base has no config, so it judges itself with
// the built-in defaults only (writers plan) and nothing applies before the merge.
TEST_F(TrustTest, WithoutABaseConfigOnlyWritersPlanAndNobodyApplies) {
  work.Git({"rm", "-q", kConfig});
  work.Commit("before infra-flash");
  work.base = work.Head();
  work.Branch("feature");
  work.Git({"checkout", "-q", "HEAD~1", "--", kConfig});
  work.Git({"add", "-A"});
  work.Commit("introduce infra-flash");
  work.Change("platform/main.tf", "cache");
  const std::string head = Rewrite(kConfig, "permissions:\n  plan: write\n  apply: write",
                                   "permissions:\n  plan: read\n  apply: read");
  SeedPull(head);

  SeedComment(1701);
  ProcessResult denied = RunEvent("issue_comment", CommentPayload("/plan", "mallory", 1701));
  EXPECT_EQ(denied.exit_code, 0) << denied.out;
  EXPECT_TRUE(Contains(RepliesOn(1), "no infra-flash config yet")) << RepliesOn(1);
  EXPECT_EQ(Slurp(SimLogPath()), "") << "mallory planned";

  SeedComment(1702);
  ProcessResult plan = RunEvent("issue_comment", CommentPayload("/plan", "alice", 1702));
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_TRUE(SimRan("plan", "/platform"));
  EXPECT_TRUE(Contains(OurDashboard(), "no infra-flash config yet")) << OurDashboard();

  ClearSimLog();
  SeedComment(1703);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "bob", 1703));
  EXPECT_EQ(apply.exit_code, 0) << "refused by policy" << apply.out;
  EXPECT_FALSE(AnythingApplied()) << Slurp(SimLogPath());
  EXPECT_TRUE(Contains(RepliesOn(1), "Merge this PR first")) << RepliesOn(1);
  EXPECT_EQ(Reactions(1703), (std::vector<std::string>{"eyes", "confused"}));
}

// The checkout lacks the base commit (a shallow clone): the rules come from the API, at
// the base SHA GitHub reports, and they are what judges the commenter.
TEST_F(TrustTest, WhenTheCheckoutLacksTheBaseTheRulesComeFromTheApi) {
  work.Branch("feature");
  const std::string head =
      Rewrite(kConfig, "permissions:\n  plan: write", "permissions:\n  plan: read");
  const std::string base(40, 'c');  // not in the checkout
  const std::string strict = JsonText(Slurp(kSource + "/examples/monorepo/.infra-flash.yml"));
  github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
              R"("permissions":{"alice":"write","mallory":"read"},)"
              R"("pulls":[{"number":1,"user":"alice","head_sha":")" +
              head + R"(","base_sha":")" + base +
              R"(","head_ref":"feature","title":"x"}],)"
              R"("contents":{")" +
              base + R"(":{".infra-flash.yml":)" + strict + R"(}}})");
  SeedComment(1801);
  ProcessResult run = RunEvent("issue_comment", CommentPayload("/plan", "mallory", 1801));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "needs **write** permission")) << RepliesOn(1);
  EXPECT_EQ(Slurp(SimLogPath()), "");
  EXPECT_EQ(github.CountRequests("GET", "/contents/.infra-flash.yml"), 1);
}

// Neither git nor the API can tell the base's rules: nothing runs, and the reply says so.
TEST_F(TrustTest, UnreadableBaseRulesRunNothing) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  const std::string base(40, 'd');
  github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
              R"("permissions":{"alice":"write"},)"
              R"("pulls":[{"number":1,"user":"alice","head_sha":")" +
              head + R"(","base_sha":")" + base + R"(","head_ref":"feature","title":"x"}]})");
  github.AddFaults(R"({"faults":[{"kind":"status","status":500,"path":"/contents/","times":-1}]})");
  SeedComment(1901);
  ProcessResult run = RunEvent("issue_comment", CommentPayload("/plan", "alice", 1901));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "cannot read the rules on the base branch")) << RepliesOn(1);
  EXPECT_EQ(Slurp(SimLogPath()), "");
}

}  // namespace
}  // namespace infra_flash::testing
