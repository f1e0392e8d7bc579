// Labels and review requests: the real client (libcurl) against the loopback GitHub
// (tests/github_server).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/json.h"
#include "common/strings.h"
#include "github/client.h"
#include "github_fixture.h"

namespace infra_flash {
namespace {

// What the loopback GitHub holds under `key` ("labels", "requested_reviewers") for
// issue or pull request `number`, as a list.
std::vector<std::string> Held(const testing::LoopbackGitHub& server, const char* key, int number) {
  auto state = json::Parse(server.State(kRepository), "state");
  std::vector<std::string> out;
  if (!state.ok()) return out;
  const rapidjson::Value* list = json::Find(*state, {key, std::to_string(number)});
  if (list == nullptr || !list->IsArray()) return out;
  for (const auto& item : list->GetArray()) out.push_back(json::StringOr(&item));
  return out;
}

using Names = std::vector<std::string>;

TEST_F(GitHubTest, LabelsAreAddedOnceEach) {
  auto client = MakeClient();
  ASSERT_TRUE(client->AddLabels(7, {"infra-flash:planned", "needs-apply"}).ok());
  Status again = client->AddLabels(7, {"needs-apply", "applied"});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(Held(server_, "labels", 7), (Names{"infra-flash:planned", "needs-apply", "applied"}));
  EXPECT_TRUE(Held(server_, "labels", 8).empty()) << "another issue keeps its own";
  EXPECT_NE(server_.Requests().find(R"("body": {"labels": ["needs-apply", "applied"]})"),
            std::string::npos)
      << server_.Requests();
}

TEST_F(GitHubTest, NoLabelsSendsNothingAndEmptyLabelsAreRefused) {
  auto client = MakeClient();
  ASSERT_TRUE(client->AddLabels(7, {}).ok());
  const struct {
    const char* name;
    std::vector<std::string> labels;
  } cases[] = {
      {"empty", {"ok", ""}},
      {"blank", {"  "}},
  };
  for (const auto& c : cases) {
    Status added = client->AddLabels(7, c.labels);
    ASSERT_FALSE(added.ok()) << c.name;
    EXPECT_NE(added.error().message.find("cannot label #7"), std::string::npos)
        << added.error().message;
    EXPECT_NE(added.error().message.find("empty"), std::string::npos) << added.error().message;
  }
  EXPECT_EQ(server_.CountRequests("*", "/labels"), 0);
}

TEST_F(GitHubTest, LabelGitHubRefusesIsAnErrorWithItsReason) {
  auto client = MakeClient();
  Status added = client->AddLabels(7, {std::string(51, 'x')});
  ASSERT_FALSE(added.ok());
  const std::string& message = added.error().message;
  EXPECT_NE(message.find("POST /repos/octo/infra/issues/7/labels: HTTP 422"), std::string::npos)
      << message;
  EXPECT_NE(message.find("name is too long"), std::string::npos) << message;
}

TEST_F(GitHubTest, LabelsAndReviewRequestsAreResentAfterTransientFailures) {
  const struct {
    const char* name;
    const char* fault;
    int expected_requests;
  } cases[] = {
      {"502", R"({"kind": "status", "status": 502, "method": "POST"})", 2},
      {"502 after acting", R"({"kind": "fail_after_apply", "method": "POST"})", 2},
      {"garbled answer", R"({"kind": "malformed", "method": "POST"})", 2},
      {"dropped", R"({"kind": "drop", "method": "POST"})", 2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    server_.Admin("DELETE", "/_admin/faults");
    server_.ClearRequests();
    auto client = MakeClient();
    server_.AddFaults(std::string(R"({"faults": [)") + c.fault + "]}");
    Status labelled = client->AddLabels(7, {"applied"});
    ASSERT_TRUE(labelled.ok()) << labelled.error().message;
    EXPECT_EQ(server_.CountRequests("POST", "/issues/7/labels"), c.expected_requests);
    EXPECT_EQ(Held(server_, "labels", 7), Names{"applied"});

    server_.AddFaults(std::string(R"({"faults": [)") + c.fault + "]}");
    Status requested = client->RequestReviewers(7, {"alice"});
    ASSERT_TRUE(requested.ok()) << requested.error().message;
    EXPECT_EQ(server_.CountRequests("POST", "/pulls/7/requested_reviewers"), c.expected_requests);
    EXPECT_EQ(Held(server_, "requested_reviewers", 7), Names{"alice"});
  }
}

TEST_F(GitHubTest, ReviewersAreRequestedFromCollaborators) {
  auto client = MakeClient();
  Status requested = client->RequestReviewers(7, {"alice", "carol"});
  ASSERT_TRUE(requested.ok()) << requested.error().message;
  ASSERT_TRUE(client->RequestReviewers(7, {"carol", "bob"}).ok());
  EXPECT_EQ(Held(server_, "requested_reviewers", 7), (Names{"alice", "carol", "bob"}));
  EXPECT_NE(server_.Requests().find(R"("body": {"reviewers": ["alice", "carol"]})"),
            std::string::npos);
  ASSERT_TRUE(client->RequestReviewers(7, {}).ok());
  EXPECT_EQ(server_.CountRequests("POST", "/requested_reviewers"), 2) << "none: nothing sent";
}

TEST_F(GitHubTest, RefusedReviewersAreNamedWithTheReason) {
  server_.Seed(R"({"repo": "octo/infra", "permissions": {"octocat": "write"}})");
  auto client = MakeClient();
  const struct {
    const char* name;
    std::vector<std::string> logins;
    const char* expected;
  } cases[] = {
      {"not a collaborator", {"alice", "mallory"}, "only collaborators"},
      {"the author", {"octocat"}, "opened the pull request"},
  };
  for (const auto& c : cases) {
    Status requested = client->RequestReviewers(7, c.logins);
    ASSERT_FALSE(requested.ok()) << c.name;
    const std::string& message = requested.error().message;
    EXPECT_NE(message.find("POST /repos/octo/infra/pulls/7/requested_reviewers: HTTP 422"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("from " + Join(c.logins, ", ") + " on #7"), std::string::npos)
        << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.name << ": " << message;
  }
  EXPECT_TRUE(Held(server_, "requested_reviewers", 7).empty());
  EXPECT_EQ(server_.CountRequests("POST", "/requested_reviewers"), 2) << "a 422 is final";
}

TEST_F(GitHubTest, BadLoginsAreRefusedBeforeSending) {
  auto client = MakeClient();
  for (const char* login : {"@alice", "", "alice bob", "team/platform"}) {
    Status requested = client->RequestReviewers(7, {"carol", login});
    ASSERT_FALSE(requested.ok()) << login;
    EXPECT_NE(requested.error().message.find("is not a GitHub login"), std::string::npos)
        << requested.error().message;
    EXPECT_NE(requested.error().message.find("#7"), std::string::npos);
  }
  EXPECT_EQ(server_.CountRequests("*", "/requested_reviewers"), 0);
}

TEST_F(GitHubTest, ReviewersOnAMissingPullRequestIsNotFound) {
  auto client = MakeClient();
  Status requested = client->RequestReviewers(99, {"alice"});
  ASSERT_FALSE(requested.ok());
  EXPECT_NE(requested.error().message.find("pulls/99/requested_reviewers: HTTP 404"),
            std::string::npos)
      << requested.error().message;
}

}  // namespace
}  // namespace infra_flash
