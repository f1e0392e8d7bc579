// requirements: what an environment asks for before an apply (`require:` in the
// config), checked against the pull request as GitHub reports it now.
//   approved:  an approving review from someone other than the PR's author, given on
//              the current head commit. Each reviewer's latest APPROVED /
//              CHANGES_REQUESTED / DISMISSED review counts (comments do not change a
//              reviewer's verdict, as on GitHub); an approval of an older commit does not.
//   mergeable: GitHub says the PR can merge (mergeable true, state not "dirty").
// Unknown requirement names are refused, not ignored: a typo must not open the gate.
// Pure: no I/O.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "github/types.h"

namespace infra_flash {

// One line per unmet requirement, for people ("needs an approving review of abc1234
// from someone other than @a"); empty when every requirement holds.
std::vector<std::string> UnmetRequirements(const Environment& environment,
                                           const PullRequest& pull_request,
                                           const std::vector<Review>& reviews);

// True when a reviewer other than the author approved `head_sha` and that approval is
// their latest verdict.
bool ApprovedOnHead(const PullRequest& pull_request, const std::vector<Review>& reviews);

}  // namespace infra_flash
