// CheckHealth and the renderer without I/O: a fake prober answers from a table, the
// markdown is compared with golden files (INFRA_FLASH_UPDATE_GOLDEN=1 rewrites them).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/strings.h"
#include "health/health.h"
#include "health/render.h"
#include "support/golden.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

// Answers by URL from a table and remembers what it was asked.
class FakeProber final : public Prober {
 public:
  explicit FakeProber(std::map<std::string, ProbeOutcome> answers) : answers_(std::move(answers)) {}
  std::vector<ProbeOutcome> ProbeAll(const std::vector<std::string>& urls,
                                     const ProbeOptions& options) override {
    probed_ = urls;
    options_ = options;
    std::vector<ProbeOutcome> out;
    for (const std::string& url : urls) out.push_back(answers_.at(url));
    return out;
  }
  std::vector<std::string> probed_;
  ProbeOptions options_;

 private:
  std::map<std::string, ProbeOutcome> answers_;
};

ProbeOutcome Answer(int status, long millis) {
  ProbeOutcome outcome;
  outcome.status = status;
  outcome.elapsed = milliseconds(millis);
  return outcome;
}

ProbeOutcome Failure(ProbeFailure failure, long millis, std::string words = "") {
  ProbeOutcome outcome;
  outcome.failure = failure;
  outcome.failure_detail = std::move(words);
  outcome.elapsed = milliseconds(millis);
  return outcome;
}

EnvironmentLookup FakeEnvironment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

const std::vector<HealthCheck> kChecks = {
    {"platform", "Vault", "https://vault.${BASE_DOMAIN}/v1/sys/health", {200, 429}},
    {"platform", "Grafana", "https://grafana.${BASE_DOMAIN}/api/health", {}},
    {"data-prod", "Postgres proxy", "https://pg.${BASE_DOMAIN}/healthz", {}},
    {"data-prod", "API", "https://api.${BASE_DOMAIN}/health?token=${HEALTH_TOKEN}", {}},
    {"", "Status page", "https://status.${BASE_DOMAIN}/", {}},
    {"platform", "Registry", "https://registry.${REGISTRY_DOMAIN}/v2/", {}},
    {"platform", "Queue", "https://deploy:s3cr3t-pass@queue.${BASE_DOMAIN}/", {}},
};

const std::map<std::string, std::string> kEnvironment = {{"BASE_DOMAIN", "example.com"},
                                                         {"HEALTH_TOKEN", "tok-0123456789"}};

std::map<std::string, ProbeOutcome> MixedAnswers() {
  return {
      {"https://vault.example.com/v1/sys/health", Answer(429, 41)},
      {"https://grafana.example.com/api/health", Answer(401, 18)},
      {"https://pg.example.com/healthz", Answer(502, 230)},
      {"https://api.example.com/health?token=tok-0123456789",
       Failure(ProbeFailure::kTimedOut, 5000)},
      {"https://status.example.com/", Answer(200, 1234)},
      {"https://deploy:s3cr3t-pass@queue.example.com/",
       Failure(ProbeFailure::kTlsFailure, 12, "SSL certificate problem: certificate has expired")},
  };
}

HealthReport MixedReport(FakeProber& prober) {
  Masker masker;
  ProbeOptions options;
  options.timeout = milliseconds(5000);
  HealthReport report =
      CheckHealth(kChecks, prober, options, FakeEnvironment(kEnvironment), masker, SystemClock());
  report.elapsed = milliseconds(5012);  // the wall time varies; the golden file must not
  return report;
}

TEST(CheckHealth, ClassifiesEachRowAndSkipsChecksThatCannotRun) {
  FakeProber prober(MixedAnswers());
  const HealthReport report = MixedReport(prober);
  EXPECT_EQ(prober.probed_.size(), 6u) << "the Registry check has an unset variable";
  ASSERT_EQ(report.services.size(), kChecks.size());
  const std::vector<HealthState> expected = {HealthState::kHealthy,    HealthState::kAuthRequired,
                                             HealthState::kBadGateway, HealthState::kUnreachable,
                                             HealthState::kHealthy,    HealthState::kNotChecked,
                                             HealthState::kUnreachable};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(report.services[i].state, expected[i]) << report.services[i].name;
  }
  EXPECT_EQ(report.services[5].detail, "`${REGISTRY_DOMAIN}` is not set in the environment");
  EXPECT_EQ(report.services[0].status, 429);
  EXPECT_EQ(report.services[3].status, 0);
  EXPECT_EQ(report.Count(Availability::kUp), 3);
  EXPECT_EQ(report.Count(Availability::kDown), 3);
  EXPECT_EQ(report.Count(HealthState::kNotChecked), 1);
  EXPECT_FALSE(report.AllUp());
}

