#include "health/classify.h"

#include <algorithm>
#include <array>

#include "health/duration.h"

namespace infra_flash {
namespace {

struct StatusRange {
  int low;
  int high;
  HealthState state;
  std::string_view words;  // after the code in the status cell
};

// First match wins; `expect` and the 2xx default are checked before this table.
constexpr std::array<StatusRange, 13> kStatusTable = {{
    {401, 401, HealthState::kAuthRequired, "auth required"},
    {403, 403, HealthState::kAuthRequired, "auth required"},
    {404, 404, HealthState::kNotFound, "not found"},
    {429, 429, HealthState::kUnavailable, "too many requests"},
    {503, 503, HealthState::kUnavailable, "unavailable"},
    {525, 526, HealthState::kUnavailable, "TLS error at the origin"},
    {502, 502, HealthState::kBadGateway, "bad gateway"},
    {504, 504, HealthState::kBadGateway, "gateway timeout"},
    {520, 524, HealthState::kBadGateway, "origin error"},
    {300, 399, HealthState::kUnexpected, "redirect (not followed)"},
    {100, 299, HealthState::kUnexpected, "unexpected answer"},
    {400, 499, HealthState::kUnexpected, "unexpected answer"},
    {500, 599, HealthState::kBadGateway, "server error"},
}};

struct FailureWords {
  ProbeFailure failure;
  std::string_view words;
};

constexpr std::array<FailureWords, 5> kFailureWords = {{
    {ProbeFailure::kTimedOut, "timed out"},
    {ProbeFailure::kDnsFailure, "DNS lookup failed"},
    {ProbeFailure::kConnectionRefused, "connection refused"},
    {ProbeFailure::kTlsFailure, "TLS handshake failed"},
    {ProbeFailure::kOther, "no answer"},
}};

bool ShowsLibcurlWords(ProbeFailure failure) {
  return failure == ProbeFailure::kTlsFailure || failure == ProbeFailure::kOther;
}

Classification ClassifyFailure(const ProbeOutcome& outcome, std::chrono::milliseconds timeout) {
  std::string words = "no answer";
  for (const FailureWords& entry : kFailureWords) {
    if (entry.failure == outcome.failure) words = std::string(entry.words);
  }
  if (outcome.failure == ProbeFailure::kTimedOut) {
    words += " after " + HumanDuration(timeout);
  } else if (ShowsLibcurlWords(outcome.failure) && !outcome.failure_detail.empty()) {
    words += " (" + outcome.failure_detail + ")";  // which certificate problem, which reset
  }
  return {HealthState::kUnreachable, words};
}

std::string ExpectedList(const std::vector<int>& expect) {
  std::string out;
  for (int code : expect) out += (out.empty() ? "" : ", ") + std::to_string(code);
  return out;
}

}  // namespace

const std::vector<StateLegend>& HealthLegend() {
  static const std::vector<StateLegend> legend = {
      {HealthState::kHealthy, "✅", "healthy", "healthy", Availability::kUp},
      {HealthState::kAuthRequired, "🔒", "auth_required", "auth required (up)", Availability::kUp},
      {HealthState::kNotFound, "❔", "not_found", "not found", Availability::kDown},
      {HealthState::kUnexpected, "❔", "unexpected", "unexpected answer", Availability::kDown},
      {HealthState::kUnavailable, "⚠️", "unavailable", "unavailable or TLS",
       Availability::kDown},
      {HealthState::kBadGateway, "❌", "bad_gateway", "bad gateway or server error",
       Availability::kDown},
      {HealthState::kUnreachable, "⛔", "unreachable", "timeout or unreachable",
       Availability::kDown},
      {HealthState::kNotChecked, "⚙️", "not_checked", "not checked (configuration)",
       Availability::kUnknown},
      {HealthState::kPending, "⏳", "pending", "testing…", Availability::kUnknown},
  };
  return legend;
}

const StateLegend& LegendOf(HealthState state) {
  for (const StateLegend& entry : HealthLegend()) {
    if (entry.state == state) return entry;
  }
  return HealthLegend().front();  // unreachable: every state has a row
}

Classification ClassifyProbe(const ProbeOutcome& outcome, const std::vector<int>& expect,
                             std::chrono::milliseconds timeout) {
  if (outcome.failure != ProbeFailure::kNone) return ClassifyFailure(outcome, timeout);
  const int status = outcome.status;
  const std::string code = std::to_string(status);
  const bool expected = expect.empty()
                            ? status >= 200 && status < 300
                            : std::find(expect.begin(), expect.end(), status) != expect.end();
  if (expected) return {HealthState::kHealthy, code};
  Classification result{HealthState::kUnexpected, code + " unexpected answer"};
  for (const StatusRange& range : kStatusTable) {
    if (status >= range.low && status <= range.high) {
      result = {range.state, code + " " + std::string(range.words)};
      break;
    }
  }
  if (result.state == HealthState::kUnexpected && !expect.empty()) {
    result.detail += " (expected " + ExpectedList(expect) + ")";
  }
  return result;
}

}  // namespace infra_flash
