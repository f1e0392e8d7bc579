#include "policy/review_verdicts.h"

#include <map>

#include "common/strings.h"

namespace infra_flash {
namespace {

bool IsVerdict(const std::string& state) {
  return state == "APPROVED" || state == "CHANGES_REQUESTED" || state == "DISMISSED";
}

}  // namespace

ReviewVerdicts CurrentVerdicts(const PullRequest& pull_request,
                               const std::vector<Review>& reviews) {
  // GitHub lists reviews oldest first: a reviewer's last verdict overwrites the earlier.
  std::map<std::string, const Review*> latest;
  std::vector<std::string> order;  // reviewers by their first review, lower case
  for (const Review& review : reviews) {
    if (review.user_login.empty() || !IsVerdict(review.state)) continue;
    if (EqualsIgnoreCase(review.user_login, pull_request.user_login)) continue;
    const std::string key = ToLowerAscii(review.user_login);
    if (latest.find(key) == latest.end()) order.push_back(key);
    latest[key] = &review;
  }
  ReviewVerdicts verdicts;
  for (const std::string& key : order) {
    const Review& review = *latest[key];
    if (review.state != "APPROVED") continue;
    const bool on_head = !review.commit_id.empty() && review.commit_id == pull_request.head_sha;
    (on_head ? verdicts.approved_head : verdicts.approved_older).push_back(review.user_login);
  }
  return verdicts;
}

}  // namespace infra_flash
