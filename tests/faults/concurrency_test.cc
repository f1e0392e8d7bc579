// Concurrency: jobs started together, as GitHub starts them when two comments or two
// PRs arrive at once (harness: fault_fixture.h). Each round is its own test with its own
// GitHub, workspace and simulator; INFRA_FLASH_CONCURRENCY_ROUNDS sets how many (5 by
// default; bench/concurrency.py runs 100 and adds up the figures each round prints).
// Whatever the interleaving:
//   - never two applies holding one layer's state at once (the simulator logs when an
//     apply holds the state lock), and never two apply processes of one layer that
//     infra-flash started for two PRs;
//   - never two dashboards on one PR;
//   - what is applied is what a dashboard or reply says was applied;
//   - exactly one of two PRs touching one layer holds its lock and gets to apply.
#include <cstdlib>
#include <functional>
#include <iostream>
#include <thread>

#include "faults/fault_fixture.h"

namespace infra_flash::testing {
namespace {

const std::string kLayerFile = "envs/prod/data/main.tf";
const std::string kLock = "refs/infra-flash/locks/data-prod";
const std::string kLayerDir = "/envs/prod/data";

int Rounds() {
  const char* value = std::getenv("INFRA_FLASH_CONCURRENCY_ROUNDS");
  const int rounds = value != nullptr ? std::atoi(value) : 0;
  return rounds > 0 ? rounds : 5;
}

// Runs `jobs` at once; returns their results in order.
std::vector<ProcessResult> Together(const std::vector<std::function<ProcessResult()>>& jobs) {
  std::vector<ProcessResult> results(jobs.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = jobs[i](); });
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}

class ConcurrencyTest : public FaultsTest, public ::testing::WithParamInterface<int> {
 protected:
  // One line per round for bench/concurrency.py.
  void Report(const std::string& kind, const std::vector<ProcessResult>& results, int applies) {
    const std::vector<SimSpan> spans = SimSpans();
    std::cout << "CONCURRENCY {\"kind\":\"" << kind << "\",\"round\":" << GetParam()
              << ",\"jobs\":" << results.size() << ",\"exits\":[";
    for (std::size_t i = 0; i < results.size(); ++i) {
      std::cout << (i ? "," : "") << results[i].exit_code;
    }
    std::cout << "],\"apply_processes\":" << applies << ",\"overlapping_apply_processes\":"
              << OverlappingPairs(spans, "apply", kLayerDir, Window::kProcess)
              << ",\"overlapping_state_locks\":"
              << OverlappingPairs(spans, "apply", kLayerDir, Window::kStateLock) << "}"
              << std::endl;
  }
  static int ApplyProcesses(const std::vector<SimSpan>& spans) {
    int count = 0;
    for (const SimSpan& span : spans) count += span.subcommand == "apply";
    return count;
  }
};

// Two `/apply` comments on one PR, their jobs started together (a workflow without the
// per-PR concurrency group of examples/workflows/comment.yml).
TEST_P(ConcurrencyTest, TwoApplyJobsOnOnePullRequest) {
  work.Branch("feature");
  const std::string head = work.Change(kLayerFile, "cache");
  SeedPull(head);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head)).exit_code, 0);
  ClearSimLog();
  SeedComment(901);
  SeedComment(902);
  const std::vector<ProcessResult> results = Together({
      [&] { return RunJobAs("a", "issue_comment", CommentPayload("/apply", "alice", 901)); },
      [&] { return RunJobAs("b", "issue_comment", CommentPayload("/apply", "bob", 902)); },
  });
  const std::vector<SimSpan> spans = SimSpans();
  Report("same-pr", results, ApplyProcesses(spans));

  EXPECT_EQ(OverlappingPairs(spans, "apply", kLayerDir, Window::kStateLock), 0)
      << "two applies held data-prod's state at once";
  EXPECT_EQ(DashboardCount(1), 1) << RepositoryState();
  EXPECT_TRUE(Applied("cache"));
  EXPECT_FALSE(Contains(DashboardOf(1), "⏳")) << DashboardOf(1);
  int succeeded = 0;
  for (const ProcessResult& result : results) succeeded += result.exit_code == 0;
  EXPECT_GE(succeeded, 1) << results[0].out << results[1].out;
  // The layer lock belongs to the PR, so both jobs pass it; the apply claim
  // (`refs/infra-flash/applying/<layer>`, flow/locks.h) lets one apply and the other
  // stand down without touching the dashboard.
  EXPECT_EQ(ApplyProcesses(spans), 1) << "one apply of data-prod, not two";
  EXPECT_TRUE(Contains(RowOf(DashboardOf(1), "data-prod"), "✅ applied"))
      << "the PR says it is applied: " << DashboardOf(1);
}

