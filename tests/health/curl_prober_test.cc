// CurlProber against a loopback server with scripted answers per path: statuses, a
// path that hangs past the timeout, a closed port, and how many probes run at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "health/health.h"
#include "health/prober.h"
#include "support/http_stub.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

const std::string kSource = INFRA_FLASH_SOURCE_DIR;

// Every status of the legend, a redirect, a slow-but-in-time answer and a hang.
constexpr char kScript[] = R"({"routes": {
  "/ok": [{"status": 200, "body": "ok"}],
  "/unauthorized": [{"status": 401}],
  "/forbidden": [{"status": 403}],
  "/missing": [{"status": 404}],
  "/bad-gateway": [{"status": 502}],
  "/unavailable": [{"status": 503}],
  "/gateway-timeout": [{"status": 504}],
  "/redirect": [{"status": 302, "headers": {"Location": "/ok"}}],
  "/slow": [{"status": 200, "delay": 0.3}],
  "/hang": [{"status": 200, "delay": 30}]
}})";

struct StatusCase {
  std::string path;
  int status;
  HealthState state;
};

TEST(CurlProber, ReportsEachStatusAndTheHangIsCutAtTheTimeout) {
  testing::HttpStub stub(kSource, kScript);
  ASSERT_TRUE(stub.ok()) << stub.error();
  testing::ClosedPort closed;
  const StatusCase cases[] = {
      {"/ok", 200, HealthState::kHealthy},
      {"/unauthorized", 401, HealthState::kAuthRequired},
      {"/forbidden", 403, HealthState::kAuthRequired},
      {"/missing", 404, HealthState::kNotFound},
      {"/bad-gateway", 502, HealthState::kBadGateway},
      {"/unavailable", 503, HealthState::kUnavailable},
      {"/gateway-timeout", 504, HealthState::kBadGateway},
      {"/redirect", 302, HealthState::kUnexpected},
      {"/slow", 200, HealthState::kHealthy},
  };
  std::vector<std::string> urls;
  for (const StatusCase& c : cases) urls.push_back(stub.Url(c.path));
  urls.push_back(stub.Url("/hang"));
  urls.push_back(closed.Url("/refused"));

  // Ample for the answers on a busy machine; the hanging route outlasts it.
  ProbeOptions options;
  options.timeout = milliseconds(3000);
  CurlProber prober;
  const std::vector<ProbeOutcome> outcomes = prober.ProbeAll(urls, options);

  ASSERT_EQ(outcomes.size(), urls.size());
  const ProbeOutcome& hang = outcomes[std::size(cases)];
  EXPECT_EQ(hang.failure, ProbeFailure::kTimedOut) << hang.failure_detail;
  EXPECT_GE(hang.elapsed, options.timeout * 9 / 10);
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    const StatusCase& c = cases[i];
    EXPECT_EQ(outcomes[i].failure, ProbeFailure::kNone)
        << c.path << ": " << outcomes[i].failure_detail;
    EXPECT_EQ(outcomes[i].status, c.status) << c.path;
    EXPECT_EQ(ClassifyProbe(outcomes[i], {}, options.timeout).state, c.state) << c.path;
    // Answered probes are not held up by the hanging one.
    EXPECT_LT(outcomes[i].elapsed, hang.elapsed) << c.path;
  }
  const ProbeOutcome& refused = outcomes.back();
  EXPECT_EQ(refused.failure, ProbeFailure::kConnectionRefused) << refused.failure_detail;
  // The redirect was reported, not followed: /ok was asked exactly once.
  int ok_requests = 0;
  for (const testing::StubRequest& request : stub.Requests()) ok_requests += request.path == "/ok";
  EXPECT_EQ(ok_requests, 1);
}

TEST(CurlProber, BoundsConcurrency) {
  // Ten probes, 4 at a time. The stub holds each answer until 4 requests have been in
  // flight together: probes run one after another would never get there, and would
  // time out instead.
  testing::HttpStub stub(kSource, R"({"routes": {"/crowd": [{"status": 200, "crowd": 4}]}})");
  ASSERT_TRUE(stub.ok()) << stub.error();
  const std::vector<std::string> urls(10, stub.Url("/crowd"));
  ProbeOptions options;
  options.timeout = milliseconds(30'000);
  options.max_concurrency = 4;
  CurlProber prober;
  const std::vector<ProbeOutcome> outcomes = prober.ProbeAll(urls, options);
  for (const ProbeOutcome& outcome : outcomes) {
    EXPECT_EQ(outcome.status, 200) << outcome.failure_detail;
  }
  int most = 0;
  for (const testing::StubRequest& request : stub.Requests()) {
    most = std::max(most, request.in_flight);
  }
  EXPECT_EQ(most, 4) << "4 probes at once: in parallel, and never more";
}

TEST(CurlProber, EmptyListAndUnsupportedScheme) {
  CurlProber prober;
  EXPECT_TRUE(prober.ProbeAll({}, {}).empty());
  const std::vector<ProbeOutcome> outcomes = prober.ProbeAll({"file:///etc/passwd"}, {});
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_NE(outcomes[0].failure, ProbeFailure::kNone) << "only http and https are probed";
}

}  // namespace
}  // namespace infra_flash
