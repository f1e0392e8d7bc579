// GetTeamMembership: is a reviewer in a team the approvers name? GitHub answers 200 with a
// state for a member or an invitee, 404 for anyone else, and 403 to a token that may not
// read the organization's teams (the default GITHUB_TOKEN), which must not read as "no".
#include <gtest/gtest.h>

#include <string>

#include "github/client.h"
#include "github_fixture.h"

namespace infra_flash {
namespace {

TEST_F(GitHubTest, TeamMembershipIsActivePendingOrNone) {
  server_.Seed(R"({"teams": {"octo/platform": ["carol"], "octo/dba": {"erin": "pending"}}})");
  auto client = MakeClient();
  struct Case {
    const char* org;
    const char* team;
    const char* login;
    TeamMembership expected;
  } cases[] = {
      {"octo", "platform", "carol", TeamMembership::kActive},
      {"OCTO", "platform", "Carol", TeamMembership::kActive},  // GitHub ignores case here
      {"octo", "platform", "dave", TeamMembership::kNotMember},
      {"octo", "dba", "erin", TeamMembership::kPending},
      {"octo", "no-such-team", "carol", TeamMembership::kNotMember},
  };
  for (const Case& c : cases) {
    Result<TeamMembership> membership = client->GetTeamMembership(c.org, c.team, c.login);
    ASSERT_TRUE(membership.ok()) << c.login << ": " << membership.error().message;
    EXPECT_EQ(*membership, c.expected) << c.org << "/" << c.team << " " << c.login;
  }
  EXPECT_EQ(server_.CountRequests("GET", "/orgs/octo/teams/platform/memberships/carol"), 1);
}

TEST_F(GitHubTest, ATokenThatCannotReadTeamsIsToldApartFromNotAMember) {
  server_.Seed(R"({"teams": {"octo/platform": ["carol"]}})");
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 403, "method": "GET",
                                     "path": "/orgs/.*/memberships/", "times": -1,
                                     "message": "Resource not accessible by integration"}]})");
  auto client = MakeClient();
  Result<TeamMembership> membership = client->GetTeamMembership("octo", "platform", "carol");
  ASSERT_TRUE(membership.ok()) << membership.error().message;
  EXPECT_EQ(*membership, TeamMembership::kHidden);
  EXPECT_EQ(server_.CountRequests("GET", "/memberships/"), 1) << "a 403 is an answer, not retried";
}

TEST_F(GitHubTest, TeamMembershipServerErrorsAreRetriedThenReported) {
  server_.Seed(R"({"teams": {"octo/platform": ["carol"]}})");
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 502, "method": "GET",
                                     "path": "/memberships/", "times": 1}]})");
  auto client = MakeClient();
  Result<TeamMembership> membership = client->GetTeamMembership("octo", "platform", "carol");
  ASSERT_TRUE(membership.ok()) << membership.error().message;
  EXPECT_EQ(*membership, TeamMembership::kActive);

  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 422, "method": "GET",
                                     "path": "/memberships/", "times": 1}]})");
  Result<TeamMembership> refused = client->GetTeamMembership("octo", "platform", "carol");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("/orgs/octo/teams/platform/memberships/carol"),
            std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace infra_flash
