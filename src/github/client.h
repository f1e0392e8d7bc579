// client: the GitHub REST calls infra-flash makes, typed, over an HttpTransport.
//
// Promises:
//   - Every answer is a Result: the value, or one Error whose message is one line
//     naming the request (method and path), the HTTP status, GitHub's own message and
//     what to do about it. The token, registered secrets and anything shaped like a
//     credential never appear in an error or a log line.
//   - Transient failures are retried with exponential backoff and jitter; rate limits
//     are waited out as GitHub says, all within RetryPolicy::budget (see
//     retry_policy.h). A request that is not idempotent (creating a comment or a ref)
//     is only resent when GitHub certainly did not act on it (rate limited, or never
//     connected): callers that create things look before they create.
//   - Lists follow the `Link` header to the last page, only on the API's own origin
//     (the token is never sent elsewhere), 100 items per page.
//
// Implemented by concern in client_*.cc: transport and retries, request parts, decoding,
// and the endpoints by group (client_internal.h lists the files).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "common/clock.h"
#include "common/mask.h"
#include "common/result.h"
#include "github/api.h"
#include "github/retry_policy.h"
#include "github/types.h"
#include "http/http_transport.h"

namespace infra_flash {

struct GitHubClientOptions {
  std::string api_url = "https://api.github.com";  // GitHub Enterprise: https://HOST/api/v3
  std::string token;                               // sent as "Authorization: Bearer …"
  std::string repository;                          // "owner/name"
  RetryPolicy retry;
  const Masker* masker = nullptr;  // more secrets to keep out of errors and logs; may be null
  // Receives one line per retry ("… answered 502; retrying in 1.2 s (attempt 2 of 6)"),
  // already masked. May be empty.
  std::function<void(const std::string&)> log;
  std::uint64_t jitter_seed = 0;  // 0: seeded from std::random_device
  // GraphQL endpoint; empty: derived from api_url (https://api.github.com/graphql, or
  // https://HOST/api/graphql for GitHub Enterprise Server's https://HOST/api/v3).
  std::string graphql_url;
};

// The GitHub interfaces of api.h over the REST and GraphQL APIs.
class GitHubClient final : public GitHub {
 public:
  // Checks the options (an https or http URL, "owner/name"). `transport` and `clock`
  // must outlive the client.
  static Result<std::unique_ptr<GitHubClient>> Create(GitHubClientOptions options,
                                                      HttpTransport& transport, Clock& clock);

  // Issue (and pull request) comments, oldest first.
  Result<std::vector<IssueComment>> ListIssueComments(std::int64_t issue_number) override;
  // Not retried after an ambiguous failure (a comment could appear twice): on an
  // error, list the comments to learn whether it was created.
  Result<IssueComment> CreateIssueComment(std::int64_t issue_number,
                                          const std::string& body) override;
  // nullopt when the comment no longer exists (someone deleted it).
  Result<std::optional<IssueComment>> UpdateIssueComment(std::int64_t comment_id,
                                                         const std::string& body) override;
  Result<Removal> DeleteIssueComment(std::int64_t comment_id) override;
  // Adding a reaction that is already there is fine (GitHub answers 200).
  Status AddReaction(std::int64_t comment_id, Reaction reaction) override;

  Result<PullRequest> GetPullRequest(std::int64_t number) override;
  // `changed_files` is the PR's count (GetPullRequest): fewer files listed than that,
  // or GitHub's cap reached, means the list is kTruncated.
  Result<PullRequestFiles> ListPullRequestFiles(std::int64_t number,
                                                std::int64_t changed_files) override;
  Result<std::vector<Review>> ListPullRequestReviews(std::int64_t number) override;
  // How commit `head` relates to commit `base` (both full SHAs) and the files changed
  // from one to the other, as the compare API (base...head) answers; the files are
  // kTruncated at GitHub's 300-file cap.
  Result<CommitComparison> CompareCommits(const std::string& base,
                                          const std::string& head) override;
  // The pull requests that contain `sha` (push convergence finds the merged PR).
  Result<std::vector<PullRequest>> ListPullRequestsForCommit(const std::string& sha) override;
  // A user who is not a collaborator has kNone (GitHub answers 404).
  Result<Permission> GetCollaboratorPermission(const std::string& login) override;
  // Whether `login` belongs to team `team_slug` of organization `org`
  // (GET /orgs/{org}/teams/{team_slug}/memberships/{username}). GitHub's 404 is
  // kNotMember and its 401/403 kHidden: the default GITHUB_TOKEN cannot read an
  // organization's teams, which needs `read:org` (or an App's Members: read).
  Result<TeamMembership> GetTeamMembership(const std::string& org, const std::string& team_slug,
                                           const std::string& login) override;

