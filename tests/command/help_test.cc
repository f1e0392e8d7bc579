// HelpText: generated from the tables and the config; everything the parser knows
// is listed, and config text cannot break the markdown.
#include <gtest/gtest.h>

#include "check.h"
#include "command/command.h"
#include "command/extra_args.h"
#include "command/table.h"
#include "test_config.h"

namespace infra_flash::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(HelpText, ListsEveryCommand) {
  const std::string help = HelpText(TestConfig());
  for (const CommandSpec& spec : CommandTable()) {
    EXPECT_TRUE(Contains(help, "| `/" + std::string(VerbName(spec.verb))))
        << VerbName(spec.verb) << "\n"
        << help;
    EXPECT_TRUE(Contains(help, std::string(spec.description))) << VerbName(spec.verb);
  }
  EXPECT_TRUE(Contains(help, "| `/plan [layer…\\|env\\|all] [-- extra args]` |")) << help;
  EXPECT_TRUE(Contains(help, "| `/apply [layer…\\|env\\|all] [-- extra args]` |")) << help;
}

TEST(HelpText, ListsTheConfigsLayersEnvironmentsSuitesAndAliases) {
  const std::string help = HelpText(TestConfig());
  struct {
    const char* what;
    const char* text;
  } const expected[] = {
      {"layer row", "| `data-prod` | `envs/prod/data` | `prod` |"},
      {"layer without environment", "| `platform` | `platform` | — |"},
      {"environments", "`prod`, `staging`"},
      {"suites", "`full`, `smoke`"},
      {"custom alias", "| `ship it` | `/apply` | config |"},
      {"custom alias with arguments", "| `deploy staging` | `/apply staging` | config |"},
      {"built-in phrase", "| `/dig` | `/health` | built in |"},
      {"free-text phrase", "| `@claude …` | `/review` | built in |"},
      {"atlantis row",
       "| `atlantis plan [-d DIR] [-p PROJECT] [-w WORKSPACE] [--verbose] [-- extra args]` | "
       "`/plan` |"},
      {"digger row", "| `digger unlock` | `/unlock` |"},
      {"infra dig row", "| `infra dig` | `/health` |"},
      {"bare bot name", "| `atlantis` | `/help` |"},
      {"workspaces", "`-w` takes only `default`"},
  };
  for (const auto& e : expected) {
    EXPECT_TRUE(Contains(help, e.text)) << e.what << ": [" << e.text << "] not in\n" << help;
  }
}

TEST(HelpText, APromotedLayerIsOneRowWithItsPath) {
  Result<Config> config = ParseConfig(R"(version: 1
layers:
  app: { dir: app, environments: [staging, prod] }
  db: { dir: db, environment: prod }
environments: { staging: {}, prod: {} }
)",
                                      ".infra-flash.yml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const std::string help = HelpText(*config);
  EXPECT_NE(help.find("| `app` | `app` | `staging → prod` |"), std::string::npos) << help;
  EXPECT_NE(help.find("| `db` | `db` | `prod` |"), std::string::npos) << help;
  EXPECT_EQ(help.find("app@"), std::string::npos) << "targets are not layers of the file: " << help;
}

TEST(HelpText, ListsTheExtraArgsAllowlistAndRefusals) {
  const std::string help = HelpText(TestConfig());
  for (const ExtraArgSpec& arg : AllowedExtraArgTable()) {
    EXPECT_TRUE(Contains(help, "| `" + std::string(arg.flag))) << arg.flag;
  }
  for (const RefusedArgSpec& refused : RefusedExtraArgTable()) {
    EXPECT_TRUE(Contains(help, "- `" + std::string(refused.flag) + "`: ")) << refused.flag;
  }
  EXPECT_TRUE(Contains(help, "| `-target=ADDR` | `/plan`, `/revert` |")) << help;
  EXPECT_TRUE(Contains(help, "| `-lock-timeout=DURATION` | `/plan`, `/apply`, `/revert` |"))
      << help;
}

TEST(HelpText, ConfigTextCannotBreakTheMarkdown) {
  Config config = TestConfig();
  config.commands.aliases["a|b `c` @team <b>"] = "/plan";
  config.layers.push_back(MakeLayer("x|y", "odd`dir"));
  const std::string help = HelpText(config);
  ExpectSafeReply(help, "help with hostile config");
  EXPECT_TRUE(Contains(help, "| `a\\|b 'c' @team <b>` | `/plan` | config |")) << help;
  EXPECT_TRUE(Contains(help, "| `x\\|y` | `odd'dir` |")) << help;
}

TEST(HelpText, EmptyConfigSaysSo) {
  const std::string help = HelpText(Config{});
  EXPECT_TRUE(Contains(help, "defines no layers")) << help;
  EXPECT_TRUE(Contains(help, "defines no environments")) << help;
  EXPECT_TRUE(Contains(help, "no suites")) << help;
  ExpectSafeReply(help, "help with empty config");
}

TEST(HelpText, FitsInAGitHubCommentWithAHugeConfig) {
  Config config;
  for (int i = 0; i < 2000; ++i) {
    config.layers.push_back(MakeLayer("layer-" + std::to_string(i), "dir/" + std::to_string(i)));
    config.commands.aliases["alias " + std::to_string(i)] = "/plan";
    config.environments["env-" + std::to_string(i)].name = "env-" + std::to_string(i);
  }
  const std::string help = HelpText(config);
  EXPECT_LT(help.size(), 65536u);
  EXPECT_TRUE(Contains(help, "and 1950 more")) << "layers beyond the cap are counted";
}

TEST(HelpText, HelpCommandsAreCommandsAnsweredWithIt) {
  const Config config = TestConfig();
  for (const char* body :
       {"/help", "/help me please", "atlantis", "atlantis help", "digger help", "infra help"}) {
    const CommentResult result = ParseComment(body, config);
    EXPECT_EQ(result.kind, CommentKind::kCommand) << body;
    EXPECT_EQ(result.request.verb, Verb::kHelp) << body;
    EXPECT_TRUE(result.reply.empty()) << body << ": the caller answers with HelpText";
  }
}

}  // namespace
}  // namespace infra_flash::testing
