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
  LayerRow layer;
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
  const LayerRow& got = parsed->layers[0];
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

// A plan without changes has a status of its own; what the note says is for people. The
// blocks written before that status existed (version 1: ["skipped", "no changes"]) are
// still read as a plan without changes; a current block means what its status says.
TEST(StateBlock, APlanWithoutChangesIsAStatusNotANote) {
  struct Case {
    const char* name;
    int version;
    const char* plan_cell;
    StageStatus expected;
    const char* note;
  };
  const Case cases[] = {
      {"no changes", 2, R"(["no_changes","no changes"])", StageStatus::kNoChanges, "no changes"},
      {"no changes, another note", 2, R"(["no_changes","up to date ✨"])", StageStatus::kNoChanges,
       "up to date ✨"},
      {"no changes, no note", 2, R"("no_changes")", StageStatus::kNoChanges, ""},
      {"skipped with the old note", 2, R"(["skipped","no changes"])", StageStatus::kSkipped,
       "no changes"},
      {"changes with that note", 2, R"(["changes","no changes"])", StageStatus::kChanges,
       "no changes"},
      {"version 1's no changes", 1, R"(["skipped","no changes"])", StageStatus::kNoChanges,
       "no changes"},
      {"version 1's skipped", 1, R"(["skipped","checks failed"])", StageStatus::kSkipped,
       "checks failed"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseDashboardState(
        Wrap("<!-- infra-flash:state {\"version\":" + std::to_string(c.version) +
             R"(,"layers":[{"name":"a","plan":)" + c.plan_cell +
             R"(,"apply":["skipped","no changes"]}]} -->)"));
    ASSERT_TRUE(parsed.ok()) << c.name << ": " << parsed.error().message;
    EXPECT_EQ(parsed->version, kDashboardStateVersion) << c.name;
    const LayerRow& layer = parsed->layers.at(0);
    EXPECT_EQ(layer.plan.status, c.expected) << c.name;
    EXPECT_EQ(layer.plan.note, c.note) << c.name;
    EXPECT_EQ(layer.apply.status, StageStatus::kSkipped)
        << c.name << ": only plan cells are upgraded";
  }
  DashboardState state;
  state.layers.push_back({"a"});
  state.layers.back().plan = {StageStatus::kNoChanges, "no changes"};
  const std::string block = RenderStateBlock(state);
  EXPECT_NE(block.find(R"("plan":["no_changes","no changes"])"), std::string::npos) << block;
  EXPECT_NE(block.find(R"({"version":2,)"), std::string::npos) << block;
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
      {"newer version", Wrap("<!-- infra-flash:state {\"version\":3} -->"), "version 3"},
      {"no version", Wrap("<!-- infra-flash:state {\"layers\":[]} -->"), "version 0"},
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