TEST(CheckHealth, SecretsInUrlsNeverReachTheOutput) {
  FakeProber prober(MixedAnswers());
  const HealthReport report = MixedReport(prober);
  const std::string markdown = RenderHealthMarkdown(report);
  const std::string json = RenderHealthJson(report);
  for (const std::string secret : {"tok-0123456789", "s3cr3t-pass", "deploy:"}) {
    EXPECT_EQ(markdown.find(secret), std::string::npos) << secret << " in\n" << markdown;
    EXPECT_EQ(json.find(secret), std::string::npos) << secret << " in\n" << json;
  }
  // The table shows each URL's host; the JSON has the whole URL, redacted.
  EXPECT_NE(json.find("token=***"), std::string::npos) << json;
}

TEST(CheckHealth, RegisteredSecretsAreMaskedToo) {
  const std::vector<HealthCheck> checks = {
      {"platform", "Hook", "https://hooks.example.com/T0/B0/xoxb-not-a-known-shape", {}}};
  FakeProber prober({{checks[0].url, Answer(200, 5)}});
  Masker masker;
  masker.AddSecret("xoxb-not-a-known-shape");
  const HealthReport report =
      CheckHealth(checks, prober, {}, FakeEnvironment({}), masker, SystemClock());
  EXPECT_EQ(report.services[0].url, "https://hooks.example.com/T0/B0/***");
  EXPECT_EQ(prober.probed_[0], checks[0].url) << "the real URL is probed";
}

TEST(CheckHealth, AProberThatReturnsTooLittleLeavesNoRowPending) {
  class ShortProber final : public Prober {
    std::vector<ProbeOutcome> ProbeAll(const std::vector<std::string>&,
                                       const ProbeOptions&) override {
      return {};
    }
  } prober;
  const HealthReport report = CheckHealth({{"", "A", "http://127.0.0.1:1/", {}}}, prober, {},
                                          FakeEnvironment({}), Masker(), SystemClock());
  EXPECT_EQ(report.services[0].state, HealthState::kUnreachable);
}

TEST(RenderHealthMarkdown, Golden) {
  FakeProber prober(MixedAnswers());
  ExpectGolden("health_mixed.md", RenderHealthMarkdown(MixedReport(prober)));

  Masker masker;
  ExpectGolden("health_pending.md", RenderHealthMarkdown(PendingHealthReport(
                                        kChecks, FakeEnvironment(kEnvironment), masker)));

  const std::vector<HealthCheck> healthy = {
      {"platform", "Vault", "https://vault.example.com/", {}},
      {"platform", "Grafana", "https://grafana.example.com/", {}}};
  FakeProber all_up({{"https://vault.example.com/", Answer(200, 12)},
                     {"https://grafana.example.com/", Answer(403, 9)}});
  HealthReport up = CheckHealth(healthy, all_up, {}, FakeEnvironment({}), masker, SystemClock());
  up.elapsed = milliseconds(25);
  EXPECT_TRUE(up.AllUp());
  ExpectGolden("health_all_up.md", RenderHealthMarkdown(up));
  ExpectGolden("health_none.md", RenderHealthMarkdown(HealthReport{}));
}

struct HeadingCase {
  const char* name;
  std::vector<HealthState> states;
  std::string heading;
};

