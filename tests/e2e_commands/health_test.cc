// `/health` end to end: one comment that says "testing…" and is then edited with the
// results, probes against a loopback stub (200, 401, 503, one that hangs past the
// timeout), the dashboard's Health row, a later /health editing the same comment, a
// deleted comment replaced, secrets in URLs kept out of everything.
#include <utility>

#include "commands_fixture.h"
#include "support/http_stub.h"

namespace infra_flash::testing {
namespace {

constexpr std::string_view kHealthMarker = "<!-- infra-flash:health -->";
constexpr char kToken[] = "s3cr3t-health-token-42";

class HealthTest : public CommandsTest {
 protected:
  void SetUp() override {
    CommandsTest::SetUp();
    ASSERT_TRUE(stub.ok()) << stub.error();
  }

  std::map<std::string, std::string> Env() {
    // Ample for the stub's answers on a busy machine; the hanging route outlasts it.
    return {{"INFRA_FLASH_HEALTH_TIMEOUT_MS", "3000"},
            {"HEALTH_PORT", std::to_string(stub.port())},
            {"HEALTH_API_TOKEN", kToken}};
  }

  // (id, body) of the health comments on PR #1, oldest first.
  std::vector<std::pair<std::int64_t, std::string>> HealthComments() {
    std::vector<std::pair<std::int64_t, std::string>> found;
    Result<rapidjson::Document> state = json::Parse(github.State(kRepo), "state");
    if (!state.ok()) return found;
    for (const rapidjson::Value& comment : json::Member(*state, "comments")->GetArray()) {
      const std::string body = json::StringOr(json::Member(comment, "body"));
      if (json::IntOr(json::Member(comment, "issue")) == 1 && body.rfind(kHealthMarker, 0) == 0) {
        found.emplace_back(json::IntOr(json::Member(comment, "id")), body);
      }
    }
    return found;
  }

  HttpStub stub{kSource, R"({"routes": {
      "/ok": [{"status": 200, "body": "ok"}],
      "/login": [{"status": 401}],
      "/busy": [{"status": 503}],
      "/hang": [{"status": 200, "delay": 20}]}})"};
};

constexpr char kFourServices[] = R"(health:
  - { layer: platform, name: Web, url: "http://127.0.0.1:${HEALTH_PORT}/ok?token=${HEALTH_API_TOKEN}" }
  - { layer: platform, name: Admin, url: "http://127.0.0.1:${HEALTH_PORT}/login" }
  - { layer: data-prod, name: Queue, url: "http://127.0.0.1:${HEALTH_PORT}/busy" }
  - { name: Reports, url: "http://127.0.0.1:${HEALTH_PORT}/hang" }
)";

TEST_F(HealthTest, TestingFirstThenResultsInOneComment) {
  OpenPull(kFourServices);
  ProcessResult run = Comment("/health", 901, Env());
  EXPECT_EQ(run.exit_code, 1) << "services down: the job fails so a workflow can react\n"
                              << run.out << run.err;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "confused"}));

  // Posted once, saying "testing…", then edited with the results.
  std::vector<std::string> posted;
  for (const std::string& body : RequestBodies("POST", "/issues/1/comments")) {
    if (Contains(body, "infra-flash:health")) posted.push_back(body);
  }
  ASSERT_EQ(posted.size(), 1u) << github.Requests();
  EXPECT_TRUE(Contains(posted[0], "Testing 4 services")) << posted[0];
  EXPECT_TRUE(Contains(posted[0], "testing…")) << posted[0];

  const auto comments = HealthComments();
  ASSERT_EQ(comments.size(), 1u) << RepositoryState();
  const std::string& body = comments[0].second;
  EXPECT_TRUE(Contains(body, "2 of 4 services down")) << body;
  // Reports answers only after 20 s: ⛔ says the timeout ended its probe, not the answer.
  struct {
    const char* service;
    const char* status;
  } rows[] = {{"Web", "✅"}, {"Admin", "🔒"}, {"Queue", "⚠️"}, {"Reports", "⛔"}};
  for (const auto& row : rows) {
    const std::size_t at = body.find("| " + std::string(row.service) + " |");
    ASSERT_NE(at, std::string::npos) << row.service << " missing: " << body;
    const std::string line = body.substr(at, body.find('\n', at) - at);
    EXPECT_TRUE(Contains(line, row.status)) << row.service << ": " << line;
  }
  EXPECT_TRUE(Contains(CheckLine("Health"), "❌ 2 of 4 down")) << DashboardOf(1);

  // The URL was filled in (the stub saw the token) but the token went nowhere else.
  bool token_sent = false;
  for (const StubRequest& request : stub.Requests()) token_sent |= Contains(request.path, kToken);
  EXPECT_TRUE(token_sent) << "the ${VAR} in the URL was expanded";
  EXPECT_FALSE(Contains(RepositoryState(), kToken));
  EXPECT_FALSE(Contains(github.Requests(), kToken));
  EXPECT_FALSE(Contains(run.out + run.err, kToken));
  EXPECT_FALSE(Contains(step_summary, kToken));
}

