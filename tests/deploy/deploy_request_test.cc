// Deploy requests: the exact body, the retry rules, and delivery to a loopback receiver
// that checks the signature with Python's hmac (tests/support/http_stub.py).
#include "deploy/deploy_request.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "deploy/signature.h"
#include "support/http_stub.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

const std::string kSource = INFRA_FLASH_SOURCE_DIR;
constexpr char kSecret[] = "deploy-hmac-key-7f3a";

TEST(DeployRequestBody, IsExactCompactJson) {
  struct Case {
    const char* name;
    DeployRequest request;
    std::string expected;
  };
  const Case cases[] = {
      {"plain",
       {"prod", "v1.4.3", "octocat"},
       R"({"env":"prod","tag":"v1.4.3","triggered_by":"octocat"})"},
      {"quotes and backslashes escaped",
       {"staging", "v0.1.0", "a\"b\\c"},
       R"({"env":"staging","tag":"v0.1.0","triggered_by":"a\"b\\c"})"},
      {"control characters escaped",
       {"dev", "v1.0.0", "x\ny"},
       R"({"env":"dev","tag":"v1.0.0","triggered_by":"x\ny"})"},
      {"UTF-8 kept",
       {"prod", "v2.0.0", "zoë"},
       "{\"env\":\"prod\",\"tag\":\"v2.0.0\",\"triggered_by\":\"zoë\"}"},
  };
  for (const Case& c : cases) EXPECT_EQ(DeployRequestBody(c.request), c.expected) << c.name;
}

TEST(DeployBackoff, DoublesUpToTheCap) {
  const DeployRetryPolicy policy{
      .max_attempts = 6, .initial_backoff = milliseconds(2000), .max_backoff = milliseconds(10000)};
  const std::pair<int, long> cases[] = {{1, 2000}, {2, 4000}, {3, 8000}, {4, 10000}, {5, 10000}};
  for (const auto& [retry, expected] : cases) {
    EXPECT_EQ(DeployBackoff(retry, policy).count(), expected) << "retry " << retry;
  }
}

TEST(AssessDeployAttempt, Table) {
  struct Case {
    PostOutcome outcome;
    int status;
    AttemptVerdict expected;
  };
  const Case cases[] = {
      {PostOutcome::kAnswered, 200, AttemptVerdict::kDelivered},
      {PostOutcome::kAnswered, 202, AttemptVerdict::kDelivered},
      {PostOutcome::kAnswered, 204, AttemptVerdict::kDelivered},
      {PostOutcome::kAnswered, 500, AttemptVerdict::kRetry},
      {PostOutcome::kAnswered, 502, AttemptVerdict::kRetry},
      {PostOutcome::kAnswered, 503, AttemptVerdict::kRetry},
      {PostOutcome::kAnswered, 400, AttemptVerdict::kRefused},
      {PostOutcome::kAnswered, 401, AttemptVerdict::kRefused},
      {PostOutcome::kAnswered, 404, AttemptVerdict::kRefused},
      {PostOutcome::kAnswered, 429, AttemptVerdict::kRefused},
      {PostOutcome::kAnswered, 302, AttemptVerdict::kRefused},
      {PostOutcome::kNotConnected, 0, AttemptVerdict::kRetry},
      {PostOutcome::kTimedOut, 0, AttemptVerdict::kRetry},
      {PostOutcome::kBrokenResponse, 0, AttemptVerdict::kRetry},
  };
  for (const Case& c : cases) {
    PostResult result;
    result.outcome = c.outcome;
    result.status = c.status;
    EXPECT_EQ(AssessDeployAttempt(result), c.expected) << "status " << c.status;
  }
}

// Records the waits instead of sleeping, so a test of four attempts takes no time.
struct RecordedSleeps {
  std::vector<milliseconds> waits;
  SleepFunction Function() {
    return [this](milliseconds wait) { waits.push_back(wait); };
  }
};

const DeployRetryPolicy kFastPolicy{.max_attempts = 4,
                                    .initial_backoff = milliseconds(1000),
                                    .max_backoff = milliseconds(30000),
                                    .timeout = milliseconds(3000)};

