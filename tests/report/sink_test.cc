#include "report/sink.h"

#include <gtest/gtest.h>

#include <sstream>

namespace infra_flash {
namespace {

Dashboard WithPlan(std::size_t plan_bytes) {
  Dashboard dashboard;
  dashboard.branch = "feature";
  LayerRow layer;
  layer.name = "platform";
  layer.plan.status = StageStatus::kChanges;
  for (std::size_t i = 0; layer.plan_text.size() < plan_bytes; ++i) {
    layer.plan_text += "  + resource \"null_resource\" \"n" + std::to_string(i) + "\" {}\n";
  }
  dashboard.layers.push_back(layer);
  return dashboard;
}

TEST(TerminalSink, PrintsTheWholeDashboard) {
  std::ostringstream out;
  TerminalSink sink(out);
  ASSERT_TRUE(sink.Publish(WithPlan(200'000)).ok());
  EXPECT_NE(out.str().find("## ⚡ infra-flash"), std::string::npos);
  EXPECT_EQ(out.str().find("cut here"), std::string::npos) << "a terminal has no limit";
  EXPECT_GT(out.str().size(), 200'000u);
}

}  // namespace
}  // namespace infra_flash
