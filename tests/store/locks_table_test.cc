// The layer locks' decision table against FakeGitHub (tests/support/fake_github.h): every
// outcome, the takeover's races played at the exact call where another job would act, and
// GitHub failing mid-way. The same code against the real client and the loopback server:
// locks_test.cc.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/locks.h"
#include "support/fake_github.h"

namespace infra_flash {
namespace {

using testing::FakeGitHub;

const std::string kOurHead(40, 'a');
const std::string kOtherHead(40, 'b');
const std::string kClosedHead(40, 'c');
const std::string kOurOldHead(40, 'd');

class LocksTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Pull(7, kOurHead, "open");
    Pull(8, kOtherHead, "open");
    Pull(9, kClosedHead, "closed");
  }

  void Pull(std::int64_t number, const std::string& head, const std::string& state) {
    PullRequest pull;
    pull.number = number;
    pull.head_sha = head;
    pull.state = state;
    github.pulls[number] = pull;
    github.pulls_of_commit[head].push_back(number);
  }

  LockResult AcquireOne(const std::string& layer = "platform") {
    Result<std::vector<LockResult>> taken = AcquireLocks(github, 7, kOurHead, {layer});
    EXPECT_TRUE(taken.ok()) << (taken.ok() ? "" : taken.error().message);
    if (!taken.ok() || taken->size() != 1) return {};
    return taken->front();
  }

  FakeGitHub github;
};

TEST_F(LocksTableTest, AFreeLayerIsAcquired) {
  const LockResult lock = AcquireOne();
  EXPECT_EQ(lock.outcome, LockOutcome::kAcquired);
  EXPECT_TRUE(lock.ours());
  EXPECT_EQ(github.RefSha(LockRef("platform")), kOurHead);
}

TEST_F(LocksTableTest, OurOwnLockFollowsOurNewHead) {
  github.pulls_of_commit[kOurOldHead].push_back(7);
  github.SetRef(LockRef("platform"), kOurOldHead);
  const LockResult lock = AcquireOne();
  EXPECT_EQ(lock.outcome, LockOutcome::kAlreadyHeld);
  EXPECT_EQ(github.RefSha(LockRef("platform")), kOurHead) << "re-pointed at the new head";
}

TEST_F(LocksTableTest, AnotherOpenPullRequestHoldsIt) {
  github.SetRef(LockRef("platform"), kOtherHead);
  const LockResult lock = AcquireOne();
  EXPECT_EQ(lock.outcome, LockOutcome::kHeldByOther);
  EXPECT_FALSE(lock.ours());
  EXPECT_EQ(lock.holder, 8);
  EXPECT_EQ(github.RefSha(LockRef("platform")), kOtherHead) << "left alone";
  EXPECT_EQ(HeldByMessage(lock),
            "`platform` is locked by #8: comment `/unlock` on #8, or merge or close it, to "
            "free it");
}

TEST_F(LocksTableTest, AClosedHoldersLockIsTakenOverWithItsApplyClaim) {
  github.SetRef(LockRef("platform"), kClosedHead);
  github.SetRef(ApplyingRef("platform"), kClosedHead);
  const LockResult lock = AcquireOne();
  EXPECT_EQ(lock.outcome, LockOutcome::kTakenOver);
  EXPECT_EQ(github.RefSha(LockRef("platform")), kOurHead);
  EXPECT_FALSE(github.RefSha(ApplyingRef("platform"))) << "the closed PR's claim went too";
  EXPECT_FALSE(github.RefSha(TakeoverRef("platform", kClosedHead))) << "our claim is removed";
}

TEST_F(LocksTableTest, ALockNobodyCanBeFoundForIsTakenOver) {
  const std::string orphan(40, 'e');  // no pull request contains it
  github.SetRef(LockRef("platform"), orphan);
  EXPECT_EQ(AcquireOne().outcome, LockOutcome::kTakenOver);
}

// Another job (PR #8) claims the same stale lock just before we do: it wins, we do not
// move the lock, and we report it held by #8.
TEST_F(LocksTableTest, TheTakerWhoseClaimLandsFirstWins) {
  github.SetRef(LockRef("platform"), kClosedHead);
  const std::string claim = TakeoverRef("platform", kClosedHead);
  github.before_each = [&](const std::string& call) {
    if (call == "CreateRef " + claim && !github.RefSha(claim)) github.SetRef(claim, kOtherHead);
  };
  const LockResult lock = AcquireOne();
  EXPECT_EQ(lock.outcome, LockOutcome::kHeldByOther);
  EXPECT_EQ(lock.holder, 8);
  EXPECT_EQ(github.RefSha(LockRef("platform")), kClosedHead) << "we did not move it";
  EXPECT_EQ(github.RefSha(claim), kOtherHead) << "their claim is theirs to delete";
}