std::string Script(const std::string& answers) {
  return std::string(R"({"secret": ")") + kSecret + R"(", "routes": {"/deploy": )" + answers + "}}";
}

Result<DeployReceipt> Send(const testing::HttpStub& stub, RecordedSleeps& sleeps,
                           const std::string& path = "/deploy") {
  CurlPoster poster;
  return SendDeployRequest({"prod", "v1.4.3", "octocat"}, {stub.Url(path), kSecret}, kFastPolicy,
                           poster, sleeps.Function());
}

TEST(SendDeployRequest, DeliversASignatureTheReceiverAccepts) {
  testing::HttpStub stub(kSource,
                         Script(R"([{"status": 202, "body": "queued", "check_signature": true}])"));
  ASSERT_TRUE(stub.ok()) << stub.error();
  RecordedSleeps sleeps;
  Result<DeployReceipt> receipt = Send(stub, sleeps);
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->status, 202);
  EXPECT_EQ(receipt->attempts, 1);
  EXPECT_EQ(receipt->response, "queued");
  EXPECT_TRUE(sleeps.waits.empty());
  const auto requests = stub.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].body, R"({"env":"prod","tag":"v1.4.3","triggered_by":"octocat"})");
  EXPECT_EQ(requests[0].signature_valid, std::optional<bool>(true));
  EXPECT_EQ(requests[0].headers.at("content-type"), "application/json");
}

TEST(SendDeployRequest, RetriesA5xxThenSucceeds) {
  testing::HttpStub stub(kSource, Script(R"([{"status": 500, "body": "boom"},
                                             {"status": 200, "body": "ok", "check_signature": true}])"));
  ASSERT_TRUE(stub.ok()) << stub.error();
  RecordedSleeps sleeps;
  Result<DeployReceipt> receipt = Send(stub, sleeps);
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->status, 200);
  EXPECT_EQ(receipt->attempts, 2);
  EXPECT_EQ(sleeps.waits, std::vector<milliseconds>{milliseconds(1000)});
  const auto requests = stub.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].body, requests[1].body) << "a retry sends the same bytes";
  EXPECT_EQ(requests[1].signature_valid, std::optional<bool>(true));
}

