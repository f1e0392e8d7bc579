// `infra-flash health`, run in-process against a loopback server: the table, the
// heading, the exit status, the timeout, and that URL secrets never print.
#include "cli/health_command.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/json.h"
#include "support/http_stub.h"
#include "support/subprocess.h"

namespace infra_flash {
namespace {

const std::string kSource = INFRA_FLASH_SOURCE_DIR;
constexpr char kTokenVariable[] = "INFRA_FLASH_TEST_HEALTH_TOKEN";
constexpr char kToken[] = "health-token-5b9e2";
constexpr char kDomainVariable[] = "INFRA_FLASH_TEST_HEALTH_HOST";

struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CommandRun RunHealthCommand(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  CommandRun run;
  run.exit_code = cli::RunHealth(args);
  std::fflush(stdout);
  std::fflush(stderr);
  run.out = ::testing::internal::GetCapturedStdout();
  run.err = ::testing::internal::GetCapturedStderr();
  return run;
}

// A config whose health list is `entries` (YAML flow maps, one per line).
std::string Config(const std::vector<std::string>& entries) {
  std::string yaml =
      "version: 1\nlayers:\n  platform: { dir: platform }\n  data: { dir: data, depends_on: "
      "[platform] }\nhealth:\n";
  for (const std::string& entry : entries) yaml += "  - " + entry + "\n";
  return yaml;
}

class HealthCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(stub_.ok()) << stub_.error();
    ::setenv(kTokenVariable, kToken, 1);
    ::setenv(kDomainVariable, ("127.0.0.1:" + std::to_string(stub_.port())).c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv(kTokenVariable);
    ::unsetenv(kDomainVariable);
  }
  std::string Url(const std::string& path) const {
    return std::string("http://${") + kDomainVariable + "}" + path;
  }
  std::string WriteConfig(const std::vector<std::string>& entries) {
    return dir_.Write("infra-flash.yml", Config(entries));
  }

  testing::HttpStub stub_{kSource, R"({"routes": {
      "/ok": [{"status": 200}], "/login": [{"status": 401}], "/admin": [{"status": 403}],
      "/gone": [{"status": 404}], "/proxy": [{"status": 502}], "/busy": [{"status": 503}],
      "/gw": [{"status": 504}], "/hang": [{"status": 200, "delay": 30}]}})"};
  testing::TempDir dir_;
};

