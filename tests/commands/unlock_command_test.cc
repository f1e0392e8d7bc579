// /unlock: releases this PR's locks, never another PR's; a GitHub failure is reported.
#include <gtest/gtest.h>

#include "commands/command_fixture.h"
#include "store/locks.h"

namespace infra_flash::testing {
namespace {

using UnlockCommandTest = CommandTest;

TEST_F(UnlockCommandTest, ReleasesOurLocksAndLeavesOthers) {
  const std::string other(40, 'e');
  AddOtherPull(kOtherPr, other);
  github_->SetRef(std::string(kLockRefPrefix) + "platform", head_sha_);
  github_->SetRef(ApplyingRef("platform"), head_sha_);  // left by a killed job
  github_->SetRef(std::string(kLockRefPrefix) + "edge", other);
  EXPECT_EQ(Run(Verb::kUnlock, {}), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kRocket}));
  EXPECT_EQ(LastReply(), "Released the locks of platform.");
  EXPECT_FALSE(github_->RefSha(std::string(kLockRefPrefix) + "platform").has_value());
  EXPECT_FALSE(github_->RefSha(ApplyingRef("platform")).has_value());
  EXPECT_EQ(github_->RefSha(std::string(kLockRefPrefix) + "edge"), other);
}

TEST_F(UnlockCommandTest, NoLocksIsSaid) {
  EXPECT_EQ(Run(Verb::kUnlock, {}), 0);
  EXPECT_EQ(LastReply(), "This PR held no locks.");
}

TEST_F(UnlockCommandTest, AGitHubFailureFailsTheCommandAndSaysSo) {
  github_->SetRef(std::string(kLockRefPrefix) + "platform", head_sha_);
  github_->FailNext("DeleteRef", Error{"HTTP 502 from GitHub"});
  EXPECT_EQ(Run(Verb::kUnlock, {}), 1);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("Could not release the locks: HTTP 502"), std::string::npos)
      << LastReply();
  EXPECT_EQ(github_->RefSha(std::string(kLockRefPrefix) + "platform"), head_sha_);
}

}  // namespace
}  // namespace infra_flash::testing
