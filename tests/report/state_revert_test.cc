// The hidden state remembers that a layer's plan is a `/revert` (the commit it planned),
// through every way a dashboard travels: the state block, the model, the rendered comment.
#include <gtest/gtest.h>

#include "report/comment_body.h"
#include "report/render.h"
#include "report/state.h"

namespace infra_flash {
namespace {

const std::string kOld = "0123456789abcdef0123456789abcdef01234567";

Dashboard RevertDashboard() {
  Dashboard dashboard;
  dashboard.sha = "feedfacefeedfacefeedfacefeedfacefeedface";
  dashboard.branch = "feature";
  LayerRow revert;
  revert.name = "platform";
  revert.plan = {StageStatus::kChanges, "+0 ~1 −0", -1};
  revert.plan_digest = "sha256:aa";
  revert.plan_source_sha = kOld;
  LayerRow plain;
  plain.name = "data";
  plain.plan = {StageStatus::kChanges, "+1 ~0 −0", -1};
  plain.plan_digest = "sha256:bb";
  dashboard.layers = {revert, plain};
  return dashboard;
}

TEST(StateRevert, SourceShaSurvivesTheRenderedComment) {
  const std::string comment = RenderDashboard(RevertDashboard());
  Result<DashboardState> parsed = ParseDashboardState(comment);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_NE(parsed->FindLayer("platform"), nullptr);
  EXPECT_EQ(parsed->FindLayer("platform")->plan_source_sha, kOld);
  ASSERT_NE(parsed->FindLayer("data"), nullptr);
  EXPECT_EQ(parsed->FindLayer("data")->plan_source_sha, "") << "a plain plan has no source";
}

TEST(StateRevert, SourceShaSurvivesModelAndBlock) {
  const DashboardState state = StateOf(RevertDashboard());
  const Dashboard back = DashboardFromState(state);
  ASSERT_EQ(back.layers.size(), 2u);
  EXPECT_EQ(back.layers[0].plan_source_sha, kOld);
  EXPECT_EQ(back.layers[1].plan_source_sha, "");
  const std::string block = RenderStateBlock(state);
  EXPECT_NE(block.find("\"source\":\"" + kOld + "\""), std::string::npos) << block;
  EXPECT_EQ(block.find("\"source\":\"\""), std::string::npos) << "empty is left out: " << block;
}

TEST(StateRevert, OldStatesWithoutSourceStayReadable) {
  // A block written before the field existed.
  const std::string body =
      std::string(kDashboardMarker) + "\n## x\n" + std::string(kStateBlockStart) +
      R"({"version":1,"sha":"abc","layers":[{"name":"platform","plan":["changes","+1 ~0 −0"],)"
      R"("plan_digest":"sha256:cc"}]} -->)" +
      "\n" + std::string(kDashboardEndMarker) + "\n";
  Result<DashboardState> parsed = ParseDashboardState(body);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_NE(parsed->FindLayer("platform"), nullptr);
  EXPECT_EQ(parsed->FindLayer("platform")->plan_digest, "sha256:cc");
  EXPECT_EQ(parsed->FindLayer("platform")->plan_source_sha, "");
}

}  // namespace
}  // namespace infra_flash
