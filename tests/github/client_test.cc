// The real client (libcurl) against the loopback GitHub (tests/github_server).
#include "github/client.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <vector>

#include "common/json.h"
#include "github/environment.h"
#include "github_fixture.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

constexpr char kHeadSha[] = "abc1234abc1234abc1234abc1234abc1234abcde";
constexpr char kOtherSha[] = "0123456789012345678901234567890123456789";

TEST_F(GitHubTest, CommentsCreateListUpdateDelete) {
  auto client = MakeClient();
  auto created = client->CreateIssueComment(7, "hello");
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->body, "hello");
  EXPECT_EQ(created->user_login, "github-actions[bot]");

  auto updated = client->UpdateIssueComment(created->id, "hello again");
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  ASSERT_TRUE(updated->has_value());
  EXPECT_EQ((*updated)->body, "hello again");

  auto listed = client->ListIssueComments(7);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, created->id);
  EXPECT_EQ((*listed)[0].body, "hello again");

  auto removed = client->DeleteIssueComment(created->id);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, Removal::kRemoved);
  auto again = client->DeleteIssueComment(created->id);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, Removal::kAlreadyGone);

  auto gone = client->UpdateIssueComment(created->id, "x");
  ASSERT_TRUE(gone.ok()) << gone.error().message;
  EXPECT_FALSE(gone->has_value()) << "a deleted comment reads as nullopt";
}

TEST_F(GitHubTest, ListingFollowsLinkHeaderAcrossPages) {
  std::string comments;
  for (int i = 0; i < 250; ++i) {
    comments +=
        std::string(i ? "," : "") + R"({"issue": 7, "body": "c)" + std::to_string(i) + "\"}";
  }
  server_.Seed(R"({"repo": "octo/infra", "comments": [)" + comments + "]}");
  auto client = MakeClient();
  auto listed = client->ListIssueComments(7);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 250u);
  EXPECT_EQ(listed->front().body, "c0");
  EXPECT_EQ(listed->back().body, "c249");
  EXPECT_EQ(server_.CountRequests("GET", "/issues/7/comments"), 3) << "100 per page";
}

TEST_F(GitHubTest, RequestsReuseOneConnection) {
  auto client = MakeClient();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client->GetPullRequest(7).ok());
  auto requests = json::Parse(server_.Requests(), "requests");
  ASSERT_TRUE(requests.ok());
  std::set<std::int64_t> ports;
  for (const auto& request : requests->GetArray()) {
    ports.insert(json::IntOr(json::Member(request, "client_port")));
  }
  EXPECT_EQ(ports.size(), 1u) << "keep-alive: every request on the same connection";
}

TEST_F(GitHubTest, SendsBearerTokenAndApiHeaders) {
  auto client = MakeClient();
  ASSERT_TRUE(client->GetPullRequest(7).ok());
  EXPECT_NE(server_.Requests().find(R"("auth": "bearer")"), std::string::npos);
}

TEST_F(GitHubTest, PullRequestDetailsFilesReviewsPermissionsCommitPulls) {
  auto client = MakeClient();
  auto pr = client->GetPullRequest(7);
  ASSERT_TRUE(pr.ok()) << pr.error().message;
  EXPECT_EQ(pr->number, 7);
  EXPECT_EQ(pr->title, "feat: add redis");
  EXPECT_EQ(pr->head_sha, kHeadSha);
  EXPECT_EQ(pr->head_ref, "feature");
  EXPECT_EQ(pr->head_repository, "octo/infra");
  EXPECT_EQ(pr->changed_files, 2);

  auto files = client->ListPullRequestFiles(7, pr->changed_files);
  ASSERT_TRUE(files.ok()) << files.error().message;
  ASSERT_EQ(files->files.size(), 2u);
  EXPECT_EQ(files->files[1].previous_filename, "envs/old.tf");
  EXPECT_EQ(files->completeness, Completeness::kComplete);

  auto reviews = client->ListPullRequestReviews(7);
  ASSERT_TRUE(reviews.ok());
  ASSERT_EQ(reviews->size(), 1u);
  EXPECT_EQ((*reviews)[0].user_login, "alice");
  EXPECT_EQ((*reviews)[0].state, "APPROVED");
  EXPECT_EQ((*reviews)[0].commit_id, kHeadSha);

  struct {
    const char* login;
    Permission expected;
  } permissions[] = {{"alice", Permission::kMaintain},
                     {"bob", Permission::kRead},
                     {"carol", Permission::kAdmin},
                     {"stranger", Permission::kNone}};
  for (const auto& c : permissions) {
    auto permission = client->GetCollaboratorPermission(c.login);
    ASSERT_TRUE(permission.ok()) << c.login << ": " << permission.error().message;
    EXPECT_EQ(*permission, c.expected) << c.login;
  }

  auto pulls = client->ListPullRequestsForCommit(kHeadSha);
  ASSERT_TRUE(pulls.ok());
  ASSERT_EQ(pulls->size(), 1u);
  EXPECT_EQ((*pulls)[0].number, 7);
}

