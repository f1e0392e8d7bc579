// GitHub faults through the flows: every endpoint a PR autoplan, an `/apply` and a
// close use, hit by each fault kind the loopback GitHub can inject, one row per pair.
// Each row runs the real binary once with the fault and checks what a person on the
// PR would rely on:
//   - the exit status is the one flow.h documents (0: the work was done; 1: it failed);
//   - the dashboard is truthful: no row left on ⏳, it claims a plan only if the engine
//     planned, and an apply if and only if the simulator's state holds it;
//   - there is never more than one dashboard comment;
//   - after a failed run (and whatever lock it left behind) the next run on the same PR,
//     without faults, does the work.
// Timeouts: rows marked Timeout::kShort run the binary with INFRA_FLASH_HTTP_TIMEOUT_MS=1000
// against an answer delayed 3 s; other `slow` rows stay below the default 60 s.
// Retries follow the client's real RetryPolicy (500 ms backoff, doubling, 6 attempts),
// which cannot be shortened from outside: faults that persist are the non-retried
// kinds (403, 404, 422, a POST's 5xx), plus one 5xx outage and one rate limit that
// exhaust the retries for real.
#include <ostream>
#include <vector>

#include "faults/fault_fixture.h"

namespace infra_flash::testing {
namespace {

const std::string kLayer = "data-prod";
const std::string kLock = "refs/infra-flash/locks/data-prod";
const std::string kLayerFile = "envs/prod/data/main.tf";  // data-prod alone: fast runs

// The job whose requests a row breaks.
enum class Job {
  kAutoplan,           // pull_request opened: dashboard created, lock created, plan
  kAutoplanNewCommit,  // synchronize after a plan: dashboard edited, lock looked up and moved
  kAutoplanFromApi,    // opened on a shallow checkout (no base): changed files from the API
  kApply,              // `/apply` after a clean plan: reactions, PR, permission, reviews, locks
  kClose,              // closed without merge: the lock is released
};

// What the faulted run must end in.
enum class Expect {
  kDone,        // exit 0 and the work done, as without the fault
  kFailed,      // exit 1, nothing claimed that did not happen
  kUnwritable,  // exit 1: GitHub refused every dashboard edit, so the PR may show the
                // last state it accepted; the step summary says why
};

enum class Timeout { kDefault, kShort };  // kShort: the API timeout is cut to 1 s

struct Row {
  const char* name;
  Job job;
  Fault fault;
  Expect expect;
  Timeout timeout = Timeout::kDefault;
};

std::ostream& operator<<(std::ostream& out, const Row& row) { return out << row.name; }

// Paths as the server sees them (regexes searched in the path, query excluded).
const char* const kComments = "/issues/1/comments$";
const char* const kComment = "/issues/comments/[0-9]+$";
const char* const kReactions = "/issues/comments/[0-9]+/reactions$";
const char* const kPull = "/pulls/1$";
const char* const kFiles = "/pulls/1/files$";
const char* const kReviews = "/pulls/1/reviews$";
const char* const kPermission = "/collaborators/[^/]+/permission$";
const char* const kRefs = "/git/refs$";
const char* const kRef = "/git/ref/infra-flash/locks/";
const char* const kRefUpdate = "/git/refs/infra-flash/locks/";
const char* const kCommitPulls = "/commits/[0-9a-f]+/pulls$";

const char* const kForbidden = R"("status":403,"message":"Resource not accessible by integration")";

// clang-format off
const Row kRows[] = {
    // The dashboard: listing, creating, editing, a comment deleted mid-run.
    {"ListComments500", Job::kAutoplan, {"status", "GET", kComments, 1, 0, R"("status":500)"}, Expect::kDone},
    {"ListCommentsSecondaryRateLimit", Job::kAutoplan, {"secondary_rate_limit", "GET", kComments, 1, 0, R"("retry_after":1)"}, Expect::kDone},
    {"ListComments429", Job::kAutoplan, {"rate_limit_429", "GET", kComments, 1, 0, R"("retry_after":1)"}, Expect::kDone},
    {"ListCommentsPrimaryRateLimit", Job::kAutoplan, {"primary_rate_limit", "GET", kComments, 1, 0, R"("reset_in":1)"}, Expect::kDone},
    {"ListCommentsMalformed", Job::kAutoplan, {"malformed", "GET", kComments}, Expect::kDone},
    {"ListCommentsTruncated", Job::kAutoplan, {"truncated", "GET", kComments}, Expect::kDone},
    {"ListCommentsDropped", Job::kAutoplan, {"drop", "GET", kComments}, Expect::kDone},
    {"ListCommentsSlow", Job::kAutoplan, {"slow", "GET", kComments, 1, 0, R"("delay":0.5)"}, Expect::kDone},
    {"ListCommentsTimesOut", Job::kAutoplan, {"slow", "GET", kComments, 1, 0, R"("delay":3)"}, Expect::kDone, Timeout::kShort},
    // A create whose answer is lost and which lands only after the job looked again:
    // after its first re-list, and after its second (when it had settled on its own).
    {"CreateCommentLandsAfterTheFirstLook", Job::kAutoplan, {"lands_later", "POST", kComments, 1, 0, R"("after":"^GET .*/issues/1/comments$","count":1)"}, Expect::kDone},
    {"CreateCommentLandsAfterTheSecondLook", Job::kAutoplan, {"lands_later", "POST", kComments, 1, 0, R"("after":"^GET .*/issues/1/comments$","count":2)"}, Expect::kDone},
    {"GetPullTimesOut", Job::kApply, {"slow", "GET", kPull, 1, 0, R"("delay":3)"}, Expect::kDone, Timeout::kShort},
    {"CreateLockTimesOut", Job::kAutoplan, {"slow", "POST", kRefs, 1, 0, R"("delay":3)"}, Expect::kFailed, Timeout::kShort},
    {"ListCommentsForbidden", Job::kAutoplan, {"status", "GET", kComments, -1, 0, kForbidden}, Expect::kUnwritable},
    {"CreateComment502", Job::kAutoplan, {"status", "POST", kComments, 1, 0, R"("status":502)"}, Expect::kDone},
    {"CreateCommentActedThen502", Job::kAutoplan, {"fail_after_apply", "POST", kComments}, Expect::kDone},
    {"CreateCommentMalformed", Job::kAutoplan, {"malformed", "POST", kComments}, Expect::kDone},
    {"CreateCommentSecondaryRateLimit", Job::kAutoplan, {"secondary_rate_limit", "POST", kComments, 1, 0, R"("retry_after":1)"}, Expect::kDone},
    {"CreateCommentAlways500", Job::kAutoplan, {"status", "POST", kComments, -1, 0, R"("status":500)"}, Expect::kUnwritable},
    {"UpdateComment500", Job::kAutoplan, {"status", "PATCH", kComment, 1, 0, R"("status":500)"}, Expect::kDone},
    {"UpdateCommentMalformed", Job::kAutoplan, {"malformed", "PATCH", kComment}, Expect::kDone},
    {"UpdateCommentDeletedMidRun", Job::kAutoplan, {"deleted", "PATCH", kComment}, Expect::kDone},
    {"UpdateCommentForbidden", Job::kAutoplan, {"status", "PATCH", kComment, -1, 0, kForbidden}, Expect::kUnwritable},
    {"EditedCommentDeletedMidRun", Job::kAutoplanNewCommit, {"deleted", "PATCH", kComment}, Expect::kDone},
    // Locks: create, look up, find the holder, move, release.
    {"CreateRef500", Job::kAutoplan, {"status", "POST", kRefs, 1, 0, R"("status":500)"}, Expect::kFailed},
    {"CreateRefActedThen502", Job::kAutoplan, {"fail_after_apply", "POST", kRefs}, Expect::kFailed},
    {"CreateRefMalformed", Job::kAutoplan, {"malformed", "POST", kRefs}, Expect::kFailed},
    {"CreateRefSecondaryRateLimit", Job::kAutoplan, {"secondary_rate_limit", "POST", kRefs, 1, 0, R"("retry_after":1)"}, Expect::kDone},
    {"CreateRefPhantomExists", Job::kAutoplan, {"ref_exists", "POST", kRefs}, Expect::kDone},
    {"GetRef500", Job::kAutoplanNewCommit, {"status", "GET", kRef, 1, 0, R"("status":500)"}, Expect::kDone},
    {"GetRefForbidden", Job::kAutoplanNewCommit, {"status", "GET", kRef, -1, 0, kForbidden}, Expect::kFailed},
    {"CommitPulls502", Job::kAutoplanNewCommit, {"status", "GET", kCommitPulls, 1, 0, R"("status":502)"}, Expect::kDone},
    {"CommitPullsTruncated", Job::kAutoplanNewCommit, {"truncated", "GET", kCommitPulls}, Expect::kDone},
    {"CommitPullsForbidden", Job::kAutoplanNewCommit, {"status", "GET", kCommitPulls, -1, 0, kForbidden}, Expect::kFailed},
    {"UpdateRef500", Job::kAutoplanNewCommit, {"status", "PATCH", kRefUpdate, 1, 0, R"("status":500)"}, Expect::kDone},
    {"UpdateRefActedThen502", Job::kAutoplanNewCommit, {"fail_after_apply", "PATCH", kRefUpdate}, Expect::kDone},
    {"UpdateRefRefused", Job::kAutoplanNewCommit, {"status", "PATCH", kRefUpdate, -1, 0, R"("status":422,"message":"Reference cannot be updated")"}, Expect::kFailed},
    {"DeleteRef500", Job::kClose, {"status", "DELETE", kRefUpdate, 1, 0, R"("status":500)"}, Expect::kDone},
    {"DeleteRefActedThen502", Job::kClose, {"fail_after_apply", "DELETE", kRefUpdate}, Expect::kDone},
    {"DeleteRefForbidden", Job::kClose, {"status", "DELETE", kRefUpdate, -1, 0, kForbidden}, Expect::kFailed},
    {"CloseGetRefTruncated", Job::kClose, {"truncated", "GET", kRef}, Expect::kDone},
    // The PR's files, when the checkout lacks its commits.
    {"PullFiles502", Job::kAutoplanFromApi, {"status", "GET", kFiles, 1, 0, R"("status":502)"}, Expect::kDone},
    {"PullFilesNotFound", Job::kAutoplanFromApi, {"not_found", "GET", kFiles, -1}, Expect::kFailed},
    // `/apply`: reactions, the PR, the commenter's permission, reviews, locks, the reply.
    {"Reaction500", Job::kApply, {"status", "POST", kReactions, 1, 0, R"("status":500)"}, Expect::kDone},
    {"ReactionForbidden", Job::kApply, {"status", "POST", kReactions, -1, 0, kForbidden}, Expect::kDone},
    {"GetPull500", Job::kApply, {"status", "GET", kPull, 1, 0, R"("status":500)"}, Expect::kDone},
    {"GetPullNotFound", Job::kApply, {"not_found", "GET", kPull, -1}, Expect::kFailed},
    {"GetPullOutage502", Job::kApply, {"status", "GET", kPull, -1, 0, R"("status":502)"}, Expect::kFailed},
    {"Permission502", Job::kApply, {"status", "GET", kPermission, 1, 0, R"("status":502)"}, Expect::kDone},
    {"PermissionForbidden", Job::kApply, {"status", "GET", kPermission, -1, 0, kForbidden}, Expect::kFailed},
    {"PermissionRateLimitedAlways", Job::kApply, {"secondary_rate_limit", "GET", kPermission, -1, 0, R"("retry_after":1)"}, Expect::kFailed},
    {"Reviews500", Job::kApply, {"status", "GET", kReviews, 1, 0, R"("status":500)"}, Expect::kDone},
    {"ReviewsForbidden", Job::kApply, {"status", "GET", kReviews, -1, 0, kForbidden}, Expect::kFailed},
    {"ApplyListCommentsForbidden", Job::kApply, {"status", "GET", kComments, -1, 0, kForbidden}, Expect::kFailed},
    {"ApplyDashboardDeletedMidRun", Job::kApply, {"deleted", "PATCH", kComment}, Expect::kDone},
    {"ApplyDashboardForbidden", Job::kApply, {"status", "PATCH", kComment, -1, 0, kForbidden}, Expect::kUnwritable},
    {"ApplyCreateRef500", Job::kApply, {"status", "POST", kRefs, 1, 0, R"("status":500)"}, Expect::kFailed},
    {"ApplyGetRef502", Job::kApply, {"status", "GET", kRef, 1, 0, R"("status":502)"}, Expect::kDone},
    {"ApplyCommitPullsNotFound", Job::kApply, {"not_found", "GET", kCommitPulls, -1}, Expect::kFailed},
    {"ReplyAlways502", Job::kApply, {"status", "POST", kComments, -1, 0, R"("status":502)"}, Expect::kDone},
};
// clang-format on

class GitHubFaultsTest : public FaultsTest, public ::testing::WithParamInterface<Row> {
 protected:
  // Sets the PR up so that the row's job is the next run, then returns that run's event.
  void Prepare(Job job) {
    work.Branch("feature");
    head_ = work.Change(kLayerFile, "cache");
    switch (job) {
      case Job::kAutoplan:
        SeedPull(head_);
        break;
      case Job::kAutoplanFromApi: {
        // `fetch-depth: 1`: the PR head alone, without the base commit or any history, so
        // git cannot diff; the base's rules come from the contents API.
        const std::string config = Slurp(work.root() + "/.infra-flash.yml");
        work.Git({"checkout", "-q", "--orphan", "shallow"});
        head_ = work.Change(kLayerFile, "shallow");
        work.Git({"branch", "-q", "-D", "main", "feature"});
        work.Git({"reflog", "expire", "--expire=now", "--all"});
        work.Git({"gc", "-q", "--prune=now"});
        SeedBaseContents(".infra-flash.yml", config);
        SeedPull(head_, R"(,"files":[{"filename":")" + kLayerFile + R"("}])");
        break;
      }
      case Job::kAutoplanNewCommit: {
        SeedPull(head_);
        ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head_)).exit_code, 0);
        head_ = work.Change(kLayerFile, "queue");
        SeedPull(head_);
        break;
      }
      case Job::kApply:
      case Job::kClose:
        SeedPull(head_);
        ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", head_)).exit_code, 0);
        ASSERT_EQ(Ref(kLock), head_) << "the clean plan took the lock";
        if (job == Job::kClose) {
          PullSeed closed;
          closed.head = head_;
          closed.state = "closed";
          SeedPull(closed);
        }
        break;
    }
    github.ClearRequests();
    ClearSimLog();
  }

  ProcessResult RunJob(Job job) {
    switch (job) {
      case Job::kAutoplan:
      case Job::kAutoplanFromApi:
        return RunEvent("pull_request",
                        PullPayload(attempt_ == 0 ? "opened" : "synchronize", head_), env_);
      case Job::kAutoplanNewCommit:
        return RunEvent("pull_request", PullPayload("synchronize", head_), env_);
      case Job::kApply: {
        const int id = 700 + attempt_;
        SeedComment(id);
        return RunEvent("issue_comment", CommentPayload("/apply", "alice", id), env_);
      }
      case Job::kClose: {
        PullSeed closed;
        closed.head = head_;
        closed.state = "closed";
        return RunEvent("pull_request", PullPayload("closed", closed), env_);
      }
    }
    return {};
  }

  // Did the job do what it was asked, as the PR and the simulator show it?
  void ExpectWorkDone(Job job, const std::string& when) {
    const std::string dashboard = DashboardOf(1);
    const std::string row = RowOf(dashboard, kLayer);
    switch (job) {
      case Job::kAutoplan:
      case Job::kAutoplanNewCommit:
      case Job::kAutoplanFromApi:
        EXPECT_TRUE(Contains(row, "📝")) << when << ": the plan is shown: " << dashboard;
        EXPECT_TRUE(Contains(HiddenStateOf(1), "sha256:")) << when << ": its digest is kept";
        EXPECT_TRUE(Contains(dashboard, head_.substr(0, 7))) << when << ": for the head";
        EXPECT_EQ(Ref(kLock), head_) << when << ": the lock follows the head";
        break;
      case Job::kApply:
        EXPECT_TRUE(Applied("cache")) << when << ": the simulator's state holds the apply";
        // ✅ applied, or (after an apply the dashboard could not record) a fresh plan
        // with nothing left to apply; never a plan still waiting for /apply.
        EXPECT_TRUE(Contains(row, "✅ applied") || Contains(row, "no changes"))
            << when << ": " << dashboard;
        break;
      case Job::kClose:
        EXPECT_EQ(Ref(kLock), "") << when << ": the lock is released";
        break;
    }
  }

  // What the PR shows matches what happened, whatever the outcome.
  void ExpectTruthful(Job job, Expect expect, const std::string& when) {
    const std::string dashboard = DashboardOf(1);
    EXPECT_LE(DashboardCount(1), 1) << when << ": never two dashboards: " << RepositoryState();
    if (expect != Expect::kUnwritable) {
      EXPECT_FALSE(Contains(dashboard, "⏳")) << when << ": no row left on ⏳: " << dashboard;
    }
    const std::string row = RowOf(dashboard, kLayer);
    if (Contains(row, "📝") && job != Job::kApply && job != Job::kClose) {
      EXPECT_TRUE(SimRan("plan", "/prod/data")) << when << ": a plan shown was planned";
    }
    if (job == Job::kApply) {
      const bool says_applied = Contains(row, "✅ applied") || Contains(RepliesOn(1), "Applied:");
      EXPECT_EQ(Applied("cache"), says_applied)
          << when << ": applied if and only if the PR says so: " << dashboard << RepliesOn(1);
    }
  }

  std::string head_;
  int attempt_ = 0;
  std::map<std::string, std::string> env_;  // extra environment of the faulted run
};

