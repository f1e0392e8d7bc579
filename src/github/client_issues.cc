// client_issues: the endpoints under /issues: an issue's (or pull request's) comments,
// reactions to a comment, labels, and issues themselves.
#include "common/strings.h"
#include "github/client.h"
#include "github/client_decode.h"
#include "github/client_internal.h"

namespace infra_flash {
namespace {

// Labels are checked before anything is sent, so that one bad entry does not leave half
// a request applied.
Status CheckLabels(const std::vector<std::string>& labels) {
  for (const std::string& label : labels) {
    if (Trim(label).empty()) {
      return Error{"one of the labels to add is empty: every label needs a name"};
    }
  }
  return Ok();
}

}  // namespace

Result<std::vector<IssueComment>> GitHubClient::ListIssueComments(std::int64_t issue_number) {
  std::vector<IssueComment> comments;
  Status status =
      ForEachPage(repo_path_ + "/issues/" + std::to_string(issue_number) + "/comments",
                  [&](const rapidjson::Value& item) { comments.push_back(ParseComment(item)); });
  if (!status.ok()) return status.error();
  return comments;
}

Result<IssueComment> GitHubClient::CreateIssueComment(std::int64_t issue_number,
                                                      const std::string& body) {
  Call call{HttpMethod::kPost, repo_path_ + "/issues/" + std::to_string(issue_number) + "/comments",
            JsonBody().Add("body", body).Finish(), Idempotency::kNotIdempotent};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 201) return Failure(call, *answer);
  return ParseComment(answer->json);
}

Result<std::optional<IssueComment>> GitHubClient::UpdateIssueComment(std::int64_t comment_id,
                                                                     const std::string& body) {
  Call call{HttpMethod::kPatch, repo_path_ + "/issues/comments/" + std::to_string(comment_id),
            JsonBody().Add("body", body).Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 404) return std::optional<IssueComment>();
  if (answer->response.status != 200) return Failure(call, *answer);
  return std::optional<IssueComment>(ParseComment(answer->json));
}

Result<Removal> GitHubClient::DeleteIssueComment(std::int64_t comment_id) {
  Call call{HttpMethod::kDelete, repo_path_ + "/issues/comments/" + std::to_string(comment_id)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 404) return Removal::kAlreadyGone;
  if (answer->response.status != 204 && answer->response.status != 200) {
    return Failure(call, *answer);
  }
  return Removal::kRemoved;
}

Status GitHubClient::AddReaction(std::int64_t comment_id, Reaction reaction) {
  Call call{HttpMethod::kPost,
            repo_path_ + "/issues/comments/" + std::to_string(comment_id) + "/reactions",
            JsonBody().Add("content", std::string(ReactionContent(reaction))).Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200 && answer->response.status != 201) {
    return Failure(call, *answer);
  }
  return Ok();
}

// Adding labels is safe to resend: GitHub keeps a set.
Status GitHubClient::AddLabels(std::int64_t issue_number, const std::vector<std::string>& labels) {
  if (Status valid = CheckLabels(labels); !valid.ok()) {
    return Error{"cannot label #" + std::to_string(issue_number) + ": " + valid.error().message};
  }
  if (labels.empty()) return Ok();
  Call call{HttpMethod::kPost, repo_path_ + "/issues/" + std::to_string(issue_number) + "/labels",
            JsonBody().Add("labels", labels).Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  return Ok();
}

Result<std::vector<Issue>> GitHubClient::ListOpenIssues(const std::string& label) {
  if (Status valid = CheckLabels({label}); !valid.ok()) return valid.error();
  std::vector<Issue> issues;
  // The list has pull requests too (they are issues to GitHub): they carry `pull_request`.
  Status status = ForEachPage(repo_path_ + "/issues?state=open&sort=created&direction=asc&labels=" +
                                  EncodePath(label, Slashes::kEncode),
                              [&](const rapidjson::Value& item) {
                                if (!item.IsObject() || item.HasMember("pull_request")) return;
                                issues.push_back(ParseIssue(item));
                              });
  if (!status.ok()) return status.error();
  return issues;
}

Result<Issue> GitHubClient::CreateIssue(const IssueDraft& draft) {
  if (Status valid = CheckLabels(draft.labels); !valid.ok()) return valid.error();
  Call call{HttpMethod::kPost, repo_path_ + "/issues",
            JsonBody()
                .Add("title", draft.title)
                .Add("body", draft.body)
                .Add("labels", draft.labels)
                .Finish(),
            Idempotency::kNotIdempotent};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 201) return Failure(call, *answer);
  return ParseIssue(answer->json);
}

Result<Issue> GitHubClient::UpdateIssue(std::int64_t number, const std::string& body,
                                        const std::string& state) {
  JsonBody fields;
  fields.Add("body", body);
  if (!state.empty()) fields.Add("state", state);
  Call call{HttpMethod::kPatch, repo_path_ + "/issues/" + std::to_string(number), fields.Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  return ParseIssue(answer->json);
}

}  // namespace infra_flash
