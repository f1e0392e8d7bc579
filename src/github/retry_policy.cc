#include "github/retry_policy.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "common/strings.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// The longest wait any header can ask for. GitHub's own waits are seconds to an hour;
// a larger value is clamped here (the caller's budget then decides to give up), so that
// converting it to milliseconds or to a time point cannot overflow.
constexpr long long kLongestWaitSeconds = 24 * 60 * 60;
// Epoch seconds past this (the year 9999) are not a reset time but garbage; clamping
// keeps the subtraction below far from the limits of long long.
constexpr long long kLatestEpochSeconds = 253'402'300'799;

// A header's decimal integer. Digits beyond what long long holds are read as the
// largest (or smallest) value rather than refused: "wait very long" stays that.
std::optional<long long> ParseInteger(const std::string& text) {
  const std::string_view trimmed = Trim(text);
  if (trimmed.empty()) return std::nullopt;
  long long value = 0;
  const char* end = trimmed.data() + trimmed.size();
  auto [ptr, ec] = std::from_chars(trimmed.data(), end, value);
  if (ptr != end) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    return trimmed.front() == '-' ? std::numeric_limits<long long>::min()
                                  : std::numeric_limits<long long>::max();
  }
  if (ec != std::errc()) return std::nullopt;
  return value;
}

// GitHub sends `retry-after` in seconds; an HTTP date is not something it sends.
std::optional<milliseconds> RetryAfter(const HttpResponse& response) {
  auto value = ParseInteger(response.Header("retry-after"));
  if (!value || *value < 0) return std::nullopt;
  return seconds(std::min(*value, kLongestWaitSeconds));
}

std::optional<milliseconds> UntilReset(const HttpResponse& response,
                                       std::chrono::system_clock::time_point wall_now) {
  if (Trim(response.Header("x-ratelimit-remaining")) != "0") return std::nullopt;
  auto reset = ParseInteger(response.Header("x-ratelimit-reset"));
  if (!reset) return std::nullopt;
  const long long latest_ms = kLatestEpochSeconds * 1000;
  const long long now_ms = std::clamp<long long>(
      std::chrono::duration_cast<milliseconds>(wall_now.time_since_epoch()).count(), 0, latest_ms);
  const long long reset_ms = std::clamp<long long>(*reset, 0, kLatestEpochSeconds) * 1000;
  // One second more: GitHub's reset second and our clock need not agree exactly.
  const long long wait_ms =
      std::clamp<long long>(reset_ms - now_ms + 1000, 1000, kLongestWaitSeconds * 1000);
  return milliseconds(wait_ms);
}

bool IsTransientServerError(int status) {
  return status == 500 || status == 502 || status == 503 || status == 504;
}

AttemptAssessment RateLimited(const HttpResponse& response,
                              std::chrono::system_clock::time_point wall_now,
                              const RetryPolicy& policy) {
  if (auto wait = RetryAfter(response)) {
    return {Retry::kAfterWait, *wait,
            "rate limited (HTTP " + std::to_string(response.status) + ", retry-after " +
                response.Header("retry-after") + "s)"};
  }
  if (auto wait = UntilReset(response, wall_now)) {
    return {Retry::kAfterWait, *wait,
            "rate limit used up (HTTP " + std::to_string(response.status) + ", resets at epoch " +
                response.Header("x-ratelimit-reset") + ")"};
  }
  return {Retry::kAfterWait, policy.rate_limit_fallback,
          "secondary rate limit (HTTP " + std::to_string(response.status) + ")"};
}

}  // namespace

bool IsRateLimited(const HttpResponse& response) {
  if (response.status == 429) return true;
  if (response.status != 403) return false;
  if (!response.Header("retry-after").empty()) return true;
  if (Trim(response.Header("x-ratelimit-remaining")) == "0") return true;
  return ToLowerAscii(response.body).find("rate limit") != std::string::npos;
}

AttemptAssessment AssessAttempt(const HttpExchange& exchange, Idempotency idempotency,
                                std::chrono::system_clock::time_point wall_now,
                                const RetryPolicy& policy) {
  const bool idempotent = idempotency == Idempotency::kIdempotent;
  switch (exchange.outcome) {
    case WireOutcome::kNotSent:
      return {Retry::kAfterBackoff, {}, "could not connect: " + exchange.failure};
    case WireOutcome::kTimedOut:
      return {idempotent ? Retry::kAfterBackoff : Retry::kNo, {}, "timed out: " + exchange.failure};
    case WireOutcome::kBrokenResponse:
      return {
          idempotent ? Retry::kAfterBackoff : Retry::kNo, {}, "broken answer: " + exchange.failure};
    case WireOutcome::kAnswered:
      break;
  }
  const HttpResponse& response = exchange.response;
  if (IsRateLimited(response)) return RateLimited(response, wall_now, policy);
  if (IsTransientServerError(response.status)) {
    const std::string reason = "HTTP " + std::to_string(response.status);
    if (!idempotent) return {Retry::kNo, {}, reason};
    // A 503 may say when to come back.
    if (auto wait = RetryAfter(response)) return {Retry::kAfterWait, *wait, reason};
    return {Retry::kAfterBackoff, {}, reason};
  }
  return {Retry::kNo, {}, "HTTP " + std::to_string(response.status)};
}

milliseconds BackoffDelay(int retry, const RetryPolicy& policy, double jitter) {
  const int doublings = std::clamp(retry - 1, 0, 30);
  const long long full = std::min<long long>(policy.initial_backoff.count() * (1LL << doublings),
                                             policy.max_backoff.count());
  const double scale = 0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0);
  return milliseconds(static_cast<long long>(static_cast<double>(full) * scale));
}

}  // namespace infra_flash
