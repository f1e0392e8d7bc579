// The one list of verbs: what the config, the permission check and the commands read.
#include "config/verbs.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "config/config.h"

namespace infra_flash {
namespace {

TEST(Verbs, NamesAreDistinctLowerCaseAndFoundAgain) {
  std::set<std::string> names;
  for (const VerbSpec& spec : kVerbs) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
    for (const char* c = spec.name; *c != '\0'; ++c) EXPECT_FALSE(*c >= 'A' && *c <= 'Z');
    EXPECT_EQ(FindVerb(spec.name), spec.verb) << spec.name;
    EXPECT_STREQ(VerbName(spec.verb), spec.name);
  }
  EXPECT_EQ(VerbNames().size(), kVerbs.size());
  EXPECT_EQ(FindVerb("Plan"), std::nullopt) << "names are matched as written";
  EXPECT_EQ(FindVerb("dig"), std::nullopt) << "an alias is not a verb";
}

TEST(Verbs, DefaultsOfAConfigWithoutPermissions) {
  const Config config;
  struct {
    const char* verb;
    Permission required;
    PullRequestCode code;
  } const cases[] = {
      {"plan", Permission::kWrite, PullRequestCode::kRun},
      {"apply", Permission::kWrite, PullRequestCode::kRun},
      {"unlock", Permission::kWrite, PullRequestCode::kNotRun},
      {"verify", Permission::kWrite, PullRequestCode::kRun},
      {"health", Permission::kRead, PullRequestCode::kNotRun},
      {"e2e", Permission::kWrite, PullRequestCode::kRun},
      {"review", Permission::kWrite, PullRequestCode::kNotRun},
      {"revert", Permission::kWrite, PullRequestCode::kRun},
      {"approve_policies", Permission::kWrite, PullRequestCode::kNotRun},
      {"help", Permission::kRead, PullRequestCode::kNotRun},
  };
  ASSERT_EQ(std::size(cases), kVerbs.size());
  for (const auto& c : cases) {
    EXPECT_EQ(config.RequiredPermission(c.verb), c.required) << c.verb;
    std::optional<Verb> verb = FindVerb(c.verb);
    ASSERT_TRUE(verb.has_value()) << c.verb;
    EXPECT_EQ(SpecOf(*verb).code, c.code) << c.verb;
  }
  EXPECT_EQ(config.RequiredPermission("no-such-verb"), Permission::kWrite);
}

}  // namespace
}  // namespace infra_flash
