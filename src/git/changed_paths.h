// changed_paths: which files a pull request or a push changed, from the checkout when
// it has both commits (git, no API call, no 3,000-file cap), else from the API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "github/api.h"

namespace infra_flash {

enum class DiffRange {
  kMergeBase,  // base...head: what the PR changes since it branched (pull requests)
  kDirect,     // before..after: what a push changed
};

// True when `sha` is a commit in the repository at `workspace`.
bool HasCommit(const std::string& workspace, const std::string& sha);
// The commit checked out at `workspace`, or "" when it is not a git checkout.
std::string CheckedOutCommit(const std::string& workspace);
// The commit checked out at `workspace`; an error saying what git said when it cannot
// tell (not a git checkout, no commit yet, git missing).
Result<std::string> HeadCommit(const std::string& workspace);

// Empty when the checkout in `workspace` is commit `head_sha`, the head of pull request
// `number`; else why not, for people: a plan or an apply of another commit (GitHub's
// merge commit, which actions/checkout takes on `pull_request` unless told otherwise, or
// a later push) is not what was reviewed. Also when git cannot tell (fails closed).
std::string CheckoutMismatch(const std::string& workspace, const std::string& head_sha,
                             std::int64_t number);
// Paths changed between two commits (renames count as both paths).
Result<std::vector<std::string>> GitChangedPaths(const std::string& workspace,
                                                 const std::string& from, const std::string& to,
                                                 DiffRange range);
// The PR's changed paths: git when both commits are in the checkout, else the API
// (an error when GitHub's file list is truncated and git cannot help).
Result<std::vector<std::string>> PullRequestChangedPaths(PullsApi* client,
                                                         const std::string& workspace,
                                                         const PullRequest& pull_request);

// What a push changed from `before` to `after`: git when both commits are in the checkout
// (a shallow checkout lacks `before`), else the compare API. An error when neither can
// tell (no token, a commit GitHub does not know, more than 300 files).
Result<std::vector<std::string>> PushChangedPaths(PullsApi* client, const std::string& workspace,
                                                  const std::string& before,
                                                  const std::string& after);

}  // namespace infra_flash
