#include "report/sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "common/strings.h"
#include "report/budget.h"

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

TEST(FileSink, ReplacesTheFileAndKeepsTheStepSummaryBudget) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("infra-flash-sink-" + std::to_string(::getpid())))
          .string();
  FileSink sink(path);
  auto empty = sink.Load();
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());
  ASSERT_TRUE(sink.Publish(WithPlan(3u << 20)).ok());  // a 3 MB plan
  ASSERT_TRUE(sink.Publish(WithPlan(1000)).ok());
  auto text = ReadFile(path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->find("<!-- infra-flash:dashboard -->"), std::string::npos) << "no markers";
  EXPECT_EQ(text->find("## ⚡ infra-flash"), 0u) << "one dashboard, not two";
  ASSERT_TRUE(sink.Publish(WithPlan(3u << 20)).ok());
  text = ReadFile(path);
  EXPECT_LE(text->size(), kStepSummaryLimitBytes);
  EXPECT_GT(text->size(), kStepSummaryLimitBytes - (64u << 10)) << "the budget is used";
  auto loaded = sink.Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(**loaded, *text);
  std::filesystem::remove(path);
}

TEST(FileSink, AnUnwritablePathIsAnError) {
  FileSink sink("/nonexistent-directory/summary.md");
  Status status = sink.Publish(WithPlan(10));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("/nonexistent-directory"), std::string::npos);
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
