// requirements: what an environment asks for before an apply (`require:` and
// `approvers:` in the config), checked against the pull request as GitHub reports it now.
// Approvals are the reviewers' current verdicts on the head commit (review_verdicts.h).
//   approved:   an approving review of the head by someone other than the author who has
//               at least write permission on the repository: on a public repository
//               anyone can submit an approving review.
//   approvers:  when the environment lists any, an approving review of the head by one of
//               them is required (as if `approved` were in `require`, which it replaces):
//               a listed login; an active member of a listed team (a token that may not
//               read teams is said so, never taken for "not a member"); with `codeowners`,
//               the owners of the changed paths in the base commit's CODEOWNERS, where
//               every changed path that has owners needs an approval by one of its owners
//               (GitHub's "require review from code owners"). Paths without owners add
//               nothing; when no changed path has one and no login or team is listed, an
//               approval by anyone with write access counts, as on GitHub. E-mail owners
//               cannot be matched to a login: they are left out, with a note. Unlike
//               GitHub, an author who owns a path does not approve it implicitly.
//   mergeable:  GitHub's `mergeable` is true and `mergeable_state` is neither `dirty`
//               (conflicts) nor `blocked` (branch protection unmet). `behind` passes:
//               that is what `undiverged` is for.
//   undiverged: the PR's head contains the base branch's current head (the compare API
//               says `ahead` or `identical`).
// Unknown requirement names are refused, not ignored: a typo must not open the gate.
// Pure, except that people are looked up through a ReviewerDirectory (the GitHub API in
// the flows, a table in tests), and only the reviewers whose approval could count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/permission.h"
#include "common/result.h"
#include "config/config.h"
#include "github/types.h"
#include "policy/codeowners.h"

namespace infra_flash {

// Who people are, as far as approvals go.
class ReviewerDirectory {
 public:
  virtual ~ReviewerDirectory() = default;
  // `login`'s permission on the repository (kNone for a non-collaborator).
  virtual Result<Permission> PermissionOf(const std::string& login) = 0;
  virtual Result<TeamMembership> MembershipOf(const std::string& org, const std::string& team_slug,
                                              const std::string& login) = 0;
};

// The pull request's head against its base branch as the branch is now.
struct BaseComparison {
  std::string base_ref;        // "main"
  std::string base_head;       // the SHA the base branch points at now
  std::string status;          // compare API (base_head...head): ahead, identical, behind, diverged
  std::int64_t behind_by = 0;  // commits of the base branch the head lacks
};

// The CODEOWNERS of the base commit.
struct BaseCodeowners {
  std::string path;  // where it was found; empty when none of kCodeownersLocations has one
  Codeowners file;
};

// What the requirements are judged on. The flow reads each part only when an
// environment needs it (Needs* below); a part that could not be read holds the Error,
// and the requirement that needs it is unmet, saying why.
struct RequirementFacts {
  PullRequest pull;
  Result<std::vector<Review>> reviews = Error{"the reviews were not read"};
  Result<std::vector<std::string>> changed_paths = Error{"the changed paths were not read"};
  Result<BaseCodeowners> codeowners = Error{"CODEOWNERS was not read"};
  Result<BaseComparison> base = Error{"the base branch was not compared"};
};

bool HasRequirements(const Environment& environment);  // `require` or `approvers` set
bool NeedsReviews(const Environment& environment);
bool NeedsCodeowners(const Environment& environment);  // and the changed paths
bool NeedsBaseComparison(const Environment& environment);

struct RequirementCheck {
  // One line per unmet requirement, for people: what is missing and what to do ("`prod`
  // needs an approving review of commit `abc1234` from one of @bob, @org/platform (code
  // owners of envs/prod/data/main.tf)"). Empty when every requirement holds.
  std::vector<std::string> unmet;
  // What was left out and why (e-mail owners, skipped CODEOWNERS lines), for the log;
  // the unmet line of code owners repeats those that concern it.
  std::vector<std::string> notes;
  bool met() const { return unmet.empty(); }
};

RequirementCheck EvaluateRequirements(const Environment& environment, const RequirementFacts& facts,
                                      ReviewerDirectory& directory);

}  // namespace infra_flash
