// http_transport: one HTTP exchange, nothing more. The GitHub client builds requests
// and decides about retries; a transport only sends and reports what happened on the
// wire. One real implementation (libcurl, curl_transport.h); tests use it against the
// loopback server, so the seam exists for the unit tests of retry decisions.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace infra_flash {

enum class HttpMethod { kGet, kPost, kPatch, kPut, kDelete };

const char* HttpMethodName(HttpMethod method);  // "GET", "POST", ...

// A request that must not be sent twice goes on a new connection: on a reused one that
// died, libcurl resends by itself, and the first copy may have been acted on.
enum class Connection { kReuse, kFresh };

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  Connection connection = Connection::kReuse;
  std::string url;                                           // absolute
  std::vector<std::pair<std::string, std::string>> headers;  // sent as given
  std::string body;                                          // sent when not empty
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;

  // The header's value, or "" when absent. `name` must be lower case.
  std::string Header(const std::string& name) const;
};

// What happened on the wire. The distinction matters for retries: a request that was
// never sent may always be retried; one that timed out or broke mid-answer may have
// reached GitHub, so only an idempotent request may be sent again.
enum class WireOutcome {
  kAnswered,        // a complete HTTP response arrived (any status)
  kNotSent,         // name resolution or connect failed: the server never saw it
  kTimedOut,        // connect or transfer timeout
  kBrokenResponse,  // connection reset, empty reply, body shorter than announced
};

struct HttpExchange {
  WireOutcome outcome = WireOutcome::kAnswered;
  HttpResponse response;  // meaningful when outcome == kAnswered
  std::string failure;    // what went wrong otherwise, for the error message (no URL)
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpExchange Send(const HttpRequest& request) = 0;
};

struct TransportTimeouts {
  std::chrono::milliseconds connect{10'000};
  std::chrono::milliseconds transfer{60'000};  // whole exchange, connect included
};

}  // namespace infra_flash
