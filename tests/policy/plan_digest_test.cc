#include "policy/plan_digest.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

// A plan whose first resource change holds `levels` arrays, one in the other.
std::string PlanNestedArrays(std::size_t levels) {
  return R"({"format_version":"1.2","resource_changes":[{"change":{"after":)" +
         std::string(levels, '[') + std::string(levels, ']') + "}}]}";
}

// The plan's values are the PR's to shape, and the JSON reader caps their size, not their
// depth: a deep plan is an error, never a stack overflow.
TEST(PlanDigest, DeepNestingIsAnErrorNotAStackOverflow) {
  struct Case {
    std::size_t levels;
    bool ok;
  };
  const Case cases[] = {
      {1, true},        {100, true},        {508, true},         {509, false},
      {100'000, false}, {1'000'000, false}, {10'000'000, false},  // 20 MB of brackets, under the
                                                                  // reader's 32 MiB cap
  };
  for (const Case& c : cases) {
    Result<std::string> digest = PlanDigest(PlanNestedArrays(c.levels));
    EXPECT_EQ(digest.ok(), c.ok) << c.levels << " levels";
    if (!digest.ok() && !c.ok) {
      EXPECT_NE(digest.error().message.find("more than 512 levels deep"), std::string::npos)
          << c.levels << ": " << digest.error().message;
    }
  }
}

TEST(PlanDigest, DeepNestingInOutputChangesToo) {
  const std::string plan = R"({"format_version":"1.2","output_changes":{"x":)" +
                           std::string(200'000, '[') + std::string(200'000, ']') + "}}";
  EXPECT_FALSE(PlanDigest(plan).ok());
  EXPECT_FALSE(CanonicalPlanEffect(plan).ok());
}

}  // namespace
}  // namespace infra_flash