TEST_F(GitHubTest, PullRequestFilesAtGitHubsCapAreTruncated) {
  std::string files;
  for (int i = 0; i < 3100; ++i) {
    files += std::string(i ? "," : "") + R"({"filename": "f)" + std::to_string(i) + ".tf\"}";
  }
  server_.Seed(R"({"repo": "octo/infra", "pulls": [{"number": 9, "changed_files": 3100,
                   "files": [)" +
               files + "]}]}");
  auto client = MakeClient();
  auto listed = client->ListPullRequestFiles(9, 3100);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_EQ(listed->files.size(), 3000u) << "the server caps like GitHub";
  EXPECT_EQ(listed->completeness, Completeness::kTruncated);
}

TEST_F(GitHubTest, ReactionsAreIdempotent) {
  auto client = MakeClient();
  auto comment = client->CreateIssueComment(7, "/plan");
  ASSERT_TRUE(comment.ok());
  ASSERT_TRUE(client->AddReaction(comment->id, Reaction::kEyes).ok());
  ASSERT_TRUE(client->AddReaction(comment->id, Reaction::kEyes).ok());
  ASSERT_TRUE(client->AddReaction(comment->id, Reaction::kRocket).ok());
  const std::string state = server_.State(kRepository);
  EXPECT_NE(state.find(R"(["eyes", "rocket"])"), std::string::npos) << state;
}

TEST_F(GitHubTest, RefsAsLocks) {
  auto client = MakeClient();
  const std::string ref = "refs/infra-flash/locks/platform";
  auto first = client->CreateRef(ref, kHeadSha);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, RefCreation::kCreated);
  auto second = client->CreateRef(ref, kOtherSha);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, RefCreation::kAlreadyExists);

  auto got = client->GetRef(ref);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->sha, kHeadSha) << "the second create must not have moved it";

  auto moved = client->UpdateRef(ref, kOtherSha, RefUpdate::kForce);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->sha, kOtherSha);

  auto removed = client->DeleteRef(ref);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, Removal::kRemoved);
  auto again = client->DeleteRef(ref);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, Removal::kAlreadyGone);
  auto missing = client->GetRef(ref);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(GitHubTest, OtherUnprocessableRefErrorsAreErrors) {
  auto client = MakeClient();
  auto bad = client->CreateRef("refs/infra-flash/locks/x", "not-a-sha");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("HTTP 422"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().http_status, 422) << "callers decide on the status, not the text";
  EXPECT_NE(bad.error().message.find("Object does not exist"), std::string::npos);
  EXPECT_NE(bad.error().message.find("POST /repos/octo/infra/git/refs"), std::string::npos);
}

TEST_F(GitHubTest, InjectedRefExistsFaultReadsAsHeldLock) {
  server_.AddFaults(
      R"({"faults": [{"kind": "ref_exists", "method": "POST", "path": "/git/refs"}]})");
  auto client = MakeClient();
  auto created = client->CreateRef("refs/infra-flash/locks/a", kHeadSha);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(*created, RefCreation::kAlreadyExists);
}

// ---- faults -------------------------------------------------------------------

struct FaultCase {
  const char* name;
  const char* faults;
  int expected_requests;
  int expected_sleeps;
};