// A stranger's comment that starts with the marker ("all green, ship it") is not the
// health comment: infra-flash posts its own and leaves theirs as it was.
TEST_F(HealthTest, AStrangersHealthCommentIsNeverEdited) {
  OpenPull(kFourServices);
  const std::string forged = std::string(kHealthMarker) + "\nAll green, ship it";
  github.Seed(R"({"repo":"o/r","comments":[{"id":900,"issue":1,"user":"mallory","body":")" +
              std::string(kHealthMarker) + R"(\nAll green, ship it"}]})");
  Comment("/health", 901, Env());
  const auto comments = HealthComments();
  ASSERT_EQ(comments.size(), 2u) << RepositoryState();
  EXPECT_EQ(comments[0].first, 900);
  EXPECT_EQ(comments[0].second, forged) << "the stranger's comment was edited";
  EXPECT_TRUE(Contains(comments[1].second, "2 of 4 services down")) << comments[1].second;
}

TEST_F(HealthTest, ALaterHealthEditsTheSameCommentAndADeletedOneIsReplaced) {
  OpenPull(kFourServices);
  Comment("/health", 901, Env());
  const auto first = HealthComments();
  ASSERT_EQ(first.size(), 1u);
  const int posts = github.CountRequests("POST", "/issues/1/comments");

  ProcessResult again = Comment("/health", 902, Env());
  EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
  const auto second = HealthComments();
  ASSERT_EQ(second.size(), 1u) << "edited, not posted again";
  EXPECT_EQ(second[0].first, first[0].first);
  EXPECT_EQ(github.CountRequests("POST", "/issues/1/comments"), posts) << github.Requests();
  EXPECT_GE(github.CountRequests("PATCH", "/issues/comments/" + std::to_string(first[0].first)), 3)
      << "testing… and the results, each an edit";

  // Someone deletes the health comment while the next /health runs.
  github.AddFaults(
      R"({"faults": [{"kind": "deleted", "method": "PATCH", "path": "/issues/comments/)" +
      std::to_string(first[0].first) + R"(", "times": 1}]})");
  ProcessResult replaced = Comment("/health", 903, Env());
  EXPECT_EQ(replaced.exit_code, 1) << replaced.out << replaced.err;
  const auto third = HealthComments();
  ASSERT_EQ(third.size(), 1u) << RepositoryState();
  EXPECT_NE(third[0].first, first[0].first) << "a new comment took its place";
  EXPECT_TRUE(Contains(third[0].second, "2 of 4 services down")) << third[0].second;
  EXPECT_TRUE(Contains(replaced.out, "deleted")) << replaced.out;
}

TEST_F(HealthTest, AllUpIsARocket) {
  OpenPull(R"(health:
  - { layer: platform, name: Web, url: "http://127.0.0.1:${HEALTH_PORT}/ok" }
  - { layer: platform, name: Admin, url: "http://127.0.0.1:${HEALTH_PORT}/login" }
  - { name: Queue, url: "http://127.0.0.1:${HEALTH_PORT}/busy", expect: [503] }
)");
  ProcessResult run = Comment("/health", 901, Env());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "rocket"}));
  const auto comments = HealthComments();
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_TRUE(Contains(comments[0].second, "All systems operational")) << comments[0].second;
  EXPECT_TRUE(Contains(CheckLine("Health"), "✅ all 3 up")) << DashboardOf(1);
  EXPECT_EQ(RepliesOn(1).find("No services"), std::string::npos);
}

TEST_F(HealthTest, NothingConfiguredSaysHowToAddServices) {
  OpenPull("");
  ProcessResult run = Comment("/health", 901, Env());
  EXPECT_EQ(run.exit_code, 0) << "nothing failed: there was nothing to probe\n" << run.out;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "confused"}));
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "no `health:` list")) << replies;
  EXPECT_TRUE(Contains(replies, "health:\n  - { layer: platform")) << replies;
  EXPECT_TRUE(HealthComments().empty());
  EXPECT_TRUE(stub.Requests().empty()) << "nothing probed";
}

TEST_F(HealthTest, AnUnsetVariableIsNotCheckedAndSaysWhich) {
  OpenPull(R"(health:
  - { name: Web, url: "http://127.0.0.1:${HEALTH_PORT}/ok" }
  - { name: Vault, url: "https://vault.${BASE_DOMAIN_UNSET}/v1/sys/health" }
)");
  ProcessResult run = Comment("/health", 901, Env());
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto comments = HealthComments();
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_TRUE(Contains(comments[0].second, "BASE_DOMAIN_UNSET")) << comments[0].second;
  EXPECT_TRUE(Contains(CheckLine("Health"), "❌ 0 of 2 down, 1 not checked")) << DashboardOf(1);
}

}  // namespace
}  // namespace infra_flash::testing
