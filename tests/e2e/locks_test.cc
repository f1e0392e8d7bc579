// Layer locks across pull requests, end to end: contention, release on close, stale-lock
// takeover, /unlock (harness: flows_fixture.h).
#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

const std::string kPlatformLock = "refs/infra-flash/locks/platform";

TEST_F(FlowsTest, SecondPullRequestIsLockedOutUntilTheFirstCloses) {
  work.Branch("feature-a");
  PullSeed a;
  a.number = 1;
  a.head = work.Change("platform/main.tf", "cache");
  a.head_ref = "feature-a";
  SeedPull(a);
  ProcessResult first = RunEvent("pull_request", PullPayload("opened", a));
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  ASSERT_EQ(Ref(kPlatformLock), a.head) << "PR #1 holds platform's lock";

  work.Branch("feature-b");
  PullSeed b;
  b.number = 2;
  b.head = work.Change("platform/main.tf", "queue");
  b.head_ref = "feature-b";
  SeedPull(b);
  ClearSimLog();
  ProcessResult second = RunEvent("pull_request", PullPayload("opened", b));
  EXPECT_EQ(Ref(kPlatformLock), a.head) << "the lock stays with #1";
  const std::string locked = DashboardOf(2);
  EXPECT_TRUE(Contains(locked, "🔒")) << locked;
  EXPECT_TRUE(Contains(locked, "locked by #1")) << locked;
  EXPECT_TRUE(Contains(locked, "comment `/unlock` on \\#1")) << "how to free it: " << locked;
  EXPECT_FALSE(Contains(locked, "⏳")) << locked;
  EXPECT_FALSE(SimRan("plan", "/platform")) << "#2 must not plan a layer #1 holds";
  EXPECT_TRUE(Contains(outputs, "has-changes")) << outputs;
  EXPECT_EQ(second.exit_code, 1) << "a layer left unplanned must not read as a green check";
  EXPECT_TRUE(Contains(second.out, "::error::not planned: `platform` is locked by #1"))
      << second.out;

  // #1 is closed without merging: its locks go, and #2's next run takes platform.
  a.state = "closed";
  SeedPull(a);
  ProcessResult closed = RunEvent("pull_request", PullPayload("closed", a));
  ASSERT_EQ(closed.exit_code, 0) << closed.out << closed.err;
  EXPECT_EQ(Ref(kPlatformLock), "") << "closing #1 released its lock";
  EXPECT_TRUE(Contains(closed.out, "platform")) << closed.out;

  ClearSimLog();
  ProcessResult again = RunEvent("pull_request", PullPayload("synchronize", b));
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Ref(kPlatformLock), b.head);
  EXPECT_TRUE(SimRan("plan", "/platform"));
  const std::string planned = DashboardOf(2);
  EXPECT_FALSE(Contains(planned, "🔒")) << planned;
  EXPECT_TRUE(Contains(planned, "📝")) << planned;
  EXPECT_EQ(DashboardCount(2), 1) << "one dashboard, edited in place";
}

TEST_F(FlowsTest, LockOfAClosedPullRequestIsTakenOver) {
  // #1 took the lock and was closed, but its close event never ran (a cancelled job).
  work.Branch("feature-a");
  PullSeed a;
  a.number = 1;
  a.head = work.Change("platform/main.tf", "cache");
  a.head_ref = "feature-a";
  a.state = "closed";
  SeedPull(a);
  github.Seed(R"({"repo":"o/r","refs":{")" + kPlatformLock + R"(":")" + a.head + R"("}})");

  work.Branch("feature-b");
  PullSeed b;
  b.number = 2;
  b.head = work.Change("platform/main.tf", "queue");
  b.head_ref = "feature-b";
  SeedPull(b);
  ProcessResult run = RunEvent("pull_request", PullPayload("opened", b));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Ref(kPlatformLock), b.head) << "the stale lock is #2's now";
  EXPECT_TRUE(Contains(run.out, "took over the stale lock of platform")) << run.out;
  EXPECT_TRUE(SimRan("plan", "/platform"));
  const std::string dashboard = DashboardOf(2);
  EXPECT_FALSE(Contains(dashboard, "🔒")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "📝")) << dashboard;
}

TEST_F(FlowsTest, UnlockReleasesThisPullRequestsLocksOnly) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  ASSERT_EQ(Ref(kPlatformLock), head);
  // Another open PR holds data-staging: /unlock on #1 must leave it alone.
  PullSeed other;
  other.number = 7;
  other.head = work.base;
  SeedPull(other);
  const std::string staging_lock = "refs/infra-flash/locks/data-staging";
  github.Seed(R"({"repo":"o/r","refs":{")" + staging_lock + R"(":")" + work.base + R"("}})");

  SeedComment(801);
  ProcessResult unlock = RunEvent("issue_comment", CommentPayload("/unlock", "alice", 801));
  ASSERT_EQ(unlock.exit_code, 0) << unlock.out << unlock.err;
  EXPECT_EQ(Ref(kPlatformLock), "");
  EXPECT_EQ(Ref(staging_lock), work.base) << "#7's lock is not #1's to release";
  EXPECT_TRUE(Contains(RepliesOn(1), "Released the locks of platform")) << RepliesOn(1);
  EXPECT_EQ(Reactions(801), (std::vector<std::string>{"eyes", "rocket"}));

  SeedComment(802);
  ProcessResult twice = RunEvent("issue_comment", CommentPayload("/unlock", "alice", 802));
  EXPECT_EQ(twice.exit_code, 0) << twice.out << twice.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "This PR held no locks.")) << RepliesOn(1);
}

TEST_F(FlowsTest, ClosedWithoutMergeReleasesLocksAndMergedLeavesThemToThePush) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  ASSERT_EQ(Ref(kPlatformLock), head);

  // Merged: the push to main deploys and then releases; closing must not free it early.
  PullSeed merged;
  merged.head = head;
  merged.state = "closed";
  merged.merged = true;
  SeedPull(merged);
  ProcessResult on_merge = RunEvent("pull_request", PullPayload("closed", head, true));
  EXPECT_EQ(on_merge.exit_code, 0) << on_merge.out << on_merge.err;
  EXPECT_EQ(Ref(kPlatformLock), head);

  PullSeed closed = merged;
  closed.merged = false;
  SeedPull(closed);
  ProcessResult on_close = RunEvent("pull_request", PullPayload("closed", head));
  EXPECT_EQ(on_close.exit_code, 0) << on_close.out << on_close.err;
  EXPECT_EQ(Ref(kPlatformLock), "");
  EXPECT_TRUE(Contains(outputs, "trigger")) << outputs;
}

}  // namespace
}  // namespace infra_flash::testing
