// retry_policy: when a GitHub request is worth sending again, and after how long.
// Pure: the client feeds it what happened on the wire and the time; tests feed it
// tables. The rules, from GitHub's documentation on rate limits and best practices:
//   - 429, or 403 with `retry-after` / `x-ratelimit-remaining: 0` / a "rate limit"
//     message, is a rate limit: GitHub refused before acting, so any request may be
//     sent again, after `retry-after` seconds, else until `x-ratelimit-reset`, else
//     after at least a minute. A wait asked for is at most a day (larger values, even
//     past what a long long holds, are clamped: the retry budget then gives up); a
//     negative or unreadable header is ignored.
//   - 500/502/503/504, timeouts and broken answers may have been acted on: only an
//     idempotent request is sent again, after exponential backoff with jitter.
//   - a request that never left (connect refused, DNS) is always safe to resend.
//   - everything else is final: the caller reads the status.
#pragma once

#include <chrono>
#include <string>

#include "http/http_transport.h"

namespace infra_flash {

struct RetryPolicy {
  int max_attempts = 6;                                   // first try included
  std::chrono::milliseconds initial_backoff{500};         // doubled per retry...
  std::chrono::milliseconds max_backoff{30'000};          // ...up to this
  std::chrono::milliseconds budget{180'000};              // all waits of one request together
  std::chrono::milliseconds rate_limit_fallback{60'000};  // rate limited, no hint given
};

// Whether sending the same request twice has the effect of sending it once.
// Creating a comment is not: two comments appear.
enum class Idempotency { kIdempotent, kNotIdempotent };

enum class Retry {
  kNo,            // final: success or an answer the caller must handle
  kAfterBackoff,  // transient failure: wait BackoffDelay()
  kAfterWait,     // rate limited: wait `wait`, as GitHub said
};

struct AttemptAssessment {
  Retry retry = Retry::kNo;
  std::chrono::milliseconds wait{0};  // for kAfterWait
  std::string reason;  // for logs and errors: "HTTP 502", "secondary rate limit", ...
};

AttemptAssessment AssessAttempt(const HttpExchange& exchange, Idempotency idempotency,
                                std::chrono::system_clock::time_point wall_now,
                                const RetryPolicy& policy);

// True for a 403/429 answer that is GitHub's rate limiting, not a permission problem.
bool IsRateLimited(const HttpResponse& response);

// The wait before retry number `retry` (1-based): initial_backoff * 2^(retry-1), capped
// at max_backoff, then scaled into [half, full] by `jitter` in [0, 1] so that racing
// jobs do not retry in lockstep.
std::chrono::milliseconds BackoffDelay(int retry, const RetryPolicy& policy, double jitter);

}  // namespace infra_flash
