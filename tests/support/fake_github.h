// FakeGitHub: the GitHub interfaces of src/github/api.h in memory, for unit tests of the
// code above them (stores, commands). It keeps GitHub's data promises (comments oldest
// first, kAlreadyExists for a ref that exists, nullopt for what is gone, refs listed by
// name), records every call, and fails a chosen call on demand. It is not a model of
// the HTTP layer: retries, paging and masking are the client's, tested against the
// loopback server (tests/github_server).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "github/api.h"

namespace infra_flash::testing {

class FakeGitHub : public GitHub {
 public:
  // --- what the repository holds; tests read and seed these directly ---
  std::map<std::int64_t, std::vector<IssueComment>> comments;  // by issue, oldest first
  std::map<std::int64_t, std::vector<Reaction>> reactions;     // by comment id
  std::map<std::int64_t, std::set<std::string>> labels;        // by issue
  std::map<std::int64_t, PullRequest> pulls;
  std::map<std::int64_t, std::vector<PullRequestFile>> pull_files;
  std::map<std::int64_t, std::vector<Review>> reviews;
  std::map<std::pair<std::string, std::string>, CommitComparison> comparisons;  // (base, head)
  std::map<std::string, std::vector<std::int64_t>> pulls_of_commit;             // sha -> numbers
  std::map<std::string, Permission> permissions;                                // login
  std::map<std::string, std::set<std::string>> team_members;  // "org/team" -> logins
  bool teams_hidden = false;                                  // the token cannot read teams
  std::string viewer = "github-actions[bot]";
  std::map<std::pair<std::string, std::string>, std::string> files;  // (ref, path) -> text
  std::set<std::string> commits;                 // known commits for GetFileContents (empty: any)
  std::map<std::string, GitRef> refs;            // by full name
  std::map<std::string, TagObject> tag_objects;  // by the tag object's sha
  std::vector<Release> releases;
  std::map<std::int64_t, Issue> issues;  // by number (not pull requests)

  // --- what happened ---
  std::vector<std::string> calls;  // "CreateRef refs/infra-flash/locks/x", in order

  // The next call whose record starts with `prefix` ("CreateRef", "GetRef refs/x")
  // answers `error` instead (once each; queued in order).
  void FailNext(std::string prefix, Error error);
  // Runs after every recorded call, before it acts: a test plays another job there.
  std::function<void(const std::string& call)> before_each;

  // Convenience for tests.
  IssueComment& AddComment(std::int64_t issue, std::string login, std::string body);
  void SetRef(const std::string& ref, const std::string& sha, std::string type = "commit");
  std::optional<std::string> RefSha(const std::string& ref) const;
  // The calls whose record starts with `prefix`.
  int CountCalls(std::string_view prefix) const;

  // --- api.h ---
  Result<std::vector<IssueComment>> ListIssueComments(std::int64_t issue_number) override;
  Result<IssueComment> CreateIssueComment(std::int64_t issue_number,
                                          const std::string& body) override;
  Result<std::optional<IssueComment>> UpdateIssueComment(std::int64_t comment_id,
                                                         const std::string& body) override;
  Result<Removal> DeleteIssueComment(std::int64_t comment_id) override;
  Status AddReaction(std::int64_t comment_id, Reaction reaction) override;
  Status AddLabels(std::int64_t issue_number, const std::vector<std::string>& labels) override;
  Result<std::vector<Issue>> ListOpenIssues(const std::string& label) override;
  Result<Issue> CreateIssue(const IssueDraft& draft) override;
  Result<Issue> UpdateIssue(std::int64_t number, const std::string& body,
                            const std::string& state) override;

  Result<PullRequest> GetPullRequest(std::int64_t number) override;
  Result<PullRequestFiles> ListPullRequestFiles(std::int64_t number,
                                                std::int64_t changed_files) override;
  Result<std::vector<Review>> ListPullRequestReviews(std::int64_t number) override;
  Result<CommitComparison> CompareCommits(const std::string& base,
                                          const std::string& head) override;
  Result<std::vector<PullRequest>> ListPullRequestsForCommit(const std::string& sha) override;

  Result<Permission> GetCollaboratorPermission(const std::string& login) override;
  Result<TeamMembership> GetTeamMembership(const std::string& org, const std::string& team_slug,
                                           const std::string& login) override;
  Result<std::string> Viewer() override;

  Result<std::optional<std::string>> GetFileContents(const std::string& path,
                                                     const std::string& ref) override;

  Result<RefCreation> CreateRef(const std::string& ref, const std::string& sha) override;
  Result<std::optional<GitRef>> GetRef(const std::string& ref) override;
  Result<GitRef> UpdateRef(const std::string& ref, const std::string& sha, RefUpdate mode) override;
  Result<Removal> DeleteRef(const std::string& ref) override;
  Result<std::vector<GitRef>> ListMatchingRefs(const std::string& prefix) override;
  Result<TagObject> CreateTagObject(const std::string& tag, const std::string& message,
                                    const std::string& commit_sha) override;
  Result<TagObject> GetTagObject(const std::string& sha) override;

  Result<Release> CreateRelease(const ReleaseRequest& release) override;

 private:
  // Records `call`; the queued failure for it, if any.
  std::optional<Error> Enter(std::string call);

  std::vector<std::pair<std::string, Error>> failures_;
  std::int64_t next_id_ = 1000;
};

}  // namespace infra_flash::testing
