// Every payload under tests/fixtures/events/ (GitHub's published examples and our
// edited copies, see ORIGIN.md) parses, and gives the event written next to it.
#include <filesystem>
#include <set>

#include "event_test_support.h"

namespace infra_flash::event_test {
namespace {

constexpr const char* kRepository = "Codertocat/Hello-World";
constexpr const char* kPrTitle = "Update the README with new information.";
constexpr const char* kIssueTitle = "Spelling error in the README file";
constexpr std::int64_t kCommentId = 492700400;

Expected PullRequestFields(Trigger trigger, const char* action) {
  return Expected{.trigger = trigger,
                  .action = action,
                  .repository = kRepository,
                  .default_branch = "master",
                  .actor = "Codertocat",
                  .pr_number = 2,
                  .head_sha = kPrHeadSha,
                  .base_sha = kPrBaseSha,
                  .head_ref = "changes",
                  .base_ref = "master",
                  .title = kPrTitle,
                  .is_fork = false,
                  .author_association = "OWNER"};
}

Expected PlannedPr(const char* action) {
  Expected x = PullRequestFields(Trigger::kPullRequest, action);
  x.is_draft = false;
  x.merged = false;
  return x;
}

Expected ClosedPr(bool merged) {
  Expected x = PullRequestFields(Trigger::kPullRequestClosed, "closed");
  x.merged = merged;
  return x;
}

Expected IgnoredPr(const char* action) {
  Expected x = PullRequestFields(Trigger::kIgnored, action);
  x.reason_contains =
      std::string("pull_request action '") + action + "' does not change code; nothing to plan";
  return x;
}

Expected DraftPr(const char* action) {
  Expected x = IgnoredPr(action);
  x.reason_contains = "draft pull request; mark it ready for review or comment /plan";
  x.is_draft = true;
  return x;
}

Expected ForkPr() {
  Expected x = PlannedPr("opened");
  x.actor = "forker";
  x.is_fork = true;
  x.author_association = "FIRST_TIME_CONTRIBUTOR";
  return x;
}

Expected CommentOnIssue() {
  return Expected{.reason_contains = "comment on issue #1, which is not a pull request",
                  .action = "created",
                  .repository = kRepository,
                  .actor = "Codertocat",
                  .pr_number = 0,
                  .title = kIssueTitle};
}

Expected CommentNotNew(const char* action) {
  return Expected{
      .reason_contains = std::string("issue_comment action '") + action + "' is not a new comment",
      .action = action,
      .repository = kRepository,
      .actor = "Codertocat"};
}

Expected CommentOnPullRequest() {
  return Expected{.trigger = Trigger::kComment,
                  .action = "created",
                  .repository = kRepository,
                  .default_branch = "master",
                  .actor = "Codertocat",
                  .pr_number = 1,
                  .head_sha = "",
                  .title = kIssueTitle,
                  .comment_id = kCommentId,
                  .comment_body = "/plan layers=platform",
                  .author_association = "MEMBER"};
}

Expected CommentByBot() {
  return Expected{.reason_contains = "comment by bot 'github-actions[bot]'",
                  .actor = "github-actions[bot]",
                  .pr_number = 1};
}

Expected IgnoredPush(std::string reason) {
  return Expected{.reason_contains = std::move(reason),
                  .action = "",
                  .repository = kRepository,
                  .actor = "Codertocat"};
}

Expected ConvergedPush(const char* branch, const char* before, bool created) {
  return Expected{.trigger = Trigger::kPush,
                  .action = "",
                  .repository = kRepository,
                  .default_branch = branch,
                  .actor = "Codertocat",
                  .pr_number = 0,
                  .head_sha = kPushSha,
                  .base_sha = before,
                  .head_ref = branch,
                  .branch_created = created};
}

Expected Dispatch(const char* branch, const char* actor, Inputs inputs) {
  return Expected{.trigger = Trigger::kDispatch,
                  .repository = "octo-org/octo-repo",
                  .default_branch = branch,
                  .actor = actor,
                  .head_ref = branch,
                  .inputs = std::move(inputs)};
}

struct FixtureCase {
  const char* file;
  const char* event_name;
  Expected expected;
};

const std::vector<FixtureCase>& FixtureCases() {
  static const std::vector<FixtureCase> cases = {
      // Published pull_request examples.
      {"pull_request.opened.0.json", "pull_request", PlannedPr("opened")},
      {"pull_request.assigned.1.json", "pull_request", IgnoredPr("assigned")},
      {"pull_request.assigned.2.json", "pull_request", IgnoredPr("assigned")},
      {"pull_request.closed.3.json", "pull_request", ClosedPr(false)},
      {"pull_request.closed.4.json", "pull_request", ClosedPr(false)},
      {"pull_request.converted_to_draft.5.json", "pull_request", IgnoredPr("converted_to_draft")},
      {"pull_request.converted_to_draft.6.json", "pull_request", IgnoredPr("converted_to_draft")},
      {"pull_request.converted_to_draft.7.json", "pull_request", IgnoredPr("converted_to_draft")},
      {"pull_request.labeled.8.json", "pull_request", IgnoredPr("labeled")},
      {"pull_request.labeled.9.json", "pull_request", IgnoredPr("labeled")},
      {"pull_request.locked.10.json", "pull_request", IgnoredPr("locked")},
      {"pull_request.locked.11.json", "pull_request", IgnoredPr("locked")},
      {"pull_request.opened.12.json", "pull_request", PlannedPr("opened")},
      {"pull_request.opened.13.json", "pull_request", PlannedPr("opened")},
      {"pull_request.opened.14.json", "pull_request", PlannedPr("opened")},
      {"pull_request.ready_for_review.15.json", "pull_request", PlannedPr("ready_for_review")},
      {"pull_request.ready_for_review.16.json", "pull_request", PlannedPr("ready_for_review")},
      {"pull_request.ready_for_review.17.json", "pull_request", PlannedPr("ready_for_review")},
      {"pull_request.reopened.18.json", "pull_request", PlannedPr("reopened")},
      {"pull_request.reopened.19.json", "pull_request", PlannedPr("reopened")},
      {"pull_request.review_request_removed.20.json", "pull_request",
       IgnoredPr("review_request_removed")},
      {"pull_request.review_requested.21.json", "pull_request", IgnoredPr("review_requested")},
      {"pull_request.synchronize.22.json", "pull_request", PlannedPr("synchronize")},
      {"pull_request.unassigned.23.json", "pull_request", IgnoredPr("unassigned")},
      {"pull_request.unassigned.24.json", "pull_request", IgnoredPr("unassigned")},
      {"pull_request.unlabeled.25.json", "pull_request", IgnoredPr("unlabeled")},
      {"pull_request.unlabeled.26.json", "pull_request", IgnoredPr("unlabeled")},
      {"pull_request.unlocked.27.json", "pull_request", IgnoredPr("unlocked")},
      {"pull_request.unlocked.28.json", "pull_request", IgnoredPr("unlocked")},
      // Edited pull_request copies.
      {"pull_request.opened.fork.edited.json", "pull_request", ForkPr()},
      {"pull_request.opened.draft.edited.json", "pull_request", DraftPr("opened")},
      {"pull_request.closed.merged.edited.json", "pull_request", ClosedPr(true)},
      // Published issue_comment examples: all on a plain issue, or not new.
      {"issue_comment.created.0.json", "issue_comment", CommentOnIssue()},
      {"issue_comment.created.1.json", "issue_comment", CommentOnIssue()},
      {"issue_comment.created.2.json", "issue_comment", CommentOnIssue()},
      {"issue_comment.created.3.json", "issue_comment", CommentOnIssue()},
      {"issue_comment.created.4.json", "issue_comment", CommentOnIssue()},
      {"issue_comment.deleted.5.json", "issue_comment", CommentNotNew("deleted")},
      {"issue_comment.deleted.6.json", "issue_comment", CommentNotNew("deleted")},
      {"issue_comment.edited.7.json", "issue_comment", CommentNotNew("edited")},
      {"issue_comment.edited.8.json", "issue_comment", CommentNotNew("edited")},
      // Edited issue_comment copies.
      {"issue_comment.created.pull_request.edited.json", "issue_comment", CommentOnPullRequest()},
      {"issue_comment.created.bot.edited.json", "issue_comment", CommentByBot()},
      // Published push examples: tags created or deleted, and the default branch created.
      {"push.0.json", "push", IgnoredPush("push of tag 'simple-tag'")},
      {"push.1.json", "push", IgnoredPush("push of tag 'simple-tag'")},
      {"push.2.json", "push", IgnoredPush("push of tag 'simple-tag'")},
      {"push.3.json", "push", IgnoredPush("push of tag 'simple-tag'")},
      {"push.4.json", "push", ConvergedPush("master", kZeroSha, true)},
      {"push.5.json", "push", ConvergedPush("master", kZeroSha, true)},
      {"push.6.json", "push", IgnoredPush("push of tag 'simple-tag'")},
      // Edited push copies.
      {"push.default_branch.edited.json", "push", ConvergedPush("master", kPrBaseSha, false)},
      {"push.created.edited.json", "push", ConvergedPush("main", kZeroSha, true)},
      {"push.other_branch.edited.json", "push",
       IgnoredPush("push to branch 'feature/vpc', not the default branch 'master'")},
      {"push.tag.edited.json", "push", IgnoredPush("push of tag 'v1.2.0'")},
      {"push.deleted.edited.json", "push", IgnoredPush("push deleted branch 'feature/vpc'")},
      // workflow_dispatch.
      {"workflow_dispatch.0.json", "workflow_dispatch", Dispatch("main", "octocat", {})},
      {"workflow_dispatch.1.json", "workflow_dispatch", Dispatch("master", "Codertocat", {})},
      {"workflow_dispatch.inputs.edited.json", "workflow_dispatch",
       Dispatch("main", "octocat",
                {{"command", "apply"},
                 {"environment", "prod"},
                 {"layers", "platform data-prod"},
                 {"confirm", "deploy"}})},
      // An event infra-flash does not act on.
      {"pull_request_review.submitted.0.json", "pull_request_review",
       Expected{.reason_contains = "infra-flash does not act on 'pull_request_review' events",
                .action = "submitted",
                .repository = kRepository,
                .actor = "Codertocat"}},
  };
  return cases;
}

TEST(EventFixtures, EachFixtureGivesItsExpectedEvent) {
  for (const FixtureCase& c : FixtureCases()) {
    Result<Event> event = ParseEvent(c.event_name, LoadFixture(c.file));
    ASSERT_TRUE(event.ok()) << c.file << ": " << event.error().message;
    EXPECT_EQ(event->event_name, c.event_name) << c.file;
    ExpectEvent(c.file, *event, c.expected);
  }
}

// The folder and the table list the same files, so a fixture added without an
// expectation fails here; and no fixture, whatever its event, is an error.
TEST(EventFixtures, EveryFileInTheFolderHasAnExpectation) {
  std::set<std::string> in_table;
  for (const FixtureCase& c : FixtureCases()) in_table.insert(c.file);
  std::set<std::string> in_folder;
  for (const auto& entry : std::filesystem::directory_iterator(FixtureDirectory())) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json") continue;
    in_folder.insert(name);
    std::string event_name = name.substr(0, name.find('.'));
    Result<Event> event = ParseEvent(event_name, LoadFixture(name));
    EXPECT_TRUE(event.ok()) << name << ": " << (event.ok() ? "" : event.error().message);
  }
  EXPECT_EQ(in_folder, in_table);
  EXPECT_EQ(in_folder.size(), 59u) << "48 published examples and 11 edited copies";
}

}  // namespace
}  // namespace infra_flash::event_test
