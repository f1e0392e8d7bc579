// CurlProber against a loopback server with scripted answers per path: statuses, a
// path that hangs past the timeout, a closed port, and timing of the parallel round.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "health/health.h"
#include "health/prober.h"
#include "support/http_stub.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

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

  ProbeOptions options;
  options.timeout = milliseconds(1000);
  CurlProber prober;
  const auto start = Clock::now();
  const std::vector<ProbeOutcome> outcomes = prober.ProbeAll(urls, options);
  const auto wall = std::chrono::duration_cast<milliseconds>(Clock::now() - start);

  ASSERT_EQ(outcomes.size(), urls.size());
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    const StatusCase& c = cases[i];
    EXPECT_EQ(outcomes[i].failure, ProbeFailure::kNone)
        << c.path << ": " << outcomes[i].failure_detail;
    EXPECT_EQ(outcomes[i].status, c.status) << c.path;
    EXPECT_EQ(ClassifyProbe(outcomes[i], {}, options.timeout).state, c.state) << c.path;
    // Answered probes are not held up by the hanging one.
    EXPECT_LT(outcomes[i].elapsed.count(), 900) << c.path;
  }
  const ProbeOutcome& hang = outcomes[std::size(cases)];
  EXPECT_EQ(hang.failure, ProbeFailure::kTimedOut) << hang.failure_detail;
  EXPECT_GE(hang.elapsed.count(), 900);
  const ProbeOutcome& refused = outcomes.back();
  EXPECT_EQ(refused.failure, ProbeFailure::kConnectionRefused) << refused.failure_detail;
  // 11 probes, 8 at a time: the hang costs its own timeout and no more.
  EXPECT_LT(wall.count(), 2500) << "the round took " << wall.count() << " ms";
  // The redirect was reported, not followed: /ok was asked exactly once.
  int ok_requests = 0;
  for (const testing::StubRequest& request : stub.Requests()) ok_requests += request.path == "/ok";
  EXPECT_EQ(ok_requests, 1);
}

TEST(CurlProber, BoundsConcurrency) {
  // Ten probes of 0.4 s each: 4 at a time takes three rounds (~1.2 s), not one (0.4 s)
  // and not ten (4 s).
  testing::HttpStub stub(kSource, R"({"routes": {"/slow": [{"status": 200, "delay": 0.4}]}})");
  ASSERT_TRUE(stub.ok()) << stub.error();
  const std::vector<std::string> urls(10, stub.Url("/slow"));
  ProbeOptions options;
  options.timeout = milliseconds(5000);
  options.max_concurrency = 4;
  CurlProber prober;
  const auto start = Clock::now();
  const std::vector<ProbeOutcome> outcomes = prober.ProbeAll(urls, options);
  const auto wall = std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
  for (const ProbeOutcome& outcome : outcomes) EXPECT_EQ(outcome.status, 200);
  EXPECT_GE(wall, 1150) << "more than 4 probes ran at once";
  EXPECT_LT(wall, 3000) << "probes did not run in parallel";
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
