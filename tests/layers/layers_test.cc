// Layer resolution: changed paths -> affected layers in dependency waves.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "config/config.h"
#include "layers/layers.h"

namespace infra_flash {
namespace {

using Names = std::vector<std::string>;
using WaveList = std::vector<Names>;

const std::string kExample =
    std::string(INFRA_FLASH_SOURCE_DIR) + "/examples/monorepo/.infra-flash.yml";

Config Example() {
  Result<Config> config = LoadConfig(kExample);
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  return config.ok() ? *config : Config{};
}

Layer MakeLayer(std::string name, std::string dir, Names depends_on = {},
                Names when_modified = {}) {
  Layer layer;
  layer.name = std::move(name);
  layer.dir = std::move(dir);
  layer.depends_on = std::move(depends_on);
  layer.when_modified = std::move(when_modified);
  return layer;
}

// a; b and c depend on a; d on both.
Config Diamond() {
  Config config;
  config.layers = {MakeLayer("a", "a"), MakeLayer("b", "b", {"a"}), MakeLayer("c", "c", {"a"}),
                   MakeLayer("d", "d", {"b", "c"})};
  return config;
}

Resolution Resolve(const Config& config, const Names& paths) {
  Result<Resolution> resolution = ResolveLayers(config, paths);
  EXPECT_TRUE(resolution.ok()) << resolution.error().ToString();
  return resolution.ok() ? *resolution : Resolution{};
}

struct ResolveCase {
  const char* name;
  Names paths;
  WaveList waves;
  Names ignored;
  Names unowned;
};

const ResolveCase kExampleCases[] = {
    {"platform change reaches its dependents",
     {"platform/main.tf"},
     {{"platform"}, {"data-staging", "data-prod", "app@staging"}, {"app@prod"}},
     {},
     {}},
    {"platform hcl too",
     {"platform/terragrunt.hcl"},
     {{"platform"}, {"data-staging", "data-prod", "app@staging"}, {"app@prod"}},
     {},
     {}},
    {"libs trigger affects all",
     {"libs/modules/network/main.tf"},
     {{"bootstrap"}, {"platform"}, {"data-staging", "data-prod", "app@staging"}, {"app@prod"}},
     {},
     {}},
    {"a leaf layer alone", {"envs/prod/data/main.tf"}, {{"data-prod"}}, {}, {}},
    {"a promoted layer: every environment on its path, in order",
     {"app/main.tf"},
     {{"app@staging"}, {"app@prod"}},
     {},
     {}},
    {"docs are ignored", {"docs/runbook.md"}, {}, {"docs/runbook.md"}, {}},
    {"markdown anywhere is ignored", {"platform/README.md"}, {}, {"platform/README.md"}, {}},
    {"ignore wins over a trigger", {"libs/README.md"}, {}, {"libs/README.md"}, {}},
    {"unowned paths", {"scripts/deploy.sh", "root.hcl"}, {}, {}, {"scripts/deploy.sh", "root.hcl"}},
    {"leading ./ and empty lines",
     {"./platform/main.tf", "", "./"},
     {{"platform"}, {"data-staging", "data-prod", "app@staging"}, {"app@prod"}},
     {},
     {}},
    {"a dir-name prefix is not the dir", {"platformer/main.tf"}, {}, {}, {"platformer/main.tf"}},
    {"mixed",
     {"docs/runbook.md", "bootstrap/main.tf", "Makefile", "envs/staging/data/main.tf"},
     {{"bootstrap"}, {"platform"}, {"data-staging", "data-prod", "app@staging"}, {"app@prod"}},
     {"docs/runbook.md"},
     {"Makefile"}},
    {"nothing changed", {}, {}, {}, {}},
};

TEST(ResolveLayers, SeedExample) {
  Config config = Example();
  Result<LayerIndex> index = LayerIndex::Build(config);
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  for (const ResolveCase& c : kExampleCases) {
    Resolution resolution = index->Resolve(c.paths);
    EXPECT_EQ(resolution.waves, c.waves) << c.name;
    Names flat;
    for (const Names& wave : c.waves) flat.insert(flat.end(), wave.begin(), wave.end());
    EXPECT_EQ(resolution.layers, flat) << c.name;
    EXPECT_EQ(resolution.ignored_paths, c.ignored) << c.name;
    EXPECT_EQ(resolution.unowned_paths, c.unowned) << c.name;
  }
}

TEST(ResolveLayers, DeepestDirWins) {
  Config config;
  config.layers = {MakeLayer("infra", "infra"), MakeLayer("net", "infra/net"),
                   MakeLayer("vpc", "infra/net/vpc")};
  struct Case {
    const char* path;
    Names layers;
  };
  const Case cases[] = {
      {"infra/main.tf", {"infra"}},
      {"infra/net/main.tf", {"net"}},
      {"infra/net/vpc/main.tf", {"vpc"}},
      {"infra/net/vpc/modules/x/main.tf", {"vpc"}},
      {"infra/network/main.tf", {"infra"}},
      {"infra/net", {"net"}},  // a submodule at the layer's own path
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Resolve(config, {c.path}).layers, c.layers) << c.path;
  }
}

TEST(ResolveLayers, RootLayerOwnsWhatNoDeeperLayerDoes) {
  Config config;
  config.layers = {MakeLayer("root", "."), MakeLayer("app", "app", {"root"})};
  EXPECT_EQ(Resolve(config, {"main.tf"}).layers, (Names{"root", "app"}));
  EXPECT_EQ(Resolve(config, {"app/main.tf"}).layers, Names{"app"});
  EXPECT_TRUE(Resolve(config, {"x/y.tf"}).unowned_paths.empty());
}

TEST(ResolveLayers, WhenModifiedAddsLayers) {
  Config config;
  config.layers = {MakeLayer("a", "a", {}, {"modules/vpc/**", "*.tfvars"}),
                   MakeLayer("b", "b", {}, {"modules/**"})};
  EXPECT_EQ(Resolve(config, {"modules/vpc/main.tf"}).layers, (Names{"a", "b"}));
  EXPECT_EQ(Resolve(config, {"modules/dns/main.tf"}).layers, Names{"b"});
  EXPECT_EQ(Resolve(config, {"prod.tfvars"}).layers, Names{"a"});
  Resolution nested = Resolve(config, {"envs/prod.tfvars"});
  EXPECT_TRUE(nested.layers.empty());
  EXPECT_EQ(nested.unowned_paths, Names{"envs/prod.tfvars"});
}

TEST(ResolveLayers, TriggersNameLayers) {
  Config config = Diamond();
  PathTrigger trigger;
  trigger.paths = {"shared/{b,c}.hcl"};
  trigger.layers = {"c"};
  config.triggers.push_back(trigger);
  Resolution resolution = Resolve(config, {"shared/b.hcl"});
  EXPECT_EQ(resolution.waves, (WaveList{{"c"}, {"d"}}));
  EXPECT_TRUE(resolution.unowned_paths.empty());
}

TEST(ResolveLayers, DiamondWaves) {
  Config config = Diamond();
  EXPECT_EQ(Resolve(config, {"a/x.tf"}).waves, (WaveList{{"a"}, {"b", "c"}, {"d"}}));
  EXPECT_EQ(Resolve(config, {"b/x.tf"}).waves, (WaveList{{"b"}, {"d"}}));
  EXPECT_EQ(Resolve(config, {"c/x.tf", "b/x.tf"}).waves, (WaveList{{"b", "c"}, {"d"}}));
  EXPECT_EQ(Resolve(config, {"d/x.tf"}).waves, (WaveList{{"d"}}));
}

TEST(ResolveLayers, WavesFollowFileOrderNotNames) {
  Config config;
  config.layers = {MakeLayer("zeta", "z"), MakeLayer("alpha", "a", {"zeta"}), MakeLayer("mid", "m"),
                   MakeLayer("beta", "b", {"zeta"})};
  Names paths = {"b/1", "a/1", "m/1", "z/1"};
  WaveList expected = {{"zeta", "mid"}, {"alpha", "beta"}};
  for (int run = 0; run < 3; ++run) EXPECT_EQ(Resolve(config, paths).waves, expected);
  std::reverse(paths.begin(), paths.end());
  EXPECT_EQ(Resolve(config, paths).waves, expected);
}

TEST(ResolveLayers, LongChainIsOneLayerPerWave) {
  Config config;
  for (int i = 0; i < 200; ++i) {
    Names dependencies;
    if (i > 0) dependencies.push_back("l" + std::to_string(i - 1));
    config.layers.push_back(
        MakeLayer("l" + std::to_string(i), "l" + std::to_string(i), dependencies));
  }
  Resolution resolution = Resolve(config, {"l0/main.tf"});
  ASSERT_EQ(resolution.waves.size(), 200u);
  EXPECT_EQ(resolution.waves.back(), Names{"l199"});
}

TEST(Waves, OnSubsets) {
  Config config = Diamond();
  struct Case {
    const char* name;
    Names names;
    WaveList waves;
  };
  const Case cases[] = {
      {"all", {"d", "c", "b", "a"}, {{"a"}, {"b", "c"}, {"d"}}},
      {"ends only: order kept through unselected layers", {"d", "a"}, {{"a"}, {"d"}}},
      {"siblings", {"c", "b"}, {{"b", "c"}}},
      {"one", {"d"}, {{"d"}}},
      {"unknown names dropped", {"b", "nope"}, {{"b"}}},
      {"duplicates", {"b", "b", "a"}, {{"a"}, {"b"}}},
      {"empty", {}, {}},
  };
  for (const Case& c : cases) EXPECT_EQ(Waves(config, c.names), c.waves) << c.name;
}

TEST(WithDependents, ClosesOverDependentsInFileOrder) {
  Config config = Diamond();
  EXPECT_EQ(WithDependents(config, {"b"}), (Names{"b", "d"}));
  EXPECT_EQ(WithDependents(config, {"a"}), (Names{"a", "b", "c", "d"}));
  EXPECT_EQ(WithDependents(config, {"d", "c"}), (Names{"c", "d"}));
  EXPECT_EQ(WithDependents(config, {"nope"}), Names{});
}

TEST(FindCycle, NamesTheCycle) {
  struct Case {
    const char* name;
    std::vector<Layer> layers;
    Names cycle;
  };
  const Case cases[] = {
      {"none", Diamond().layers, {}},
      {"self", {MakeLayer("a", "a", {"a"})}, {"a", "a"}},
      {"three",
       {MakeLayer("a", "a", {"b"}), MakeLayer("b", "b", {"c"}), MakeLayer("c", "c", {"a"})},
       {"a", "b", "c", "a"}},
      {"behind a chain",
       {MakeLayer("root", "r"), MakeLayer("x", "x", {"root", "y"}), MakeLayer("y", "y", {"x"})},
       {"x", "y", "x"}},
      {"unknown dependencies ignored", {MakeLayer("a", "a", {"ghost"})}, {}},
  };
  for (const Case& c : cases) {
    Config config;
    config.layers = c.layers;
    EXPECT_EQ(FindCycle(config), c.cycle) << c.name;
  }
}

TEST(Waves, CycleMembersAreStillPlaced) {
  // The loader refuses cycles; a Config built by hand must still not lose layers.
  Config config;
  config.layers = {MakeLayer("a", "a"), MakeLayer("b", "b", {"a", "c"}),
                   MakeLayer("c", "c", {"b"})};
  EXPECT_EQ(Waves(config, {"a", "b", "c"}), (WaveList{{"a"}, {"b"}, {"c"}}));
}

TEST(LayerIndex, RefusesAnInvalidGlob) {
  Config config = Diamond();
  config.file = "f.yml";
  config.ignore = {"docs**"};
  Result<LayerIndex> index = LayerIndex::Build(config);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.error().file, "f.yml");
  EXPECT_NE(index.error().message.find("`docs**`"), std::string::npos) << index.error().message;
}

