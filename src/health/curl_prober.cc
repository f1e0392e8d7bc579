#include <curl/curl.h>

#include <array>
#include <memory>
#include <mutex>
#include <utility>

#include "health/prober.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMaxBodyBytes = 1u << 20;
constexpr int kPollMilliseconds = 100;

void InitializeCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One probe in flight. Owned by ProbeAll; libcurl finds it again through CURLOPT_PRIVATE.
struct Probe {
  std::size_t index = 0;
  std::size_t received = 0;
  char error[CURL_ERROR_SIZE] = {0};
};

// Discards the body; stops a runaway one (the status is already known by then).
std::size_t OnBody(char*, std::size_t size, std::size_t count, void* user) {
  auto* probe = static_cast<Probe*>(user);
  probe->received += size * count;
  return probe->received > kMaxBodyBytes ? 0 : size * count;
}

constexpr std::array<std::pair<CURLcode, ProbeFailure>, 17> kFailures = {{
    {CURLE_OPERATION_TIMEDOUT, ProbeFailure::kTimedOut},
    {CURLE_COULDNT_RESOLVE_HOST, ProbeFailure::kDnsFailure},
    {CURLE_COULDNT_RESOLVE_PROXY, ProbeFailure::kDnsFailure},
    {CURLE_COULDNT_CONNECT, ProbeFailure::kConnectionRefused},
    {CURLE_SSL_CONNECT_ERROR, ProbeFailure::kTlsFailure},
    {CURLE_PEER_FAILED_VERIFICATION, ProbeFailure::kTlsFailure},
    {CURLE_SSL_CERTPROBLEM, ProbeFailure::kTlsFailure},
    {CURLE_SSL_CIPHER, ProbeFailure::kTlsFailure},
    {CURLE_SSL_CACERT_BADFILE, ProbeFailure::kTlsFailure},
    {CURLE_SSL_ISSUER_ERROR, ProbeFailure::kTlsFailure},
    {CURLE_SSL_PINNEDPUBKEYNOTMATCH, ProbeFailure::kTlsFailure},
    {CURLE_SSL_INVALIDCERTSTATUS, ProbeFailure::kTlsFailure},
    {CURLE_SSL_CRL_BADFILE, ProbeFailure::kTlsFailure},
    {CURLE_SSL_SHUTDOWN_FAILED, ProbeFailure::kTlsFailure},
    {CURLE_SSL_ENGINE_INITFAILED, ProbeFailure::kTlsFailure},
    {CURLE_SSL_ENGINE_NOTFOUND, ProbeFailure::kTlsFailure},
    {CURLE_USE_SSL_FAILED, ProbeFailure::kTlsFailure},
}};

ProbeFailure FailureOf(CURLcode code) {
  for (const auto& [curl_code, failure] : kFailures) {
    if (curl_code == code) return failure;
  }
  return ProbeFailure::kOther;
}

CURL* NewHandle(const std::string& url, Probe& probe, const ProbeOptions& options) {
  CURL* easy = curl_easy_init();
  if (easy == nullptr) return nullptr;
  const long timeout = static_cast<long>(options.timeout.count());
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, timeout);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "infra-flash-health");
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &probe);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, probe.error);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &probe);
  return easy;
}

ProbeOutcome OutcomeOf(CURL* easy, CURLcode code, const Probe& probe) {
  ProbeOutcome outcome;
  curl_off_t micros = 0;
  curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &micros);
  outcome.elapsed = std::chrono::milliseconds(micros / 1000);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  // A body cut short by us (CURLE_WRITE_ERROR) still carried its status line.
  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && status > 0)) {
    outcome.status = static_cast<int>(status);
    return outcome;
  }
  outcome.failure = FailureOf(code);
  outcome.failure_detail = probe.error[0] != '\0' ? probe.error : curl_easy_strerror(code);
  return outcome;
}

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};

}  // namespace

std::vector<ProbeOutcome> CurlProber::ProbeAll(const std::vector<std::string>& urls,
                                               const ProbeOptions& options) {
  InitializeCurlOnce();
  std::vector<ProbeOutcome> outcomes(urls.size());
  std::vector<Probe> probes(urls.size());
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
  const std::size_t limit = static_cast<std::size_t>(std::max(1, options.max_concurrency));
  std::size_t next = 0;
  std::size_t in_flight = 0;
  const auto start_more = [&] {
    for (; next < urls.size() && in_flight < limit; ++next) {
      probes[next].index = next;
      CURL* easy = multi ? NewHandle(urls[next], probes[next], options) : nullptr;
      if (easy == nullptr) {
        outcomes[next].failure = ProbeFailure::kOther;
        outcomes[next].failure_detail = "libcurl could not be initialised";
        continue;
      }
      curl_multi_add_handle(multi.get(), easy);
      ++in_flight;
    }
  };
  start_more();
  while (in_flight > 0) {
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      Probe* probe = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &probe);
      outcomes[probe->index] = OutcomeOf(easy, message->data.result, *probe);
      curl_multi_remove_handle(multi.get(), easy);
      curl_easy_cleanup(easy);
      --in_flight;
    }
    start_more();
    if (in_flight > 0) curl_multi_poll(multi.get(), nullptr, 0, kPollMilliseconds, nullptr);
  }
  return outcomes;
}

}  // namespace infra_flash
