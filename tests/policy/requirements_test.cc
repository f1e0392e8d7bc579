// Environment requirements as an attacker would probe them: approvals that must not
// count (the author's, a read-only user's, an older commit's, one voided later, one by
// somebody the approvers do not name), teams GitHub will not show, code owners, and a
// PR that is blocked, conflicting or behind its base. One table per requirement; a row
// names what the reply must say, or that every requirement holds.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/strings.h"
#include "policy/requirements.h"
#include "policy/review_verdicts.h"

namespace infra_flash {
namespace {

const std::string kHead = "abc1234" + std::string(33, 'a');
const std::string kOld = "0ld0000" + std::string(33, 'b');
const std::string kBase = "ba5e000" + std::string(33, 'c');

// A table of who is who; counts the lookups, so that tests can tell who was asked.
class FakeDirectory : public ReviewerDirectory {
 public:
  Result<Permission> PermissionOf(const std::string& login) override {
    ++permission_lookups[login];
    auto known = permissions.find(login);
    if (known == permissions.end()) return Permission::kNone;
    if (!known->second) return Error{"GitHub API GET /collaborators/x/permission: HTTP 502"};
    return *known->second;
  }
  Result<TeamMembership> MembershipOf(const std::string& org, const std::string& team,
                                      const std::string& login) override {
    ++membership_lookups;
    const std::string key = org + "/" + team;
    if (hidden_orgs.count(org) != 0) return TeamMembership::kHidden;
    auto members = teams.find(key);
    if (members == teams.end()) return TeamMembership::kNotMember;
    auto member = members->second.find(login);
    return member == members->second.end() ? TeamMembership::kNotMember : member->second;
  }