TEST_F(GitHubTest, TransientFaultsOnGetAreRetried) {
  const FaultCase cases[] = {
      {"502 twice", R"([{"kind": "status", "status": 502, "times": 2}])", 3, 2},
      {"500 then 503", R"([{"kind": "status", "status": 500}, {"kind": "status", "status": 503}])",
       3, 2},
      {"malformed JSON", R"([{"kind": "malformed"}])", 2, 1},
      {"truncated body", R"([{"kind": "truncated"}])", 2, 1},
      {"connection dropped", R"([{"kind": "drop"}])", 2, 1},
      {"no answer until the timeout", R"([{"kind": "hang"}])", 2, 1},
      {"secondary rate limit", R"([{"kind": "secondary_rate_limit", "retry_after": 30}])", 2, 1},
      {"429", R"([{"kind": "rate_limit_429", "retry_after": 3}])", 2, 1},
      {"primary rate limit", R"([{"kind": "primary_rate_limit", "reset_in": 20}])", 2, 1},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.name);
    server_.Admin("DELETE", "/_admin/faults");
    server_.ClearRequests();
    testing::FakeClock clock;
    // A fresh connection per case: libcurl itself resends once on a reused connection
    // that died before answering, which would hide our own retry.
    HangTransport transport;
    const bool hangs = std::string(c.faults).find(R"("hang")") != std::string::npos;
    if (hangs) transport.ExpectHang(HttpMethod::kGet);
    GitHubClientOptions options;
    options.api_url = server_.base_url();
    options.token = kTestToken;
    options.repository = kRepository;
    options.retry = FastRetryPolicy();
    auto client = std::move(GitHubClient::Create(options, transport, clock)).value();
    server_.AddFaults(std::string(R"({"faults": )") + c.faults + "}");
    auto pr = client->GetPullRequest(7);
    ASSERT_TRUE(pr.ok()) << pr.error().message;
    EXPECT_EQ(pr->number, 7);
    EXPECT_EQ(WaitForRequests(server_, "GET", "/pulls/7", c.expected_requests),
              c.expected_requests);
    EXPECT_EQ(static_cast<int>(clock.sleeps().size()), c.expected_sleeps);
    EXPECT_EQ(transport.hang_timed_out(), hangs);
  }
}

