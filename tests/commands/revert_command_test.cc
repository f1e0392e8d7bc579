// /revert: plans a layer as it was last applied before this PR (the apply log), in a
// worktree of that commit, and /apply then applies that reviewed plan; nothing to revert
// to is declined; a commit git cannot find fails the command and says why.
#include <gtest/gtest.h>

#include <chrono>

#include "commands/command_fixture.h"
#include "store/apply_log.h"
#include "store/locks.h"

namespace infra_flash::testing {
namespace {

class RevertCommandTest : public CommandTest {
 protected:
  // The apply log says `layer` was applied from `sha` by a push.
  void Applied(const std::string& layer, const std::string& sha) {
    Result<ApplyLogWrite> write =
        WriteApplyLogEntry(*github_, "ci", layer, sha, 0,
                           std::chrono::system_clock::time_point());  // before the fake clock
    ASSERT_TRUE(write.ok()) << write.error().message;
  }
};

TEST_F(RevertCommandTest, NothingAppliedBeforeThePrIsDeclined) {
  CommitToThePr("platform/main.tf");
  EXPECT_EQ(Run(Verb::kRevert, {"platform"}), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("Nothing to revert to for `platform`"), std::string::npos)
      << LastReply();
  EXPECT_TRUE(executor_->records().empty());
}

TEST_F(RevertCommandTest, TheOldConfigurationIsPlannedThenAppliedFromItsOwnTree) {
  const std::string old_sha = head_sha_;
  Applied("platform", old_sha);
  const std::string head = CommitToThePr("platform/main.tf");
  engine_["platform"].plan_json = PlanJson("null_resource.a", 0);
  EXPECT_EQ(Run(Verb::kRevert, {"platform"}), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kRocket}));
  EXPECT_NE(LastReply().find("planned the revert to"), std::string::npos) << LastReply();
  ASSERT_NE(Row("platform"), nullptr);
  EXPECT_EQ(Row("platform")->plan.status, StageStatus::kChanges);
  EXPECT_EQ(Row("platform")->plan_source_sha, old_sha);
  EXPECT_EQ(github_->RefSha(std::string(kLockRefPrefix) + "platform"), head);

  EXPECT_EQ(Run(Verb::kApply, {"platform"}), 0) << LastReply();
  EXPECT_EQ(Ran("apply"), (std::vector<std::string>{"platform"}));
  EXPECT_EQ(Row("platform")->applied_sha, old_sha);  // what was applied is the old tree
  Result<std::vector<AppliedEntry>> log = ReadApplyLog(*github_, "ci", "platform");
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ(log->back().sha, old_sha);
  EXPECT_EQ(log->back().pr, kPr);
}

TEST_F(RevertCommandTest, ACommitGitCannotFindFailsAndSaysWhy) {
  Applied("platform", std::string(40, 'c'));
  CommitToThePr("platform/main.tf");
  EXPECT_EQ(Run(Verb::kRevert, {"platform"}), 1);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("did not complete"), std::string::npos) << LastReply();
  EXPECT_NE(LastReply().find("fetch-depth: 0"), std::string::npos) << LastReply();
  EXPECT_TRUE(executor_->records().empty());
}

}  // namespace
}  // namespace infra_flash::testing