// The other taker finished (moved the lock to its head, deleted its claim) between our
// read of the stale lock and our claim: we find the lock moved and look again.
TEST_F(LocksTableTest, ATakeoverFinishedMeanwhileIsSeenOnTheNextLook) {
  github.SetRef(LockRef("platform"), kClosedHead);
  bool moved = false;
  github.before_each = [&](const std::string& call) {
    if (!moved && call == "CreateRef " + TakeoverRef("platform", kClosedHead)) {
      moved = true;
      github.SetRef(LockRef("platform"), kOtherHead);
    }
  };
  const LockResult lock = AcquireOne();
  EXPECT_EQ(lock.outcome, LockOutcome::kHeldByOther);
  EXPECT_EQ(lock.holder, 8);
  EXPECT_EQ(github.RefSha(LockRef("platform")), kOtherHead);
  EXPECT_FALSE(github.RefSha(TakeoverRef("platform", kClosedHead))) << "our claim withdrawn";
}

// A takeover claim left by a job of a closed PR that was killed mid-way names the ref to
// delete instead of blocking silently.
TEST_F(LocksTableTest, AnAbandonedTakeoverClaimNamesTheRefToDelete) {
  github.SetRef(LockRef("platform"), kClosedHead);
  const std::string claim = TakeoverRef("platform", kClosedHead);
  github.SetRef(claim, kClosedHead);
  const LockResult lock = AcquireOne();
  EXPECT_EQ(lock.outcome, LockOutcome::kHeldByOther);
  EXPECT_EQ(lock.holder, 0);
  EXPECT_EQ(lock.blocking_ref, claim);
  EXPECT_NE(HeldByMessage(lock).find("delete that ref"), std::string::npos) << HeldByMessage(lock);
}

TEST_F(LocksTableTest, ALockThatKeepsChangingHandsIsAnError) {
  // Every look finds the lock released after our create failed: it never settles.
  github.SetRef(LockRef("platform"), kOtherHead);
  github.before_each = [&](const std::string& call) {
    if (call == "CreateRef " + LockRef("platform")) github.SetRef(LockRef("platform"), kOtherHead);
    if (call == "GetRef " + LockRef("platform")) github.refs.erase(LockRef("platform"));
  };
  Result<std::vector<LockResult>> taken = AcquireLocks(github, 7, kOurHead, {"platform"});
  ASSERT_FALSE(taken.ok());
  EXPECT_NE(taken.error().message.find("kept changing hands"), std::string::npos)
      << taken.error().message;
}

TEST_F(LocksTableTest, GitHubFailingMidWayIsAnErrorAndMovesNothing) {
  github.SetRef(LockRef("platform"), kClosedHead);
  github.FailNext("UpdateRef", Error{"PATCH git/refs: GitHub answered 502"});
  Result<std::vector<LockResult>> taken = AcquireLocks(github, 7, kOurHead, {"platform"});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().message, "PATCH git/refs: GitHub answered 502");
  EXPECT_EQ(github.RefSha(LockRef("platform")), kClosedHead);
}

TEST_F(LocksTableTest, ReleaseDeletesOnlyOurLocksAndOurClaims) {
  github.SetRef(LockRef("platform"), kOurHead);
  github.SetRef(ApplyingRef("platform"), kOurHead);
  github.SetRef(LockRef("data"), kOtherHead);
  Result<std::vector<std::string>> released =
      ReleaseLocks(github, 7, {"platform", "data", "network"});
  ASSERT_TRUE(released.ok()) << released.error().message;
  EXPECT_EQ(*released, std::vector<std::string>{"platform"});
  EXPECT_FALSE(github.RefSha(LockRef("platform")));
  EXPECT_FALSE(github.RefSha(ApplyingRef("platform")));
  EXPECT_EQ(github.RefSha(LockRef("data")), kOtherHead) << "#8's lock stays";
}

TEST_F(LocksTableTest, ApplyClaimsNameOurOwnBusyJobsAndAreReleasedAtTheEnd) {
  github.SetRef(ApplyingRef("data"), kOurHead);       // another job of ours, same head
  github.SetRef(ApplyingRef("network"), kOtherHead);  // another PR's: the lock decides
  {
    ApplyingClaims claims(github, kOurHead);
    Result<std::vector<std::string>> busy = claims.Claim({"platform", "data", "network"});
    ASSERT_TRUE(busy.ok()) << busy.error().message;
    EXPECT_EQ(*busy, std::vector<std::string>{"data"});
    EXPECT_EQ(github.RefSha(ApplyingRef("platform")), kOurHead);
  }
  EXPECT_FALSE(github.RefSha(ApplyingRef("platform"))) << "ours released";
  EXPECT_EQ(github.RefSha(ApplyingRef("data")), kOurHead) << "the other job's stays";
  EXPECT_EQ(github.RefSha(ApplyingRef("network")), kOtherHead);
}

}  // namespace
}  // namespace infra_flash
