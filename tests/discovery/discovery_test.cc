// Change detection on a realistic terragrunt layout, through discovery and the layer
// index as `explain` and the flows use them. Each kind of change a terragrunt user makes
// every day selects exactly the layers terragrunt itself would run, in the right waves.
#include "discovery/discovery.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "layers/layers.h"
#include "run/steps.h"

namespace infra_flash {
namespace {

namespace fs = std::filesystem;

// No `depends_on` at all: every edge comes from the units' dependency blocks.
constexpr char kConfig[] = R"(version: 1
engine: terragrunt
layers:
  bootstrap: { dir: bootstrap, engine: terraform }
  platform: { dir: platform }
  app-staging: { dir: envs/staging/app, environment: staging }
  app-prod: { dir: envs/prod/app, environment: prod }
  tools: { dir: tools }
environments:
  staging: { var_files: [envs/staging.tfvars] }
  prod: { var_files: [envs/prod.tfvars] }
)";

constexpr char kAppUnit[] = R"(include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))
}

terraform {
  source = "${get_repo_root()}/modules//app"
}

dependency "platform" {
  config_path = "../../../platform"
  mock_outputs = {
    cluster_id = "mock-cluster"
  }
}

inputs = {
  cluster_id = dependency.platform.outputs.cluster_id
  env        = local.env.locals.name
}
)";

class DiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "infra-flash-discovery-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    Write("root.hcl",
          "locals {\n  common = read_terragrunt_config(\"common.hcl\")\n}\n"
          "remote_state {\n  backend = \"local\"\n}\n");
    Write("common.hcl", "locals {\n  org = \"example\"\n}\n");
    Write("envs/staging/env.hcl", "locals {\n  name = \"staging\"\n}\n");
    Write("envs/prod/env.hcl", "locals {\n  name = \"prod\"\n}\n");
    Write("envs/staging.tfvars", "size = 1\n");
    Write("envs/prod.tfvars", "size = 3\n");
    Write("modules/net/main.tf", "module \"subnets\" {\n  source = \"../subnets\"\n}\n");
    Write("modules/subnets/main.tf", "resource \"null_resource\" \"s\" {}\n");
    Write("modules/app/main.tf", "resource \"null_resource\" \"a\" {}\n");
    Write("modules/state/main.tf", "resource \"null_resource\" \"b\" {}\n");
    Write("modules/unused/main.tf", "resource \"null_resource\" \"u\" {}\n");
    Write("bootstrap/main.tf", "module \"state\" {\n  source = \"../modules/state\"\n}\n");
    Write("platform/terragrunt.hcl",
          "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\n"
          "terraform {\n  source = \"../modules//net\"\n}\n"
          "dependency \"bootstrap\" {\n  config_path = \"../bootstrap\"\n"
          "  mock_outputs = { bucket = \"mock\" }\n}\n");
    Write("envs/staging/app/terragrunt.hcl", kAppUnit);
    Write("envs/prod/app/terragrunt.hcl", kAppUnit);
    Write("tools/main.tf", "resource \"null_resource\" \"t\" {}\n");  // plain terraform files
    Write("tools/terragrunt.hcl", "");
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  void Write(const std::string& path, const std::string& text) {
    fs::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path) << text;
  }

  Config Discovered(const std::string& yaml = kConfig, DiscoveryOptions options = {}) {
    Result<Config> config = ParseConfig(yaml, ".infra-flash.yml");
    EXPECT_TRUE(config.ok()) << config.error().ToString();
    if (!config.ok()) return Config{};
    discovery_ = DiscoverLayerInputs(*config, root_.string(), options);
    Status applied = ApplyDiscovery(*config, discovery_);
    EXPECT_TRUE(applied.ok()) << applied.error().message;
    return *config;
  }

  Resolution Changed(const std::vector<std::string>& paths) {
    const Config config = Discovered();
    Result<Resolution> resolution = ResolveLayers(config, paths);
    EXPECT_TRUE(resolution.ok());
    return resolution.ok() ? *resolution : Resolution{};
  }

  fs::path root_;
  Discovery discovery_;
};

using Waves = std::vector<std::vector<std::string>>;

