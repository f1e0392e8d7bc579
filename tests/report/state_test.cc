#include "report/state.h"

#include <gtest/gtest.h>

#include "report/comment_body.h"

namespace infra_flash {
namespace {

std::string Wrap(const std::string& inner) {
  return std::string(kDashboardMarker) + "\n## x\n" + inner + "\n" +
         std::string(kDashboardEndMarker) + "\n";
}

TEST(StateBlock, RoundTripsOddNames) {
  DashboardState state;
  state.sha = "abc";
  state.branch = "feat/--> <!-- & \"quoted\"";
  LayerState layer;
  layer.name = "db-->prod <x> & \"y\" \\ é";
  layer.plan = {StageStatus::kChanges, "+1 ~0 −0"};
  layer.apply.status = StageStatus::kPending;
  layer.plan_digest = "sha256:00";
  layer.lock_holder = "#4";
  layer.applied_by = "alice";
  layer.applied_sha = "def";
  state.layers.push_back(layer);
  state.checks.push_back({CheckKind::kHealth, "", {StageStatus::kPassed, "4/4 up"}});
  const std::string block = RenderStateBlock(state);
  EXPECT_EQ(block.find("-->"), block.size() - 3) << "the block cannot end early: " << block;
  EXPECT_EQ(block.find('<', 1), std::string::npos) << block;
  auto parsed = ParseDashboardState(Wrap(block));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->branch, state.branch);
  ASSERT_EQ(parsed->layers.size(), 1u);
  const LayerState& got = parsed->layers[0];
  EXPECT_EQ(got.name, layer.name);
  EXPECT_EQ(got.plan.status, StageStatus::kChanges);
  EXPECT_EQ(got.plan.note, "+1 ~0 −0");
  EXPECT_EQ(got.apply.status, StageStatus::kPending);
  EXPECT_EQ(got.format.status, StageStatus::kNotRun);
  EXPECT_EQ(got.plan_digest, "sha256:00");
  EXPECT_EQ(got.lock_holder, "#4");
  EXPECT_EQ(got.applied_by, "alice");
  EXPECT_EQ(got.applied_sha, "def");
  ASSERT_EQ(parsed->checks.size(), 1u);
  EXPECT_EQ(parsed->checks[0].kind, CheckKind::kHealth);
  EXPECT_EQ(parsed->checks[0].cell.note, "4/4 up");
  EXPECT_NE(parsed->FindLayer(layer.name), nullptr);
  EXPECT_EQ(parsed->FindLayer("other"), nullptr);
}

TEST(StateBlock, TestEnvironmentChecksRoundTripAndOldStatesStayReadable) {
  DashboardState state;
  state.checks.push_back({CheckKind::kTestEnv, "platform", {StageStatus::kFailed, "apply failed"}});
  auto parsed = ParseDashboardState(Wrap(RenderStateBlock(state)));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->checks.size(), 1u);
  EXPECT_EQ(parsed->checks[0].kind, CheckKind::kTestEnv);
  EXPECT_EQ(parsed->checks[0].name, "platform");
  EXPECT_EQ(parsed->checks[0].cell.status, StageStatus::kFailed);
  EXPECT_NE(RenderStateBlock(state).find(R"("kind":"test_env")"), std::string::npos);
  // A state written before test environments existed reads as it did.
  auto old = ParseDashboardState(
      Wrap(R"(<!-- infra-flash:state {"version":1,"layers":[{"name":"a","plan":"passed"}],)"
           R"("checks":[{"kind":"health","status":"passed"}]} -->)"));
  ASSERT_TRUE(old.ok()) << old.error().message;
  ASSERT_EQ(old->checks.size(), 1u);
  EXPECT_EQ(old->checks[0].kind, CheckKind::kHealth);
}

TEST(ParseDashboardState, DamageIsAnErrorNeverACrash) {
  struct {
    const char* name;
    std::string body;
    const char* expected;
  } cases[] = {
      {"no dashboard", "just a comment", "no infra-flash dashboard"},
      {"quoted dashboard only", "> <!-- infra-flash:dashboard -->", "no infra-flash dashboard"},
      {"no block", Wrap("table only"), "no state block"},
      {"unclosed block", Wrap("<!-- infra-flash:state {\"version\":1"), "not closed"},
      {"not json", Wrap("<!-- infra-flash:state {version: 1} -->"), "not valid JSON"},
      {"not an object", Wrap("<!-- infra-flash:state [1] -->"), "not a JSON object"},
      {"newer version", Wrap("<!-- infra-flash:state {\"version\":2} -->"), "version 2"},
      {"state outside the region", "<!-- infra-flash:state {\"version\":1} -->\n" + Wrap(""),
       "no state block"},
  };
  for (const auto& c : cases) {
    auto state = ParseDashboardState(c.body);
    ASSERT_FALSE(state.ok()) << c.name;
    EXPECT_NE(state.error().message.find(c.expected), std::string::npos)
        << c.name << ": " << state.error().message;
  }
}

TEST(ParseDashboardState, ToleratesWrongTypesInside) {
  auto state = ParseDashboardState(Wrap(
      R"(<!-- infra-flash:state {"version":1,"layers":[{"name":"a","plan":42,"apply":["nope"]},)"
      R"({"plan":"passed"},"x"],"checks":[{"kind":"weird"}]} -->)"));
  ASSERT_TRUE(state.ok()) << state.error().message;
  ASSERT_EQ(state->layers.size(), 1u) << "a layer without a name is dropped";
  EXPECT_EQ(state->layers[0].plan.status, StageStatus::kNotRun);
  EXPECT_TRUE(state->checks.empty());
}

}  // namespace
}  // namespace infra_flash