  // The text of the file at `path` (repository-relative) in commit `ref` (a full SHA or
  // a ref name), through the contents API; nullopt when the commit has no such file.
  // A directory, a symlink or a file over the API's 1 MB limit is an Error.
  Result<std::optional<std::string>> GetFileContents(const std::string& path,
                                                     const std::string& ref) override;
  // The login the token acts as ("github-actions[bot]" for GITHUB_TOKEN, "NAME[bot]" for
  // an App's installation token, the user for a personal token), from GraphQL's
  // `viewer`, which, unlike REST `GET /user`, answers installation tokens too. Asked
  // once: a later call returns the first answer.
  Result<std::string> Viewer() override;

  // Refs: `ref` is the full name, "refs/infra-flash/locks/platform". Creating a ref
  // that exists answers kAlreadyExists (GitHub's 422 "Reference already exists", told
  // apart from other 422s by its message): the primitive for locks.
  Result<RefCreation> CreateRef(const std::string& ref, const std::string& sha) override;
  Result<std::optional<GitRef>> GetRef(const std::string& ref) override;  // nullopt: no such ref
  Result<GitRef> UpdateRef(const std::string& ref, const std::string& sha, RefUpdate mode) override;
  Result<Removal> DeleteRef(const std::string& ref) override;

  // Every ref whose full name starts with `prefix` ("refs/tags/v", "refs/infra-flash/
  // applied/staging/platform/"), as GitHub lists them (git/matching-refs, by name).
  // Empty when none match. `prefix` must start with "refs/".
  Result<std::vector<GitRef>> ListMatchingRefs(const std::string& prefix) override;
  // Creates an annotated tag object for `commit_sha` and returns it; the tag exists in
  // the repository only once CreateRef("refs/tags/" + tag, object.sha) made its ref.
  Result<TagObject> CreateTagObject(const std::string& tag, const std::string& message,
                                    const std::string& commit_sha) override;
  Result<TagObject> GetTagObject(const std::string& sha) override;
  // A GitHub Release for an existing tag. Not retried after an ambiguous failure.
  Result<Release> CreateRelease(const ReleaseRequest& release) override;

  // Labels on an issue or pull request (GitHub creates unknown labels). Adding a label
  // that is already there is fine.
  Status AddLabels(std::int64_t issue_number, const std::vector<std::string>& labels) override;
  Result<std::vector<Issue>> ListOpenIssues(const std::string& label) override;
  Result<Issue> CreateIssue(const IssueDraft& draft) override;
  Result<Issue> UpdateIssue(std::int64_t number, const std::string& body,
                            const std::string& state) override;

  // The token and every registered secret replaced, plus credential shapes.
  std::string Mask(std::string_view text) const;

  struct Call;    // one request as the client sees it
  struct Answer;  // its final answer

 private:
  GitHubClient(GitHubClientOptions options, HttpTransport& transport, Clock& clock);

  Result<Answer> Send(const Call& call);
  Status ForEachPage(const std::string& path,
                     const std::function<void(const rapidjson::Value& item)>& visit);
  Error Failure(const Call& call, const Answer& answer) const;
  Error GaveUp(const std::string& what, const HttpExchange& last,
               const AttemptAssessment& assessment, const std::string& reason) const;
  HttpRequest BuildRequest(const Call& call) const;
  void Log(const std::string& line) const;
  double NextJitter();

  GitHubClientOptions options_;
  std::string origin_;  // scheme://host[:port] of api_url
  std::string graphql_url_;
  std::string repo_path_;  // "/repos/owner/name"
  Masker token_masker_;
  HttpTransport& transport_;
  Clock& clock_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
  std::mutex viewer_mutex_;
  std::string viewer_;  // empty until Viewer() succeeded
};

}  // namespace infra_flash
