// Decisions the published examples do not exercise, each made by editing one
// fixture in memory: drafts, forks, bots, branch creation, deletions, input types.
#include "event_test_support.h"

namespace infra_flash::event_test {
namespace {

using namespace std::string_literals;

struct EdgeCase {
  const char* name;
  const char* event_name;
  const char* fixture;
  std::vector<Edit> edits;
  EventOptions options;
  Expected expected;
};

constexpr EventOptions kDefaults{};
constexpr EventOptions kAutoplanDrafts{.autoplan_drafts = true};
constexpr const char* kDraftReason =
    "draft pull request; mark it ready for review or comment /plan";

const std::vector<EdgeCase>& PullRequestCases() {
  static const std::vector<EdgeCase> cases = {
      {"draft opened, autoplan_drafts set",
       "pull_request",
       "pull_request.opened.0.json",
       {{"/pull_request/draft", "true"}},
       kAutoplanDrafts,
       {.trigger = Trigger::kPullRequest, .head_sha = kPrHeadSha, .is_draft = true}},
      {"draft synchronize",
       "pull_request",
       "pull_request.synchronize.22.json",
       {{"/pull_request/draft", "true"}},
       kDefaults,
       {.reason_contains = kDraftReason, .pr_number = 2, .is_draft = true}},
      {"draft reopened",
       "pull_request",
       "pull_request.reopened.18.json",
       {{"/pull_request/draft", "true"}},
       kDefaults,
       {.reason_contains = kDraftReason}},
      {"draft closed still frees its locks",
       "pull_request",
       "pull_request.closed.3.json",
       {{"/pull_request/draft", "true"}},
       kDefaults,
       {.trigger = Trigger::kPullRequestClosed, .pr_number = 2, .is_draft = true, .merged = false}},
      {"draft labeled stays ignored with autoplan_drafts",
       "pull_request",
       "pull_request.labeled.8.json",
       {{"/pull_request/draft", "true"}},
       kAutoplanDrafts,
       {.reason_contains = "pull_request action 'labeled' does not change code"}},
      {"edited (title or body) is ignored",
       "pull_request",
       "pull_request.opened.0.json",
       {{"/action", "\"edited\""}},
       kDefaults,
       {.reason_contains = "pull_request action 'edited' does not change code; nothing to plan"}},
      {"deleted fork: head.repo null",
       "pull_request",
       "pull_request.opened.0.json",
       {{"/pull_request/head/repo", "null"}},
       kDefaults,
       {.trigger = Trigger::kPullRequest, .is_fork = true}},
      {"head.repo without full_name counts as a fork",
       "pull_request",
       "pull_request.opened.0.json",
       {{"/pull_request/head/repo/full_name", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kPullRequest, .is_fork = true}},
      {"fork closed",
       "pull_request",
       "pull_request.closed.3.json",
       {{"/pull_request/head/repo/full_name", "\"forker/Hello-World\""}},
       kDefaults,
       {.trigger = Trigger::kPullRequestClosed, .is_fork = true}},
      {"repository names compare case-insensitively",
       "pull_request",
       "pull_request.opened.0.json",
       {{"/pull_request/head/repo/full_name", "\"codertocat/hello-world\""}},
       kDefaults,
       {.trigger = Trigger::kPullRequest, .is_fork = false}},
      {"base.repo missing: compared with repository.full_name",
       "pull_request",
       "pull_request.opened.0.json",
       {{"/pull_request/base/repo", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kPullRequest, .is_fork = false}},
      {"base.repo and repository missing: a fork",
       "pull_request",
       "pull_request.opened.0.json",
       {{"/pull_request/base/repo", std::nullopt}, {"/repository", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kPullRequest, .repository = "", .is_fork = true}},
      {"merged of another type reads as not merged",
       "pull_request",
       "pull_request.closed.3.json",
       {{"/pull_request/merged", "\"yes\""}},
       kDefaults,
       {.trigger = Trigger::kPullRequestClosed, .merged = false}},
      {"SHA-256 repository",
       "pull_request",
       "pull_request.synchronize.22.json",
       {{"/pull_request/head/sha", JsonString(std::string(64, 'a'))}},
       kDefaults,
       {.trigger = Trigger::kPullRequest, .head_sha = std::string(64, 'a')}},
      {"an ignored action needs no SHAs",
       "pull_request",
       "pull_request.labeled.8.json",
       {{"/pull_request/head", std::nullopt}, {"/pull_request/base", std::nullopt}},
       kDefaults,
       {.reason_contains = "does not change code", .head_sha = "", .is_fork = true}},
      {"a close needs no SHAs",
       "pull_request",
       "pull_request.closed.3.json",
       {{"/pull_request/head/sha", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kPullRequestClosed, .pr_number = 2}},
      {"no sender: actor empty",
       "pull_request",
       "pull_request.opened.0.json",
       {{"/sender", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kPullRequest, .actor = ""}},
  };
  return cases;
}

constexpr const char* kPrComment = "issue_comment.created.pull_request.edited.json";

const std::vector<EdgeCase>& IssueCommentCases() {
  static const std::vector<EdgeCase> cases = {
      {"bot by login only",
       "issue_comment",
       kPrComment,
       {{"/sender/login", "\"renovate[bot]\""}},
       kDefaults,
       {.reason_contains = "comment by bot 'renovate[bot]'"}},
      {"bot by sender.type only",
       "issue_comment",
       kPrComment,
       {{"/sender/type", "\"Bot\""}},
       kDefaults,
       {.reason_contains = "comment by bot 'Codertocat'"}},
      {"bot as comment.user, person as sender",
       "issue_comment",
       kPrComment,
       {{"/comment/user/login", "\"infra-flash[bot]\""}},
       kDefaults,
       {.reason_contains = "comment by bot 'infra-flash[bot]'"}},
      {"login merely containing bot is a person",
       "issue_comment",
       kPrComment,
       {{"/sender/login", "\"robotics-team\""}},
       kDefaults,
       {.trigger = Trigger::kComment, .actor = "robotics-team"}},
      {"issue.pull_request null is a plain issue",
       "issue_comment",
       kPrComment,
       {{"/issue/pull_request", "null"}},
       kDefaults,
       {.reason_contains = "comment on issue #1, which is not a pull request", .pr_number = 0}},
      {"edited comment on a pull request",
       "issue_comment",
       kPrComment,
       {{"/action", "\"edited\""}},
       kDefaults,
       {.reason_contains = "issue_comment action 'edited' is not a new comment"}},
      {"deleted comment on a pull request",
       "issue_comment",
       kPrComment,
       {{"/action", "\"deleted\""}},
       kDefaults,
       {.reason_contains = "issue_comment action 'deleted' is not a new comment"}},
      {"body kept byte for byte (NUL, newlines, unicode)",
       "issue_comment",
       kPrComment,
       {{"/comment/body", "\"/apply\\r\\n\\u0000 ⚡ é\""}},
       kDefaults,
       {.trigger = Trigger::kComment, .comment_body = "/apply\r\n\0 ⚡ é"s}},
      {"empty body is still a comment",
       "issue_comment",
       kPrComment,
       {{"/comment/body", "\"\""}},
       kDefaults,
       {.trigger = Trigger::kComment, .comment_body = ""}},
      {"no sender: actor from comment.user",
       "issue_comment",
       kPrComment,
       {{"/sender", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kComment, .actor = "Codertocat"}},
      {"large PR and comment numbers",
       "issue_comment",
       kPrComment,
       {{"/issue/number", "9223372036854775807"}, {"/comment/id", "4294967296123"}},
       kDefaults,
       {.trigger = Trigger::kComment,
        .pr_number = 9223372036854775807,
        .comment_id = 4294967296123}},
  };
  return cases;
}

constexpr const char* kDefaultPush = "push.default_branch.edited.json";

const std::vector<EdgeCase>& PushCases() {
  static const std::vector<EdgeCase> cases = {
      {"created:true with a before SHA",
       "push",
       kDefaultPush,
       {{"/created", "true"}},
       kDefaults,
       {.trigger = Trigger::kPush, .base_sha = kPrBaseSha, .branch_created = true}},
      {"all-zero before without created",
       "push",
       kDefaultPush,
       {{"/before", JsonString(kZeroSha)}, {"/created", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kPush, .base_sha = kZeroSha, .branch_created = true}},
      {"all-zero after without deleted",
       "push",
       kDefaultPush,
       {{"/after", JsonString(kZeroSha)}, {"/deleted", std::nullopt}},
       kDefaults,
       {.reason_contains = "push deleted branch 'master'; nothing to converge"}},
      {"deleted:true on the default branch",
       "push",
       kDefaultPush,
       {{"/deleted", "true"}},
       kDefaults,
       {.reason_contains = "push deleted branch 'master'"}},
      {"a branch named like the default one with a suffix",
       "push",
       kDefaultPush,
       {{"/ref", "\"refs/heads/master-old\""}},
       kDefaults,
       {.reason_contains = "push to branch 'master-old', not the default branch 'master'",
        .head_ref = "master-old"}},
      {"a ref that is neither branch nor tag",
       "push",
       kDefaultPush,
       {{"/ref", "\"refs/notes/commits\""}},
       kDefaults,
       {.reason_contains = "push to 'refs/notes/commits', which is not a branch"}},
      {"a tag deletion is reported as a tag",
       "push",
       "push.tag.edited.json",
       {{"/deleted", "true"}, {"/after", JsonString(kZeroSha)}},
       kDefaults,
       {.reason_contains = "push of tag 'v1.2.0'"}},
      {"no sender: actor from pusher.name",
       "push",
       kDefaultPush,
       {{"/sender", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kPush, .actor = "Codertocat"}},
      {"a push to another branch needs no SHAs",
       "push",
       "push.other_branch.edited.json",
       {{"/before", std::nullopt}, {"/after", std::nullopt}},
       kDefaults,
       {.reason_contains = "not the default branch"}},
  };
  return cases;
}

constexpr const char* kDispatch = "workflow_dispatch.0.json";

const std::vector<EdgeCase>& WorkflowDispatchCases() {
  static const std::vector<EdgeCase> cases = {
      {"typed inputs become text; nested and null ones are dropped",
       "workflow_dispatch",
       kDispatch,
       {{"/inputs",
         R"({"dry_run": true, "off": false, "count": 3, "negative": -7, "ratio": 1.5, "small": 2.5e-3, "huge": 1e300,
             "big": 18446744073709551615, "nested": {"command": "apply"}, "list": ["a"],
             "nothing": null, "layers": "platform data-prod"})"}},
       kDefaults,
       {.trigger = Trigger::kDispatch,
        .inputs = Inputs{{"dry_run", "true"},
                         {"off", "false"},
                         {"count", "3"},
                         {"negative", "-7"},
                         {"ratio", "1.5"},
                         {"small", "0.0025"},
                         {"huge", "1e300"},
                         {"big", "18446744073709551615"},
                         {"layers", "platform data-prod"}}}},
      {"inputs null",
       "workflow_dispatch",
       kDispatch,
       {{"/inputs", "null"}},
       kDefaults,
       {.trigger = Trigger::kDispatch, .inputs = Inputs{}}},
      {"inputs absent",
       "workflow_dispatch",
       kDispatch,
       {{"/inputs", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kDispatch, .inputs = Inputs{}}},
      {"a duplicated input: the last one wins, as in JavaScript",
       "workflow_dispatch",
       kDispatch,
       {{"/inputs", R"({"command": "plan", "command": "apply"})"}},
       kDefaults,
       {.trigger = Trigger::kDispatch, .inputs = Inputs{{"command", "apply"}}}},
      {"dispatched on a tag keeps the full ref",
       "workflow_dispatch",
       kDispatch,
       {{"/ref", "\"refs/tags/v1\""}},
       kDefaults,
       {.trigger = Trigger::kDispatch, .head_ref = "refs/tags/v1"}},
      {"no ref",
       "workflow_dispatch",
       kDispatch,
       {{"/ref", std::nullopt}},
       kDefaults,
       {.trigger = Trigger::kDispatch, .head_ref = ""}},
  };
  return cases;
}

void RunCases(const std::vector<EdgeCase>& cases) {
  for (const EdgeCase& c : cases) {
    Result<Event> event = ParseEvent(c.event_name, EditFixture(c.fixture, c.edits), c.options);
    ASSERT_TRUE(event.ok()) << c.name << ": " << event.error().message;
    ExpectEvent(c.name, *event, c.expected);
  }
}

TEST(EventEdgeCases, PullRequest) { RunCases(PullRequestCases()); }
TEST(EventEdgeCases, IssueComment) { RunCases(IssueCommentCases()); }
TEST(EventEdgeCases, Push) { RunCases(PushCases()); }
TEST(EventEdgeCases, WorkflowDispatch) { RunCases(WorkflowDispatchCases()); }

}  // namespace
}  // namespace infra_flash::event_test
