#include "policy/requirements.h"

#include <map>

namespace infra_flash {
namespace {

bool IsVerdict(const std::string& state) {
  return state == "APPROVED" || state == "CHANGES_REQUESTED" || state == "DISMISSED";
}

std::string Short(const std::string& sha) { return sha.substr(0, 7); }

}  // namespace

bool ApprovedOnHead(const PullRequest& pull_request, const std::vector<Review>& reviews) {
  // GitHub lists reviews oldest first: the last verdict per reviewer wins.
  std::map<std::string, const Review*> latest;
  for (const Review& review : reviews) {
    if (review.user_login == pull_request.user_login || !IsVerdict(review.state)) continue;
    latest[review.user_login] = &review;
  }
  for (const auto& [login, review] : latest) {
    if (review->state == "APPROVED" && review->commit_id == pull_request.head_sha) return true;
  }
  return false;
}

std::vector<std::string> UnmetRequirements(const Environment& environment,
                                           const PullRequest& pull_request,
                                           const std::vector<Review>& reviews) {
  std::vector<std::string> unmet;
  for (const std::string& requirement : environment.require) {
    if (requirement == "approved") {
      if (!ApprovedOnHead(pull_request, reviews)) {
        unmet.push_back("`" + environment.name + "` needs an approving review of commit `" +
                        Short(pull_request.head_sha) + "` from someone other than @" +
                        pull_request.user_login);
      }
    } else if (requirement == "mergeable") {
      if (!pull_request.mergeable.has_value()) {
        unmet.push_back("`" + environment.name +
                        "` needs a mergeable PR and GitHub is still computing that; try again "
                        "in a minute");
      } else if (!*pull_request.mergeable || pull_request.mergeable_state == "dirty") {
        unmet.push_back("`" + environment.name +
                        "` needs a mergeable PR: resolve the conflicts with the base branch");
      }
    } else {
      unmet.push_back("`" + environment.name + "` requires `" + requirement +
                      "`, which infra-flash does not know; fix `require:` in the config");
    }
  }
  return unmet;
}

}  // namespace infra_flash
