// pull_request: new code to plan (opened, synchronize, reopened, ready_for_review)
// or a closed PR whose locks are released; every other action is ignored.
#include <optional>

#include "common/json.h"
#include "common/strings.h"
#include "event/parsers.h"

namespace infra_flash::event_internal {
namespace {

struct ActionRule {
  std::string_view action;
  Trigger trigger;
};

// The actions that change what a PR would apply, and closing, which frees locks.
constexpr ActionRule kPullRequestActions[] = {
    {"opened", Trigger::kPullRequest},       {"synchronize", Trigger::kPullRequest},
    {"reopened", Trigger::kPullRequest},     {"ready_for_review", Trigger::kPullRequest},
    {"closed", Trigger::kPullRequestClosed},
};

std::optional<Trigger> TriggerFor(std::string_view action) {
  for (const ActionRule& rule : kPullRequestActions) {
    if (rule.action == action) return rule.trigger;
  }
  return std::nullopt;
}

// A PR is from a fork when its head lives in another repository. A null head
// repository means the fork was deleted; that, and any head we cannot name, counts
// as a fork, because "fork" is the cautious answer (no secrets for its plans).
bool IsFork(const rapidjson::Value& pull_request, std::string_view repository) {
  std::optional<std::string> head =
      json::String(json::Find(pull_request, {"head", "repo", "full_name"}));
  if (!head || head->empty()) return true;
  std::string base = json::StringOr(json::Find(pull_request, {"base", "repo", "full_name"}),
                                    std::string(repository));
  // Repository names are case-insensitive on GitHub.
  return base.empty() || !EqualsIgnoreCase(*head, base);
}

// Everything descriptive, read leniently; what a plan needs is checked in Plan().
void ReadDetails(const rapidjson::Value& pull_request, Event& event) {
  event.title = json::StringOr(json::Member(pull_request, "title"));
  event.head_ref = json::StringOr(json::Find(pull_request, {"head", "ref"}));
  event.base_ref = json::StringOr(json::Find(pull_request, {"base", "ref"}));
  event.head_sha = json::StringOr(json::Find(pull_request, {"head", "sha"}));
  event.base_sha = json::StringOr(json::Find(pull_request, {"base", "sha"}));
  event.author_association = json::StringOr(json::Member(pull_request, "author_association"));
  event.is_draft = json::BoolOr(json::Member(pull_request, "draft"));
  event.merged = json::BoolOr(json::Member(pull_request, "merged"));
  event.is_fork = IsFork(pull_request, event.repository);
}

// A plan checks out the head and diffs it against the base: both SHAs and both
// branch names must be there and well formed.
Result<Event> Plan(const Payload& payload, Event event, const EventOptions& options) {
  if (event.is_draft && !options.autoplan_drafts) {
    return Ignored(std::move(event),
                   "draft pull request; mark it ready for review or comment /plan");
  }
  Result<std::string> head_sha = RequireCommitSha(payload, {"pull_request", "head", "sha"});
  if (!head_sha.ok()) return head_sha.error();
  Result<std::string> base_sha = RequireCommitSha(payload, {"pull_request", "base", "sha"});
  if (!base_sha.ok()) return base_sha.error();
  Result<std::string> head_ref = RequireString(payload, {"pull_request", "head", "ref"});
  if (!head_ref.ok()) return head_ref.error();
  Result<std::string> base_ref = RequireString(payload, {"pull_request", "base", "ref"});
  if (!base_ref.ok()) return base_ref.error();
  event.trigger = Trigger::kPullRequest;
  return event;
}

}  // namespace

Result<Event> ParsePullRequest(const Payload& payload, Event event, const EventOptions& options) {
  Result<std::string> action = RequireString(payload, {"action"});
  if (!action.ok()) return action.error();
  Result<const rapidjson::Value*> pull_request = RequireObject(payload, {"pull_request"});
  if (!pull_request.ok()) return pull_request.error();
  Result<std::int64_t> number = RequirePositiveInteger(payload, {"pull_request", "number"});
  if (!number.ok()) return number.error();
  event.pr_number = *number;
  ReadDetails(**pull_request, event);

  std::optional<Trigger> trigger = TriggerFor(*action);
  if (!trigger) {
    return Ignored(std::move(event), "pull_request action " + Quote(*action) +
                                         " does not change code; nothing to plan");
  }
  if (*trigger == Trigger::kPullRequestClosed) {
    event.trigger = Trigger::kPullRequestClosed;
    return event;
  }
  return Plan(payload, std::move(event), options);
}

}  // namespace infra_flash::event_internal
