// verbs: the one list of comment command verbs, with what the config, the permission
// check and the flows need to know of each: its name (`/plan`, and the key under
// `permissions:`), who may run it when the config does not say, and whether it runs
// the pull request's code. The command table (command/table.h) adds each verb's
// grammar and help text in a row of its own, checked against this list when it
// compiles; comment_flow.cc switches over Verb to run it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/permission.h"

namespace infra_flash {

enum class Verb {
  kPlan,
  kApply,
  kUnlock,
  kVerify,
  kHealth,
  kE2e,
  kReview,
  kRevert,
  kApprovePolicies,
  kHelp
};

// Whether running a verb executes code from the pull request (the engine with its
// modules and providers, an e2e suite) with the repository's credentials.
enum class PullRequestCode { kNotRun, kRun };

struct VerbSpec {
  Verb verb;
  const char* name;               // lower case, the slash word
  Permission default_permission;  // when `permissions:` does not name the verb
  PullRequestCode code;
};

// One row per Verb, in the enum's order, which is also the order /help lists them in.
// Only reading verbs (probing the deployed services, the help text) are open to anyone
// who can read the repository; the rest need write unless the config says otherwise.
inline constexpr std::array<VerbSpec, 10> kVerbs = {{
    {Verb::kPlan, "plan", Permission::kWrite, PullRequestCode::kRun},
    {Verb::kApply, "apply", Permission::kWrite, PullRequestCode::kRun},
    {Verb::kUnlock, "unlock", Permission::kWrite, PullRequestCode::kNotRun},
    {Verb::kVerify, "verify", Permission::kWrite, PullRequestCode::kRun},
    {Verb::kHealth, "health", Permission::kRead, PullRequestCode::kNotRun},
    {Verb::kE2e, "e2e", Permission::kWrite, PullRequestCode::kRun},
    {Verb::kReview, "review", Permission::kWrite, PullRequestCode::kNotRun},
    {Verb::kRevert, "revert", Permission::kWrite, PullRequestCode::kRun},
    // Only a policy owner's approval counts (policy/policy_checks.h); writers may ask.
    {Verb::kApprovePolicies, "approve_policies", Permission::kWrite, PullRequestCode::kNotRun},
    {Verb::kHelp, "help", Permission::kRead, PullRequestCode::kNotRun},
}};

constexpr const VerbSpec& SpecOf(Verb verb) { return kVerbs[static_cast<std::size_t>(verb)]; }

const char* VerbName(Verb verb);  // "plan", "apply", ... as in `/plan`
// The verb named `name` (lower case, without the slash); nullopt when none is.
std::optional<Verb> FindVerb(std::string_view name);
// Every verb's name, in table order.
std::vector<std::string> VerbNames();

}  // namespace infra_flash