// 500 layers in chains of five, each with a when_modified glob; 3,000 changed paths.
TEST(LayerIndex, ResolvesThousandsOfPathsOverHundredsOfLayers) {
  Config config;
  for (int i = 0; i < 500; ++i) {
    Names dependencies;
    if (i % 5 != 0) dependencies.push_back("layer" + std::to_string(i - 1));
    config.layers.push_back(MakeLayer("layer" + std::to_string(i), "stacks/s" + std::to_string(i),
                                      dependencies, {"modules/m" + std::to_string(i) + "/**"}));
  }
  config.ignore = {"docs/**", "**/*.md"};
  PathTrigger trigger;
  trigger.paths = {"libs/core/**"};
  trigger.all_layers = true;
  config.triggers.push_back(trigger);
  Names paths;
  for (int i = 0; i < 3000; ++i) {
    switch (i % 4) {
      case 0:
        paths.push_back("stacks/s" + std::to_string(i / 4 % 500) + "/deep/dir/main.tf");
        break;
      case 1:
        paths.push_back("modules/m" + std::to_string(i % 500) + "/x/variables.tf");
        break;
      case 2:
        paths.push_back("docs/page" + std::to_string(i) + ".md");
        break;
      default:
        paths.push_back("tools/script" + std::to_string(i) + ".sh");
    }
  }
  Result<LayerIndex> index = LayerIndex::Build(config);
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  Resolution resolution = index->Resolve(paths);
  EXPECT_EQ(resolution.layers.size(), 500u);
  EXPECT_EQ(resolution.waves.size(), 5u);
  EXPECT_EQ(resolution.ignored_paths.size(), 750u);
  EXPECT_EQ(resolution.unowned_paths.size(), 750u);
}

}  // namespace
}  // namespace infra_flash