// Two PRs change one layer; their autoplans start together, then their `/apply`s.
TEST_P(ConcurrencyTest, TwoPullRequestsOnOneLayer) {
  work.Branch("feature-a");
  const std::string a = work.Change(kLayerFile, "alpha");
  work.Branch("feature-b");
  const std::string b = work.Change(kLayerFile, "beta");
  // A second checkout of the same repository for PR #2's jobs (one runner each).
  const std::string second = work.dir.path() + "/ws-b";
  work.Git({"worktree", "add", "-q", "--detach", second, b});
  work.Git({"checkout", "-q", a});
  PullSeed one;
  one.number = 1;
  one.head = a;
  one.head_ref = "feature-a";
  PullSeed two;
  two.number = 2;
  two.head = b;
  two.head_ref = "feature-b";
  SeedPull(one);
  SeedPull(two);
  github.Seed(R"({"repo":"o/r","pulls":[{"number":1,"user":"alice","head_sha":")" + a +
              R"(","base_sha":")" + work.base + R"(","head_ref":"feature-a","reviews":[)" +
              R"({"user":"bob","state":"APPROVED","commit_id":")" + a + R"("}]},)" +
              R"({"number":2,"user":"alice","head_sha":")" + b + R"(","base_sha":")" + work.base +
              R"(","head_ref":"feature-b","reviews":[{"user":"bob","state":"APPROVED",)" +
              R"("commit_id":")" + b + R"("}]}]})");

  const std::vector<ProcessResult> plans = Together({
      [&] { return RunJobAs("plan-1", "pull_request", PullPayload("opened", one)); },
      [&] { return RunJobAs("plan-2", "pull_request", PullPayload("opened", two), {}, second); },
  });
  const std::string holder = Ref(kLock);
  ASSERT_TRUE(holder == a || holder == b) << "one of the two holds the lock: " << RepositoryState();
  const int winner = holder == a ? 1 : 2;
  const int loser = 3 - winner;
  EXPECT_TRUE(Contains(RowOf(DashboardOf(winner), "data-prod"), "📝")) << DashboardOf(winner);
  EXPECT_TRUE(Contains(DashboardOf(loser), "locked by #" + std::to_string(winner)))
      << DashboardOf(loser);

  SeedComment(911, 1);
  SeedComment(912, 2);
  const std::vector<ProcessResult> applies = Together({
      [&] {
        return RunJobAs("apply-1", "issue_comment", CommentPayload("/apply", "alice", 911, 1));
      },
      [&] {
        return RunJobAs("apply-2", "issue_comment", CommentPayload("/apply", "alice", 912, 2), {},
                        second);
      },
  });
  const std::vector<SimSpan> spans = SimSpans();
  std::vector<ProcessResult> all = plans;
  all.insert(all.end(), applies.begin(), applies.end());
  Report("two-prs", all, ApplyProcesses(spans));

  EXPECT_EQ(OverlappingPairs(spans, "apply", kLayerDir, Window::kProcess), 0)
      << "two apply processes of data-prod at once";
  EXPECT_EQ(ApplyProcesses(spans), 1) << "only the lock holder applies";
  EXPECT_EQ(Applied("alpha"), winner == 1);
  EXPECT_EQ(Applied("beta"), winner == 2);
  EXPECT_EQ(applies[winner - 1].exit_code, 0) << applies[winner - 1].out;
  EXPECT_EQ(applies[loser - 1].exit_code, 1) << "refused: " << applies[loser - 1].out;
  for (int number : {1, 2}) {
    EXPECT_EQ(DashboardCount(number), 1) << "#" << number << ": " << RepositoryState();
    EXPECT_FALSE(Contains(DashboardOf(number), "⏳")) << DashboardOf(number);
  }
  EXPECT_TRUE(Contains(RowOf(DashboardOf(winner), "data-prod"), "✅ applied"));
  EXPECT_FALSE(Contains(DashboardOf(loser), "✅ applied")) << DashboardOf(loser);
  EXPECT_EQ(Ref(kLock), holder) << "the lock stays with the PR that applied";
}

INSTANTIATE_TEST_SUITE_P(Rounds, ConcurrencyTest, ::testing::Range(0, Rounds()));

}  // namespace
}  // namespace infra_flash::testing
