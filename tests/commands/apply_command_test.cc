// /apply's decision table: only a reviewed plan is applied, and only while it is still
// the plan that was shown, the layer's lock is ours, its dependencies are applied and its
// environment's requirements are met; a partial failure applies what it can and says so.
#include <gtest/gtest.h>

#include "commands/command_fixture.h"
#include "store/apply_log.h"
#include "store/locks.h"

namespace infra_flash::testing {
namespace {

class ApplyCommandTest : public CommandTest {
 protected:
  // The refs of the apply log for `layer` in `environment`.
  int Logged(const std::string& environment, const std::string& layer) const {
    const std::string prefix = std::string(kApplyLogRoot) + environment + "/" + layer + "/";
    int count = 0;
    for (const auto& [name, ref] : github_->refs) count += name.rfind(prefix, 0) == 0 ? 1 : 0;
    return count;
  }
};

TEST_F(ApplyCommandTest, WithoutAReviewedPlanNothingIsApplied) {
  EXPECT_EQ(Run(Verb::kApply, {"platform"}), 1);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("no reviewed plan"), std::string::npos) << LastReply();
  EXPECT_TRUE(Ran("apply").empty());
  EXPECT_EQ(Logged("ci", "platform"), 0);
}

TEST_F(ApplyCommandTest, TheReviewedPlanIsPlannedAgainAndApplied) {
  engine_["platform"].plan_json = PlanJson("null_resource.a", 1);
  ASSERT_EQ(Run(Verb::kPlan, {"platform"}), 0);
  EXPECT_EQ(Run(Verb::kApply, {"platform"}), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kRocket}));
  EXPECT_NE(LastReply().find("Applied: platform"), std::string::npos) << LastReply();
  EXPECT_EQ(Ran("plan"), (std::vector<std::string>{"platform", "platform"}));
  EXPECT_EQ(Ran("apply"), (std::vector<std::string>{"platform"}));
  ASSERT_NE(Row("platform"), nullptr);
  EXPECT_EQ(Row("platform")->apply.status, StageStatus::kPassed);
  EXPECT_EQ(Row("platform")->applied_sha, head_sha_);
  EXPECT_EQ(Logged("ci", "platform"), 1);
  // The claim that kept other jobs off the layer is gone; the lock stays until the merge.
  EXPECT_FALSE(github_->RefSha(ApplyingRef("platform")).has_value());
  EXPECT_EQ(github_->RefSha(std::string(kLockRefPrefix) + "platform"), head_sha_);
}

TEST_F(ApplyCommandTest, APlanThatChangedSinceItWasShownIsNotApplied) {
  engine_["platform"].plan_json = PlanJson("null_resource.a", 1);
  ASSERT_EQ(Run(Verb::kPlan, {"platform"}), 0);
  const std::string shown = Row("platform")->plan_digest;
  engine_["platform"].plan_json = PlanJson("null_resource.a", 2);  // the world moved
  EXPECT_EQ(Run(Verb::kApply, {"platform"}), 1);
  EXPECT_NE(LastReply().find("plan went stale"), std::string::npos) << LastReply();
  EXPECT_TRUE(Ran("apply").empty());
  ASSERT_NE(Row("platform"), nullptr);
  EXPECT_EQ(Row("platform")->apply.status, StageStatus::kBlocked);
  EXPECT_NE(Row("platform")->plan_digest, shown);  // the new plan is shown for review
  EXPECT_EQ(Logged("ci", "platform"), 0);
}

TEST_F(ApplyCommandTest, ALayerAnotherPrLockedSinceThePlanIsNotApplied) {
  engine_["platform"].plan_json = PlanJson("null_resource.a", 1);
  ASSERT_EQ(Run(Verb::kPlan, {"platform"}), 0);
  // Our lock was released (/unlock) and PR 8 took the layer.
  const std::string other(40, 'e');
  AddOtherPull(kOtherPr, other);
  github_->SetRef(std::string(kLockRefPrefix) + "platform", other);
  EXPECT_EQ(Run(Verb::kApply, {"platform"}), 1);
  EXPECT_NE(LastReply().find("is locked by #8"), std::string::npos) << LastReply();
  EXPECT_TRUE(Ran("apply").empty());
  EXPECT_EQ(github_->RefSha(std::string(kLockRefPrefix) + "platform"), other);
}

