// ParseComment on slash commands: arguments, layers, environments, suites, fences,
// quoting, did-you-mean, and the prose it must leave alone.
#include <gtest/gtest.h>

#include "check.h"
#include "command/command.h"
#include "test_config.h"

namespace infra_flash::testing {
namespace {

constexpr CommentKind kCommand = CommentKind::kCommand;
constexpr CommentKind kReply = CommentKind::kReply;
constexpr CommentKind kIgnored = CommentKind::kIgnored;

TEST(ParseComment, SlashCommands) {
  const Case cases[] = {
      {.name = "bare plan", .body = "/plan", .kind = kCommand, .verb = Verb::kPlan},
      {.name = "command word any case", .body = "/PLAN", .kind = kCommand, .verb = Verb::kPlan},
      {.name = "mixed case with layer",
       .body = "/Plan platform",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "two layers keep order",
       .body = "/plan data-prod platform",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"data-prod", "platform"}},
      {.name = "repeated layer once",
       .body = "/plan platform platform",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "plan all",
       .body = "/plan all",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .all_layers = true},
      {.name = "all is a keyword in any case",
       .body = "/plan ALL",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .all_layers = true},
      {.name = "tabs separate words",
       .body = "/plan\tplatform",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "apply affected", .body = "/apply", .kind = kCommand, .verb = Verb::kApply},
      {.name = "plan environment",
       .body = "/plan staging",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .environment = "staging"},
      {.name = "apply environment",
       .body = "/apply staging",
       .kind = kCommand,
       .verb = Verb::kApply,
       .environment = "staging"},
      {.name = "apply same environment twice",
       .body = "/apply prod prod",
       .kind = kCommand,
       .verb = Verb::kApply,
       .environment = "prod"},
      {.name = "apply layer",
       .body = "/apply data-prod",
       .kind = kCommand,
       .verb = Verb::kApply,
       .layers = {"data-prod"}},
      {.name = "apply all",
       .body = "/apply all",
       .kind = kCommand,
       .verb = Verb::kApply,
       .all_layers = true},
      {.name = "unlock", .body = "/unlock", .kind = kCommand, .verb = Verb::kUnlock},
      {.name = "verify covers every layer",
       .body = "/verify",
       .kind = kCommand,
       .verb = Verb::kVerify,
       .all_layers = true},
      {.name = "verify named layers",
       .body = "/verify platform",
       .kind = kCommand,
       .verb = Verb::kVerify,
       .layers = {"platform"}},
      {.name = "health", .body = "/health", .kind = kCommand, .verb = Verb::kHealth},
      {.name = "e2e default suite", .body = "/e2e", .kind = kCommand, .verb = Verb::kE2e},
      {.name = "e2e named suite",
       .body = "/e2e smoke",
       .kind = kCommand,
       .verb = Verb::kE2e,
       .suite = "smoke"},
      {.name = "review", .body = "/review", .kind = kCommand, .verb = Verb::kReview},
      {.name = "revert affected", .body = "/revert", .kind = kCommand, .verb = Verb::kRevert},
      {.name = "revert one layer",
       .body = "/revert platform",
       .kind = kCommand,
       .verb = Verb::kRevert,
       .layers = {"platform"}},
      {.name = "help", .body = "/help", .kind = kCommand, .verb = Verb::kHelp},
      {.name = "help ignores its words",
       .body = "/HELP me please",
       .kind = kCommand,
       .verb = Verb::kHelp},
  };
  RunCases(cases, TestConfig());
}

TEST(ParseComment, ArgumentErrorsReplyWithUsage) {
  const Case cases[] = {
      {.name = "layer in another case",
       .body = "/plan Platform",
       .kind = kReply,
       .reply_contains = "Did you mean `platform`?"},
      {.name = "layer typo",
       .body = "/plan plaform",
       .kind = kReply,
       .reply_contains = "Did you mean `platform`?"},
      {.name = "unknown layer lists the known ones",
       .body = "/plan nope",
       .kind = kReply,
       .reply_contains = "`bootstrap`, `platform`, `data-staging`, `data-prod`"},
      {.name = "unknown layer shows usage",
       .body = "/plan nope",
       .kind = kReply,
       .reply_contains = "Usage: `/plan [layer…|env|all] [-- extra args]`"},
      {.name = "all with a layer",
       .body = "/plan all platform",
       .kind = kReply,
       .reply_contains = "`all` already means every layer"},
      {.name = "plan environment and layer",
       .body = "/plan staging platform",
       .kind = kReply,
       .reply_contains = "`platform` is not deployed to `staging` (it is bound to no environment)"},
      {.name = "two environments",
       .body = "/apply staging prod",
       .kind = kReply,
       .reply_contains = "one environment at a time"},
      {.name = "environment and layer",
       .body = "/apply staging platform",
       .kind = kReply,
       .reply_contains = "`platform` is not deployed to `staging` (it is bound to no environment)"},
      {.name = "environment typo",
       .body = "/apply stagin",
       .kind = kReply,
       .reply_contains = "Did you mean `staging`?"},
      {.name = "unknown apply word lists environments",
       .body = "/apply moon",
       .kind = kReply,
       .reply_contains = "Environments: `prod`, `staging`."},
      {.name = "unlock takes no arguments",
       .body = "/unlock platform",
       .kind = kReply,
       .reply_contains = "takes no arguments, but got `platform`"},
      {.name = "unlock takes no flags",
       .body = "/unlock -f",
       .kind = kReply,
       .reply_contains = "unknown flag `-f`. It takes no flags."},
      {.name = "unknown flag points at --",
       .body = "/plan -target=a.b",
       .kind = kReply,
       .reply_contains = "`/plan -- -target=a.b`"},
      {.name = "apply flag not allowed even after --",
       .body = "/apply -target=a.b",
       .kind = kReply,
       .reply_contains = "comment `/help` for the ones allowed here"},
      {.name = "apply flag allowed after --",
       .body = "/apply -lock-timeout=1m",
       .kind = kReply,
       .reply_contains = "`/apply -- -lock-timeout=1m`"},
      {.name = "suite typo",
       .body = "/e2e smok",
       .kind = kReply,
       .reply_contains = "Did you mean `smoke`?"},
      {.name = "unknown suite lists suites",
       .body = "/e2e load",
       .kind = kReply,
       .reply_contains = "`full`, `smoke`"},
      {.name = "two suites",
       .body = "/e2e smoke full",
       .kind = kReply,
       .reply_contains = "at most one suite"},
      {.name = "revert takes one layer",
       .body = "/revert platform bootstrap",
       .kind = kReply,
       .reply_contains = "at most one layer"},
      {.name = "verify takes layer names only",
       .body = "/verify staging",
       .kind = kReply,
       .reply_contains = "Usage: `/verify [layer…|all]`"},
  };
  RunCases(cases, TestConfig());
}

TEST(ParseComment, SuitesWithoutConfiguredSuites) {
  Config config = TestConfig();
  config.commands.e2e.clear();
  const Case cases[] = {
      {.name = "any well-formed suite",
       .body = "/e2e nightly",
       .kind = kCommand,
       .verb = Verb::kE2e,
       .suite = "nightly"},
      {.name = "suite with odd characters",
       .body = "/e2e 'a;b'",
       .kind = kReply,
       .reply_contains = "letters, digits"},
  };
  RunCases(cases, config);
}

TEST(ParseComment, WhitespaceBackticksAndFences) {
  const Case cases[] = {
      {.name = "surrounding whitespace",
       .body = "  \t/plan  \n",
       .kind = kCommand,
       .verb = Verb::kPlan},
      {.name = "blank lines around",
       .body = "\n\n/plan platform\n\n\n",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "CRLF endings", .body = "/plan\r\n\r\n", .kind = kCommand, .verb = Verb::kPlan},
      {.name = "inline code", .body = "`/plan`", .kind = kCommand, .verb = Verb::kPlan},
      {.name = "inline code with layer",
       .body = "`/plan platform`",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "double backticks", .body = "``/plan``", .kind = kCommand, .verb = Verb::kPlan},
      {.name = "triple backticks on one line",
       .body = "```/plan```",
       .kind = kCommand,
       .verb = Verb::kPlan},
      {.name = "code spans per word",
       .body = "`/plan` `platform`",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "fenced block", .body = "```\n/plan\n```", .kind = kCommand, .verb = Verb::kPlan},
      {.name = "fenced block with info string",
       .body = "```sh\n/apply staging\n```\n",
       .kind = kCommand,
       .verb = Verb::kApply,
       .environment = "staging"},
      {.name = "tilde fence", .body = "~~~\n/plan\n~~~", .kind = kCommand, .verb = Verb::kPlan},
      {.name = "fence with blank lines",
       .body = "```\n\n  /plan all  \n\n```\n\n",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .all_layers = true},
      {.name = "unclosed fence", .body = "```\n/plan", .kind = kCommand, .verb = Verb::kPlan},
      {.name = "CRLF fence",
       .body = "```\r\n/plan\r\n```\r\n",
       .kind = kCommand,
       .verb = Verb::kPlan},
      {.name = "prose after the command", .body = "/plan\nplease", .kind = kIgnored},
      {.name = "prose after a blank line", .body = "/plan\n\nthanks!", .kind = kIgnored},
      {.name = "two commands in a fence", .body = "```\n/plan\n/apply\n```", .kind = kIgnored},
      {.name = "prose after a fence", .body = "```\n/plan\n```\nthanks", .kind = kIgnored},
      {.name = "lone CR is a line break", .body = "/plan\rplatform", .kind = kIgnored},
      {.name = "help with prose after it", .body = "/help\nwhat can you do?", .kind = kIgnored},
      {.name = "empty fence", .body = "```\n```", .kind = kIgnored},
  };
  RunCases(cases, TestConfig());
}

TEST(ParseComment, Quoting) {
  const Case cases[] = {
      {.name = "single quotes",
       .body = "/plan 'platform'",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "double quotes",
       .body = "/plan \"data-prod\"",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"data-prod"}},
      {.name = "quotes join parts",
       .body = "/plan plat'form'",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "backslash escapes",
       .body = "/plan plat\\form",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "quoted words stay one word",
       .body = "/plan 'plat form'",
       .kind = kReply,
       .reply_contains = "there is no layer or environment `plat form`"},
      {.name = "unbalanced single quote",
       .body = "/plan 'platform",
       .kind = kReply,
       .reply_contains = "is not closed"},
      {.name = "unbalanced double quote",
       .body = "/apply \"staging",
       .kind = kReply,
       .reply_contains = "is not closed"},
      {.name = "unbalanced code span",
       .body = "/plan `platform",
       .kind = kReply,
       .reply_contains = "code span"},
      {.name = "trailing backslash",
       .body = "/plan platform\\",
       .kind = kReply,
       .reply_contains = "lone backslash"},
      {.name = "an apostrophe in prose is not a reply",
       .body = "don't /plan yet",
       .kind = kIgnored},
      {.name = "empty quotes are an empty word",
       .body = "/plan ''",
       .kind = kReply,
       .reply_contains = "there is no layer or environment `\"\"`"},
  };
  RunCases(cases, TestConfig());
}

