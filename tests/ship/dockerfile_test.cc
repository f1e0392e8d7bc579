// The Dockerfile's promises that a broken edit would silently drop: a digest-pinned base,
// tool downloads pinned by SHA-256, a default build that is complete (GitHub passes no
// build arguments for `image: Dockerfile`), git usable on a checkout owned by another user,
// root (container actions run as root), and `infra-flash run` as what a step executes.
// The smoke test (scripts/container-smoke.sh) checks the built image itself.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>

#include "ship_files.h"

namespace infra_flash::ship {
namespace {

// ARG NAME=VALUE lines: the defaults of the build arguments.
std::map<std::string, std::string> ArgDefaults(const std::string& dockerfile) {
  std::map<std::string, std::string> args;
  for (std::string_view line : SplitLines(dockerfile)) {
    if (line.rfind("ARG ", 0) != 0) continue;
    std::string_view rest = Trim(line.substr(4));
    const std::size_t equals = rest.find('=');
    if (equals == std::string_view::npos) continue;
    args[std::string(rest.substr(0, equals))] = std::string(rest.substr(equals + 1));
  }
  return args;
}

std::string Dockerfile() {
  auto text = ReadRepoFile("Dockerfile");
  EXPECT_TRUE(text.ok());
  return text.ok() ? *text : std::string();
}

TEST(Dockerfile, DefaultsBuildACompletePinnedImage) {
  const auto args = ArgDefaults(Dockerfile());
  const struct {
    const char* arg;
    const char* pattern;
  } cases[] = {
      {"BASE_IMAGE", R"(debian:bookworm-slim@sha256:[0-9a-f]{64})"},
      {"TERRAFORM_VERSION", R"(\d+\.\d+\.\d+)"},
      {"TERRAFORM_SHA256", R"([0-9a-f]{64})"},
      {"TERRAGRUNT_VERSION", R"(\d+\.\d+\.\d+)"},
      {"TERRAGRUNT_SHA256", R"([0-9a-f]{64})"},
      {"TFLINT_VERSION", R"(\d+\.\d+\.\d+)"},
      {"TFLINT_SHA256", R"([0-9a-f]{64})"},
      {"CONFTEST_VERSION", R"(\d+\.\d+\.\d+)"},
      {"CONFTEST_SHA256", R"([0-9a-f]{64})"},
      {"INSTALL_TOOLS", "true"},
      {"RUN_TESTS", "true"},
  };
  for (const auto& c : cases) {
    ASSERT_EQ(args.count(c.arg), 1u) << "no default for ARG " << c.arg;
    EXPECT_TRUE(std::regex_match(args.at(c.arg), std::regex(c.pattern)))
        << "ARG " << c.arg << "=" << args.at(c.arg) << " does not match " << c.pattern;
  }
  EXPECT_NE(args.at("TERRAFORM_SHA256"), args.at("TERRAGRUNT_SHA256"));
}

// The simulator the tests run (tests/sim/tfsim.py) follows the CLI of the versions the
// image installs; a bump of either pin must bump the other, and its CLI be re-checked.
TEST(Dockerfile, TheSimulatorFollowsThePinnedVersions) {
  const auto args = ArgDefaults(Dockerfile());
  Result<std::string> read = ReadRepoFile("tests/sim/tfsim.py");
  ASSERT_TRUE(read.ok()) << read.error().message;
  const std::string& simulator = *read;
  for (const auto& [arg, constant] :
       {std::pair<std::string, std::string>{"TERRAFORM_VERSION", "TERRAFORM_VERSION"},
        {"TERRAGRUNT_VERSION", "TERRAGRUNT_VERSION"},
        {"TFLINT_VERSION", "TFLINT_VERSION"}}) {
    ASSERT_EQ(args.count(arg), 1u);
    EXPECT_NE(simulator.find(constant + " = \"" + args.at(arg) + "\""), std::string::npos)
        << "tests/sim/tfsim.py does not say " << constant << " = \"" << args.at(arg) << "\"";
  }
}

TEST(Dockerfile, RunsInfraFlashRunAsRootWithGitUsable) {
  const std::string dockerfile = Dockerfile();
  std::vector<std::string_view> lines = SplitLines(dockerfile);
  auto has_line = [&](std::string_view wanted) {
    return std::find(lines.begin(), lines.end(), wanted) != lines.end();
  };
  EXPECT_TRUE(has_line(R"(ENTRYPOINT ["/usr/local/bin/infra-flash"])"));
  EXPECT_TRUE(has_line(R"(CMD ["run"])"));
  EXPECT_NE(dockerfile.find("git config --system safe.directory '*'"), std::string::npos);
  for (std::string_view line : lines) {
    EXPECT_NE(line.rfind("USER ", 0), 0u) << "GitHub runs container actions as root: " << line;
  }
  // The build stage runs the tests; a red test must fail the image build.
  EXPECT_NE(dockerfile.find("ctest --test-dir /build"), std::string::npos);
  EXPECT_NE(dockerfile.find("strip --strip-all"), std::string::npos);
}

TEST(Dockerfile, CiCompilesOnTheImagesBase) {
  auto ci = LoadYaml(".github/workflows/ci.yml");
  ASSERT_TRUE(ci.ok()) << ci.error().ToString();
  EXPECT_EQ(ScalarOr(Lookup(*ci, "jobs.test.container.image")),
            ArgDefaults(Dockerfile())["BASE_IMAGE"])
      << "CI should compile against the library versions the image ships";
}

TEST(DockerIgnore, KeepsWhatTheBuildReadsAndDropsGit) {
  auto text = ReadRepoFile(".dockerignore");
  ASSERT_TRUE(text.ok());
  std::vector<std::string> patterns;
  for (std::string_view line : SplitLines(*text)) {
    line = Trim(line);
    if (!line.empty() && line[0] != '#') patterns.emplace_back(line);
  }
  auto ignored = [&](const std::string& path) {
    return std::find(patterns.begin(), patterns.end(), path) != patterns.end();
  };
  EXPECT_TRUE(ignored(".git"));
  // The tests in the build stage read these (tests/ship reads the Action's files).
  for (const char* needed : {"src", "tests", "examples", "scripts", "cmake", "CMakeLists.txt",
                             "action.yml", ".github", "docs", "schemas", "Dockerfile"}) {
    EXPECT_FALSE(ignored(needed)) << needed;
    EXPECT_FALSE(ignored(std::string(needed) + "/")) << needed;
  }
}

}  // namespace
}  // namespace infra_flash::ship
