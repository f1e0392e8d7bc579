// What each answer means: the legend of `/health`, as a table.
#include "health/classify.h"

#include "health/duration.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

struct ClassifyCase {
  int status;
  std::vector<int> expect;
  HealthState state;
  std::string detail;
};

TEST(ClassifyProbe, StatusTable) {
  const ClassifyCase cases[] = {
      {200, {}, HealthState::kHealthy, "200"},
      {204, {}, HealthState::kHealthy, "204"},
      {299, {}, HealthState::kHealthy, "299"},
      {401, {}, HealthState::kAuthRequired, "401 auth required"},
      {403, {}, HealthState::kAuthRequired, "403 auth required"},
      {404, {}, HealthState::kNotFound, "404 not found"},
      {503, {}, HealthState::kUnavailable, "503 unavailable"},
      {526, {}, HealthState::kUnavailable, "526 TLS error at the origin"},
      {525, {}, HealthState::kUnavailable, "525 TLS error at the origin"},
      {429, {}, HealthState::kUnavailable, "429 too many requests"},
      {502, {}, HealthState::kBadGateway, "502 bad gateway"},
      {504, {}, HealthState::kBadGateway, "504 gateway timeout"},
      {522, {}, HealthState::kBadGateway, "522 origin error"},
      {500, {}, HealthState::kBadGateway, "500 server error"},
      {501, {}, HealthState::kBadGateway, "501 server error"},
      {301, {}, HealthState::kUnexpected, "301 redirect (not followed)"},
      {302, {}, HealthState::kUnexpected, "302 redirect (not followed)"},
      {400, {}, HealthState::kUnexpected, "400 unexpected answer"},
      {410, {}, HealthState::kUnexpected, "410 unexpected answer"},
      {600, {}, HealthState::kUnexpected, "600 unexpected answer"},
      // `expect` decides first: Vault answers 429 on a standby, 473 on a performance standby.
      {429, {200, 429, 473}, HealthState::kHealthy, "429"},
      {473, {200, 429, 473}, HealthState::kHealthy, "473"},
      {401, {401}, HealthState::kHealthy, "401"},
      {503, {503}, HealthState::kHealthy, "503"},
      // ...and replaces the 2xx default.
      {200, {204}, HealthState::kUnexpected, "200 unexpected answer (expected 204)"},
      {201, {200, 204}, HealthState::kUnexpected, "201 unexpected answer (expected 200, 204)"},
      {403, {204}, HealthState::kAuthRequired, "403 auth required"},
      {502, {200}, HealthState::kBadGateway, "502 bad gateway"},
  };
  for (const ClassifyCase& c : cases) {
    ProbeOutcome outcome;
    outcome.status = c.status;
    const Classification result = ClassifyProbe(outcome, c.expect, milliseconds(5000));
    EXPECT_EQ(result.state, c.state) << c.status;
    EXPECT_EQ(result.detail, c.detail) << c.status;
  }
}

TEST(ClassifyProbe, NoAnswerIsUnreachable) {
  struct Case {
    ProbeFailure failure;
    std::string libcurl_words;
    std::string detail;
  };
  const Case cases[] = {
      {ProbeFailure::kTimedOut, "Operation timed out after 1500 milliseconds",
       "timed out after 1.5 s"},
      {ProbeFailure::kDnsFailure, "Could not resolve host: vault.example.invalid",
       "DNS lookup failed"},
      {ProbeFailure::kConnectionRefused, "Failed to connect", "connection refused"},
      {ProbeFailure::kTlsFailure, "SSL certificate problem: certificate has expired",
       "TLS handshake failed (SSL certificate problem: certificate has expired)"},
      {ProbeFailure::kOther, "Recv failure: Connection reset by peer",
       "no answer (Recv failure: Connection reset by peer)"},
  };
  for (const Case& c : cases) {
    ProbeOutcome outcome;
    outcome.failure = c.failure;
    outcome.failure_detail = c.libcurl_words;
    const Classification result = ClassifyProbe(outcome, {200}, milliseconds(1500));
    EXPECT_EQ(result.state, HealthState::kUnreachable) << c.detail;
    EXPECT_EQ(result.detail, c.detail);
  }
}

TEST(HealthLegend, OnlyHealthyAndAuthRequiredCountAsUp) {
  for (const StateLegend& entry : HealthLegend()) {
    const bool up =
        entry.state == HealthState::kHealthy || entry.state == HealthState::kAuthRequired;
    EXPECT_EQ(entry.availability == Availability::kUp, up) << entry.name;
    EXPECT_EQ(&LegendOf(entry.state), &entry) << entry.name;
    EXPECT_FALSE(entry.emoji.empty()) << entry.name;
  }
  EXPECT_EQ(LegendOf(HealthState::kUnreachable).emoji, "⛔");
  EXPECT_EQ(LegendOf(HealthState::kBadGateway).emoji, "❌");
  EXPECT_EQ(LegendOf(HealthState::kUnavailable).emoji, "⚠️");
  EXPECT_EQ(LegendOf(HealthState::kNotFound).emoji, "❔");
  EXPECT_EQ(LegendOf(HealthState::kAuthRequired).emoji, "🔒");
}

TEST(HumanDuration, Table) {
  const std::pair<long, std::string> cases[] = {{0, "0 ms"},     {42, "42 ms"},    {999, "999 ms"},
                                                {1000, "1 s"},   {1290, "1.2 s"},  {5000, "5 s"},
                                                {5012, "5.0 s"}, {61500, "61.5 s"}};
  for (const auto& [millis, text] : cases) EXPECT_EQ(HumanDuration(milliseconds(millis)), text);
}

}  // namespace
}  // namespace infra_flash
