#include "policy/authorization.h"

namespace infra_flash {

bool RunsPullRequestCode(Verb verb) { return SpecOf(verb).code == PullRequestCode::kRun; }

Authorization Authorize(const Config& config, Verb verb, const std::string& login,
                        Permission permission, PullRequestOrigin origin) {
  const Permission required = config.RequiredPermission(VerbName(verb));
  if (permission < required) {
    return {AuthorizationOutcome::kInsufficientPermission,
            "Sorry @" + login + ", `/" + VerbName(verb) + "` needs **" + PermissionName(required) +
                "** permission on this repository and you have **" + PermissionName(permission) +
                "**. Nothing was run. Ask a maintainer to run it, or to change `permissions:` "
                "in the infra-flash config on the base branch (a change in this PR takes "
                "effect once it is merged)."};
  }
  if (origin == PullRequestOrigin::kFork && RunsPullRequestCode(verb) && !config.allow_fork_plans) {
    return {AuthorizationOutcome::kForkNotAllowed,
            std::string("This pull request comes from a fork, and `/") + VerbName(verb) +
                "` would run its code with this repository's credentials. Nothing was run. A "
                "maintainer can push the branch to this repository, or allow it with "
                "`forks: { plan: true }` in the infra-flash config on the base branch (a "
                "fork cannot allow itself: a change in this PR takes effect once merged)."};
  }
  return {};
}

}  // namespace infra_flash
