#include "deploy/http_post.h"

#include <algorithm>

#include "http/curl_transport.h"

namespace infra_flash {
namespace {

PostOutcome OutcomeOf(WireOutcome outcome) {
  switch (outcome) {
    case WireOutcome::kAnswered:
      return PostOutcome::kAnswered;
    case WireOutcome::kNotSent:
      return PostOutcome::kNotConnected;
    case WireOutcome::kTimedOut:
      return PostOutcome::kTimedOut;
    case WireOutcome::kBrokenResponse:
      return PostOutcome::kBrokenResponse;
  }
  return PostOutcome::kBrokenResponse;
}

}  // namespace

PostResult CurlPoster::Post(const PostRequest& request) {
  // A transport per request: deploy requests are rare, and a signed POST goes on a
  // connection of its own (the transport follows no redirects).
  CurlTransport transport(TransportTimeouts{request.timeout, request.timeout});
  HttpRequest http;
  http.method = HttpMethod::kPost;
  http.connection = Connection::kFresh;
  http.url = request.url;
  http.headers = request.headers;
  http.headers.emplace_back("User-Agent", "infra-flash-deploy");
  http.body = request.body;
  HttpExchange exchange = transport.Send(http);
  PostResult result;
  result.outcome = OutcomeOf(exchange.outcome);
  if (result.outcome != PostOutcome::kAnswered) {
    result.failure = exchange.failure;
    return result;
  }
  result.status = exchange.response.status;
  // Only an excerpt of the answer ever reaches a message.
  result.body = exchange.response.body.substr(
      0, std::min(exchange.response.body.size(), kMaxPostResponseBytes));
  result.location = exchange.response.Header("location");
  return result;
}

}  // namespace infra_flash
