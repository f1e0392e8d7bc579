// Labels: the real client (libcurl) against the loopback GitHub (tests/github_server).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/json.h"
#include "github/client.h"
#include "github_fixture.h"

namespace infra_flash {
namespace {

// What the loopback GitHub holds under `key` ("labels") for issue or pull request
// `number`, as a list.
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

TEST_F(GitHubTest, LabelsAreResentAfterTransientFailures) {
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
  }
}

}  // namespace
}  // namespace infra_flash
