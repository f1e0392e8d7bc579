// /plan: locks, then plans, on the dashboard; refused by a lock another PR holds; a plan
// that fails fails the command.
#include <gtest/gtest.h>

#include "commands/command_fixture.h"
#include "store/locks.h"

namespace infra_flash::testing {
namespace {

using PlanCommandTest = CommandTest;

TEST_F(PlanCommandTest, PlansTakeTheLocksAndShowTheChangesWithTheirDigests) {
  engine_["platform"].plan_json = PlanJson("null_resource.a", 1);
  EXPECT_EQ(Run(Verb::kPlan, {"platform", "edge"}), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kRocket}));
  EXPECT_EQ(LastReply(), "");
  EXPECT_EQ(github_->RefSha(std::string(kLockRefPrefix) + "platform"), head_sha_);
  EXPECT_EQ(github_->RefSha(std::string(kLockRefPrefix) + "edge"), head_sha_);
  const LayerRow* platform = Row("platform");
  ASSERT_NE(platform, nullptr);
  EXPECT_EQ(platform->plan.status, StageStatus::kChanges);
  EXPECT_EQ(platform->plan_digest.rfind("sha256:", 0), 0u);
  const LayerRow* edge = Row("edge");
  ASSERT_NE(edge, nullptr);
  EXPECT_EQ(edge->plan.status, StageStatus::kNoChanges);
  EXPECT_EQ(Ran("plan"), (std::vector<std::string>{"platform", "edge"}));
}

TEST_F(PlanCommandTest, ALayerLockedByAnotherOpenPrIsNotPlanned) {
  const std::string other(40, 'e');
  AddOtherPull(kOtherPr, other);
  github_->SetRef(std::string(kLockRefPrefix) + "platform", other);
  engine_["edge"].plan_json = PlanJson("null_resource.e", 1);
  EXPECT_EQ(Run(Verb::kPlan, {"platform", "edge"}), 1);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("#8"), std::string::npos) << LastReply();
  EXPECT_EQ(Ran("plan"), (std::vector<std::string>{"edge"}));
  ASSERT_NE(Row("platform"), nullptr);
  EXPECT_EQ(Row("platform")->plan.status, StageStatus::kLocked);
  EXPECT_EQ(github_->RefSha(std::string(kLockRefPrefix) + "platform"), other);
}

TEST_F(PlanCommandTest, AFailedPlanFailsTheCommandAndKeepsNoDigest) {
  engine_["platform"].plan_exit = 1;
  EXPECT_EQ(Run(Verb::kPlan, {"platform"}), 1);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("did not complete"), std::string::npos) << LastReply();
  ASSERT_NE(Row("platform"), nullptr);
  EXPECT_EQ(Row("platform")->plan.status, StageStatus::kFailed);
  EXPECT_EQ(Row("platform")->plan_digest, "");
}

TEST_F(PlanCommandTest, NothingAffectedSucceedsWithoutPlanning) {
  EXPECT_EQ(Run(Verb::kPlan, {}), 0);
  EXPECT_NE(LastReply().find("nothing to plan"), std::string::npos) << LastReply();
  EXPECT_TRUE(Ran("plan").empty());
}

TEST_F(PlanCommandTest, ACheckoutThatIsNotThePrHeadRunsNothing) {
  pull_.head_sha = std::string(40, 'f');
  EXPECT_EQ(Run(Verb::kPlan, {"platform"}), 1);
  EXPECT_NE(LastReply().find("The checkout is at"), std::string::npos) << LastReply();
  EXPECT_TRUE(executor_->records().empty());
  EXPECT_FALSE(github_->RefSha(std::string(kLockRefPrefix) + "platform").has_value());
}

}  // namespace
}  // namespace infra_flash::testing
