// curl_transport: the libcurl HttpTransport. One easy handle is reused for every
// request, so the connection to GitHub stays open between calls (keep-alive saves a
// TLS handshake per request). Safe to share between threads: requests are serialised.
// Redirects are not followed: an API redirect to another host must not carry the token.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "http/http_transport.h"

namespace infra_flash {

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(TransportTimeouts timeouts = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpExchange Send(const HttpRequest& request) override;

  // Largest response body accepted; a longer one is a kBrokenResponse.
  static constexpr std::size_t kMaxResponseBytes = 64u << 20;

 private:
  struct Handle;
  TransportTimeouts timeouts_;
  std::mutex mutex_;
  std::unique_ptr<Handle> handle_;
};

// What Send reports when curl_easy_setopt refused `option` ("CURLOPT_URL") with `code`
// (a CURLcode, kept an int so that this header needs no curl.h): which option, and
// libcurl's reason. "" for CURLE_OK.
std::string SetoptFailure(const char* option, int code);

}  // namespace infra_flash