TEST_F(DiscoveryTest, EachKindOfChangeSelectsExactlyTheLayersThatReadIt) {
  struct Case {
    const char* change;
    std::vector<std::string> paths;
    Waves waves;
  } cases[] = {
      {"the root.hcl every unit includes",
       {"root.hcl"},
       {{"platform"}, {"app-staging", "app-prod"}}},
      {"a file root.hcl reads", {"common.hcl"}, {{"platform"}, {"app-staging", "app-prod"}}},
      {"one environment's env.hcl", {"envs/staging/env.hcl"}, {{"app-staging"}}},
      {"a module a terragrunt source names (`//app`)",
       {"modules/app/main.tf"},
       {{"app-staging", "app-prod"}}},
      {"a module a module uses",
       {"modules/subnets/main.tf"},
       {{"platform"}, {"app-staging", "app-prod"}}},
      {"a module of a plain terraform layer",
       {"modules/state/main.tf"},
       {{"bootstrap"}, {"platform"}, {"app-staging", "app-prod"}}},
      {"one environment's var file", {"envs/prod.tfvars"}, {{"app-prod"}}},
      {"a module nobody uses", {"modules/unused/main.tf"}, {}},
      {"a unit's own file", {"envs/prod/app/terragrunt.hcl"}, {{"app-prod"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.change);
    const Resolution resolution = Changed(c.paths);
    EXPECT_EQ(resolution.waves, c.waves);
  }
  EXPECT_TRUE(discovery_.notes.empty()) << discovery_.notes.front();
}

TEST_F(DiscoveryTest, DependencyBlocksJoinDependsOnAndSayWhereEachEdgeCameFrom) {
  const Config config =
      Discovered(std::string(kConfig).replace(std::string(kConfig).find("{ dir: platform }"), 17,
                                              "{ dir: platform, depends_on: [bootstrap, tools] }"));
  const Layer* platform = config.FindLayer("platform");
  ASSERT_NE(platform, nullptr);
  EXPECT_EQ(platform->depends_on, (std::vector<std::string>{"bootstrap", "tools"}));
  EXPECT_EQ(platform->depends_on_from.at("bootstrap"),
            (std::vector<std::string>{"depends_on",
                                      "platform/terragrunt.hcl:8: dependency \"bootstrap\""}));
  EXPECT_EQ(platform->depends_on_from.at("tools"), (std::vector<std::string>{"depends_on"}));
  const Layer* app = config.FindLayer("app-prod");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->depends_on, (std::vector<std::string>{"platform"}));
  EXPECT_EQ(app->depends_on_from.at("platform"),
            (std::vector<std::string>{"envs/prod/app/terragrunt.hcl:14: dependency \"platform\""}));
  EXPECT_EQ(app->reads, (std::vector<std::string>{"common.hcl", "envs/prod.tfvars",
                                                  "envs/prod/env.hcl", "modules/app", "root.hcl"}));
  // Discovery again (a PR's run re-reads under its base's rules) adds nothing twice.
  Config again = config;
  ASSERT_TRUE(ApplyDiscovery(again, discovery_).ok());
  EXPECT_EQ(again.FindLayer("platform")->depends_on, platform->depends_on);
  EXPECT_EQ(again.FindLayer("platform")->depends_on_from, platform->depends_on_from);
}

// A dependency block on a promoted unit's dir means its target in the same environment, or
// all of its targets for a layer in none of them; each target reads its own var file.
TEST_F(DiscoveryTest, ADependencyOnAPromotedUnitFollowsTheEnvironment) {
  Write("api/terragrunt.hcl", "terraform {\n  source = \"../modules//app\"\n}\n");
  Write("web/terragrunt.hcl",
        "dependency \"api\" {\n  config_path = \"../api\"\n}\n"
        "dependency \"platform\" {\n  config_path = \"../platform\"\n}\n");
  Write("tools/terragrunt.hcl", "dependency \"api\" {\n  config_path = \"../api\"\n}\n");
  const Config config = Discovered(R"(version: 1
engine: terragrunt
layers:
  bootstrap: { dir: bootstrap, engine: terraform }
  platform: { dir: platform }
  api: { dir: api, environments: [staging, prod] }
  web: { dir: web, environments: [staging, prod] }
  tools: { dir: tools }
environments:
  staging: { var_files: [envs/staging.tfvars] }
  prod: { var_files: [envs/prod.tfvars] }
)");
  EXPECT_EQ(config.FindLayer("web@staging")->depends_on,
            (std::vector<std::string>{"api@staging", "platform"}));
  EXPECT_EQ(config.FindLayer("web@prod")->depends_on,
            (std::vector<std::string>{"web@staging", "api@prod", "platform"}));
  EXPECT_EQ(config.FindLayer("tools")->depends_on,
            (std::vector<std::string>{"api@staging", "api@prod"}));
  EXPECT_EQ(config.FindLayer("api@prod")->reads,
            (std::vector<std::string>{"envs/prod.tfvars", "modules/app"}));
  Result<Resolution> resolution = ResolveLayers(config, {"envs/prod.tfvars"});
  ASSERT_TRUE(resolution.ok());
  EXPECT_EQ(resolution->layers, (std::vector<std::string>{"api@prod", "web@prod", "tools"}));
}

// Where terraform's code is, for `lint: tflint`: the unit itself, the module its local
// `source` names, or nowhere here when that source is fetched.
TEST_F(DiscoveryTest, EachLayerKnowsWhereItsTerraformCodeIs) {
  Write("remote/terragrunt.hcl",
        "terraform {\n  source = \"git::https://example.com/modules.git//vpc?ref=v1\"\n}\n");
  std::string yaml = kConfig;
  yaml.replace(yaml.find("  tools: { dir: tools }"), 23,
               "  tools: { dir: tools }\n  remote: { dir: remote }");
  const Config config = Discovered(yaml);
  EXPECT_EQ(config.FindLayer("bootstrap")->code_dir, "bootstrap");
  EXPECT_EQ(config.FindLayer("platform")->code_dir, "modules/net");
  EXPECT_EQ(config.FindLayer("app-prod")->code_dir, "modules/app");
  EXPECT_EQ(config.FindLayer("tools")->code_dir, "tools");
  EXPECT_EQ(config.FindLayer("remote")->code_dir, "") << "its code is fetched, not here";
  EXPECT_FALSE(LintDirectory(*config.FindLayer("remote")).ok());
  EXPECT_EQ(*LintDirectory(*config.FindLayer("platform")), "modules/net");
}

TEST_F(DiscoveryTest, ACycleThroughADependencyBlockNamesBothSources) {
  Write("bootstrap/terragrunt.hcl", "");  // not read: bootstrap is a terraform layer
  Result<Config> config =
      ParseConfig(std::string(kConfig).replace(std::string(kConfig).find("engine: terraform }"), 19,
                                               "engine: terraform, depends_on: [app-prod] }"),
                  ".infra-flash.yml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  Status applied = DiscoverInto(*config, root_.string());
  ASSERT_FALSE(applied.ok());
  const std::string& message = applied.error().message;
  EXPECT_NE(message.find("cycle"), std::string::npos) << message;
  EXPECT_NE(message.find("`depends_on` in .infra-flash.yml"), std::string::npos) << message;
  EXPECT_NE(message.find("platform/terragrunt.hcl:8: dependency \"bootstrap\""), std::string::npos)
      << message;
  EXPECT_NE(message.find("envs/prod/app/terragrunt.hcl:14: dependency \"platform\""),
            std::string::npos)
      << message;
}

// Both ways of staying inside the workspace: openat2's RESOLVE_BENEATH, and the lstat walk
// kernels without it get.
struct Reader {
  const char* name;
  DiscoveryOptions options;
};
const Reader kReaders[] = {
    {"Openat2", {.resolve_beneath = true}},
    {"Lstat", {.resolve_beneath = false}},
};

class DiscoveryEscapeTest : public DiscoveryTest, public ::testing::WithParamInterface<Reader> {};

TEST_P(DiscoveryEscapeTest, SymlinksAndFifosThePullRequestPlantsAreNotFollowed) {
  const std::string secret_dir =
      (root_.parent_path() / (root_.filename().string() + "-outside")).string();
  fs::create_directories(secret_dir);
  std::ofstream(secret_dir + "/secret.hcl")
      << "dependency \"x\" {\n  config_path = \"../tools\"\n}\n";
  // A relative link that climbs out, an absolute one, and a FIFO where a unit file goes
  // (opening it must not wait for a writer).
  fs::create_symlink("../" + fs::path(secret_dir).filename().string(), root_ / "up");
  fs::create_symlink(secret_dir, root_ / "abs");
  Write("platform/terragrunt.hcl",
        "include \"a\" {\n  path = \"../up/secret.hcl\"\n}\n"
        "include \"b\" {\n  path = \"../abs/secret.hcl\"\n}\n");
  fs::remove(root_ / "tools/terragrunt.hcl");
  fs::create_directories(root_ / "tools");
  ASSERT_EQ(mkfifo((root_ / "tools/terragrunt.hcl").c_str(), 0600), 0);
  // A unit file that is a symlink to one outside is not read (its dependency block would
  // give app-prod an edge to `tools`).
  std::ofstream(secret_dir + "/unit.hcl")
      << "dependency \"x\" {\n  config_path = \"../../../tools\"\n}\n";
  fs::remove(root_ / "envs/prod/app/terragrunt.hcl");
  fs::create_symlink(secret_dir + "/unit.hcl", root_ / "envs/prod/app/terragrunt.hcl");
  const Config config = Discovered(kConfig, GetParam().options);
  // The links are paths in the repository (changing them counts) but nothing behind them
  // was read: the outside file's dependency block would have added an edge to `tools`.
  EXPECT_EQ(config.FindLayer("platform")->reads,
            (std::vector<std::string>{"abs/secret.hcl", "up/secret.hcl"}));
  EXPECT_TRUE(config.FindLayer("platform")->depends_on.empty());
  EXPECT_TRUE(config.FindLayer("tools")->reads.empty());
  EXPECT_TRUE(config.FindLayer("app-prod")->depends_on.empty());
  fs::remove_all(secret_dir);
}

INSTANTIATE_TEST_SUITE_P(EveryReader, DiscoveryEscapeTest, ::testing::ValuesIn(kReaders),
                         [](const ::testing::TestParamInfo<Reader>& param) {
                           return std::string(param.param.name);
                         });

// Everything discovery says, as one text to compare.
std::string Rendered(const Discovery& discovery) {
  std::string out = "files_read " + std::to_string(discovery.files_read) + "\n";
  for (const auto& [name, layer] : discovery.layers) {
    out += name + " code_dir=" + layer.code_dir + "\n";
    for (const std::string& read : layer.reads) out += "  reads " + read + "\n";
    for (const DiscoveredEdge& edge : layer.dependencies) {
      out += "  depends on " + edge.layer + " (" + edge.from + ")\n";
    }
  }
  for (const std::string& note : discovery.notes) out += "note " + note + "\n";
  return out;
}

// How a file is opened never changes what discovery finds: on 120 units in groups that
// share a root.hcl, env.hcl files and modules (as bench/explain.py has them), with units
// that have no file or an unresolvable read among them, both readers give the same answer.
TEST_F(DiscoveryTest, BothReadersFindTheSameThing) {
  std::string yaml = "version: 1\nengine: terragrunt\nlayers:\n";
  for (int i = 0; i < 120; ++i) {
    const std::string group = "g" + std::to_string(i / 20);
    const std::string dir = "stacks/" + group + "/u" + std::to_string(i);
    yaml += "  u" + std::to_string(i) + ": { dir: " + dir + " }\n";
    Write("stacks/" + group + "/env.hcl", "locals {\n  group = \"" + group + "\"\n}\n");
    std::string unit =
        "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\n"
        "locals {\n  env = read_terragrunt_config(find_in_parent_folders(\"env.hcl\"))\n}\n"
        "terraform {\n  source = \"../../../modules//net\"\n}\n";
    if (i > 0) {
      const int dep = (i * 7) % i;
      unit += "dependency \"d\" {\n  config_path = \"../../g" + std::to_string(dep / 20) + "/u" +
              std::to_string(dep) + "\"\n}\n";
    }
    if (i % 17 == 5) unit = "locals {\n  x = read_terragrunt_config(local.nowhere)\n}\n";
    if (i % 23 != 11) Write(dir + "/terragrunt.hcl", unit);  // some units have no file
  }
  Result<Config> config = ParseConfig(yaml, ".infra-flash.yml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const std::string expected =
      Rendered(DiscoverLayerInputs(*config, root_.string(), kReaders[0].options));
  EXPECT_NE(expected.find("depends on u"), std::string::npos) << expected;
  EXPECT_NE(expected.find("reads stacks/g3/env.hcl"), std::string::npos) << expected;
  for (const Reader& reader : kReaders) {
    EXPECT_EQ(Rendered(DiscoverLayerInputs(*config, root_.string(), reader.options)), expected)
        << reader.name;
  }
}

TEST_F(DiscoveryTest, WhatCannotBeFollowedIsANoteAndNothingIsReadFromOutside) {
  Write("tools/terragrunt.hcl",
        "locals {\n  x = read_terragrunt_config(local.somewhere)\n}\n"
        "include \"escape\" {\n  path = \"../../../../../../etc/passwd\"\n}\n"
        "dependency \"ghost\" {\n  config_path = \"../nowhere\"\n}\n");
  fs::create_symlink("/etc", root_ / "etc-link");
  Write("platform/terragrunt.hcl", "include \"root\" {\n  path = \"../etc-link/hostname\"\n}\n");
  const Config config = Discovered();
  std::string notes;
  for (const std::string& note : discovery_.notes) notes += note + "\n";
  EXPECT_NE(notes.find("tools/terragrunt.hcl:2: `local.somewhere` is not a path"),
            std::string::npos)
      << notes;
  EXPECT_NE(notes.find("tools/terragrunt.hcl:5:"), std::string::npos) << notes;
  EXPECT_NE(notes.find("points at nowhere, which is no layer's dir"), std::string::npos) << notes;
  EXPECT_TRUE(config.FindLayer("tools")->depends_on.empty());
  // The symlinked include is a path in the repository (a change to the link counts), but
  // what it points at outside is never read.
  EXPECT_EQ(config.FindLayer("platform")->reads, (std::vector<std::string>{"etc-link/hostname"}));
}

// A pull request can make its files as large as it likes: reading stops at the bound and
// says so, instead of reading gigabytes.
TEST_F(DiscoveryTest, ReadingStopsAtItsBoundAndSaysSo) {
  std::string yaml = "version: 1\nengine: terragrunt\nlayers:\n";
  const std::string padding(1000 * 1000, '#');  // one comment line, just under 1 MiB
  const int units = static_cast<int>(kMaxDiscoveryBytes / padding.size()) + 6;
  for (int i = 0; i < units; ++i) {
    const std::string dir = "big/u" + std::to_string(i);
    yaml += "  u" + std::to_string(i) + ": { dir: " + dir + " }\n";
    Write(dir + "/terragrunt.hcl",
          padding + "\ninclude \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\n");
  }
  for (const Reader& reader : kReaders) {
    const Config config = Discovered(yaml, reader.options);
    ASSERT_FALSE(discovery_.notes.empty()) << reader.name;
    EXPECT_NE(discovery_.notes.back().find("stopped reading after"), std::string::npos)
        << reader.name << ": " << discovery_.notes.back();
    EXPECT_EQ(config.FindLayer("u0")->reads, (std::vector<std::string>{"common.hcl", "root.hcl"}))
        << reader.name;
    EXPECT_TRUE(config.FindLayer("u" + std::to_string(units - 1))->reads.empty()) << reader.name;
  }
}

TEST_F(DiscoveryTest, WithoutTheFilesOnlyTheConfigsVarFilesAreKnown) {
  fs::remove_all(root_);
  fs::create_directories(root_);
  const Config config = Discovered();
  for (const Layer& layer : config.layers) {
    EXPECT_TRUE(layer.depends_on.empty()) << layer.name;
  }
  EXPECT_TRUE(config.FindLayer("platform")->reads.empty());
  EXPECT_EQ(config.FindLayer("app-staging")->reads,
            (std::vector<std::string>{"envs/staging.tfvars"}));
  EXPECT_TRUE(discovery_.notes.empty());
}

}  // namespace
}  // namespace infra_flash
