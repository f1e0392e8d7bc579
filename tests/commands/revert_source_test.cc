// Which tree `/apply` uses for each layer: the PR's head, or the older commit a reviewed
// `/revert` plan came from (pure part, no I/O).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "commands/revert_source.h"

namespace infra_flash {
namespace {

const std::string kA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

TEST(RevertSource, OneTreePerApply) {
  DashboardState shown;
  const auto layer = [](const std::string& name, const std::string& source) {
    LayerRow row;
    row.name = name;
    row.plan_source_sha = source;
    return row;
  };
  shown.layers = {layer("bootstrap", ""), layer("platform", kA), layer("data", kB),
                  layer("cache", kA)};
  struct Case {
    std::vector<std::string> runnable;
    std::string sha;
    std::vector<std::string> layers;
    std::vector<std::string> refused;
  };
  const Case cases[] = {
      {{"bootstrap", "platform"}, "", {"bootstrap"}, {"platform"}},
      {{"platform", "data", "cache"}, kA, {"platform", "cache"}, {"data"}},
      {{"data"}, kB, {"data"}, {}},
      {{"unknown"}, "", {"unknown"}, {}},
      {{}, "", {}, {}},
  };
  for (const Case& c : cases) {
    ApplySource source = SplitBySource(shown, c.runnable);
    const std::string name = ::testing::PrintToString(c.runnable);
    EXPECT_EQ(source.sha, c.sha) << name;
    EXPECT_EQ(source.layers, c.layers) << name;
    std::vector<std::string> refused;
    for (const auto& [refused_layer, reason] : source.refused) {
      refused.push_back(refused_layer);
      EXPECT_NE(reason.find("`/apply " + refused_layer + "`"), std::string::npos) << reason;
    }
    EXPECT_EQ(refused, c.refused) << name;
    EXPECT_EQ(source.AppliedCommit("head"), c.sha.empty() ? "head" : c.sha) << name;
  }
}

}  // namespace
}  // namespace infra_flash
