#include <array>
#include <memory>
#include <mutex>
#include <utility>

#include "health/prober.h"
#include "http/curl_api.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMaxBodyBytes = 1u << 20;
constexpr int kPollMilliseconds = 100;

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

CURL* NewHandle(const CurlApi& api, const std::string& url, Probe& probe,
                const ProbeOptions& options) {
  CURL* easy = api.easy_init();
  if (easy == nullptr) return nullptr;
  const long timeout = static_cast<long>(options.timeout.count());
  api.easy_setopt(easy, CURLOPT_URL, url.c_str());
  api.easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  api.easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  api.easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  api.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout);
  api.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, timeout);
  api.easy_setopt(easy, CURLOPT_USERAGENT, "infra-flash-health");
  api.easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  api.easy_setopt(easy, CURLOPT_WRITEDATA, &probe);
  api.easy_setopt(easy, CURLOPT_ERRORBUFFER, probe.error);
  api.easy_setopt(easy, CURLOPT_PRIVATE, &probe);
  return easy;
}

ProbeOutcome OutcomeOf(const CurlApi& api, CURL* easy, CURLcode code, const Probe& probe) {
  ProbeOutcome outcome;
  curl_off_t micros = 0;
  api.easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &micros);
  outcome.elapsed = std::chrono::milliseconds(micros / 1000);
  long status = 0;
  api.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  // A body cut short by us (CURLE_WRITE_ERROR) still carried its status line.
  if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && status > 0)) {
    outcome.status = static_cast<int>(status);
    return outcome;
  }
  outcome.failure = FailureOf(code);
  outcome.failure_detail = probe.error[0] != '\0' ? probe.error : api.easy_strerror(code);
  return outcome;
}

struct MultiDeleter {
  const CurlApi* api;
  void operator()(CURLM* multi) const { api->multi_cleanup(multi); }
};

}  // namespace

std::vector<ProbeOutcome> CurlProber::ProbeAll(const std::vector<std::string>& urls,
                                               const ProbeOptions& options) {
  std::vector<ProbeOutcome> outcomes(urls.size());
  std::string unavailable;
  const CurlApi* api = LoadCurl(unavailable);
  if (api == nullptr) {
    for (ProbeOutcome& outcome : outcomes) {
      outcome.failure = ProbeFailure::kOther;
      outcome.failure_detail = unavailable;
    }
    return outcomes;
  }
  std::vector<Probe> probes(urls.size());
  std::unique_ptr<CURLM, MultiDeleter> multi(api->multi_init(), MultiDeleter{api});
  const std::size_t limit = static_cast<std::size_t>(std::max(1, options.max_concurrency));
  std::size_t next = 0;
  std::size_t in_flight = 0;
  const auto start_more = [&] {
    for (; next < urls.size() && in_flight < limit; ++next) {
      probes[next].index = next;
      CURL* easy = multi ? NewHandle(*api, urls[next], probes[next], options) : nullptr;
      if (easy == nullptr) {
        outcomes[next].failure = ProbeFailure::kOther;
        outcomes[next].failure_detail = "libcurl could not be initialised";
        continue;
      }
      api->multi_add_handle(multi.get(), easy);
      ++in_flight;
    }
  };
  start_more();
  while (in_flight > 0) {
    int running = 0;
    api->multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* message = api->multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      Probe* probe = nullptr;
      api->easy_getinfo(easy, CURLINFO_PRIVATE, &probe);
      outcomes[probe->index] = OutcomeOf(*api, easy, message->data.result, *probe);
      api->multi_remove_handle(multi.get(), easy);
      api->easy_cleanup(easy);
      --in_flight;
    }
    start_more();
    if (in_flight > 0) api->multi_poll(multi.get(), nullptr, 0, kPollMilliseconds, nullptr);
  }
  return outcomes;
}

}  // namespace infra_flash
