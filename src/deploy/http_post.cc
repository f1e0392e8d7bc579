#include "deploy/http_post.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <string_view>

#include "common/strings.h"

namespace infra_flash {
namespace {

void InitializeCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Keeps the first kMaxPostResponseBytes of the answer and drops the rest: only an
// excerpt ever reaches a message, and a huge answer must not fill memory.
std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  if (body->size() < kMaxPostResponseBytes) {
    body->append(data, std::min(bytes, kMaxPostResponseBytes - body->size()));
  }
  return bytes;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* location = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos &&
      EqualsIgnoreCase(Trim(line.substr(0, colon)), "location")) {
    *location = std::string(Trim(line.substr(colon + 1)));
  }
  return bytes;
}

PostOutcome Classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return PostOutcome::kNotConnected;
    case CURLE_OPERATION_TIMEDOUT:
      return PostOutcome::kTimedOut;
    default:
      return PostOutcome::kBrokenResponse;
  }
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

PostResult CurlPoster::Post(const PostRequest& request) {
  InitializeCurlOnce();
  PostResult result;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    result.outcome = PostOutcome::kNotConnected;
    result.failure = "libcurl could not be initialised";
    return result;
  }
  curl_slist* raw_headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    raw_headers = curl_slist_append(raw_headers, (name + ": " + value).c_str());
  }
  raw_headers = curl_slist_append(raw_headers, "Expect:");  // no 100-continue round trip
  std::unique_ptr<curl_slist, HeaderListDeleter> headers(raw_headers);
  char error_buffer[CURL_ERROR_SIZE] = {0};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "infra-flash-deploy");
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &result.location);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    result.outcome = Classify(code);
    result.failure = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    result.body.clear();
    return result;
  }
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  return result;
}

}  // namespace infra_flash
