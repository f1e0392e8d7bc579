// api: what infra-flash asks of GitHub, as narrow interfaces, one per concern. The flows
// and the stores depend on these, never on the HTTP client: production hands them the
// GitHubClient (client.h, which implements all of them over the REST and GraphQL APIs),
// unit tests an in-memory fake (tests/support/fake_github.h). A function takes the
// narrowest interface that covers what it calls: a lock needs RefsApi, not GitHub.
//
// Every answer is a Result: the value or one Error whose message is a single line that
// says what to do. The promises about retries, paging and secrets are the client's
// (client.h); a fake keeps the data promises (ordering, nullopt for what is gone,
// kAlreadyExists for a ref that exists).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/permission.h"
#include "common/result.h"
#include "github/types.h"

namespace infra_flash {

// Issue and pull-request comments, their reactions, and labels.
class IssuesApi {
 public:
  virtual ~IssuesApi() = default;
  // Oldest first.
  virtual Result<std::vector<IssueComment>> ListIssueComments(std::int64_t issue_number) = 0;
  // Not retried after an ambiguous failure (a comment could appear twice): on an error,
  // list the comments to learn whether it was created.
  virtual Result<IssueComment> CreateIssueComment(std::int64_t issue_number,
                                                  const std::string& body) = 0;
  // nullopt when the comment no longer exists (someone deleted it).
  virtual Result<std::optional<IssueComment>> UpdateIssueComment(std::int64_t comment_id,
                                                                 const std::string& body) = 0;
  virtual Result<Removal> DeleteIssueComment(std::int64_t comment_id) = 0;
  // Adding a reaction that is already there is fine.
  virtual Status AddReaction(std::int64_t comment_id, Reaction reaction) = 0;
  // GitHub creates unknown labels; adding one that is there is fine.
  virtual Status AddLabels(std::int64_t issue_number, const std::vector<std::string>& labels) = 0;
  // The open issues (pull requests left out) that carry `label`, oldest first.
  virtual Result<std::vector<Issue>> ListOpenIssues(const std::string& label) = 0;
  // Not retried after an ambiguous failure, as CreateIssueComment.
  virtual Result<Issue> CreateIssue(const IssueDraft& draft) = 0;
  // A new body, and the state when `state` is not empty ("open" or "closed").
  virtual Result<Issue> UpdateIssue(std::int64_t number, const std::string& body,
                                    const std::string& state) = 0;
};

// Pull requests, their files and reviews, and how commits compare.
class PullsApi {
 public:
  virtual ~PullsApi() = default;
  virtual Result<PullRequest> GetPullRequest(std::int64_t number) = 0;
  // `changed_files` is the PR's count: fewer files listed than that, or GitHub's cap
  // reached, means the list is kTruncated.
  virtual Result<PullRequestFiles> ListPullRequestFiles(std::int64_t number,
                                                        std::int64_t changed_files) = 0;
  virtual Result<std::vector<Review>> ListPullRequestReviews(std::int64_t number) = 0;
  // How commit `head` relates to commit `base` (full SHAs), and the files between them
  // (kTruncated at GitHub's 300-file cap).
  virtual Result<CommitComparison> CompareCommits(const std::string& base,
                                                  const std::string& head) = 0;
  // The pull requests that contain `sha`.
  virtual Result<std::vector<PullRequest>> ListPullRequestsForCommit(const std::string& sha) = 0;
};

// Who people are to the repository, and who the token is.
class AccessApi {
 public:
  virtual ~AccessApi() = default;
  // A user who is not a collaborator has kNone.
  virtual Result<Permission> GetCollaboratorPermission(const std::string& login) = 0;
  // kHidden when the token may not read the organization's teams.
  virtual Result<TeamMembership> GetTeamMembership(const std::string& org,
                                                   const std::string& team_slug,
                                                   const std::string& login) = 0;
  // The login the token acts as. Asked once: a later call returns the first answer.
  virtual Result<std::string> Viewer() = 0;
};

// Files of a commit.
class ContentsApi {
 public:
  virtual ~ContentsApi() = default;
  // The text of `path` in commit `ref`; nullopt when the commit has no such file. An
  // unknown commit, a directory or a file over 1 MB is an Error.
  virtual Result<std::optional<std::string>> GetFileContents(const std::string& path,
                                                             const std::string& ref) = 0;
};

// Git refs and tag objects: the database of locks, claims, apply logs, deploy records
// and release tags (flow's stores).
class RefsApi {
 public:
  virtual ~RefsApi() = default;
  // `ref` is the full name ("refs/infra-flash/locks/platform"). Creating a ref that
  // exists answers kAlreadyExists: the primitive for locks.
  virtual Result<RefCreation> CreateRef(const std::string& ref, const std::string& sha) = 0;
  virtual Result<std::optional<GitRef>> GetRef(const std::string& ref) = 0;  // nullopt: none
  virtual Result<GitRef> UpdateRef(const std::string& ref, const std::string& sha,
                                   RefUpdate mode) = 0;
  virtual Result<Removal> DeleteRef(const std::string& ref) = 0;
  // Every ref whose full name starts with `prefix` (which starts with "refs/"), by name.
  virtual Result<std::vector<GitRef>> ListMatchingRefs(const std::string& prefix) = 0;
  // An annotated tag object for `commit_sha`; the tag exists once its ref is created.
  virtual Result<TagObject> CreateTagObject(const std::string& tag, const std::string& message,
                                            const std::string& commit_sha) = 0;
  virtual Result<TagObject> GetTagObject(const std::string& sha) = 0;
};

// GitHub Releases.
class ReleasesApi {
 public:
  virtual ~ReleasesApi() = default;
  // For an existing tag. Not retried after an ambiguous failure.
  virtual Result<Release> CreateRelease(const ReleaseRequest& release) = 0;
};

// All of it: what a flow holds when it talks to GitHub.
class GitHub : public IssuesApi,
               public PullsApi,
               public AccessApi,
               public ContentsApi,
               public RefsApi,
               public ReleasesApi {};

}  // namespace infra_flash
