// GateByDependencies: a layer is applied only when none of its dependencies has a plan
// with changes in this PR that stays unapplied.
#include "policy/apply_order.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace infra_flash {
namespace {

// platform <- app <- web; edge alone.
Config Layers() {
  Result<Config> config = ParseConfig(R"(version: 1
layers:
  platform: { dir: platform }
  app: { dir: app, depends_on: [platform] }
  web: { dir: web, depends_on: [app] }
  edge: { dir: edge }
)",
                                      ".infra-flash.yml");
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  return config.ok() ? *config : Config{};
}

// A state in which each named layer's plan is `plan` and its apply `apply`.
DashboardState State(
    const std::vector<std::pair<std::string, std::pair<StageStatus, StageStatus>>>& rows) {
  DashboardState state;
  for (const auto& [name, cells] : rows) {
    LayerRow row;
    row.name = name;
    row.plan.status = cells.first;
    row.apply.status = cells.second;
    state.layers.push_back(row);
  }
  return state;
}

std::vector<std::string> Refused(const ApplyGate& gate) {
  std::vector<std::string> names;
  for (const auto& [layer, reason] : gate.refused) names.push_back(layer);
  return names;
}

constexpr auto kChanges = StageStatus::kChanges;
constexpr auto kNoChanges = StageStatus::kNoChanges;
constexpr auto kPassed = StageStatus::kPassed;
constexpr auto kNotRun = StageStatus::kNotRun;
constexpr auto kFailed = StageStatus::kFailed;

TEST(GateByDependencies, DecisionTable) {
  const Config config = Layers();
  struct Case {
    const char* name;
    std::vector<std::string> layers;
    DashboardState state;
    std::vector<std::string> runnable;
    std::vector<std::string> refused;
  } cases[] = {
      {"a dependency with an unapplied plan blocks",
       {"app"},
       State({{"platform", {kChanges, kNotRun}}, {"app", {kChanges, kNotRun}}}),
       {},
       {"app"}},
      {"applied in the same batch, first: both run",
       {"platform", "app"},
       State({{"platform", {kChanges, kNotRun}}, {"app", {kChanges, kNotRun}}}),
       {"platform", "app"},
       {}},
      {"already applied: runs",
       {"app"},
       State({{"platform", {kChanges, kPassed}}, {"app", {kChanges, kNotRun}}}),
       {"app"},
       {}},
      {"a dependency without changes does not block",
       {"app"},
       State({{"platform", {kNoChanges, kNotRun}}, {"app", {kChanges, kNotRun}}}),
       {"app"},
       {}},
      {"a dependency this PR never planned does not block",
       {"app"},
       State({{"app", {kChanges, kNotRun}}}),
       {"app"},
       {}},
      {"a failed apply of the dependency still blocks",
       {"app"},
       State({{"platform", {kChanges, kFailed}}, {"app", {kChanges, kNotRun}}}),
       {},
       {"app"}},
      {"a refused layer blocks its dependents in the same batch",
       {"app", "web"},
       State({{"platform", {kChanges, kNotRun}},
              {"app", {kChanges, kNotRun}},
              {"web", {kChanges, kNotRun}}}),
       {},
       {"app", "web"}},
      {"an independent layer is not held back",
       {"app", "edge"},
       State({{"platform", {kChanges, kNotRun}},
              {"app", {kChanges, kNotRun}},
              {"edge", {kChanges, kNotRun}}}),
       {"edge"},
       {"app"}},
      {"unknown names are dropped",
       {"nope", "edge"},
       State({{"edge", {kChanges, kNotRun}}}),
       {"edge"},
       {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const ApplyGate gate = GateByDependencies(config, c.layers, c.state);
    EXPECT_EQ(gate.runnable, c.runnable);
    EXPECT_EQ(Refused(gate), c.refused);
  }
}

TEST(GateByDependencies, TheReasonNamesTheDependencyAndHowToApplyIt) {
  const ApplyGate gate = GateByDependencies(
      Layers(), {"app"}, State({{"platform", {kChanges, kNotRun}}, {"app", {kChanges, kNotRun}}}));
  ASSERT_EQ(gate.refused.size(), 1u);
  EXPECT_EQ(gate.refused[0].second,
            "depends on `platform`, whose plan is not applied in this PR: apply `platform` first "
            "(`/apply platform`)");
}

}  // namespace
}  // namespace infra_flash
