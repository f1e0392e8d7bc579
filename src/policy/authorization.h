// authorization: may this commenter run this command on this pull request? The
// commenter's permission on the repository (from the collaborator-permission API, not
// author_association) must reach the level `permissions:` sets for the verb
// (Config::RequiredPermission), and a pull request from a fork runs nothing that
// executes its code with the repository's secrets unless `forks: { plan: true }`.
// Pure: the caller fetched the permission.
#pragma once

#include <string>

#include "command/command.h"
#include "common/permission.h"
#include "config/config.h"

namespace infra_flash {

enum class PullRequestOrigin { kSameRepository, kFork };

enum class AuthorizationOutcome { kAllowed, kInsufficientPermission, kForkNotAllowed };

struct Authorization {
  AuthorizationOutcome outcome = AuthorizationOutcome::kAllowed;
  std::string reply;  // the polite refusal to post; empty when allowed
  bool allowed() const { return outcome == AuthorizationOutcome::kAllowed; }
};

Authorization Authorize(const Config& config, Verb verb, const std::string& login,
                        Permission permission, PullRequestOrigin origin);

// True for verbs that run the PR's code (PullRequestCode::kRun in config/verbs.h).
bool RunsPullRequestCode(Verb verb);

}  // namespace infra_flash