TEST(ParseComment, DidYouMeanSlashCommand) {
  const Case cases[] = {
      {.name = "swapped letters",
       .body = "/paln",
       .kind = kReply,
       .reply_contains = "Did you mean `/plan`?"},
      {.name = "missing letter",
       .body = "/aply platform",
       .kind = kReply,
       .reply_contains = "Did you mean `/apply`?"},
      {.name = "unlock typo",
       .body = "/unlcok",
       .kind = kReply,
       .reply_contains = "Did you mean `/unlock`?"},
      {.name = "help typo",
       .body = "/hepl",
       .kind = kReply,
       .reply_contains = "Did you mean `/help`?"},
      {.name = "verify typo any case",
       .body = "/VERIFI",
       .kind = kReply,
       .reply_contains = "Did you mean `/verify`?"},
      {.name = "config slash alias typo",
       .body = "/deplyo",
       .kind = kReply,
       .reply_contains = "Did you mean `/deploy`?"},
      {.name = "typo echoes what was typed",
       .body = "/paln",
       .kind = kReply,
       .reply_contains = "`/paln` is not a command I know"},
      {.name = "typo followed by prose is ignored", .body = "/paln\nmore", .kind = kIgnored},
      {.name = "far from everything", .body = "/deployment", .kind = kIgnored},
  };
  RunCases(cases, TestConfig());
}

