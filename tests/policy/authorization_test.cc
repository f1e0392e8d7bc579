// Authorize: the commenter's permission against `permissions:`, and what a fork's PR may
// run. Each row is one decision the comment router acts on.
#include "policy/authorization.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

Config Parse(const std::string& yaml) {
  Result<Config> config = ParseConfig(yaml, ".infra-flash.yml");
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  return config.ok() ? *config : Config{};
}

const char kLayers[] = "version: 1\nlayers:\n  platform: { dir: platform }\n";

TEST(Authorize, DecisionTable) {
  const Config defaults = Parse(kLayers);
  const Config strict =
      Parse(std::string(kLayers) + "permissions: { plan: maintain, apply: admin }\n");
  const Config forks = Parse(std::string(kLayers) + "forks: { plan: true }\n");
  struct Case {
    const char* name;
    const Config& config;
    Verb verb;
    Permission permission;
    PullRequestOrigin origin;
    AuthorizationOutcome outcome;
    const char* reply_has;  // a part of the reply; "" for none
  } cases[] = {
      {"a writer plans", defaults, Verb::kPlan, Permission::kWrite,
       PullRequestOrigin::kSameRepository, AuthorizationOutcome::kAllowed, ""},
      {"a reader cannot plan", defaults, Verb::kPlan, Permission::kRead,
       PullRequestOrigin::kSameRepository, AuthorizationOutcome::kInsufficientPermission,
       "needs **write** permission on this repository and you have **read**"},
      {"nobody unknown runs anything", defaults, Verb::kPlan, Permission::kNone,
       PullRequestOrigin::kSameRepository, AuthorizationOutcome::kInsufficientPermission,
       "you have **none**"},
      {"a stricter config raises plan", strict, Verb::kPlan, Permission::kWrite,
       PullRequestOrigin::kSameRepository, AuthorizationOutcome::kInsufficientPermission,
       "needs **maintain**"},
      {"a maintainer plans under it", strict, Verb::kPlan, Permission::kMaintain,
       PullRequestOrigin::kSameRepository, AuthorizationOutcome::kAllowed, ""},
      {"apply needs admin there", strict, Verb::kApply, Permission::kMaintain,
       PullRequestOrigin::kSameRepository, AuthorizationOutcome::kInsufficientPermission,
       "`/apply` needs **admin**"},
      {"a fork's plan runs its code", defaults, Verb::kPlan, Permission::kAdmin,
       PullRequestOrigin::kFork, AuthorizationOutcome::kForkNotAllowed, "comes from a fork"},
      {"a fork's apply too", defaults, Verb::kApply, Permission::kAdmin, PullRequestOrigin::kFork,
       AuthorizationOutcome::kForkNotAllowed, "`/apply` would run its code"},
      {"forks may plan when the base allows", forks, Verb::kPlan, Permission::kWrite,
       PullRequestOrigin::kFork, AuthorizationOutcome::kAllowed, ""},
      {"unlock runs no code: a fork may", defaults, Verb::kUnlock, Permission::kWrite,
       PullRequestOrigin::kFork, AuthorizationOutcome::kAllowed, ""},
      {"permission is checked before the fork rule", defaults, Verb::kPlan, Permission::kRead,
       PullRequestOrigin::kFork, AuthorizationOutcome::kInsufficientPermission, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Authorization got = Authorize(c.config, c.verb, "mallory", c.permission, c.origin);
    EXPECT_EQ(got.outcome, c.outcome);
    EXPECT_EQ(got.allowed(), c.outcome == AuthorizationOutcome::kAllowed);
    EXPECT_EQ(got.reply.empty(), got.allowed()) << got.reply;
    EXPECT_NE(got.reply.find(c.reply_has), std::string::npos) << got.reply;
    if (!got.allowed()) {
      EXPECT_NE(got.reply.find("Nothing was run"), std::string::npos) << got.reply;
    }
  }
}

TEST(Authorize, OnlyVerbsThatRunThePrsCodeAreKeptFromForks) {
  EXPECT_TRUE(RunsPullRequestCode(Verb::kPlan));
  EXPECT_TRUE(RunsPullRequestCode(Verb::kApply));
  EXPECT_FALSE(RunsPullRequestCode(Verb::kUnlock));
  EXPECT_FALSE(RunsPullRequestCode(Verb::kHelp));
}

}  // namespace
}  // namespace infra_flash
