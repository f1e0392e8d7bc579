// governing: a PR's copy of the config under its base branch's rules. Each case is an
// attack or a legitimate change a PR makes to `.infra-flash.yml`, and what the run uses.
#include "config/governing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace infra_flash {
namespace {

const char kBase[] = R"(version: 1
layers:
  platform: { dir: platform, lint: tflint }
  data-prod: { dir: envs/prod/data, depends_on: [platform], environment: prod }
  sandbox: { dir: sandbox, test_env: true }
environments:
  prod:
    state_key: prod/terraform.tfstate
    require: [approved, mergeable]
    approvers: [bob]
    env: { AWS_PROFILE: prod }
permissions: { plan: write, apply: maintain }
commands:
  e2e: { smoke: [make, smoke] }
run: { mask_env: [BASE_SECRET], step_timeout: 600 }
)";

Config Parse(const std::string& yaml, const std::string& name) {
  Result<Config> config = ParseConfig(yaml, name);
  EXPECT_TRUE(config.ok()) << name << ": " << config.error().ToString();
  return config.ok() ? *config : Config{};
}

// The base file with `from` replaced by `to` (the PR's edit).
std::string Edited(const std::string& from, const std::string& to) {
  std::string text = kBase;
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(Govern, ThePrsCopyCannotLoosenTheRulesThatJudgeIt) {
  struct Case {
    const char* name;
    std::string head;                  // the PR's copy
    std::vector<std::string> changes;  // what the dashboard lists
    void (*check)(const GoverningConfig&);
  } cases[] = {
      {"unchanged",
       kBase,
       {},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.RequiredPermission("apply"), Permission::kMaintain);
       }},
      {"permissions opened to everyone",
       Edited("permissions: { plan: write, apply: maintain }",
              "permissions: { plan: none, apply: none }"),
       {"permissions"},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.RequiredPermission("plan"), Permission::kWrite);
         EXPECT_EQ(g.config.RequiredPermission("apply"), Permission::kMaintain);
       }},
      {"forks allowed by the fork",
       std::string(kBase) + "forks: { plan: true }\n",
       {"forks"},
       [](const GoverningConfig& g) { EXPECT_FALSE(g.config.allow_fork_plans); }},
      {"approval dropped from prod",
       Edited("require: [approved, mergeable]", "require: []"),
       {"environments.prod"},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.FindEnvironment("prod")->require,
                   (std::vector<std::string>{"approved", "mergeable"}));
       }},
      {"approver swapped for the author",
       Edited("approvers: [bob]", "approvers: [mallory]"),
       {"environments.prod"},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.FindEnvironment("prod")->approvers, std::vector<std::string>{"bob"});
       }},
      {"prod credentials pointed elsewhere",
       Edited("AWS_PROFILE: prod", "AWS_PROFILE: evil"),
       {"environments.prod"},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.FindEnvironment("prod")->env.at("AWS_PROFILE"), "prod");
       }},
      {"an e2e suite that runs anything",
       Edited("[make, smoke]", "[curl, evil.example]"),
       {"commands"},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.commands.e2e.at("smoke"), (std::vector<std::string>{"make", "smoke"}));
       }},
      {"an alias that turns a word into /apply",
       Edited("  e2e: { smoke: [make, smoke] }",
              "  e2e: { smoke: [make, smoke] }\n  aliases: { \"thanks!\": /apply }"),
       {"commands"},
       [](const GoverningConfig& g) { EXPECT_TRUE(g.config.commands.aliases.empty()); }},
      {"a lint the base asks for switched off",
       Edited("platform: { dir: platform, lint: tflint }", "platform: { dir: platform }"),
       {"layers.platform.lint"},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.FindLayer("platform")->lint, Linter::kTflint);
       }},
      {"a prod layer unbound from prod",
       Edited("depends_on: [platform], environment: prod }", "depends_on: [platform] }"),
       {"layers.data-prod.environment"},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.FindLayer("data-prod")->environment, "prod");
       }},
      {"a prod layer renamed to shed its binding",
       Edited("data-prod: { dir: envs/prod/data, depends_on: [platform], environment: prod }",
              "data-p: { dir: envs/prod/data, depends_on: [platform] }"),
       {"layers.data-p (renamed from data-prod)", "layers.data-p.environment"},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.FindLayer("data-p")->environment, "prod");
       }},
      {"prod's state key and var files are the PR's to change",
       Edited("state_key: prod/terraform.tfstate",
              "state_key: prod/v2.tfstate\n    var_files: [p.tfvars]"),
       {},
       [](const GoverningConfig& g) {
         const Environment* prod = g.config.FindEnvironment("prod");
         EXPECT_EQ(prod->state_key, "prod/v2.tfstate");
         EXPECT_EQ(prod->var_files, std::vector<std::string>{"p.tfvars"});
         EXPECT_EQ(prod->approvers, std::vector<std::string>{"bob"});
       }},
      {"a new layer is planned as proposed",
       Edited("  sandbox: { dir: sandbox, test_env: true }",
              "  sandbox: { dir: sandbox, test_env: true }\n  cache: { dir: cache, depends_on: "
              "[platform] }"),
       {},
       [](const GoverningConfig& g) {
         ASSERT_NE(g.config.FindLayer("cache"), nullptr);
         EXPECT_EQ(g.config.FindLayer("cache")->depends_on, std::vector<std::string>{"platform"});
       }},
      {"a new layer cannot deploy itself into a test environment",
       Edited("  sandbox: { dir: sandbox, test_env: true }",
              "  sandbox: { dir: sandbox, test_env: true }\n  grab: { dir: grab, test_env: true }"),
       {"layers.grab.test_env"},
       [](const GoverningConfig& g) { EXPECT_FALSE(g.config.FindLayer("grab")->test_env); }},
      {"a new environment is proposed",
       Edited("  sandbox: { dir: sandbox, test_env: true }\nenvironments:\n",
              "  sandbox: { dir: sandbox, environment: qa }\nenvironments:\n"
              "  qa: { state_key: qa/x.tfstate }\n"),
       {"environments.qa (new)", "layers.sandbox.environment", "layers.sandbox.test_env"},
       [](const GoverningConfig& g) {
         EXPECT_TRUE(g.IsProposed("qa"));
         EXPECT_FALSE(g.IsProposed("prod"));
         // Its binding is the base's: sandbox stays unbound and a test environment.
         EXPECT_EQ(g.config.FindLayer("sandbox")->environment, "");
         EXPECT_TRUE(g.config.FindLayer("sandbox")->test_env);
       }},
      {"prod dropped from the PR's copy still rules its layer",
       [] {
         const std::string edited =
             Edited("depends_on: [platform], environment: prod }", "depends_on: [platform] }");
         return edited.substr(0, edited.find("environments:"));
       }() +
           "permissions: { plan: write, apply: maintain }\ncommands:\n  e2e: { smoke: [make, "
           "smoke] }\n"
           "run: { mask_env: [BASE_SECRET], step_timeout: 600 }\n",
       {"environments.prod (removed)", "layers.data-prod.environment"},
       [](const GoverningConfig& g) {
         ASSERT_NE(g.config.FindEnvironment("prod"), nullptr);
         EXPECT_EQ(g.config.FindEnvironment("prod")->require.size(), 2u);
         EXPECT_EQ(g.config.FindLayer("data-prod")->environment, "prod");
       }},
      {"masking more is never refused",
       Edited("mask_env: [BASE_SECRET]", "mask_env: [HEAD_SECRET]"),
       {},
       [](const GoverningConfig& g) {
         EXPECT_EQ(g.config.run.mask_env, (std::vector<std::string>{"BASE_SECRET", "HEAD_SECRET"}));
       }},
      {"a longer step timeout is the base's call",
       Edited("step_timeout: 600", "step_timeout: 7200"),
       {"run"},
       [](const GoverningConfig& g) { EXPECT_EQ(g.config.run.step_timeout_seconds, 600); }},
  };
  const Config base = Parse(kBase, "base.yml");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Config head = Parse(c.head, "head.yml");
    const GoverningConfig governed = Govern(head, &base);
    EXPECT_FALSE(governed.base_missing);
    EXPECT_EQ(governed.changes, c.changes);
    c.check(governed);
  }
}

