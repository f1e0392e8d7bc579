// prober: the I/O seam of `/health`. A prober GETs URLs and reports, for each, the
// status code or why there is none; classifying and rendering happen elsewhere, without
// I/O. One real implementation, CurlProber.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace infra_flash {

enum class ProbeFailure {
  kNone,               // an HTTP answer arrived: `status` holds its code
  kTimedOut,           // no answer within the timeout (connecting included)
  kDnsFailure,         // the host name does not resolve
  kConnectionRefused,  // nothing listens, or a firewall rejects
  kTlsFailure,         // handshake or certificate verification failed
  kOther,              // anything else libcurl reports (reset, bad answer, ...)
};

struct ProbeOutcome {
  int status = 0;  // when failure == kNone
  ProbeFailure failure = ProbeFailure::kNone;
  std::string failure_detail;  // libcurl's words (host and port, never the URL's secrets)
  std::chrono::milliseconds elapsed{0};
};

struct ProbeOptions {
  std::chrono::milliseconds timeout{5'000};  // per probe, connecting included
  int max_concurrency = 8;                   // probes in flight at once
};

class Prober {
 public:
  virtual ~Prober() = default;
  // One outcome per URL, in the same order.
  virtual std::vector<ProbeOutcome> ProbeAll(const std::vector<std::string>& urls,
                                             const ProbeOptions& options) = 0;
};

// libcurl's multi interface: up to max_concurrency GETs in flight, a new one started as
// each finishes, so one hanging service costs its own timeout and nothing more.
// Redirects are not followed: a 3xx is reported as it is (a redirect to a login page
// must not read as healthy, and URL credentials must not travel to another host).
// Bodies are read and discarded, at most 1 MiB each. http and https only.
class CurlProber final : public Prober {
 public:
  std::vector<ProbeOutcome> ProbeAll(const std::vector<std::string>& urls,
                                     const ProbeOptions& options) override;
};

}  // namespace infra_flash
