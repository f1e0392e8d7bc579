#include "report/comment_body.h"

#include <gtest/gtest.h>

#include "report/budget.h"
#include "report/state.h"

namespace infra_flash {
namespace {

Dashboard Small() {
  Dashboard dashboard;
  dashboard.branch = "b";
  dashboard.sha = "0123456789";
  LayerRow layer;
  layer.name = "platform";
  layer.plan.status = StageStatus::kChanges;
  dashboard.layers.push_back(layer);
  return dashboard;
}

TEST(SplitDashboardComment, Table) {
  const std::string ours =
      std::string(kDashboardMarker) + "\nbody\n" + std::string(kDashboardEndMarker) + "\n";
  struct {
    const char* name;
    std::string body;
    bool found;
    std::string before;
    std::string after;
  } cases[] = {
      {"ours alone", ours, true, "", ""},
      {"text around", "above\n" + ours + "below", true, "above\n", "below"},
      {"end marker lost: rest is ours", "above\n" + std::string(kDashboardMarker) + "\nx", true,
       "above\n", ""},
      {"marker mid-line is not ours", "see " + std::string(kDashboardMarker), false, "", ""},
      {"no marker", "hello", false, "", ""},
  };
  for (const auto& c : cases) {
    auto parts = SplitDashboardComment(c.body);
    ASSERT_EQ(parts.has_value(), c.found) << c.name;
    EXPECT_EQ(IsDashboardComment(c.body), c.found) << c.name;
    if (!parts) continue;
    EXPECT_EQ(parts->before, c.before) << c.name;
    EXPECT_EQ(parts->after, c.after) << c.name;
    EXPECT_EQ(parts->before + parts->dashboard + parts->after, c.body) << c.name;
  }
}

TEST(ComposeDashboardComment, KeepsPeoplesTextAndReplacesOurs) {
  const std::string first = ComposeDashboardComment(Small(), nullptr);
  const std::string edited = "Please hold until Friday." + std::string("\n") + first + "cc @ops";
  auto parts = SplitDashboardComment(edited);
  ASSERT_TRUE(parts.has_value());
  Dashboard next = Small();
  next.layers[0].plan.note = "+7 ~0 −0";
  const std::string body = ComposeDashboardComment(next, &*parts);
  EXPECT_EQ(body.rfind("Please hold until Friday.\n", 0), 0u);
  EXPECT_EQ(body.substr(body.size() - 7), "cc @ops");
  EXPECT_NE(body.find("+7 ~0 −0"), std::string::npos);
  auto state = ParseDashboardState(body);
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->layers[0].plan.note, "+7 ~0 −0");
}

TEST(ComposeDashboardComment, AHugeHumanEditStillLeavesRoomAndFits) {
  CommentParts parts;
  parts.before = std::string(60'000, 'a') + "\n";
  parts.after = std::string(30'000, 'z');
  Dashboard dashboard = Small();
  dashboard.layers[0].plan_text = std::string(20'000, 'p');
  const std::string body = ComposeDashboardComment(dashboard, &parts);
  EXPECT_LE(body.size(), kCommentLimitBytes);
  EXPECT_NE(body.find("cut by infra-flash to make room for the dashboard"), std::string::npos);
  EXPECT_TRUE(ParseDashboardState(body).ok());
}

}  // namespace
}  // namespace infra_flash