TEST(Govern, WithoutABaseConfigTheDefaultsRuleAndEveryEnvironmentIsProposed) {
  const Config head = Parse(Edited("permissions: { plan: write, apply: maintain }",
                                   "permissions: { plan: none, apply: none }"),
                            "head.yml");
  const GoverningConfig governed = Govern(head, nullptr);
  EXPECT_TRUE(governed.base_missing);
  EXPECT_TRUE(governed.changes.empty());
  EXPECT_EQ(governed.config.RequiredPermission("plan"), Permission::kWrite);
  EXPECT_EQ(governed.config.RequiredPermission("apply"), Permission::kWrite);
  EXPECT_TRUE(governed.IsProposed("prod"));
  EXPECT_TRUE(governed.config.FindEnvironment("prod")->require.empty());
  EXPECT_TRUE(governed.config.FindEnvironment("prod")->env.empty());
  EXPECT_EQ(governed.config.FindEnvironment("prod")->state_key, "prod/terraform.tfstate");
  EXPECT_TRUE(governed.config.commands.e2e.empty());
  EXPECT_FALSE(governed.config.FindLayer("sandbox")->test_env);
  EXPECT_EQ(governed.config.layers.size(), 3u) << "the PR's layers are planned";
}

}  // namespace
}  // namespace infra_flash