TEST_F(HealthCommand, AllUpExitsZero) {
  const std::string config = WriteConfig({
      "{ layer: platform, name: Vault, url: \"" + Url("/ok") + "\" }",
      "{ layer: platform, name: Grafana, url: \"" + Url("/login") + "\" }",
      "{ layer: data, name: Admin, url: \"" + Url("/admin") + "\" }",
      "{ layer: data, name: Maintenance, url: \"" + Url("/busy") + "\", expect: [200, 503] }",
  });
  const CommandRun run = RunHealthCommand({"--config", config});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.rfind("<!-- infra-flash:health -->\n", 0), 0u) << run.out;
  EXPECT_NE(run.out.find("All systems operational"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("| platform | Grafana | `127.0.0.1:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("<details open><summary>Results: 4/4 healthy</summary>"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("🔒 401 auth required"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("✅ 503 · "), std::string::npos) << "expect decides: " << run.out;
}

TEST_F(HealthCommand, EveryStatusAndAHangWithinTheTimeout) {
  testing::ClosedPort closed;
  const std::string config = WriteConfig({
      "{ layer: platform, name: Vault, url: \"" + Url("/ok") + "\" }",
      "{ layer: platform, name: Grafana, url: \"" + Url("/login") + "\" }",
      "{ layer: platform, name: Admin, url: \"" + Url("/admin") + "\" }",
      "{ layer: data, name: Old API, url: \"" + Url("/gone") + "\" }",
      "{ layer: data, name: Proxy, url: \"" + Url("/proxy") + "\" }",
      "{ layer: data, name: Busy, url: \"" + Url("/busy") + "\" }",
      "{ layer: data, name: Gateway, url: \"" + Url("/gw") + "\" }",
      "{ layer: data, name: Hanging, url: \"" + Url("/hang") + "?token=${" + kTokenVariable +
          "}\" }",
      "{ layer: data, name: Closed, url: \"" + closed.Url("/") + "\" }",
      "{ name: Secret user, url: \"http://admin:" + std::string(kToken) + "@${" + kDomainVariable +
          "}/ok\" }",
      "{ name: Unset, url: \"https://${INFRA_FLASH_TEST_UNSET_DOMAIN}/\" }",
  });
  // Ample for the stub's answers on a busy machine; Hanging outlasts it.
  const CommandRun run = RunHealthCommand({"--config", config, "--timeout", "3"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("❌ 6 of 11 services down, 1 not checked"), std::string::npos) << run.out;
  const std::vector<std::string> expected_cells = {
      "✅ 200 · ",
      "🔒 401 auth required · ",
      "🔒 403 auth required · ",
      "❔ 404 not found · ",
      "❌ 502 bad gateway · ",
      "⚠️ 503 unavailable · ",
      "❌ 504 gateway timeout · ",
      "⛔ timed out after 3 s · ",
      "⛔ connection refused · ",
      "_UNSET_DOMAIN}` is not set in the environment |",
  };
  for (const std::string& cell : expected_cells) {
    EXPECT_NE(run.out.find(cell), std::string::npos) << cell << " missing in\n" << run.out;
  }
  EXPECT_EQ(run.out.find(kToken), std::string::npos) << "secret printed:\n" << run.out;
  // The credentials in a URL are not part of its domain.
  EXPECT_NE(run.out.find("| — | Secret user | `127.0.0.1:"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("admin"), std::string::npos) << run.out;
}

TEST_F(HealthCommand, JsonFormat) {
  const std::string config = WriteConfig({
      "{ layer: platform, name: Vault, url: \"" + Url("/ok") + "\" }",
      "{ layer: data, name: Proxy, url: \"" + Url("/proxy") + "\" }",
  });
  const CommandRun run = RunHealthCommand({"--config", config, "--format", "json"});
  EXPECT_EQ(run.exit_code, 1);
  Result<rapidjson::Document> document = json::Parse(run.out, "stdout");
  ASSERT_TRUE(document.ok()) << run.out;
  EXPECT_EQ(json::IntOr(json::Member(*document, "down")), 1);
  const rapidjson::Value* services = json::Member(*document, "services");
  ASSERT_TRUE(services != nullptr && services->IsArray() && services->Size() == 2) << run.out;
  EXPECT_EQ(json::StringOr(json::Member((*services)[1], "state")), "bad_gateway");
}

TEST_F(HealthCommand, NoServicesConfiguredIsNotAFailure) {
  const std::string config =
      dir_.Write("empty.yml", "version: 1\nlayers:\n  platform: { dir: platform }\n");
  const CommandRun run = RunHealthCommand({"--config", config});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("add a `health:` list"), std::string::npos) << run.out;
}

TEST_F(HealthCommand, UsageAndConfigErrorsExitTwo) {
  const std::string good = WriteConfig({"{ name: Vault, url: \"" + Url("/ok") + "\" }"});
  const std::string broken = dir_.Write("broken.yml", "version: 1\nhealth:\n  - { name: X }\n");
  struct Case {
    const char* name;
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {"missing config", {"--config", dir_.path() + "/nope.yml"}, "nope.yml"},
      {"invalid config", {"--config", broken}, "broken.yml:"},
      {"zero timeout", {"--config", good, "--timeout", "0"}, "--timeout"},
      {"text timeout", {"--config", good, "--timeout", "soon"}, "`soon`"},
      {"huge timeout", {"--config", good, "--timeout", "1000"}, "at most 120"},
      {"unknown format", {"--config", good, "--format", "yaml"}, "`yaml`"},
      {"unknown flag", {"--config", good, "--verbose"}, "unknown flag `--verbose`"},
      {"positional", {"--config", good, "extra"}, "unexpected argument `extra`"},
  };
  for (const Case& c : cases) {
    const CommandRun run = RunHealthCommand(c.args);
    EXPECT_EQ(run.exit_code, 2) << c.name << ": " << run.out;
    EXPECT_NE(run.err.find(c.message), std::string::npos) << c.name << ": " << run.err;
    EXPECT_TRUE(run.out.empty()) << c.name;
  }
}

TEST_F(HealthCommand, Help) {
  const CommandRun run = RunHealthCommand({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, cli::HealthUsage());
  EXPECT_NE(run.out.find("--timeout SECONDS"), std::string::npos);
}

}  // namespace
}  // namespace infra_flash
