#include "support/fake_github.h"

#include <algorithm>
#include <cstdio>

namespace infra_flash::testing {
namespace {

Error NotFound(const std::string& what) { return Error{what + ": GitHub answered 404 Not Found"}; }

std::string FakeSha(std::int64_t n) {
  char text[41];
  std::snprintf(text, sizeof text, "%040llx", static_cast<unsigned long long>(n));
  return text;
}

}  // namespace

void FakeGitHub::FailNext(std::string prefix, Error error) {
  failures_.emplace_back(std::move(prefix), std::move(error));
}

std::optional<Error> FakeGitHub::Enter(std::string call) {
  calls.push_back(call);
  if (before_each) before_each(call);
  for (auto it = failures_.begin(); it != failures_.end(); ++it) {
    if (call.rfind(it->first, 0) == 0) {
      Error error = std::move(it->second);
      failures_.erase(it);
      return error;
    }
  }
  return std::nullopt;
}

IssueComment& FakeGitHub::AddComment(std::int64_t issue, std::string login, std::string body) {
  IssueComment comment;
  comment.id = ++next_id_;
  comment.user_login = std::move(login);
  comment.body = std::move(body);
  comments[issue].push_back(std::move(comment));
  return comments[issue].back();
}

void FakeGitHub::SetRef(const std::string& ref, const std::string& sha, std::string type) {
  refs[ref] = GitRef{ref, sha, std::move(type)};
}

std::optional<std::string> FakeGitHub::RefSha(const std::string& ref) const {
  auto it = refs.find(ref);
  if (it == refs.end()) return std::nullopt;
  return it->second.sha;
}

int FakeGitHub::CountCalls(std::string_view prefix) const {
  return static_cast<int>(std::count_if(calls.begin(), calls.end(), [&](const std::string& call) {
    return call.rfind(prefix, 0) == 0;
  }));
}

Result<std::vector<IssueComment>> FakeGitHub::ListIssueComments(std::int64_t issue_number) {
  if (auto error = Enter("ListIssueComments " + std::to_string(issue_number))) return *error;
  return comments[issue_number];
}

Result<IssueComment> FakeGitHub::CreateIssueComment(std::int64_t issue_number,
                                                    const std::string& body) {
  if (auto error = Enter("CreateIssueComment " + std::to_string(issue_number))) return *error;
  return AddComment(issue_number, viewer, body);
}

Result<std::optional<IssueComment>> FakeGitHub::UpdateIssueComment(std::int64_t comment_id,
                                                                   const std::string& body) {
  if (auto error = Enter("UpdateIssueComment " + std::to_string(comment_id))) return *error;
  for (auto& [issue, list] : comments) {
    for (IssueComment& comment : list) {
      if (comment.id == comment_id) {
        comment.body = body;
        return std::optional<IssueComment>(comment);
      }
    }
  }
  return std::optional<IssueComment>();
}

Result<Removal> FakeGitHub::DeleteIssueComment(std::int64_t comment_id) {
  if (auto error = Enter("DeleteIssueComment " + std::to_string(comment_id))) return *error;
  for (auto& [issue, list] : comments) {
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const IssueComment& comment) { return comment.id == comment_id; });
    if (it != list.end()) {
      list.erase(it);
      return Removal::kRemoved;
    }
  }
  return Removal::kAlreadyGone;
}

Status FakeGitHub::AddReaction(std::int64_t comment_id, Reaction reaction) {
  if (auto error =
          Enter("AddReaction " + std::to_string(comment_id) + " " + ReactionContent(reaction))) {
    return *error;
  }
  std::vector<Reaction>& list = reactions[comment_id];
  if (std::find(list.begin(), list.end(), reaction) == list.end()) list.push_back(reaction);
  return Ok();
}

Status FakeGitHub::AddLabels(std::int64_t issue_number, const std::vector<std::string>& names) {
  if (auto error = Enter("AddLabels " + std::to_string(issue_number))) return *error;
  labels[issue_number].insert(names.begin(), names.end());
  return Ok();
}

Result<std::vector<Issue>> FakeGitHub::ListOpenIssues(const std::string& label) {
  if (auto error = Enter("ListOpenIssues " + label)) return *error;
  std::vector<Issue> open;
  for (const auto& [number, issue] : issues) {
    if (issue.state == "open" && labels[number].count(label) > 0) open.push_back(issue);
  }
  return open;
}

Result<Issue> FakeGitHub::CreateIssue(const IssueDraft& draft) {
  if (auto error = Enter("CreateIssue " + draft.title)) return *error;
  Issue issue;
  issue.number = next_id_++;
  issue.title = draft.title;
  issue.body = draft.body;
  issue.state = "open";
  issue.user_login = viewer;
  issue.html_url = "https://github.com/o/r/issues/" + std::to_string(issue.number);
  labels[issue.number].insert(draft.labels.begin(), draft.labels.end());
  issues[issue.number] = issue;
  return issue;
}

Result<Issue> FakeGitHub::UpdateIssue(std::int64_t number, const std::string& body,
                                      const std::string& state) {
  if (auto error = Enter("UpdateIssue " + std::to_string(number) + " " + state)) return *error;
  auto it = issues.find(number);
  if (it == issues.end()) return NotFound("PATCH issues/" + std::to_string(number));
  it->second.body = body;
  if (!state.empty()) it->second.state = state;
  return it->second;
}

Result<PullRequest> FakeGitHub::GetPullRequest(std::int64_t number) {
  if (auto error = Enter("GetPullRequest " + std::to_string(number))) return *error;
  auto it = pulls.find(number);
  if (it == pulls.end()) return NotFound("GET pulls/" + std::to_string(number));
  return it->second;
}