TEST(RenderHealthMarkdown, HeadingTable) {
  using S = HealthState;
  const HeadingCase cases[] = {
      {"all up", {S::kHealthy, S::kAuthRequired}, "## 🩺 Health: ✅ All systems operational"},
      {"one down", {S::kHealthy, S::kBadGateway}, "## 🩺 Health: ❌ 1 of 2 services down"},
      {"all down",
       {S::kNotFound, S::kUnreachable, S::kUnavailable},
       "## 🩺 Health: ❌ 3 of 3 services down"},
      {"down and not checked",
       {S::kUnexpected, S::kNotChecked, S::kHealthy},
       "## 🩺 Health: ❌ 1 of 3 services down, 1 not checked"},
      {"only not checked",
       {S::kNotChecked, S::kHealthy},
       "## 🩺 Health: ⚙️ 1 of 2 services not checked"},
      {"pending",
       {S::kPending, S::kPending, S::kNotChecked},
       "## 🩺 Health: ⏳ Testing 2 services…"},
      {"one service", {S::kPending}, "## 🩺 Health: ⏳ Testing 1 service…"},
      {"none", {}, "## 🩺 Health: No services configured"},
  };
  for (const HeadingCase& c : cases) {
    HealthReport report;
    for (HealthState state : c.states) report.services.push_back({"l", "s", "u", state});
    const std::string markdown = RenderHealthMarkdown(report);
    EXPECT_EQ(markdown.rfind(std::string(kHealthMarker) + "\n", 0), 0u) << c.name;
    EXPECT_NE(markdown.find(c.heading + "\n"), std::string::npos) << c.name << ":\n" << markdown;
  }
}

TEST(RenderHealthMarkdown, CellsCannotBreakTheTable) {
  HealthReport report;
  report.services.push_back({"a|b", "<img src=x> @team `code` | x", "https://example.com/a|b`c",
                             HealthState::kHealthy, 200, "200 | ok", milliseconds(3)});
  report.services.push_back({"layer", "<!-- infra-flash:health -->", "u", HealthState::kNotFound});
  const std::string markdown = RenderHealthMarkdown(report);
  std::vector<std::string> rows;
  for (std::string_view line : SplitLines(markdown)) {
    if (line.rfind("| ", 0) == 0 && line.find("Layer") == std::string_view::npos) {
      rows.emplace_back(line);
    }
  }
  ASSERT_EQ(rows.size(), 2u) << markdown;
  for (const std::string& row : rows) {
    int unescaped_pipes = 0;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++unescaped_pipes;
    }
    EXPECT_EQ(unescaped_pipes, 5) << "four cells: " << row;
  }
  EXPECT_EQ(markdown.find("<img"), std::string::npos);
  EXPECT_EQ(markdown.find("@team"), std::string::npos) << "no mention";
  EXPECT_EQ(markdown.find("<!--", 1), std::string::npos) << "only the real marker";
  EXPECT_NE(markdown.find("&lt;img"), std::string::npos);
}

TEST(RenderHealthJson, CarriesEveryRow) {
  FakeProber prober(MixedAnswers());
  const std::string text = RenderHealthJson(MixedReport(prober));
  Result<rapidjson::Document> document = json::Parse(text, "health json");
  ASSERT_TRUE(document.ok()) << document.error().message;
  EXPECT_EQ(json::BoolOr(json::Member(*document, "healthy"), true), false);
  EXPECT_EQ(json::IntOr(json::Member(*document, "down")), 3);
  EXPECT_EQ(json::IntOr(json::Member(*document, "up")), 3);
  EXPECT_EQ(json::IntOr(json::Member(*document, "not_checked")), 1);
  const rapidjson::Value* services = json::Member(*document, "services");
  ASSERT_TRUE(services != nullptr && services->IsArray());
  ASSERT_EQ(services->Size(), kChecks.size());
  const rapidjson::Value& vault = (*services)[0];
  EXPECT_EQ(json::StringOr(json::Member(vault, "state")), "healthy");
  EXPECT_EQ(json::IntOr(json::Member(vault, "status")), 429);
  EXPECT_EQ(json::StringOr(json::Member(vault, "url")), "https://vault.example.com/v1/sys/health");
  EXPECT_TRUE(json::Member((*services)[3], "status")->IsNull()) << "a timeout has no status";
  EXPECT_EQ(json::StringOr(json::Member((*services)[5], "state")), "not_checked");
}

}  // namespace
}  // namespace infra_flash
