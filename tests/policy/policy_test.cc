#include <gtest/gtest.h>

#include "policy/plan_digest.h"

namespace infra_flash {
namespace {

TEST(PlanDigest, IgnoresKeyOrderTimestampsAndPriorState) {
  const auto a = PlanDigest(R"({"format_version":"1.2","timestamp":"1","resource_changes":[)"
                            R"({"address":"x","change":{"actions":["create"],"after":{"v":1}}}]})");
  const auto b = PlanDigest(R"({"timestamp":"2","format_version":"1.2","resource_changes":[)"
                            R"({"change":{"after":{"v":1},"actions":["create"]},"address":"x"}]})");
  const auto c = PlanDigest(R"({"format_version":"1.2","resource_changes":[)"
                            R"({"address":"x","change":{"actions":["create"],"after":{"v":2}}}]})");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  EXPECT_EQ(a->rfind("sha256:", 0), 0u);
  EXPECT_FALSE(PlanDigest("{}").ok());
  EXPECT_FALSE(PlanDigest("not json").ok());
}

}  // namespace
}  // namespace infra_flash
