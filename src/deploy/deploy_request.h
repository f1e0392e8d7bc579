// deploy_request: asking a deployment system to deploy a tag to an environment. The
// request is a POST of the compact JSON `{"env":…,"tag":…,"triggered_by":…}` (these
// keys, this order, no spaces) signed with `X-Hub-Signature-256` (signature.h), so the
// receiver can check who sent it and that nothing changed on the way.
//
// Delivery: a 2xx is success. A 5xx, a timeout or a connection failure is retried with
// exponential backoff, at most `max_attempts` times in all. Retrying a POST is safe
// here because a deploy request names an immutable tag: receivers must treat a repeated
// (env, tag) as the same deploy. A 4xx (and a 3xx: redirects are not followed, a signed
// request goes to exactly the configured URL) is final: the receiver refused, and
// sending the same bytes again would be refused again.
//
// Errors are written for the person on the PR and never contain the secret, the
// endpoint's userinfo, path or query: only its host.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/result.h"
#include "deploy/http_post.h"

namespace infra_flash {

struct DeployRequest {
  std::string env;           // "staging", "prod", ...
  std::string tag;           // "v1.4.3"
  std::string triggered_by;  // the GitHub login that asked
};

// The exact bytes that are signed and sent. JSON string escaping as RFC 8259 requires
// (RapidJSON's writer); non-ASCII text is kept as UTF-8.
std::string DeployRequestBody(const DeployRequest& request);

struct DeployEndpoint {
  std::string url;     // http(s)://…
  std::string secret;  // the HMAC key; comes from a secret, never from a command line
};

struct DeployRetryPolicy {
  int max_attempts = 4;                              // first try included
  std::chrono::milliseconds initial_backoff{2'000};  // doubled per retry...
  std::chrono::milliseconds max_backoff{30'000};     // ...up to this
  std::chrono::milliseconds timeout{30'000};         // per attempt
};

// The wait before retry number `retry` (1-based): initial_backoff * 2^(retry-1), capped.
std::chrono::milliseconds DeployBackoff(int retry, const DeployRetryPolicy& policy);

enum class AttemptVerdict {
  kDelivered,  // 2xx
  kRetry,      // 5xx, timeout, connection failure, broken answer
  kRefused,    // 1xx, 3xx, 4xx: final
};
AttemptVerdict AssessDeployAttempt(const PostResult& result);

struct DeployReceipt {
  int status = 0;        // the 2xx that ended it
  int attempts = 0;      // how many POSTs were sent
  std::string response;  // the receiver's answer, cut to 1,000 bytes, secrets masked
};

// Waits between attempts; tests pass one that records instead of sleeping.
using SleepFunction = std::function<void(std::chrono::milliseconds)>;

// Validates, signs and delivers `request`. Errors: an invalid request or endpoint
// (nothing sent), a refusal (4xx/3xx), or retries exhausted; each says what to do next.
Result<DeployReceipt> SendDeployRequest(const DeployRequest& request,
                                        const DeployEndpoint& endpoint,
                                        const DeployRetryPolicy& policy, HttpPoster& poster,
                                        const SleepFunction& sleep);

// The same with libcurl and the real clock.
Result<DeployReceipt> SendDeployRequest(const DeployRequest& request,
                                        const DeployEndpoint& endpoint,
                                        const DeployRetryPolicy& policy = {});

}  // namespace infra_flash