TEST_F(GitHubTest, RateLimitWaitsAsGitHubSays) {
  struct {
    const char* name;
    const char* fault;
    milliseconds at_least;
    milliseconds at_most;
  } cases[] = {
      {"retry-after", R"({"kind": "secondary_rate_limit", "retry_after": 30})",
       milliseconds(30'000), milliseconds(30'000)},
      {"reset time", R"({"kind": "primary_rate_limit", "reset_in": 20})", milliseconds(19'000),
       milliseconds(22'000)},
      {"no hint: a minute", R"({"kind": "secondary_rate_limit"})", milliseconds(60'000),
       milliseconds(60'000)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    server_.Admin("DELETE", "/_admin/faults");
    testing::FakeClock clock;
    auto client = MakeClient(FastRetryPolicy(), kTestToken, &clock);
    server_.AddFaults(std::string(R"({"faults": [)") + c.fault + "]}");
    ASSERT_TRUE(client->GetPullRequest(7).ok());
    ASSERT_EQ(clock.sleeps().size(), 1u);
    EXPECT_GE(clock.sleeps()[0], c.at_least);
    EXPECT_LE(clock.sleeps()[0], c.at_most);
  }
}

// The real clock, recording what it is asked to sleep: what the client waited for is
// checked by what it asked, not by how long the (maybe loaded) machine took.
class RecordingSystemClock final : public Clock {
 public:
  TimePoint Now() const override { return SystemClock().Now(); }
  std::chrono::system_clock::time_point WallNow() const override { return SystemClock().WallNow(); }
  void SleepFor(milliseconds duration) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      sleeps_.push_back(duration);
    }
    SystemClock().SleepFor(duration);
  }
  void SleepUntil(TimePoint when) override { SystemClock().SleepUntil(when); }
  std::vector<milliseconds> sleeps() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sleeps_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<milliseconds> sleeps_;
};

TEST_F(GitHubTest, RealShortRetryAfterIsHonoured) {
  server_.AddFaults(R"({"faults": [{"kind": "rate_limit_429", "retry_after": 1}]})");
  RecordingSystemClock clock;
  auto client = MakeClient(FastRetryPolicy(), kTestToken, &clock);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(client->GetPullRequest(7).ok());
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(clock.sleeps(), std::vector<milliseconds>{milliseconds(1000)}) << "as GitHub said";
  EXPECT_GE(waited, milliseconds(1000)) << "really slept";
}

TEST_F(GitHubTest, WaitLongerThanTheBudgetFailsAtOnce) {
  RetryPolicy policy = FastRetryPolicy();
  policy.budget = milliseconds(10'000);
  auto client = MakeClient(policy);
  server_.AddFaults(R"({"faults": [{"kind": "secondary_rate_limit", "retry_after": 600}]})");
  auto pr = client->GetPullRequest(7);
  ASSERT_FALSE(pr.ok());
  EXPECT_TRUE(clock_.sleeps().empty()) << "no point waiting past the budget";
  const std::string& message = pr.error().message;
  EXPECT_NE(message.find("GET /repos/octo/infra/pulls/7"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 403"), std::string::npos) << message;
  EXPECT_NE(message.find("secondary rate limit"), std::string::npos) << message;
  EXPECT_NE(message.find("retry budget"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
}

TEST_F(GitHubTest, PersistentServerErrorGivesUpAfterMaxAttempts) {
  auto client = MakeClient();
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 502, "times": -1,
                                    "message": "Bad Gateway"}]})");
  auto pr = client->GetPullRequest(7);
  ASSERT_FALSE(pr.ok());
  EXPECT_EQ(server_.CountRequests("GET", "/pulls/7"), 4);
  const std::string& message = pr.error().message;
  EXPECT_NE(message.find("HTTP 502 \"Bad Gateway\""), std::string::npos) << message;
  EXPECT_NE(message.find("after 4 attempts"), std::string::npos) << message;
  EXPECT_NE(message.find("githubstatus"), std::string::npos) << message;
  // Exponential: 100 ms, 200 ms, 400 ms, each jittered into [half, full].
  const auto sleeps = clock_.sleeps();
  ASSERT_EQ(sleeps.size(), 3u);
  for (std::size_t i = 0; i < sleeps.size(); ++i) {
    EXPECT_GE(sleeps[i], milliseconds(50 << i)) << i;
    EXPECT_LE(sleeps[i], milliseconds(100 << i)) << i;
  }
}

TEST_F(GitHubTest, CreatingACommentIsNotRetriedAfterAnAmbiguousFailure) {
  const FaultCase cases[] = {
      {"502 before acting", R"([{"kind": "status", "status": 502, "method": "POST"}])", 1, 0},
      {"502 after acting", R"([{"kind": "fail_after_apply", "method": "POST"}])", 1, 0},
      {"timeout", R"([{"kind": "hang", "method": "POST"}])", 1, 0},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.name);
    server_.Admin("DELETE", "/_admin/faults");
    server_.ClearRequests();
    testing::FakeClock clock;
    HangTransport transport;
    const bool hangs = std::string(c.faults).find(R"("hang")") != std::string::npos;
    if (hangs) transport.ExpectHang(HttpMethod::kPost);
    auto client = MakeClient(FastRetryPolicy(), kTestToken, &clock, &transport);
    server_.AddFaults(std::string(R"({"faults": )") + c.faults + "}");
    auto created = client->CreateIssueComment(7, "once");
    EXPECT_FALSE(created.ok());
    EXPECT_EQ(WaitForRequests(server_, "POST", "/issues/7/comments", c.expected_requests),
              c.expected_requests);
    EXPECT_EQ(static_cast<int>(clock.sleeps().size()), c.expected_sleeps);
    EXPECT_EQ(transport.hang_timed_out(), hangs);
  }
}

TEST_F(GitHubTest, CreatingACommentIsRetriedWhenGitHubCertainlyDidNotAct) {
  server_.AddFaults(R"({"faults": [{"kind": "secondary_rate_limit", "retry_after": 5,
                                    "method": "POST"}]})");
  auto client = MakeClient();
  auto created = client->CreateIssueComment(7, "once");
  ASSERT_TRUE(created.ok()) << created.error().message;
  auto listed = client->ListIssueComments(7);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
}

TEST_F(GitHubTest, NothingListeningIsRetriedThenReported) {
  GitHubClientOptions options;
  options.api_url = "http://127.0.0.1:1";  // nothing listens on port 1
  options.token = kTestToken;
  options.repository = kRepository;
  options.retry = FastRetryPolicy();
  auto client = GitHubClient::Create(options, transport_, clock_);
  ASSERT_TRUE(client.ok());
  auto pr = (*client)->GetPullRequest(7);
  ASSERT_FALSE(pr.ok());
  EXPECT_EQ(clock_.sleeps().size(), 3u);
  EXPECT_NE(pr.error().message.find("could not connect"), std::string::npos) << pr.error().message;
  EXPECT_NE(pr.error().message.find("GITHUB_API_URL"), std::string::npos);
}

// ---- secrets ------------------------------------------------------------------

TEST_F(GitHubTest, TokenNeverAppearsInErrorsOrLogs) {
  const std::string shaped = "ghp_" + std::string(36, 'Q');
  for (const std::string& token : {std::string(kTestToken), shaped}) {
    SCOPED_TRACE(token.substr(0, 4));
    // A wrong token: GitHub's 401.
    auto rejected = MakeClient(FastRetryPolicy(), token + "-wrong");
    auto pr = rejected->GetPullRequest(7);
    ASSERT_FALSE(pr.ok());
    EXPECT_NE(pr.error().message.find("HTTP 401 \"Bad credentials\""), std::string::npos)
        << pr.error().message;
    EXPECT_EQ(pr.error().http_status, 401);
    EXPECT_NE(pr.error().message.find("github-token"), std::string::npos);
    EXPECT_EQ(pr.error().message.find(token), std::string::npos) << pr.error().message;
  }
  // Retries logged and a final failure, with a secret of the job's masker echoed back.
  Masker masker;
  masker.AddSecret("very-private-value");
  GitHubClientOptions options;
  options.api_url = server_.base_url();
  options.token = kTestToken;
  options.repository = kRepository;
  options.retry = FastRetryPolicy();
  options.masker = &masker;
  std::vector<std::string> lines;
  options.log = [&](const std::string& line) { lines.push_back(line); };
  auto client = GitHubClient::Create(options, transport_, clock_);
  ASSERT_TRUE(client.ok());
  server_.AddFaults(std::string(R"({"faults": [{"kind": "status", "status": 500, "times": -1,
      "message": "token )") +
                    kTestToken + R"( and very-private-value"}]})");
  auto pr = (*client)->GetPullRequest(7);
  ASSERT_FALSE(pr.ok());
  std::string everything = pr.error().message;
  for (const std::string& line : lines) everything += "\n" + line;
  EXPECT_EQ(lines.size(), 3u);
  EXPECT_EQ(everything.find(kTestToken), std::string::npos) << everything;
  EXPECT_EQ(everything.find("very-private-value"), std::string::npos) << everything;
  EXPECT_NE(everything.find("***"), std::string::npos) << everything;
}

