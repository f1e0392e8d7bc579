#include "github/retry_policy.h"

#include <gtest/gtest.h>

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

HttpExchange Answer(int status, std::map<std::string, std::string> headers = {},
                    std::string body = "") {
  HttpExchange exchange;
  exchange.response.status = status;
  exchange.response.headers = std::move(headers);
  exchange.response.body = std::move(body);
  return exchange;
}

HttpExchange Failure(WireOutcome outcome) {
  HttpExchange exchange;
  exchange.outcome = outcome;
  exchange.failure = "simulated";
  return exchange;
}

TEST(AssessAttempt, Table) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  const std::string reset_in_90 = std::to_string(1'700'000'090);
  struct Case {
    const char* name;
    HttpExchange exchange;
    Idempotency idempotency;
    Retry expected;
    milliseconds wait;
  };
  const Case cases[] = {
      {"200", Answer(200), Idempotency::kIdempotent, Retry::kNo, {}},
      {"404 is final", Answer(404), Idempotency::kIdempotent, Retry::kNo, {}},
      {"422 is final", Answer(422), Idempotency::kNotIdempotent, Retry::kNo, {}},
      {"plain 403 is a permission problem",
       Answer(403, {}, R"({"message":"Resource not accessible by integration"})"),
       Idempotency::kIdempotent,
       Retry::kNo,
       {}},
      {"502 GET", Answer(502), Idempotency::kIdempotent, Retry::kAfterBackoff, {}},
      {"502 POST is not resent", Answer(502), Idempotency::kNotIdempotent, Retry::kNo, {}},
      {"503 with retry-after", Answer(503, {{"retry-after", "7"}}), Idempotency::kIdempotent,
       Retry::kAfterWait, milliseconds(7000)},
      {"501 is final", Answer(501), Idempotency::kIdempotent, Retry::kNo, {}},
      {"429 retry-after", Answer(429, {{"retry-after", "12"}}), Idempotency::kNotIdempotent,
       Retry::kAfterWait, milliseconds(12'000)},
      {"403 retry-after", Answer(403, {{"retry-after", "30"}}), Idempotency::kNotIdempotent,
       Retry::kAfterWait, milliseconds(30'000)},
      {"403 remaining 0 until reset (+1 s)",
       Answer(403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", reset_in_90}}),
       Idempotency::kIdempotent, Retry::kAfterWait, milliseconds(91'000)},
      {"403 secondary message, no headers: a minute",
       Answer(403, {}, R"({"message":"You have exceeded a secondary rate limit"})"),
       Idempotency::kNotIdempotent, Retry::kAfterWait, milliseconds(60'000)},
      {"429 bare: a minute", Answer(429), Idempotency::kIdempotent, Retry::kAfterWait,
       milliseconds(60'000)},
      {"not sent: always safe",
       Failure(WireOutcome::kNotSent),
       Idempotency::kNotIdempotent,
       Retry::kAfterBackoff,
       {}},
      {"timeout GET",
       Failure(WireOutcome::kTimedOut),
       Idempotency::kIdempotent,
       Retry::kAfterBackoff,
       {}},
      {"timeout POST",
       Failure(WireOutcome::kTimedOut),
       Idempotency::kNotIdempotent,
       Retry::kNo,
       {}},
      {"broken GET",
       Failure(WireOutcome::kBrokenResponse),
       Idempotency::kIdempotent,
       Retry::kAfterBackoff,
       {}},
      {"broken POST",
       Failure(WireOutcome::kBrokenResponse),
       Idempotency::kNotIdempotent,
       Retry::kNo,
       {}},
  };
  RetryPolicy policy;
  for (const Case& c : cases) {
    AttemptAssessment assessment = AssessAttempt(c.exchange, c.idempotency, now, policy);
    EXPECT_EQ(assessment.retry, c.expected) << c.name;
    if (c.expected == Retry::kAfterWait) {
      EXPECT_EQ(assessment.wait, c.wait) << c.name;
    }
    EXPECT_FALSE(assessment.reason.empty()) << c.name;
  }
}

// Headers are the server's to write: huge, negative and garbage values must neither
// overflow (UBSan watches the conversions) nor turn into a negative or endless wait.
TEST(AssessAttempt, HugeNegativeAndGarbageWaitHeadersAreClamped) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  const milliseconds day = std::chrono::hours(24);
  const milliseconds minute = std::chrono::minutes(1);
  struct Case {
    const char* name;
    std::map<std::string, std::string> headers;
    milliseconds wait;
  };
  const Case cases[] = {
      {"retry-after past long long", {{"retry-after", "99999999999999999999"}}, day},
      {"retry-after long long max", {{"retry-after", "9223372036854775807"}}, day},
      {"retry-after of a year", {{"retry-after", "31536000"}}, day},
      {"retry-after of an hour", {{"retry-after", "3600"}}, std::chrono::hours(1)},
      {"retry-after zero", {{"retry-after", "0"}}, milliseconds(0)},
      {"retry-after negative: a minute", {{"retry-after", "-5"}}, minute},
      {"retry-after below long long min: a minute",
       {{"retry-after", "-99999999999999999999"}},
       minute},
      {"retry-after garbage: a minute", {{"retry-after", "soon"}}, minute},
      {"retry-after with a tail: a minute", {{"retry-after", "12abc"}}, minute},
      {"retry-after an HTTP date: a minute",
       {{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}},
       minute},
      {"reset past long long",
       {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "99999999999999999999"}},
       day},
      {"reset long long max",
       {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "9223372036854775807"}},
       day},
      {"reset long long min: at once (+1 s)",
       {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "-9223372036854775808"}},
       milliseconds(1000)},
      {"reset in the past: at once (+1 s)",
       {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1"}},
       milliseconds(1000)},
      {"reset garbage: a minute",
       {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "later"}},
       minute},
      {"garbage retry-after, good reset: the reset",
       {{"retry-after", "x"}, {"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1700000009"}},
       milliseconds(10'000)},
  };
  RetryPolicy policy;
  for (const Case& c : cases) {
    for (int status : {403, 429}) {
      AttemptAssessment assessment =
          AssessAttempt(Answer(status, c.headers), Idempotency::kIdempotent, now, policy);
      EXPECT_EQ(assessment.retry, Retry::kAfterWait) << c.name << " " << status;
      EXPECT_EQ(assessment.wait, c.wait) << c.name << " " << status;
    }
  }
  // A wall clock far from now (a broken clock) does not overflow either.
  for (const auto wall : {std::chrono::system_clock::time_point::max(),
                          std::chrono::system_clock::time_point::min()}) {
    AttemptAssessment assessment = AssessAttempt(
        Answer(403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1700000000"}}),
        Idempotency::kIdempotent, wall, policy);
    EXPECT_GE(assessment.wait, milliseconds(1000));
    EXPECT_LE(assessment.wait, day);
  }
}

TEST(BackoffDelay, DoublesCapsAndJitters) {
  RetryPolicy policy;
  policy.initial_backoff = milliseconds(500);
  policy.max_backoff = milliseconds(4000);
  struct {
    int retry;
    double jitter;
    milliseconds expected;
  } cases[] = {
      {1, 1.0, milliseconds(500)},  {2, 1.0, milliseconds(1000)},  {3, 1.0, milliseconds(2000)},
      {4, 1.0, milliseconds(4000)}, {9, 1.0, milliseconds(4000)},  {1, 0.0, milliseconds(250)},
      {3, 0.5, milliseconds(1500)}, {99, 0.0, milliseconds(2000)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(BackoffDelay(c.retry, policy, c.jitter), c.expected)
        << "retry " << c.retry << " jitter " << c.jitter;
  }
}

}  // namespace
}  // namespace infra_flash