  std::map<std::string, std::optional<Permission>> permissions = {
      {"bob", Permission::kAdmin},    {"carol", Permission::kWrite},  {"dave", Permission::kWrite},
      {"mallory", Permission::kRead}, {"trudy", Permission::kTriage}, {"flaky", std::nullopt},
  };
  std::map<std::string, std::map<std::string, TeamMembership>> teams = {
      {"org/platform", {{"carol", TeamMembership::kActive}, {"erin", TeamMembership::kPending}}},
  };
  std::set<std::string> hidden_orgs = {"secret"};
  std::map<std::string, int> permission_lookups;
  int membership_lookups = 0;
};

Review Approve(const std::string& login, const std::string& commit = kHead) {
  return {0, login, "APPROVED", commit, ""};
}
Review Verdict(const std::string& login, const std::string& state) {
  return {0, login, state, kHead, ""};
}

// One pull request and what GitHub says about it; rows change what they need.
struct Scenario {
  std::vector<std::string> require;
  std::vector<std::string> approvers;
  std::vector<Review> reviews;
  std::optional<std::string> codeowners;  // the base commit's .github/CODEOWNERS; none: nullopt
  std::vector<std::string> changed = {"envs/prod/data/main.tf"};
  std::optional<bool> mergeable = true;
  std::string mergeable_state = "clean";
  std::string compare_status = "ahead";
  std::int64_t behind_by = 0;
};

RequirementFacts FactsOf(const Scenario& scenario) {
  RequirementFacts facts;
  facts.pull.number = 7;
  facts.pull.user_login = "alice";
  facts.pull.head_sha = kHead;
  facts.pull.base_sha = kBase;
  facts.pull.base_ref = "main";
  facts.pull.mergeable = scenario.mergeable;
  facts.pull.mergeable_state = scenario.mergeable_state;
  facts.reviews = scenario.reviews;
  facts.changed_paths = scenario.changed;
  facts.codeowners = scenario.codeowners ? BaseCodeowners{".github/CODEOWNERS",
                                                          ParseCodeowners(*scenario.codeowners)}
                                         : BaseCodeowners{};
  facts.base = BaseComparison{"main", kBase, scenario.compare_status, scenario.behind_by};
  return facts;
}

Environment Prod(const Scenario& scenario) {
  Environment prod;
  prod.name = "prod";
  prod.require = scenario.require;
  prod.approvers = scenario.approvers;
  return prod;
}

struct Row {
  const char* name;
  Scenario scenario;
  // Parts of the unmet lines, joined; empty: every requirement holds.
  std::vector<std::string> says;
  std::vector<std::string> never_says = {};
};

void ExpectRows(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    FakeDirectory directory;
    const RequirementCheck check =
        EvaluateRequirements(Prod(row.scenario), FactsOf(row.scenario), directory);
    const std::string unmet = Join(check.unmet, "\n");
    if (row.says.empty()) {
      EXPECT_TRUE(check.met()) << row.name << ": " << unmet;
      continue;
    }
    EXPECT_FALSE(check.met()) << row.name;
    for (const std::string& part : row.says) {
      EXPECT_NE(unmet.find(part), std::string::npos)
          << row.name << ": lacks \"" << part << "\" in: " << unmet;
    }
    for (const std::string& part : row.never_says) {
      EXPECT_EQ(unmet.find(part), std::string::npos)
          << row.name << ": should not say \"" << part << "\" in: " << unmet;
    }
  }
}

const std::string kWriterNeeded =
    "`prod` needs an approving review of commit `abc1234` from someone other than @alice with "
    "write access to the repository";

TEST(Requirements, ApprovedNeedsTheLatestVerdictOnHeadFromAWriterOtherThanTheAuthor) {
  const std::vector<std::string> approved = {"approved"};
  ExpectRows({
      {"no review", {approved}, {kWriterNeeded}},
      {"admin on head", {approved, {}, {Approve("bob")}}, {}},
      {"writer on head", {approved, {}, {Approve("carol")}}, {}},
      {"read-only reviewer",
       {approved, {}, {Approve("mallory")}},
       {kWriterNeeded, "@mallory has only read permission"}},
      {"triage reviewer",
       {approved, {}, {Approve("trudy")}},
       {"@trudy has only triage permission"}},
      {"not a collaborator",
       {approved, {}, {Approve("stranger")}},
       {"@stranger has no access to the repository"}},
      {"permission unreadable",
       {approved, {}, {Approve("flaky")}},
       {"@flaky's permission could not be read", "HTTP 502"}},
      {"author approves own PR", {approved, {}, {Approve("alice")}}, {kWriterNeeded}},
      {"author in other case", {approved, {}, {Approve("ALICE")}}, {kWriterNeeded}},
      {"older commit",
       {approved, {}, {Approve("bob", kOld)}},
       {kWriterNeeded, "@bob approved an older commit"}},
      {"then changes requested",
       {approved, {}, {Approve("bob"), Verdict("bob", "CHANGES_REQUESTED")}},
       {kWriterNeeded}},
      {"then dismissed",
       {approved, {}, {Approve("bob"), Verdict("bob", "DISMISSED")}},
       {kWriterNeeded}},
      {"comment after approval", {approved, {}, {Approve("bob"), Verdict("bob", "COMMENTED")}}, {}},
      {"changes requested, then approved",
       {approved, {}, {Verdict("bob", "CHANGES_REQUESTED"), Approve("bob")}},
       {}},
      {"pending review", {approved, {}, {Verdict("bob", "PENDING")}}, {kWriterNeeded}},
      {"one writer among readers",
       {approved, {}, {Approve("mallory"), Approve("stranger"), Approve("dave")}},
       {}},
  });
}

TEST(Requirements, ApproversNameWhoseApprovalCounts) {
  const std::vector<std::string> approved = {"approved"};
  ExpectRows({
      {"named approver", {{}, {"bob"}, {Approve("bob")}}, {}},
      {"named with @", {{}, {"@bob"}, {Approve("bob")}}, {}},
      {"login case differs", {{}, {"Bob"}, {Approve("bob")}}, {}},
      {"writer not named",
       {approved, {"bob"}, {Approve("dave")}},
       {"`prod` needs an approving review of commit `abc1234` from one of @bob",
        "@dave is not one of them"},
       {"with write access"}},
      {"approvers alone require an approval", {{}, {"bob"}, {}}, {"from one of @bob"}},
      {"named approver's old approval",
       {{}, {"bob"}, {Approve("bob", kOld)}},
       {"@bob approved an older commit"}},
      {"named approver voided",
       {{}, {"bob"}, {Approve("bob"), Verdict("bob", "DISMISSED")}},
       {"from one of @bob"}},
      {"author named", {{}, {"alice"}, {Approve("alice")}}, {"from one of @alice"}},
      {"team member", {{}, {"@org/platform"}, {Approve("carol")}}, {}},
      {"team without @", {{}, {"org/platform"}, {Approve("carol")}}, {}},
      {"not a team member",
       {{}, {"@org/platform", "bob"}, {Approve("dave")}},
       {"from one of @org/platform, @bob", "@dave is not one of them"}},
      {"pending invitation",
       {{}, {"@org/platform"}, {Approve("erin")}},
       {"@erin's invitation to @org/platform is not accepted yet"}},
      {"teams hidden from the token",
       {{}, {"@secret/ops"}, {Approve("carol")}},
       {"cannot tell whether @carol is in @secret/ops", "GITHUB_TOKEN cannot read teams",
        "read:org"},
       {"is not one of them"}},
      {"a reader the approvers name", {approved, {"mallory"}, {Approve("mallory")}}, {}},
  });
}

TEST(Requirements, CodeownersOfTheBaseCommitApproveTheirPaths) {
  const std::vector<std::string> owners = {"codeowners"};
  const std::string prod_owned = "envs/prod/ @bob @org/platform\n";
  ExpectRows({
      {"owner approves", {{}, owners, {Approve("bob")}, prod_owned}, {}},
      {"team owner approves", {{}, owners, {Approve("carol")}, prod_owned}, {}},
      {"writer who owns nothing",
       {{}, owners, {Approve("dave")}, prod_owned},
       {"`prod` needs an approving review of commit `abc1234` from one of @bob, @org/platform "
        "(code owners of envs/prod/data/main.tf)",
        "@dave is not one of them"}},
      {"every owned path needs its owner",
       {{},
        owners,
        {Approve("bob")},
        "platform/ @carol\nenvs/ @bob\n",
        {"platform/main.tf", "envs/prod/data/main.tf"}},
       {"from one of @carol (code owners of platform/main.tf)"},
       {"envs/prod"}},
      {"paths with the same owners together",
       {{}, owners, {}, "* @bob\n", {"a.tf", "b.tf", "c.tf", "d.tf"}},
       {"(code owners of a.tf, b.tf, c.tf, and 1 more)"}},
      {"unowned paths: any writer", {{}, owners, {Approve("dave")}, "docs/ @bob\n"}, {}},
      {"unowned paths: not a reader",
       {{}, owners, {Approve("mallory")}, "docs/ @bob\n"},
       {kWriterNeeded, "(no changed path has a code owner)"}},
      {"explicitly unowned path", {{}, owners, {Approve("dave")}, "* @bob\nenvs/prod/\n"}, {}},
      {"no CODEOWNERS: any writer", {{}, owners, {Approve("carol")}, std::nullopt}, {}},
      {"no CODEOWNERS: still an approval",
       {{}, owners, {}, std::nullopt},
       {"(no changed path has a code owner)"}},
      {"e-mail owners are left out",
       {{}, owners, {Approve("dave")}, "* @bob ops@example.com\n"},
       {"from one of @bob", "left out: ops@example.com", "cannot be matched to a GitHub login"}},
      {"only e-mail owners: no requirement, a writer approves",
       {{}, owners, {Approve("dave")}, "* ops@example.com\n"},
       {}},
      {"the author owns the path",
       {{}, owners, {Approve("alice")}, "* @alice\n"},
       {"from one of @alice", "@alice is the PR's author, whose own approval never counts"}},
      {"a skipped line is reported",
       {{}, owners, {}, "!envs/ @mallory\nenvs/ @bob\n"},
       {"from one of @bob", ".github/CODEOWNERS line 1 is skipped", "negation"}},
      {"logins and code owners: nothing owned, the login decides",
       {{}, {"bob", "codeowners"}, {Approve("dave")}, "docs/ @carol\n"},
       {"from one of @bob"}},
      {"logins and code owners: an owner approves",
       {{}, {"bob", "codeowners"}, {Approve("carol")}, "envs/ @carol\n"},
       {}},
      {"owners in a team the token cannot read",
       {{}, owners, {Approve("carol")}, "* @secret/ops\n"},
       {"cannot tell whether @carol is in @secret/ops", "read:org"}},
  });
}

TEST(Requirements, MergeableMeansGitHubWouldMergeIt) {
  const std::vector<std::string> mergeable = {"mergeable"};
  auto with = [&](std::optional<bool> value, const std::string& state) {
    Scenario scenario{mergeable};
    scenario.mergeable = value;
    scenario.mergeable_state = state;
    return scenario;
  };
  ExpectRows({
      {"clean", with(true, "clean"), {}},
      {"unstable checks", with(true, "unstable"), {}},
      {"behind is not a conflict", with(true, "behind"), {}},
      {"still computing",
       with(std::nullopt, "unknown"),
       {"GitHub is still computing whether it is; try again"}},
      {"blocked by protection",
       with(true, "blocked"),
       {"`prod` needs a mergeable PR", "`blocked` by the base branch's protection rules"}},
      {"conflicts", with(false, "dirty"), {"it conflicts with `main`"}},
      {"dirty but mergeable claimed", with(true, "dirty"), {"it conflicts with `main`"}},
      {"not mergeable", with(false, "unknown"), {"it conflicts with `main`"}},
  });
}

TEST(Requirements, UndivergedMeansTheBranchHasTheBasesCurrentHead) {
  const std::vector<std::string> undiverged = {"undiverged"};
  auto compared = [&](const std::string& status, std::int64_t behind) {
    Scenario scenario{undiverged};
    scenario.compare_status = status;
    scenario.behind_by = behind;
    return scenario;
  };
  ExpectRows({
      {"ahead", compared("ahead", 0), {}},
      {"identical", compared("identical", 0), {}},
      {"behind",
       compared("behind", 3),
       {"`prod` needs the branch to contain the current head of `main` (`ba5e000`): update "
        "the branch with its base (3 commits behind)"}},
      {"diverged", compared("diverged", 1), {"(1 commit behind)"}},
      {"unknown status", compared("sideways", 0), {"GitHub's compare says `sideways`"}},
  });
}

TEST(Requirements, WhatCannotBeReadIsUnmetAndSaysWhy) {
  Scenario scenario{{"approved", "undiverged"}, {}, {Approve("bob")}};
  RequirementFacts facts = FactsOf(scenario);
  facts.reviews = Error{"GitHub API GET /pulls/7/reviews: HTTP 403"};
  facts.base = Error{"the base branch `main` no longer exists"};
  FakeDirectory directory;
  RequirementCheck check = EvaluateRequirements(Prod(scenario), facts, directory);
  ASSERT_EQ(check.unmet.size(), 2u) << Join(check.unmet, "\n");
  EXPECT_NE(check.unmet[0].find("the PR's reviews could not be read (GitHub API GET "
                                "/pulls/7/reviews: HTTP 403)"),
            std::string::npos)
      << check.unmet[0];
  EXPECT_NE(check.unmet[1].find("GitHub could not compare them (the base branch `main` no "
                                "longer exists)"),
            std::string::npos)
      << check.unmet[1];

  Scenario owners{{}, {"codeowners"}, {Approve("bob")}, "* @bob\n"};
  RequirementFacts unreadable = FactsOf(owners);
  unreadable.codeowners = Error{"cannot read .github/CODEOWNERS at ba5e000"};
  check = EvaluateRequirements(Prod(owners), unreadable, directory);
  ASSERT_EQ(check.unmet.size(), 1u);
  EXPECT_NE(check.unmet[0].find("CODEOWNERS could not be read from the base commit `ba5e000`"),
            std::string::npos)
      << check.unmet[0];
  unreadable = FactsOf(owners);
  unreadable.changed_paths = Error{"GitHub lists only the first 3,000 files"};
  check = EvaluateRequirements(Prod(owners), unreadable, directory);
  ASSERT_EQ(check.unmet.size(), 1u);
  EXPECT_NE(check.unmet[0].find("which files this PR changes is unknown"), std::string::npos)
      << check.unmet[0];
}

TEST(Requirements, EveryUnmetRequirementIsListedAndTyposAreRefused) {
  Scenario scenario{{"approved", "mergeable", "undiverged", "typo"}};
  scenario.mergeable = false;
  scenario.compare_status = "behind";
  FakeDirectory directory;
  RequirementCheck check = EvaluateRequirements(Prod(scenario), FactsOf(scenario), directory);
  ASSERT_EQ(check.unmet.size(), 4u) << Join(check.unmet, "\n");
  EXPECT_NE(check.unmet[3].find("requires `typo`, which infra-flash does not know"),
            std::string::npos);

  Scenario nothing;
  nothing.require = {};
  EXPECT_TRUE(EvaluateRequirements(Prod(nothing), FactsOf(nothing), directory).met());
}

TEST(Requirements, OnlyReviewersWhoseApprovalCouldCountAreLookedUp) {
  FakeDirectory directory;
  Scenario scenario{{"approved"},
                    {},
                    {Approve("mallory", kOld), Approve("alice"), Approve("carol"), Approve("bob")}};
  EXPECT_TRUE(EvaluateRequirements(Prod(scenario), FactsOf(scenario), directory).met());
  EXPECT_EQ(directory.permission_lookups, (std::map<std::string, int>{{"carol", 1}}))
      << "the first writer on head settles it; the author and older approvals are not asked";

  FakeDirectory teams;
  Scenario named{{}, {"bob", "@org/platform"}, {Approve("bob")}};
  EXPECT_TRUE(EvaluateRequirements(Prod(named), FactsOf(named), teams).met());
  EXPECT_EQ(teams.membership_lookups, 0) << "a named login needs no team lookup";
}

TEST(Requirements, WhichFactsAnEnvironmentNeeds) {
  struct Case {
    std::vector<std::string> require;
    std::vector<std::string> approvers;
    bool any, reviews, codeowners, base;
  } cases[] = {
      {{}, {}, false, false, false, false},          {{"mergeable"}, {}, true, false, false, false},
      {{"approved"}, {}, true, true, false, false},  {{}, {"bob"}, true, true, false, false},
      {{}, {"codeowners"}, true, true, true, false}, {{"undiverged"}, {}, true, false, false, true},
  };
  for (const Case& c : cases) {
    Environment environment;
    environment.require = c.require;
    environment.approvers = c.approvers;
    const std::string name = Join(c.require, ",") + "|" + Join(c.approvers, ",");
    EXPECT_EQ(HasRequirements(environment), c.any) << name;
    EXPECT_EQ(NeedsReviews(environment), c.reviews) << name;
    EXPECT_EQ(NeedsCodeowners(environment), c.codeowners) << name;
    EXPECT_EQ(NeedsBaseComparison(environment), c.base) << name;
  }
}

TEST(ReviewVerdicts, LatestVerdictPerReviewerOnHead) {
  PullRequest pull;
  pull.user_login = "alice";
  pull.head_sha = kHead;
  const ReviewVerdicts verdicts = CurrentVerdicts(pull, {Approve("bob"),
                                                         Approve("carol", kOld),
                                                         Verdict("dave", "CHANGES_REQUESTED"),
                                                         Approve("dave"),
                                                         Verdict("bob", "COMMENTED"),
                                                         Approve("alice"),
                                                         Approve("erin"),
                                                         Verdict("erin", "DISMISSED"),
                                                         {0, "", "APPROVED", kHead, ""},
                                                         {0, "frank", "APPROVED", "", ""}});
  EXPECT_EQ(verdicts.approved_head, (std::vector<std::string>{"bob", "dave"}));
  EXPECT_EQ(verdicts.approved_older, (std::vector<std::string>{"carol", "frank"}));
}

}  // namespace
}  // namespace infra_flash
