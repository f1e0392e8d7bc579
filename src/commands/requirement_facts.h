// requirement_facts: what an environment's requirements are judged on
// (policy/requirements.h), read from GitHub and from the PR's base commit (internal to
// flow/). Each part is read when the first environment that needs it asks, then kept
// for the others of the same job; people's permissions and team memberships likewise.
#pragma once

#include <map>
#include <string>
#include <tuple>

#include "github/types.h"
#include "policy/requirements.h"
#include "session/context.h"

namespace infra_flash {

// ReviewerDirectory over the GitHub API, each answer asked once.
class GitHubReviewerDirectory : public ReviewerDirectory {
 public:
  explicit GitHubReviewerDirectory(AccessApi& client) : client_(client) {}
  Result<Permission> PermissionOf(const std::string& login) override;
  Result<TeamMembership> MembershipOf(const std::string& org, const std::string& team_slug,
                                      const std::string& login) override;

 private:
  AccessApi& client_;
  std::map<std::string, Result<Permission>> permissions_;
  std::map<std::tuple<std::string, std::string, std::string>, Result<TeamMembership>> teams_;
};

// The first of GitHub's three CODEOWNERS locations that the base commit has, parsed.
Result<BaseCodeowners> ReadBaseCodeowners(FlowContext& context, const std::string& base_sha);

class RequirementReader {
 public:
  // `context.client` must be set; `pull` must outlive the reader.
  RequirementReader(FlowContext& context, const PullRequest& pull);
  // The facts `environment` needs, read now if no earlier environment needed them.
  const RequirementFacts& For(const Environment& environment);
  ReviewerDirectory& directory() { return directory_; }

 private:
  void ReadReviews();
  void ReadCodeowners();
  void ReadBaseComparison();

  FlowContext& context_;
  GitHubReviewerDirectory directory_;
  RequirementFacts facts_;
  bool reviews_read_ = false;
  bool codeowners_read_ = false;
  bool base_read_ = false;
};

}  // namespace infra_flash
