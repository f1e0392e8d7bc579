#include "http/curl_transport.h"

#include <mutex>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "http/curl_api.h"

namespace infra_flash {
namespace {

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

std::string SetoptFailure(const char* option, int code) {
  if (code == CURLE_OK) return "";
  std::string unavailable;
  const CurlApi* curl = LoadCurl(unavailable);
  const std::string reason =
      curl != nullptr ? curl->easy_strerror(static_cast<CURLcode>(code)) : "unknown";
  return std::string("libcurl refused option ") + option + ": " + reason + " (CURLcode " +
         std::to_string(code) + ")";
}

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
  const CurlApi* api = nullptr;  // nullptr: libcurl could not be loaded (see `unavailable`)
  std::string unavailable;
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) api->easy_cleanup(curl);
  }
};

// libcurl is loaded by the first request, not here: a transport that sends nothing (a run
// that decides there is nothing to do) never loads it.
CurlTransport::CurlTransport(TransportTimeouts timeouts)
    : timeouts_(timeouts), handle_(std::make_unique<Handle>()) {}

CurlTransport::~CurlTransport() = default;

HttpExchange CurlTransport::Send(const HttpRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  HttpExchange exchange;
  if (handle_->api == nullptr && handle_->unavailable.empty()) {
    handle_->api = LoadCurl(handle_->unavailable);
    if (handle_->api != nullptr) handle_->curl = handle_->api->easy_init();
  }
  const CurlApi* api = handle_->api;
  if (api == nullptr) {
    exchange.outcome = WireOutcome::kNotSent;
    exchange.failure = handle_->unavailable;
    return exchange;
  }
  CURL* curl = handle_->curl;
  if (curl == nullptr) {
    exchange.outcome = WireOutcome::kNotSent;
    exchange.failure = "libcurl could not be initialised";
    return exchange;
  }
  // Reset keeps the connection cache: the next request reuses the open connection.
  api->easy_reset(curl);
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = api->slist_append(headers, (name + ": " + value).c_str());
  }
  // No "Expect: 100-continue" round trip before large bodies.
  headers = api->slist_append(headers, "Expect:");
  char error_buffer[CURL_ERROR_SIZE] = {0};

  // Every option's result is checked, and the first one refused stops the request: sent
  // without it, a request could go out without its protocol fence or timeouts (an older
  // libcurl that lacks CURLOPT_PROTOCOLS_STR), or with no URL (one past libcurl's 8 MB
  // input limit). A macro, so that the error names the option as written here.
  std::string refused;
#define INFRA_FLASH_SETOPT(option, value)                                      \
  do {                                                                         \
    if (refused.empty()) {                                                     \
      refused = SetoptFailure(#option, api->easy_setopt(curl, option, value)); \
    }                                                                          \
  } while (false)
  INFRA_FLASH_SETOPT(CURLOPT_URL, request.url.c_str());
  INFRA_FLASH_SETOPT(CURLOPT_HTTPHEADER, headers);
  INFRA_FLASH_SETOPT(CURLOPT_CUSTOMREQUEST, HttpMethodName(request.method));
  if (request.method == HttpMethod::kGet) {
    INFRA_FLASH_SETOPT(CURLOPT_HTTPGET, 1L);
  } else {
    INFRA_FLASH_SETOPT(CURLOPT_POSTFIELDS, request.body.c_str());
    INFRA_FLASH_SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  if (request.connection == Connection::kFresh) INFRA_FLASH_SETOPT(CURLOPT_FRESH_CONNECT, 1L);
  INFRA_FLASH_SETOPT(CURLOPT_NOSIGNAL, 1L);
  INFRA_FLASH_SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
  INFRA_FLASH_SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
  INFRA_FLASH_SETOPT(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect.count()));
  INFRA_FLASH_SETOPT(CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.transfer.count()));
  INFRA_FLASH_SETOPT(CURLOPT_ACCEPT_ENCODING, "");  // gzip when offered
  INFRA_FLASH_SETOPT(CURLOPT_WRITEFUNCTION, OnBody);
  INFRA_FLASH_SETOPT(CURLOPT_WRITEDATA, &exchange.response.body);
  INFRA_FLASH_SETOPT(CURLOPT_HEADERFUNCTION, OnHeader);
  INFRA_FLASH_SETOPT(CURLOPT_HEADERDATA, &exchange.response.headers);
  INFRA_FLASH_SETOPT(CURLOPT_ERRORBUFFER, error_buffer);
#undef INFRA_FLASH_SETOPT
  if (!refused.empty()) {
    api->slist_free_all(headers);
    // Never sent, like a failed connect; the message says which option and why.
    exchange.outcome = WireOutcome::kNotSent;
    exchange.failure = refused;
    return exchange;
  }

  const CURLcode code = api->easy_perform(curl);
  api->slist_free_all(headers);
  if (code != CURLE_OK) {
    exchange.outcome = Classify(code);
    exchange.failure = error_buffer[0] != '\0' ? error_buffer : api->easy_strerror(code);
    // The error buffer may name the host and port, never the URL's query or headers.
    return exchange;
  }
  long status = 0;
  api->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  exchange.response.status = static_cast<int>(status);
  return exchange;
}

}  // namespace infra_flash
