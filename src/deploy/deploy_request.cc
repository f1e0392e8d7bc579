#include "deploy/deploy_request.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <thread>

#include "common/mask.h"
#include "deploy/signature.h"

namespace infra_flash {
namespace {

constexpr std::size_t kReceiptExcerptBytes = 1000;
constexpr std::size_t kErrorExcerptBytes = 300;

// The host (and port) of `url`, without userinfo: the only part of the endpoint that
// messages show, since paths and queries of webhook URLs often carry tokens.
std::string HostOf(std::string_view url) {
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::string_view rest = url.substr(start);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest.remove_prefix(at + 1);
  return std::string(rest);
}

// Up to `limit` bytes of `text` on one line, not splitting a UTF-8 character. Masked
// before it is cut, so that a secret cut in half cannot show its first half.
std::string Excerpt(std::string_view raw, std::size_t limit, const Masker& masker) {
  const std::string masked = masker.Mask(raw);
  const std::string_view text = masked;
  std::size_t end = std::min(text.size(), limit);
  while (end > 0 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  std::string out(text.substr(0, end));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (end < text.size()) out += "…";
  return out;
}

bool IsEnvironmentName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

bool IsPrintableToken(std::string_view text) {
  return !text.empty() && text.size() <= 256 && std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
  });
}

Status Validate(const DeployRequest& request, const DeployEndpoint& endpoint) {
  if (!IsEnvironmentName(request.env)) {
    return Error{"deploy request: the environment name `" + request.env +
                 "` is not valid (letters, digits, `-`, `_`, `.`; at most 64)"};
  }
  if (!IsPrintableToken(request.tag)) {
    return Error{
        "deploy request: the tag must be one word without spaces or control "
        "characters, e.g. `v1.4.3`"};
  }
  if (!IsPrintableToken(request.triggered_by)) {
    return Error{"deploy request: `triggered_by` must name who asked (a GitHub login)"};
  }
  if (endpoint.url.rfind("https://", 0) != 0 && endpoint.url.rfind("http://", 0) != 0) {
    return Error{"deploy request: the endpoint must be an http:// or https:// URL"};
  }
  if (endpoint.secret.empty()) {
    return Error{
        "deploy request: the signing secret is empty, so the receiver could not "
        "trust the request; set the deploy secret and try again"};
  }
  return Ok();
}

std::string Subject(const DeployRequest& request) {
  return "deploy of `" + request.tag + "` to `" + request.env + "`";
}

std::string DescribeAttempt(const PostResult& result, const std::string& host,
                            const Masker& masker) {
  switch (result.outcome) {
    case PostOutcome::kAnswered: {
      std::string text = "HTTP " + std::to_string(result.status) + " from " + host;
      if (!result.body.empty()) text += ": " + Excerpt(result.body, kErrorExcerptBytes, masker);
      return text;
    }
    case PostOutcome::kNotConnected:
      return "could not connect to " + host + " (" + masker.Mask(result.failure) + ")";
    case PostOutcome::kTimedOut:
      return "no answer from " + host + " in time (" + masker.Mask(result.failure) + ")";
    case PostOutcome::kBrokenResponse:
      return "the connection to " + host + " broke (" + masker.Mask(result.failure) + ")";
  }
  return "unknown outcome";
}

Error Refused(const DeployRequest& request, const PostResult& result, const std::string& host,
              const Masker& masker) {
  std::string advice =
      result.status >= 300 && result.status < 400
          ? "The endpoint redirects; redirects are not followed for signed requests. "
            "Configure the final URL."
          : "A refusal is not retried: check the receiver's configuration (secret, "
            "environment, tag), then ask again.";
  return Error{"The " + Subject(request) +
               " was refused: " + DescribeAttempt(result, host, masker) + ". " + advice};
}

Error Exhausted(const DeployRequest& request, const PostResult& last, int attempts,
                const std::string& host, const Masker& masker) {
  return Error{"The " + Subject(request) + " could not be delivered after " +
               std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts") +
               " (last: " + DescribeAttempt(last, host, masker) +
               "). The receiver may be down or overloaded: check it, then ask again "
               "(repeating a request for the same tag is safe)."};
}

}  // namespace

std::string DeployRequestBody(const DeployRequest& request) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("env");
  writer.String(request.env);
  writer.Key("tag");
  writer.String(request.tag);
  writer.Key("triggered_by");
  writer.String(request.triggered_by);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::chrono::milliseconds DeployBackoff(int retry, const DeployRetryPolicy& policy) {
  std::chrono::milliseconds delay = policy.initial_backoff;
  for (int i = 1; i < retry && delay < policy.max_backoff; ++i) delay *= 2;
  return std::min(delay, policy.max_backoff);
}

AttemptVerdict AssessDeployAttempt(const PostResult& result) {
  if (result.outcome != PostOutcome::kAnswered) return AttemptVerdict::kRetry;
  if (result.status >= 200 && result.status < 300) return AttemptVerdict::kDelivered;
  if (result.status >= 500 && result.status < 600) return AttemptVerdict::kRetry;
  return AttemptVerdict::kRefused;
}

Result<DeployReceipt> SendDeployRequest(const DeployRequest& request,
                                        const DeployEndpoint& endpoint,
                                        const DeployRetryPolicy& policy, HttpPoster& poster,
                                        const SleepFunction& sleep) {
  if (Status valid = Validate(request, endpoint); !valid.ok()) return valid.error();
  Masker masker;
  masker.AddSecret(endpoint.secret);
  PostRequest post;
  post.url = endpoint.url;
  post.body = DeployRequestBody(request);
  post.timeout = policy.timeout;
  Result<std::string> signature = SignBody(endpoint.secret, post.body);
  if (!signature.ok()) return signature.error();
  post.headers = {{"Content-Type", "application/json"},
                  {std::string(kSignatureHeader), *signature}};
  const std::string host = HostOf(endpoint.url);
  const int attempts = std::max(1, policy.max_attempts);
  PostResult last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) sleep(DeployBackoff(attempt - 1, policy));
    last = poster.Post(post);
    switch (AssessDeployAttempt(last)) {
      case AttemptVerdict::kDelivered:
        return DeployReceipt{last.status, attempt,
                             Excerpt(last.body, kReceiptExcerptBytes, masker)};
      case AttemptVerdict::kRefused:
        return Refused(request, last, host, masker);
      case AttemptVerdict::kRetry:
        break;
    }
  }
  return Exhausted(request, last, attempts, host, masker);
}

Result<DeployReceipt> SendDeployRequest(const DeployRequest& request,
                                        const DeployEndpoint& endpoint,
                                        const DeployRetryPolicy& policy) {
  CurlPoster poster;
  return SendDeployRequest(request, endpoint, policy, poster, [](std::chrono::milliseconds wait) {
    std::this_thread::sleep_for(wait);
  });
}

}  // namespace infra_flash
