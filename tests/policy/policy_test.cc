#include <gtest/gtest.h>

#include "policy/plan_digest.h"
#include "policy/requirements.h"

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

TEST(Requirements, ApprovalMustBeLatestVerdictOnHeadFromSomeoneElse) {
  PullRequest pull;
  pull.user_login = "alice";
  pull.head_sha = "h";
  pull.mergeable = true;
  struct Case {
    const char* name;
    std::vector<Review> reviews;
    bool approved;
  } cases[] = {
      {"none", {}, false},
      {"other on head", {{1, "bob", "APPROVED", "h", ""}}, true},
      {"author self-approval", {{1, "alice", "APPROVED", "h", ""}}, false},
      {"older commit", {{1, "bob", "APPROVED", "old", ""}}, false},
      {"then changes requested",
       {{1, "bob", "APPROVED", "h", ""}, {2, "bob", "CHANGES_REQUESTED", "h", ""}},
       false},
      {"comment after approval",
       {{1, "bob", "APPROVED", "h", ""}, {2, "bob", "COMMENTED", "h", ""}},
       true},
  };
  for (const Case& c : cases) EXPECT_EQ(ApprovedOnHead(pull, c.reviews), c.approved) << c.name;
  Environment prod;
  prod.name = "prod";
  prod.require = {"approved", "mergeable", "typo"};
  pull.mergeable = false;
  EXPECT_EQ(UnmetRequirements(prod, pull, {}).size(), 3u);
}

}  // namespace
}  // namespace infra_flash
