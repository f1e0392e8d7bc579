#include "http/curl_transport.h"

#include <curl/curl.h>

#include <mutex>
#include <string_view>

#include "common/strings.h"

namespace infra_flash {
namespace {

void InitializeCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Collects the body, refusing more than kMaxResponseBytes.
std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  if (body->size() + bytes > CurlTransport::kMaxResponseBytes) return 0;
  body->append(data, bytes);
  return bytes;
}

// Collects headers of the last response only: a new status line (after a 100
// Continue, say) starts over.
std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
    return bytes;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  (*headers)[ToLowerAscii(Trim(line.substr(0, colon)))] = std::string(Trim(line.substr(colon + 1)));
  return bytes;
}

WireOutcome Classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return WireOutcome::kNotSent;
    case CURLE_OPERATION_TIMEDOUT:
      return WireOutcome::kTimedOut;
    default:
      return WireOutcome::kBrokenResponse;
  }
}

}  // namespace

const char* HttpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kPatch:
      return "PATCH";
    case HttpMethod::kPut:
      return "PUT";
    case HttpMethod::kDelete:
      return "DELETE";
  }
  return "GET";
}

std::string HttpResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

struct CurlTransport::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

CurlTransport::CurlTransport(TransportTimeouts timeouts)
    : timeouts_(timeouts), handle_(std::make_unique<Handle>()) {
  InitializeCurlOnce();
  handle_->curl = curl_easy_init();
}

CurlTransport::~CurlTransport() = default;

HttpExchange CurlTransport::Send(const HttpRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  HttpExchange exchange;
  CURL* curl = handle_->curl;
  if (curl == nullptr) {
    exchange.outcome = WireOutcome::kNotSent;
    exchange.failure = "libcurl could not be initialised";
    return exchange;
  }
  // Reset keeps the connection cache: the next request reuses the open connection.
  curl_easy_reset(curl);
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  // No "Expect: 100-continue" round trip before large bodies.
  headers = curl_slist_append(headers, "Expect:");
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, HttpMethodName(request.method));
  if (request.method == HttpMethod::kGet) {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  if (request.connection == Connection::kFresh) curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.transfer.count()));
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip when offered
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange.response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange.response.headers);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);

  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    exchange.outcome = Classify(code);
    exchange.failure = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    // The error buffer may name the host and port, never the URL's query or headers.
    return exchange;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  exchange.response.status = static_cast<int>(status);
  return exchange;
}

}  // namespace infra_flash
