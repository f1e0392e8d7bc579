// policy_checks: which checks cover a target, placeholders, how a checker's exit reads, the
// Policy cell, and who owns a check.
#include "policy/policy_checks.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>

namespace infra_flash::testing {
namespace {

PolicyCheck Check(std::string name, std::vector<std::string> owners = {}) {
  PolicyCheck check;
  check.name = std::move(name);
  check.argv = {"conftest", "test", "{plan_json}"};
  check.owners = std::move(owners);
  return check;
}

TEST(PolicyChecks, PlaceholdersAreReplacedInEveryWordAndNeverTwice) {
  PolicyCheck check = Check("c");
  check.argv = {
      "opa",       "eval", "--input={plan_json}", "{dir}/{layer}@{environment}", "{plan_json}",
      "{unknown}", "{"};
  // A value that looks like a placeholder is data: it is not expanded again.
  const PolicySubject subject{"/tmp/p 1.json", "envs/prod", "app@prod", "{plan_json}"};
  EXPECT_EQ(PolicyArgv(check, subject),
            (std::vector<std::string>{"opa", "eval", "--input=/tmp/p 1.json",
                                      "envs/prod/app@prod@{plan_json}", "/tmp/p 1.json",
                                      "{unknown}", "{"}));
}

TEST(PolicyChecks, CoverageByLayerNameTargetAndEnvironment) {
  Config config;
  PolicyCheck everywhere = Check("everywhere");
  PolicyCheck app_prod = Check("app-prod");
  app_prod.layers = {"app"};
  app_prod.environments = {"prod"};
  PolicyCheck one_target = Check("one-target");
  one_target.layers = {"app@staging"};
  config.policies = {everywhere, app_prod, one_target};
  Layer prod;
  prod.name = "app@prod";
  prod.base = "app";
  Layer staging = prod;
  staging.name = "app@staging";
  Layer platform;
  platform.name = "platform";
  auto names = [&](const Layer& layer, std::string_view environment) {
    std::vector<std::string> out;
    for (const PolicyCheck* check : ChecksCovering(config, layer, environment)) {
      out.push_back(check->name);
    }
    return out;
  };
  EXPECT_EQ(names(prod, "prod"), (std::vector<std::string>{"everywhere", "app-prod"}));
  EXPECT_EQ(names(staging, "staging"), (std::vector<std::string>{"everywhere", "one-target"}));
  EXPECT_EQ(names(platform, "prod"), (std::vector<std::string>{"everywhere"}));
}

TEST(PolicyChecks, AnExitThatIsNotAVerdictIsAnError) {
  EXPECT_EQ(PolicyVerdict(StepEnd::kExited, 0), StageStatus::kPassed);
  EXPECT_EQ(PolicyVerdict(StepEnd::kExited, 1), StageStatus::kFailed);
  EXPECT_EQ(PolicyVerdict(StepEnd::kExited, 2), StageStatus::kFailed);
  EXPECT_EQ(PolicyVerdict(StepEnd::kExited, 126), StageStatus::kError);
  EXPECT_EQ(PolicyVerdict(StepEnd::kExited, 127), StageStatus::kError);
  for (StepEnd end :
       {StepEnd::kTimedOut, StepEnd::kCancelled, StepEnd::kSignalled, StepEnd::kSpawnFailed}) {
    EXPECT_EQ(PolicyVerdict(end, 0), StageStatus::kError);
  }
}

TEST(PolicyChecks, OutputIsBoundedAndSaysWhatWasLeftOut) {
  std::string many;
  for (int i = 0; i < 100; ++i) many += "FAIL - line " + std::to_string(i) + "\n\n";
  const std::string out = PolicyOutput(StepEnd::kExited, 1, many, "stderr line\n", "", 5, 4096);
  EXPECT_EQ(out,
            "FAIL - line 0\nFAIL - line 1\nFAIL - line 2\nFAIL - line 3\nFAIL - line 4\n"
            "… 96 more lines in the job log");
  EXPECT_EQ(PolicyOutput(StepEnd::kSpawnFailed, -1, "", "", "No such file or directory"),
            "could not start: No such file or directory");
  EXPECT_EQ(PolicyOutput(StepEnd::kTimedOut, -1, "partial\n", "", ""),
            "stopped: the check ran past its timeout\npartial");
  EXPECT_LE(PolicyOutput(StepEnd::kExited, 1, std::string(10000, 'x'), "", "").size(), 100u)
      << "one line over the byte budget is left out whole";
}

TEST(PolicyChecks, TheCellNamesFailuresAndApprovals) {
  LayerRow row;
  row.plan_digest = "sha256:aa";
  EXPECT_EQ(PolicyCell(row, "s1").status, StageStatus::kNotRun);
  row.policies = {{"a", StageStatus::kPassed, ""}, {"b", StageStatus::kPassed, ""}};
  EXPECT_EQ(PolicyCell(row, "s1").note, "2 passed");
  row.policies = {{"a", StageStatus::kFailed, "x"}, {"b", StageStatus::kError, "y"}};
  StageCell cell = PolicyCell(row, "s1");
  EXPECT_EQ(cell.status, StageStatus::kFailed);
  EXPECT_EQ(cell.note, "a ⚠️ b");
  EXPECT_EQ(row.UnapprovedPolicies("s1").size(), 2u);
  row.policy_approvals = {{"a", "carol", "s1", "sha256:aa"}};
  EXPECT_EQ(PolicyCell(row, "s1").note, "a ⚠️ b · approved: a");
  ASSERT_EQ(row.UnapprovedPolicies("s1").size(), 1u);
  EXPECT_EQ(row.UnapprovedPolicies("s1")[0]->check, "b");
  // Another commit, or another plan, and the approval does not hold.
  EXPECT_EQ(row.UnapprovedPolicies("s2").size(), 2u);
  row.plan_digest = "sha256:bb";
  EXPECT_EQ(row.UnapprovedPolicies("s1").size(), 2u);
  row.plan_digest = "sha256:aa";
  row.policy_approvals.push_back({"b", "carol", "s1", "sha256:aa"});
  EXPECT_EQ(PolicyCell(row, "s1").note, "a ⚠️ b · approved");
  EXPECT_TRUE(row.UnapprovedPolicies("s1").empty());
}

class Directory : public ReviewerDirectory {
 public:
  Result<Permission> PermissionOf(const std::string& login) override {
    if (login == "flaky") return Error{"HTTP 502"};
    return login == "bob" ? Permission::kAdmin : Permission::kWrite;
  }
  Result<TeamMembership> MembershipOf(const std::string& org, const std::string& team,
                                      const std::string& login) override {
    if (org == "secret") return TeamMembership::kHidden;
    return org + "/" + team == "org/security" && login == "erin" ? TeamMembership::kActive
                                                                 : TeamMembership::kNotMember;
  }
};

TEST(PolicyChecks, OwnersAreLoginsTeamsCodeOwnersOrAdmins) {
  Directory directory;
  const Result<BaseCodeowners> codeowners =
      BaseCodeowners{".github/CODEOWNERS", ParseCodeowners("/envs/prod/ @frank @org/security\n")};
  const Result<BaseCodeowners> unread = Error{"HTTP 500"};
  auto owns = [&](const PolicyCheck& check, const std::string& login, std::string_view dir,
                  const Result<BaseCodeowners>& owners = Error{"not read"}) {
    Result<bool> result = IsPolicyOwner(check, login, dir, owners, directory);
    return result.ok() ? (*result ? "yes" : "no") : "unknown: " + result.error().message;
  };
  const PolicyCheck admins = Check("admins");
  EXPECT_EQ(owns(admins, "bob", "platform"), std::string("yes"));
  EXPECT_EQ(owns(admins, "carol", "platform"), std::string("no"));
  EXPECT_EQ(owns(admins, "flaky", "platform"), std::string("unknown: HTTP 502"));

  const PolicyCheck listed = Check("listed", {"Carol", "@org/security"});
  EXPECT_EQ(owns(listed, "carol", "platform"), std::string("yes")) << "logins ignore case";
  EXPECT_EQ(owns(listed, "erin", "platform"), std::string("yes"));
  EXPECT_EQ(owns(listed, "dave", "platform"), std::string("no"));
  EXPECT_EQ(owns(listed, "bob", "platform"), std::string("no")) << "admins are not owners here";

  const PolicyCheck by_code = Check("by-code", {"codeowners"});
  EXPECT_EQ(owns(by_code, "frank", "envs/prod/data", codeowners), std::string("yes"));
  EXPECT_EQ(owns(by_code, "erin", "envs/prod/data", codeowners), std::string("yes"));
  EXPECT_EQ(owns(by_code, "frank", "platform", codeowners), std::string("no"));
  EXPECT_EQ(owns(by_code, "frank", "envs/prod/data", unread),
            std::string("unknown: could not tell whether @frank owns `by-code`: the code "
                        "owners: HTTP 500"));

  const PolicyCheck hidden = Check("hidden", {"@secret/team"});
  EXPECT_EQ(owns(hidden, "erin", "platform"),
            std::string("unknown: could not tell whether @erin owns `hidden`: @secret/team: the "
                        "token may not read the organization's teams"));

  EXPECT_EQ(PolicyOwnersText(listed, "platform"), "@Carol or @org/security");
  EXPECT_EQ(PolicyOwnersText(Check("x", {"bob", "@org/sec", "codeowners"}), "envs/prod"),
            "@bob, @org/sec or the code owners of `envs/prod`");
  EXPECT_EQ(PolicyOwnersText(admins, "platform"), "a repository admin");
}

}  // namespace
}  // namespace infra_flash::testing