TEST(ParseComment, ProseAndOtherBotsAreIgnored) {
  const Case cases[] = {
      {.name = "empty", .body = "", .kind = kIgnored},
      {.name = "whitespace only", .body = "  \n\t\r\n ", .kind = kIgnored},
      {.name = "LGTM", .body = "LGTM", .kind = kIgnored},
      {.name = "sentence", .body = "Looks good to me, thanks!", .kind = kIgnored},
      {.name = "prow lgtm", .body = "/lgtm", .kind = kIgnored},
      {.name = "prow assign", .body = "/assign @bob", .kind = kIgnored},
      {.name = "prow retest is no typo of revert", .body = "/retest", .kind = kIgnored},
      {.name = "prow approve", .body = "/approve", .kind = kIgnored},
      {.name = "prow hold", .body = "/hold", .kind = kIgnored},
      {.name = "quoted command", .body = "> /plan\n\nwhy did this fail?", .kind = kIgnored},
      {.name = "quoted command alone", .body = "> /apply", .kind = kIgnored},
      {.name = "mention of someone else", .body = "@someone-else /plan", .kind = kIgnored},
      {.name = "command later in the line", .body = "please /plan", .kind = kIgnored},
      {.name = "command on a later line", .body = "hey\n/plan", .kind = kIgnored},
      {.name = "a path", .body = "/path/to/main.tf is wrong", .kind = kIgnored},
      {.name = "a lone slash", .body = "/", .kind = kIgnored},
      {.name = "slash and space", .body = "/ plan", .kind = kIgnored},
      {.name = "infra as an everyday word", .body = "infra changes look good", .kind = kIgnored},
      {.name = "infra alone", .body = "infra", .kind = kIgnored},
      {.name = "terraform in prose", .body = "terraform is great", .kind = kIgnored},
      {.name = "misspelled bot in prose", .body = "atlantsi is down today", .kind = kIgnored},
      {.name = "emoji", .body = "🚀", .kind = kIgnored},
      {.name = "only backticks", .body = "``", .kind = kIgnored},
  };
  RunCases(cases, TestConfig());
}

}  // namespace
}  // namespace infra_flash::testing