TEST_F(ApplyCommandTest, ALayerWhoseDependencyIsNotAppliedWaitsForIt) {
  engine_["platform"].plan_json = PlanJson("null_resource.p", 1);
  engine_["app"].plan_json = PlanJson("null_resource.a", 1);
  ASSERT_EQ(Run(Verb::kPlan, {"platform", "app"}), 0);
  EXPECT_EQ(Run(Verb::kApply, {"app"}), 1);
  EXPECT_NE(LastReply().find("`platform`"), std::string::npos) << LastReply();
  EXPECT_TRUE(Ran("apply").empty());
  EXPECT_EQ(Run(Verb::kApply, {"platform", "app"}), 0) << LastReply();
  EXPECT_EQ(Ran("apply"), (std::vector<std::string>{"platform", "app"}));
}

TEST_F(ApplyCommandTest, APartialFailureAppliesWhatItCanAndRecordsOnlyThat) {
  engine_["platform"].plan_json = PlanJson("null_resource.p", 1);
  engine_["edge"].plan_json = PlanJson("null_resource.e", 1);
  engine_["edge"].apply_exit = 1;
  ASSERT_EQ(Run(Verb::kPlan, {"platform", "edge"}), 0);
  EXPECT_EQ(Run(Verb::kApply, {"platform", "edge"}), 1);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("Applied: platform"), std::string::npos) << LastReply();
  EXPECT_NE(LastReply().find("An apply failed"), std::string::npos) << LastReply();
  EXPECT_EQ(Row("platform")->apply.status, StageStatus::kPassed);
  EXPECT_EQ(Row("edge")->apply.status, StageStatus::kFailed);
  EXPECT_EQ(Logged("ci", "platform"), 1);
  EXPECT_EQ(Logged("ci", "edge"), 0);
}

TEST_F(ApplyCommandTest, AProdLayerNeedsAnApprovalOfTheHead) {
  engine_["db"].plan_json = PlanJson("null_resource.db", 1);
  ASSERT_EQ(Run(Verb::kPlan, {"db"}), 0);
  EXPECT_EQ(Run(Verb::kApply, {"db"}), 1);
  EXPECT_NE(LastReply().find("approving review"), std::string::npos) << LastReply();
  EXPECT_TRUE(Ran("apply").empty());
  // The author approving their own PR does not count; a writer approving the head does.
  github_->permissions["bob"] = Permission::kWrite;
  github_->reviews[kPr].push_back(Review{1, "alice", "APPROVED", head_sha_, ""});
  EXPECT_EQ(Run(Verb::kApply, {"db"}), 1);
  github_->reviews[kPr].push_back(Review{2, "bob", "APPROVED", head_sha_, ""});
  EXPECT_EQ(Run(Verb::kApply, {"db"}), 0) << LastReply();
  EXPECT_EQ(Ran("apply"), (std::vector<std::string>{"db"}));
  EXPECT_EQ(Logged("prod", "db"), 1);
}

TEST_F(ApplyCommandTest, AnotherJobApplyingTheLayerMakesThisOneStandDown) {
  engine_["platform"].plan_json = PlanJson("null_resource.a", 1);
  ASSERT_EQ(Run(Verb::kPlan, {"platform"}), 0);
  github_->SetRef(ApplyingRef("platform"), head_sha_);  // a running job's claim
  EXPECT_EQ(Run(Verb::kApply, {"platform"}), 0);        // declined, not failed
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("Another job is applying platform"), std::string::npos) << LastReply();
  EXPECT_TRUE(Ran("apply").empty());
}

}  // namespace
}  // namespace infra_flash::testing