TEST_P(GitHubFaultsTest, EndsTruthfullyAndRecovers) {
  const Row& row = GetParam();
  Prepare(row.job);
  if (HasFatalFailure()) return;
  AddFault(row.fault);
  if (row.timeout == Timeout::kShort) env_["INFRA_FLASH_HTTP_TIMEOUT_MS"] = "1000";
  ProcessResult run = RunJob(row.job);
  env_.clear();
  const std::string trace = run.out + run.err + "\nstep summary:\n" + step_summary;

  ASSERT_GE(FaultsAnswered(row.fault.kind), 1)
      << "the fault never hit: the row tests nothing. Requests: " << github.Requests();
  EXPECT_NE(run.signal, SIGKILL) << "the run did not finish: " << trace;
  // A dashboard GitHub refused to take is a failed job too (kUnwritable): the PR does
  // not show what happened.
  EXPECT_EQ(run.exit_code, row.expect == Expect::kDone ? 0 : 1) << trace;
  ExpectTruthful(row.job, row.expect, "with the fault");
  if (row.expect == Expect::kDone) {
    ExpectWorkDone(row.job, "with the fault");
    return;
  }
  if (row.expect == Expect::kUnwritable) {
    EXPECT_TRUE(Contains(step_summary, "could not write the dashboard") ||
                Contains(step_summary, "stopped on errors"))
        << "a dashboard GitHub refused is reported where people look: " << step_summary;
  }
  if (row.job == Job::kApply && row.expect == Expect::kFailed) {
    EXPECT_FALSE(Applied("cache")) << "a failed /apply applied";
  }

  // The next run on the same PR, without faults, picks up whatever was left behind
  // (a lock, a half-written dashboard) and does the work.
  ClearFaults();
  ++attempt_;
  ProcessResult again = RunJob(row.job);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  ExpectTruthful(row.job, Expect::kDone, "the next run");
  ExpectWorkDone(row.job, "the next run");
  if (row.job != Job::kClose) {
    EXPECT_EQ(DashboardCount(1), 1) << RepositoryState();
  }
}

std::string RowName(const ::testing::TestParamInfo<Row>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Matrix, GitHubFaultsTest, ::testing::ValuesIn(kRows), RowName);

}  // namespace
}  // namespace infra_flash::testing
