// http_post: the one side effect of deploy requests, behind a small seam. A poster
// sends one POST and reports what happened on the wire; deciding whether to try again
// is the caller's (deploy_request.h). One real implementation, libcurl; it follows no
// redirects, because a signed request must reach exactly the configured endpoint.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace infra_flash {

struct PostRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{30'000};  // the whole exchange, connecting included
};

enum class PostOutcome {
  kAnswered,        // an HTTP response arrived (any status)
  kNotConnected,    // DNS failure or connection refused: the receiver never saw it
  kTimedOut,        // no complete answer in time; the receiver may have acted
  kBrokenResponse,  // connection reset, empty reply, TLS failure, ...
};

struct PostResult {
  PostOutcome outcome = PostOutcome::kAnswered;
  int status = 0;        // when answered
  std::string body;      // when answered; at most kMaxPostResponseBytes
  std::string location;  // the Location header of a redirect, when answered with one
  std::string failure;   // libcurl's description otherwise (names host and port, not the URL)
};

inline constexpr std::size_t kMaxPostResponseBytes = 64 * 1024;

class HttpPoster {
 public:
  virtual ~HttpPoster() = default;
  virtual PostResult Post(const PostRequest& request) = 0;
};

// libcurl; a fresh easy handle per request (deploy requests are rare).
class CurlPoster final : public HttpPoster {
 public:
  PostResult Post(const PostRequest& request) override;
};

}  // namespace infra_flash