namespace infra_flash::testing {
namespace {

Config PolicyConfig() {
  Config config = TestConfig();
  PolicyCheck check;
  check.name = "no-public-buckets";
  check.argv = {"conftest", "test", "{plan_json}"};
  config.policies.push_back(check);
  check.name = "tags";
  config.policies.push_back(check);
  return config;
}

TEST(ParseComment, ApprovePoliciesNamesConfiguredChecks) {
  const Config config = PolicyConfig();
  CommentResult all = ParseComment("/approve_policies", config);
  ASSERT_EQ(all.kind, kCommand) << all.reason << all.reply;
  EXPECT_EQ(all.request.verb, Verb::kApprovePolicies);
  EXPECT_TRUE(all.request.checks.empty());

  CommentResult named = ParseComment("/approve_policies tags no-public-buckets tags", config);
  ASSERT_EQ(named.kind, kCommand) << named.reason << named.reply;
  EXPECT_EQ(named.request.checks, (std::vector<std::string>{"tags", "no-public-buckets"}));

  for (const char* body : {"atlantis approve_policies", "digger approve_policies"}) {
    CommentResult legacy = ParseComment(body, config);
    ASSERT_EQ(legacy.kind, kCommand) << body << legacy.reason << legacy.reply;
    EXPECT_EQ(legacy.request.verb, Verb::kApprovePolicies) << body;
  }

  CommentResult typo = ParseComment("/approve_policies no-public-bucket", config);
  ASSERT_EQ(typo.kind, kReply);
  EXPECT_NE(typo.reply.find("there is no policy check `no-public-bucket`. Did you mean "
                            "`no-public-buckets`?"),
            std::string::npos)
      << typo.reply;
  CommentResult none = ParseComment("/approve_policies tags", TestConfig());
  ASSERT_EQ(none.kind, kReply);
  EXPECT_NE(none.reply.find("This repository has no `policies`."), std::string::npos) << none.reply;
}

}  // namespace
}  // namespace infra_flash::testing

namespace infra_flash::testing {
namespace {

// A promoted layer is each of its targets in the legacy flags too, as in `/plan app`.
TEST(ParseComment, LegacyFlagsNameEveryTargetOfAPromotedLayer) {
  Result<Config> config =
      LoadConfig(std::string(INFRA_FLASH_SOURCE_DIR) + "/examples/monorepo/.infra-flash.yml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  for (const char* body : {"atlantis plan -p app", "digger plan -p app", "atlantis plan -d app",
                           "atlantis approve_policies -d app"}) {
    CommentResult parsed = ParseComment(body, *config);
    ASSERT_EQ(parsed.kind, kCommand) << body << ": " << parsed.reply;
    EXPECT_EQ(parsed.request.layers, (std::vector<std::string>{"app@staging", "app@prod"})) << body;
  }
  CommentResult one = ParseComment("atlantis plan -p app@prod", *config);
  ASSERT_EQ(one.kind, kCommand) << one.reply;
  EXPECT_EQ(one.request.layers, std::vector<std::string>{"app@prod"});
  CommentResult plain = ParseComment("atlantis approve_policies -p platform", *config);
  ASSERT_EQ(plain.kind, kCommand) << plain.reply;
  EXPECT_EQ(plain.request.verb, Verb::kApprovePolicies);
  EXPECT_EQ(plain.request.layers, std::vector<std::string>{"platform"});
}

}  // namespace
}  // namespace infra_flash::testing
