// The container scripts' behaviour that needs neither root nor a network: which apt
// mirrors the local base image is built from, the tool installer refusing bad pins before
// it downloads anything, and the smoke test's command line.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <string>

#include "ship_files.h"
#include "support/subprocess.h"

namespace infra_flash::ship {
namespace {

using infra_flash::testing::ProcessResult;
using infra_flash::testing::RunProcess;
using infra_flash::testing::TempDir;

const std::string kAptMirrors = kSource + "/scripts/container/apt-mirrors.sh";
const std::string kInstallTools = kSource + "/scripts/container/install-tools.sh";
const std::string kSmoke = kSource + "/scripts/container-smoke.sh";

std::string ToUpperHex(std::string hex) {
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

TEST(AptMirrors, ReadsBothSourceFormatsAndSkipsWhatAptSkips) {
  TempDir etc;
  etc.Write("sources.list",
            "deb [signed-by=/k.gpg arch=amd64] http://one.example/debian bookworm main\n"
            "# deb http://commented.example/debian bookworm main\n"
            "deb-src http://source.example/debian bookworm main\n"
            "deb http://other.example/debian trixie main\n");
  etc.Write("sources.list.d/debian.sources",
            "Types: deb\n"
            "URIs: http://two.example/debian\n"
            "Suites: bookworm bookworm-updates\n"
            "Components: main\n"
            "\n"
            "Types: deb\n"
            "URIs: http://two.example/debian-security\n"
            "Suites: bookworm-security\n"
            "\n"
            "Types: deb\n"
            "URIs: http://disabled.example/debian\n"
            "Suites: bookworm\n"
            "Enabled: no\n");
  etc.Write("sources.list.d/vendor.sources.disabled-by-admin",
            "Types: deb\nURIs: http://vendor.example\nSuites: bookworm\n");
  etc.Write("sources.list.d/look-alike.list",
            "deb http://alike.example/debian bookworm-like main\n");

  ProcessResult result =
      RunProcess({kAptMirrors, "bookworm"}, {.env = {{"APT_SOURCES_DIR", etc.path()}}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "http://one.example/debian bookworm\n"
            "http://two.example/debian bookworm\n"
            "http://two.example/debian bookworm-updates\n"
            "http://two.example/debian-security bookworm-security\n");
}

TEST(AptMirrors, SaysWhatToDoWhenNoMirrorServesTheSuite) {
  TempDir etc;
  etc.Write("sources.list", "deb http://other.example/debian trixie main\n");
  ProcessResult result =
      RunProcess({kAptMirrors, "bookworm"}, {.env = {{"APT_SOURCES_DIR", etc.path()}}});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("INFRA_FLASH_SMOKE_MIRROR"), std::string::npos) << result.err;
}

TEST(InstallTools, SkippedLeavesTheFolderEmpty) {
  TempDir dir;
  ProcessResult result =
      RunProcess({kInstallTools, dir.path() + "/tools"}, {.env = {{"INSTALL_TOOLS", "false"}}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::error_code error;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() + "/tools", error));
}

TEST(InstallTools, RefusesBadSettingsBeforeDownloading) {
  const std::string good = "dc94af0eef1147718ad7c8daea792ed199e3e0492eec180d0adafa2a65a879df";
  const struct {
    const char* name;
    std::map<std::string, std::string> env;
    const char* message;
  } cases[] = {
      {"not a boolean", {{"INSTALL_TOOLS", "yes"}}, "INSTALL_TOOLS must be true or false"},
      {"unknown architecture",
       {{"INSTALL_TOOLS", "true"}, {"TARGETARCH", "s390x"}},
       "TARGETARCH=s390x"},
      {"short terraform sum",
       {{"INSTALL_TOOLS", "true"}, {"TERRAFORM_SHA256", "abc"}, {"TERRAGRUNT_SHA256", good}},
       "TERRAFORM_SHA256 must be 64"},
      {"upper-case terragrunt sum",
       {{"INSTALL_TOOLS", "true"},
        {"TERRAFORM_SHA256", good},
        {"TERRAGRUNT_SHA256", ToUpperHex(good)}},
       "TERRAGRUNT_SHA256 must be 64"},
      {"tofu without its sum",
       {{"INSTALL_TOOLS", "true"},
        {"TERRAFORM_SHA256", good},
        {"TERRAGRUNT_SHA256", good},
        {"TOFU_VERSION", "1.8.5"}},
       "TOFU_SHA256 must be 64"},
      {"tflint without its sum",
       {{"INSTALL_TOOLS", "true"},
        {"TERRAFORM_SHA256", good},
        {"TERRAGRUNT_SHA256", good},
        {"TFLINT_VERSION", "0.64.0"}},
       "TFLINT_SHA256 must be 64"},
      {"conftest without its sum",
       {{"INSTALL_TOOLS", "true"},
        {"TERRAFORM_SHA256", good},
        {"TERRAGRUNT_SHA256", good},
        {"CONFTEST_VERSION", "0.62.0"}},
       "CONFTEST_SHA256 must be 64"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    auto env = c.env;
    env["PATH"] = "/usr/bin:/bin";
    ProcessResult result = RunProcess({kInstallTools, dir.path() + "/tools"}, {.env = env});
    EXPECT_EQ(result.exit_code, 1) << c.name;
    EXPECT_NE(result.err.find(c.message), std::string::npos) << c.name << ": " << result.err;
  }
}

TEST(ContainerSmoke, HelpAndUnknownOptions) {
  ProcessResult help = RunProcess({kSmoke, "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("Usage: scripts/container-smoke.sh"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("-- COMMAND"), std::string::npos);

  ProcessResult unknown = RunProcess({kSmoke, "--frobnicate"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown option '--frobnicate'"), std::string::npos) << unknown.err;

  ProcessResult bad_env = RunProcess({kSmoke, "--env", "NO_EQUALS_SIGN"});
  EXPECT_EQ(bad_env.exit_code, 1);
  EXPECT_NE(bad_env.err.find("--env needs NAME=VALUE"), std::string::npos) << bad_env.err;
}

}  // namespace
}  // namespace infra_flash::ship