TEST(SendDeployRequest, A4xxIsFinalAndTheErrorHoldsNoSecret) {
  // The receiver even echoes the secret back: it must still not reach the message.
  testing::HttpStub stub(
      kSource,
      Script(std::string(R"([{"status": 400, "body": "bad env; key was )") + kSecret + R"("}])"));
  ASSERT_TRUE(stub.ok()) << stub.error();
  RecordedSleeps sleeps;
  Result<DeployReceipt> receipt = Send(stub, sleeps);
  ASSERT_FALSE(receipt.ok());
  const std::string& message = receipt.error().message;
  EXPECT_NE(message.find("refused"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 400"), std::string::npos) << message;
  EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
  EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
  EXPECT_EQ(stub.Requests().size(), 1u);
  EXPECT_TRUE(sleeps.waits.empty());
}

TEST(SendDeployRequest, AWrongSecretIsRefusedByTheReceiver) {
  testing::HttpStub stub(
      kSource,
      R"({"secret": "the-receivers-key", "routes": {"/deploy": [{"status": 200, "check_signature": true}]}})");
  ASSERT_TRUE(stub.ok()) << stub.error();
  RecordedSleeps sleeps;
  Result<DeployReceipt> receipt = Send(stub, sleeps);
  ASSERT_FALSE(receipt.ok());
  EXPECT_NE(receipt.error().message.find("HTTP 401"), std::string::npos) << receipt.error().message;
  EXPECT_EQ(stub.Requests().at(0).signature_valid, std::optional<bool>(false));
}

TEST(SendDeployRequest, GivesUpAfterMaxAttemptsWithBackoff) {
  testing::HttpStub stub(kSource, Script(R"([{"status": 503, "body": "maintenance"}])"));
  ASSERT_TRUE(stub.ok()) << stub.error();
  RecordedSleeps sleeps;
  Result<DeployReceipt> receipt = Send(stub, sleeps);
  ASSERT_FALSE(receipt.ok());
  EXPECT_NE(receipt.error().message.find("after 4 attempts"), std::string::npos)
      << receipt.error().message;
  EXPECT_NE(receipt.error().message.find("HTTP 503"), std::string::npos);
  EXPECT_EQ(stub.Requests().size(), 4u);
  EXPECT_EQ(sleeps.waits, (std::vector<milliseconds>{milliseconds(1000), milliseconds(2000),
                                                     milliseconds(4000)}));
}

TEST(SendDeployRequest, RetriesADroppedConnection) {
  testing::HttpStub stub(kSource,
                         Script(R"([{"drop": true}, {"status": 200, "check_signature": true}])"));
  ASSERT_TRUE(stub.ok()) << stub.error();
  RecordedSleeps sleeps;
  Result<DeployReceipt> receipt = Send(stub, sleeps);
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->attempts, 2);
}

TEST(SendDeployRequest, ARedirectIsNotFollowed) {
  testing::HttpStub stub(kSource,
                         Script(R"([{"status": 302, "headers": {"Location": "/elsewhere"}}])"));
  ASSERT_TRUE(stub.ok()) << stub.error();
  RecordedSleeps sleeps;
  Result<DeployReceipt> receipt = Send(stub, sleeps);
  ASSERT_FALSE(receipt.ok());
  EXPECT_NE(receipt.error().message.find("redirects"), std::string::npos)
      << receipt.error().message;
  EXPECT_EQ(stub.Requests().size(), 1u);
}

TEST(SendDeployRequest, ConnectionRefusedIsRetriedThenReported) {
  testing::ClosedPort closed;
  ASSERT_GT(closed.port(), 0);
  RecordedSleeps sleeps;
  CurlPoster poster;
  Result<DeployReceipt> receipt = SendDeployRequest(
      {"staging", "v0.2.0", "octocat"},
      {"http://deployer:" + std::string(kSecret) + "@127.0.0.1:" + std::to_string(closed.port()) +
           "/hook?token=" + kSecret,
       kSecret},
      kFastPolicy, poster, sleeps.Function());
  ASSERT_FALSE(receipt.ok());
  const std::string& message = receipt.error().message;
  EXPECT_NE(message.find("could not connect"), std::string::npos) << message;
  EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
  EXPECT_EQ(message.find("deployer"), std::string::npos) << "userinfo shown: " << message;
  EXPECT_EQ(sleeps.waits.size(), 3u);
}

TEST(SendDeployRequest, InvalidInputSendsNothing) {
  testing::HttpStub stub(kSource, Script(R"([{"status": 200}])"));
  ASSERT_TRUE(stub.ok()) << stub.error();
  struct Case {
    const char* name;
    DeployRequest request;
    DeployEndpoint endpoint;
    const char* expected;
  };
  const Case cases[] = {
      {"empty secret", {"prod", "v1.0.0", "octocat"}, {stub.Url("/deploy"), ""}, "secret is empty"},
      {"no environment", {"", "v1.0.0", "octocat"}, {stub.Url("/deploy"), kSecret}, "environment"},
      {"environment with a space",
       {"prod eu", "v1.0.0", "octocat"},
       {stub.Url("/deploy"), kSecret},
       "environment"},
      {"tag with a space", {"prod", "v1.0.0 x", "octocat"}, {stub.Url("/deploy"), kSecret}, "tag"},
      {"nobody triggered it",
       {"prod", "v1.0.0", ""},
       {stub.Url("/deploy"), kSecret},
       "triggered_by"},
      {"not http", {"prod", "v1.0.0", "octocat"}, {"ftp://127.0.0.1/x", kSecret}, "http"},
  };
  for (const Case& c : cases) {
    RecordedSleeps sleeps;
    CurlPoster poster;
    Result<DeployReceipt> receipt =
        SendDeployRequest(c.request, c.endpoint, kFastPolicy, poster, sleeps.Function());
    ASSERT_FALSE(receipt.ok()) << c.name;
    EXPECT_NE(receipt.error().message.find(c.expected), std::string::npos)
        << c.name << ": " << receipt.error().message;
  }
  EXPECT_TRUE(stub.Requests().empty());
}

}  // namespace
}  // namespace infra_flash