TEST(GitHubClientCreate, RejectsBadSettingsWithAHint) {
  testing::FakeClock clock;
  CurlTransport transport;
  struct {
    const char* name;
    const char* url;
    const char* repository;
    const char* token;
    const char* expected;
  } cases[] = {
      {"no scheme", "api.github.com", "o/r", "t0k3n", "GITHUB_API_URL"},
      {"repository", "https://api.github.com", "just-a-name", "t0k3n", "owner/name"},
      {"two slashes", "https://api.github.com", "o/r/x", "t0k3n", "owner/name"},
      {"no token", "https://api.github.com", "o/r", "", "github-token"},
  };
  for (const auto& c : cases) {
    GitHubClientOptions options;
    options.api_url = c.url;
    options.repository = c.repository;
    options.token = c.token;
    auto client = GitHubClient::Create(options, transport, clock);
    ASSERT_FALSE(client.ok()) << c.name;
    EXPECT_NE(client.error().message.find(c.expected), std::string::npos)
        << c.name << ": " << client.error().message;
  }
}

TEST(GitHubEnvironmentTest, ReadsInputTokenWithItsHyphen) {
  ::setenv("INPUT_GITHUB-TOKEN", "from-input", 1);
  ::setenv("GITHUB_TOKEN", "from-env", 1);
  ::setenv("GITHUB_API_URL", "https://ghe.example.com/api/v3/", 1);
  ::setenv("GITHUB_SERVER_URL", "https://ghe.example.com", 1);
  ::setenv("GITHUB_REPOSITORY", "octo/infra", 1);
  ::setenv("GITHUB_RUN_ID", "42", 1);
  GitHubEnvironment environment = ReadGitHubEnvironment();
  EXPECT_EQ(environment.token, "from-input");
  EXPECT_EQ(environment.api_url, "https://ghe.example.com/api/v3");
  EXPECT_EQ(RunUrl(environment), "https://ghe.example.com/octo/infra/actions/runs/42");
  ::unsetenv("INPUT_GITHUB-TOKEN");
  EXPECT_EQ(ReadGitHubEnvironment().token, "from-env");
  ::unsetenv("GITHUB_TOKEN");
  ::unsetenv("GITHUB_API_URL");
  EXPECT_EQ(ReadGitHubEnvironment().api_url, "https://api.github.com");
  ::unsetenv("GITHUB_SERVER_URL");
  ::unsetenv("GITHUB_REPOSITORY");
  ::unsetenv("GITHUB_RUN_ID");
}

}  // namespace
}  // namespace infra_flash
