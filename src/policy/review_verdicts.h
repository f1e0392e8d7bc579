// review_verdicts: which reviews of a pull request stand. Each reviewer's latest verdict
// (APPROVED, CHANGES_REQUESTED or DISMISSED) is the one that counts, as on GitHub: a
// comment does not change it, and a later request for changes or a dismissal voids an
// earlier approval. An approval stands only for the commit it was given on, and the
// author's own review never counts. Logins are compared without case, as GitHub's are.
// Pure.
#pragma once

#include <string>
#include <vector>

#include "github/types.h"

namespace infra_flash {

struct ReviewVerdicts {
  // Reviewers (not the author) whose latest verdict approves the head commit, in the
  // order of their reviews.
  std::vector<std::string> approved_head;
  // Reviewers whose latest verdict approves an older commit: for the refusal's "why".
  std::vector<std::string> approved_older;
};

// `reviews` as GitHub lists them, oldest first.
ReviewVerdicts CurrentVerdicts(const PullRequest& pull_request, const std::vector<Review>& reviews);

}  // namespace infra_flash
