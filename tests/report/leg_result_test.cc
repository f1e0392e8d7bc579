// The result file of a fanned-out plan's leg: what the leg writes is what the gather job
// reads, and what is not a result file of this version is refused with its reason.
#include "report/leg_result.h"

#include <gtest/gtest.h>

namespace infra_flash {
namespace {

LegResult Planned() {
  LegResult result;
  result.repository = "o/r";
  result.pull_request = 12;
  result.sha = std::string(40, 'c');
  result.row.name = "app@prod";
  result.row.format = {StageStatus::kPassed, "", 120};
  result.row.validate = {StageStatus::kPassed, "", 340};
  result.row.plan = {StageStatus::kChanges, "+1 ~0 −0", 1500};
  result.row.plan_summary = "+1 ~0 −0";
  result.row.plan_digest = "sha256:" + std::string(64, 'd');
  result.row.lock_holder = "#12";
  result.row.plan_text = "  + resource \"null_resource\" \"app\" {}\n";
  return result;
}

TEST(LegResult, WhatALegWritesIsWhatTheGatherJobReads) {
  const LegResult written = Planned();
  Result<LegResult> read = DecodeLegResult(EncodeLegResult(written));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->format, kLegResultFormat);
  EXPECT_EQ(read->repository, "o/r");
  EXPECT_EQ(read->pull_request, 12);
  EXPECT_EQ(read->sha, written.sha);
  EXPECT_EQ(read->row.name, "app@prod");
  EXPECT_EQ(read->row.plan.status, StageStatus::kChanges);
  EXPECT_EQ(read->row.plan.note, "+1 ~0 −0");
  EXPECT_EQ(read->row.plan.duration_ms, 1500);
  EXPECT_EQ(read->row.format.duration_ms, 120);
  EXPECT_EQ(read->row.lint.status, StageStatus::kNotRun);
  EXPECT_EQ(read->row.lint.duration_ms, -1);
  EXPECT_EQ(read->row.plan_digest, written.row.plan_digest);
  EXPECT_EQ(read->row.lock_holder, "#12");
  EXPECT_EQ(read->row.plan_text, written.row.plan_text);
}

TEST(LegResult, APlanTooLongForTheFileKeepsItsHeadAndTail) {
  LegResult result = Planned();
  result.row.plan_text = "first line\n";
  for (int i = 0; i < 20000; ++i)
    result.row.plan_text += "  + resource \"x\" \"" + std::to_string(i) + "\" {}\n";
  result.row.plan_text += "Plan: 20000 to add, 0 to change, 0 to destroy.\n";
  const std::string file = EncodeLegResult(result);
  EXPECT_LT(file.size(), kLegResultMaxBytes);
  Result<LegResult> read = DecodeLegResult(file);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_LE(read->row.plan_text.size(), kLegPlanTextBytes);
  EXPECT_TRUE(read->row.plan_text.starts_with("first line\n"));
  EXPECT_TRUE(read->row.plan_text.ends_with("Plan: 20000 to add, 0 to change, 0 to destroy.\n"));
  EXPECT_NE(read->row.plan_text.find("the leg's job log has the whole plan"), std::string::npos);
}

TEST(LegResult, WhatIsNotAResultFileOfThisVersionIsRefusedWithItsReason) {
  struct Case {
    std::string text;
    std::string says;
  } cases[] = {
      {"not json", "the result file"},
      {"[1, 2]", "not a JSON object"},
      {R"({"repository":"o/r"})", "no `infra_flash_leg_result`"},
      {R"({"infra_flash_leg_result":2,"row":{"name":"a"}})",
       "format 2; this infra-flash reads format 1"},
      {R"({"infra_flash_leg_result":0,"row":{"name":"a"}})", "format 0"},
      {R"({"infra_flash_leg_result":1})", "no row"},
      {R"({"infra_flash_leg_result":1,"row":{"plan":"changes"}})", "names no layer"},
      {std::string(kLegResultMaxBytes + 1, ' '), "larger than 1 MiB"},
  };
  for (const Case& c : cases) {
    Result<LegResult> read = DecodeLegResult(c.text);
    ASSERT_FALSE(read.ok()) << c.text.substr(0, 80);
    EXPECT_NE(read.error().message.find(c.says), std::string::npos)
        << read.error().message << " (expected: " << c.says << ")";
  }
}

TEST(LegResult, FileNamesAreOnePerLayerAndStayInTheDirectory) {
  EXPECT_EQ(LegResultFileName("platform"), "infra-flash-platform.json");
  EXPECT_EQ(LegResultFileName("app@prod"), "infra-flash-app_40prod.json");
  EXPECT_EQ(LegResultFileName("../x"), "infra-flash-.._2fx.json");
  // `_` is written out too, so two names never share a file.
  EXPECT_NE(LegResultFileName("a_40b"), LegResultFileName("a@b"));
  EXPECT_EQ(LegResultFileName("a_40b"), "infra-flash-a_5f40b.json");
}

}  // namespace
}  // namespace infra_flash