namespace infra_flash {
namespace {

// A promotion path is policy: targets are matched by layer and environment, and the path
// the run uses is the base's.
TEST(Govern, APromotionPathComesFromTheBase) {
  const std::string base_text = R"(version: 1
layers:
  app: { dir: app, environments: [staging, prod] }
  web: { dir: web, environment: prod }
environments:
  staging: { state_key: "staging/{layer}.tfstate" }
  prod: { state_key: "prod/{layer}.tfstate", require: [approved] }
)";
  const Config base = Parse(base_text, "base");
  struct Case {
    const char* name;
    std::string from, to;
    std::vector<std::string> changes;
    std::vector<std::string> prod_path;  // of app@prod in the run, when there is one
  } cases[] = {
      {"unchanged", "", "", {}, {"staging", "prod"}},
      {"staging dropped",
       "environments: [staging, prod]",
       "environments: [prod]",
       {"layers.app.environments"},
       {"staging", "prod"}},
      {"a target added to a one-environment layer",
       "web: { dir: web, environment: prod }",
       "web: { dir: web, environments: [staging, prod] }",
       {"layers.web.environments"},
       {}},
  };
  for (const Case& c : cases) {
    std::string text = base_text;
    if (!c.from.empty()) text.replace(text.find(c.from), c.from.size(), c.to);
    GoverningConfig governed = Govern(Parse(text, c.name), &base);
    EXPECT_EQ(governed.changes, c.changes) << c.name;
    if (!c.prod_path.empty()) {
      const Layer* prod = governed.config.FindLayer("app@prod");
      ASSERT_NE(prod, nullptr) << c.name;
      EXPECT_EQ(prod->environments, c.prod_path) << c.name;
      EXPECT_EQ(prod->environment, "prod") << c.name;
    }
  }
  // web@prod stands for the base's web (prod, no path); web@staging is a new target.
  std::string text = base_text;
  const std::string from = "web: { dir: web, environment: prod }";
  text.replace(text.find(from), from.size(), "web: { dir: web, environments: [staging, prod] }");
  GoverningConfig governed = Govern(Parse(text, "web"), &base);
  EXPECT_EQ(governed.config.FindLayer("web@prod")->environments,
            (std::vector<std::string>{"prod"}));
  EXPECT_EQ(governed.config.FindLayer("web@staging")->environment, "staging");
}

}  // namespace
}  // namespace infra_flash