Result<PullRequestFiles> FakeGitHub::ListPullRequestFiles(std::int64_t number,
                                                          std::int64_t changed_files) {
  if (auto error = Enter("ListPullRequestFiles " + std::to_string(number))) return *error;
  PullRequestFiles answer;
  answer.files = pull_files[number];
  const auto listed = static_cast<std::int64_t>(answer.files.size());
  if (listed < changed_files || listed >= kPullRequestFilesCap) {
    answer.completeness = Completeness::kTruncated;
  }
  return answer;
}

Result<std::vector<Review>> FakeGitHub::ListPullRequestReviews(std::int64_t number) {
  if (auto error = Enter("ListPullRequestReviews " + std::to_string(number))) return *error;
  return reviews[number];
}

Result<CommitComparison> FakeGitHub::CompareCommits(const std::string& base,
                                                    const std::string& head) {
  if (auto error = Enter("CompareCommits " + base + "..." + head)) return *error;
  auto it = comparisons.find({base, head});
  if (it == comparisons.end()) return NotFound("GET compare/" + base + "..." + head);
  return it->second;
}

Result<std::vector<PullRequest>> FakeGitHub::ListPullRequestsForCommit(const std::string& sha) {
  if (auto error = Enter("ListPullRequestsForCommit " + sha)) return *error;
  std::vector<PullRequest> found;
  for (std::int64_t number : pulls_of_commit[sha]) {
    auto it = pulls.find(number);
    if (it != pulls.end()) found.push_back(it->second);
  }
  return found;
}

Result<Permission> FakeGitHub::GetCollaboratorPermission(const std::string& login) {
  if (auto error = Enter("GetCollaboratorPermission " + login)) return *error;
  auto it = permissions.find(login);
  return it == permissions.end() ? Permission::kNone : it->second;
}

Result<TeamMembership> FakeGitHub::GetTeamMembership(const std::string& org,
                                                     const std::string& team_slug,
                                                     const std::string& login) {
  if (auto error = Enter("GetTeamMembership " + org + "/" + team_slug + " " + login)) {
    return *error;
  }
  if (teams_hidden) return TeamMembership::kHidden;
  auto it = team_members.find(org + "/" + team_slug);
  if (it == team_members.end() || it->second.count(login) == 0) return TeamMembership::kNotMember;
  return TeamMembership::kActive;
}

Result<std::string> FakeGitHub::Viewer() {
  if (auto error = Enter("Viewer")) return *error;
  return viewer;
}

Result<std::optional<std::string>> FakeGitHub::GetFileContents(const std::string& path,
                                                               const std::string& ref) {
  if (auto error = Enter("GetFileContents " + ref + ":" + path)) return *error;
  if (!commits.empty() && commits.count(ref) == 0) {
    return Error{"GET contents/" + path + "?ref=" + ref + ": GitHub answered 404 No commit found"};
  }
  auto it = files.find({ref, path});
  if (it == files.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Result<RefCreation> FakeGitHub::CreateRef(const std::string& ref, const std::string& sha) {
  if (auto error = Enter("CreateRef " + ref)) return *error;
  if (refs.count(ref) != 0) return RefCreation::kAlreadyExists;
  SetRef(ref, sha, tag_objects.count(sha) != 0 ? "tag" : "commit");
  return RefCreation::kCreated;
}

Result<std::optional<GitRef>> FakeGitHub::GetRef(const std::string& ref) {
  if (auto error = Enter("GetRef " + ref)) return *error;
  auto it = refs.find(ref);
  if (it == refs.end()) return std::optional<GitRef>();
  return std::optional<GitRef>(it->second);
}

// A fast-forward-only update is taken as a fast-forward: the fake knows no history.
Result<GitRef> FakeGitHub::UpdateRef(const std::string& ref, const std::string& sha,
                                     RefUpdate /*mode*/) {
  if (auto error = Enter("UpdateRef " + ref)) return *error;
  auto it = refs.find(ref);
  if (it == refs.end())
    return Error{"PATCH git/refs/" + ref + ": GitHub answered 422 Reference does not exist"};
  it->second.sha = sha;
  return it->second;
}

Result<Removal> FakeGitHub::DeleteRef(const std::string& ref) {
  if (auto error = Enter("DeleteRef " + ref)) return *error;
  return refs.erase(ref) != 0 ? Removal::kRemoved : Removal::kAlreadyGone;
}

Result<std::vector<GitRef>> FakeGitHub::ListMatchingRefs(const std::string& prefix) {
  if (auto error = Enter("ListMatchingRefs " + prefix)) return *error;
  std::vector<GitRef> found;
  for (auto it = refs.lower_bound(prefix); it != refs.end() && it->first.rfind(prefix, 0) == 0;
       ++it) {
    found.push_back(it->second);
  }
  return found;
}

Result<TagObject> FakeGitHub::CreateTagObject(const std::string& tag, const std::string& message,
                                              const std::string& commit_sha) {
  if (auto error = Enter("CreateTagObject " + tag)) return *error;
  TagObject object{FakeSha(++next_id_), tag, message, commit_sha, "commit"};
  tag_objects[object.sha] = object;
  return object;
}

Result<TagObject> FakeGitHub::GetTagObject(const std::string& sha) {
  if (auto error = Enter("GetTagObject " + sha)) return *error;
  auto it = tag_objects.find(sha);
  if (it == tag_objects.end()) return NotFound("GET git/tags/" + sha);
  return it->second;
}

Result<Release> FakeGitHub::CreateRelease(const ReleaseRequest& release) {
  if (auto error = Enter("CreateRelease " + release.tag)) return *error;
  Release made{++next_id_, release.tag, "https://github.example/releases/" + release.tag};
  releases.push_back(made);
  return made;
}

}  // namespace infra_flash::testing
