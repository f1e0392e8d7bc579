// issue_comment: a new comment on a pull request, by a person, may be a command.
// Edits, deletions, comments on plain issues and comments by bots never are.
#include "common/json.h"
#include "event/parsers.h"

namespace infra_flash::event_internal {
namespace {

// GitHub marks an issue that is a pull request with an `issue.pull_request` object.
bool IsOnPullRequest(const Payload& payload) {
  const rapidjson::Value* marker = json::Find(payload.root, {"issue", "pull_request"});
  return marker != nullptr && marker->IsObject();
}

// Bots never run commands: it stops infra-flash from answering its own dashboard
// and other automations from applying infrastructure.
const rapidjson::Value* BotAuthor(const Payload& payload) {
  for (const rapidjson::Value* user :
       {json::Member(payload.root, "sender"), json::Find(payload.root, {"comment", "user"})}) {
    if (IsBotAccount(user)) return user;
  }
  return nullptr;
}

Result<Event> ReadComment(const Payload& payload, Event event) {
  Result<std::int64_t> comment_id = RequirePositiveInteger(payload, {"comment", "id"});
  if (!comment_id.ok()) return comment_id.error();
  Result<std::string> body = RequireString(payload, {"comment", "body"});
  if (!body.ok()) return body.error();
  event.comment_id = *comment_id;
  event.comment_body = std::move(*body);
  event.author_association = OptionalString(payload, {"comment", "author_association"});
  if (event.actor.empty()) event.actor = OptionalString(payload, {"comment", "user", "login"});
  event.trigger = Trigger::kComment;
  return event;
}

}  // namespace

Result<Event> ParseIssueComment(const Payload& payload, Event event,
                                const EventOptions& /*options*/) {
  Result<std::string> action = RequireString(payload, {"action"});
  if (!action.ok()) return action.error();
  if (*action != "created") {
    return Ignored(std::move(event), "issue_comment action " + Quote(*action) +
                                         " is not a new comment; only new comments run commands");
  }
  Result<std::int64_t> number = RequirePositiveInteger(payload, {"issue", "number"});
  if (!number.ok()) return number.error();
  event.title = OptionalString(payload, {"issue", "title"});
  if (!IsOnPullRequest(payload)) {
    return Ignored(std::move(event), "comment on issue #" + std::to_string(*number) +
                                         ", which is not a pull request; infra-flash commands "
                                         "run only on pull requests");
  }
  event.pr_number = *number;
  if (const rapidjson::Value* bot = BotAuthor(payload)) {
    return Ignored(std::move(event), "comment by bot " +
                                         Quote(json::StringOr(json::Member(*bot, "login"))) +
                                         "; bots cannot run infra-flash commands");
  }
  return ReadComment(payload, std::move(event));
}

}  // namespace infra_flash::event_internal
