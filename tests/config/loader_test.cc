// The loader: the example loads, every key is read, and every refusal is one line
// "FILE:LINE:COL: message" pointing at the offending text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.h"
#include "config/yaml_tree.h"

namespace infra_flash {
namespace {

const std::string kExample =
    std::string(INFRA_FLASH_SOURCE_DIR) + "/examples/monorepo/.infra-flash.yml";

Config MustParse(const std::string& yaml) {
  Result<Config> config = ParseConfig(yaml, "f.yml");
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  return config.ok() ? *config : Config{};
}

TEST(LoadConfig, ExampleMonorepoLoads) {
  Result<Config> config = LoadConfig(kExample);
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->file, kExample);
  EXPECT_EQ(config->version, 1);
  EXPECT_EQ(config->engine, Engine::kTerragrunt);
  ASSERT_EQ(config->layers.size(), 6u);
  const std::vector<std::string> names = {"bootstrap", "platform",    "data-staging",
                                          "data-prod", "app@staging", "app@prod"};
  const std::vector<std::string> dirs = {"bootstrap",      "platform", "envs/staging/data",
                                         "envs/prod/data", "app",      "app"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(config->layers[i].name, names[i]);
    EXPECT_EQ(config->layers[i].dir, dirs[i]);
  }
  const Layer& bootstrap = config->layers[0];
  EXPECT_EQ(bootstrap.engine, Engine::kTerraform);
  EXPECT_FALSE(bootstrap.auto_apply);
  EXPECT_EQ(bootstrap.position.line, 10);
  EXPECT_EQ(bootstrap.position.column, 3);
  const Layer& prod = config->layers[3];
  EXPECT_EQ(prod.engine, Engine::kTerragrunt);
  EXPECT_TRUE(prod.auto_apply);
  EXPECT_EQ(prod.depends_on, std::vector<std::string>{"platform"});
  EXPECT_EQ(prod.environment, "prod");
  // app, promoted through staging and prod, with a state key of its own in each.
  const Layer& app_prod = config->layers[5];
  EXPECT_EQ(app_prod.ConfigName(), "app");
  EXPECT_EQ(app_prod.environment, "prod");
  EXPECT_EQ(app_prod.depends_on, (std::vector<std::string>{"platform", "app@staging"}));
  EXPECT_EQ(StateKeyTemplate(app_prod, "prod", config->FindEnvironment("prod")),
            "prod/app.tfstate");
  ASSERT_EQ(config->triggers.size(), 1u);
  EXPECT_TRUE(config->triggers[0].all_layers);
  EXPECT_EQ(config->triggers[0].paths, std::vector<std::string>{"libs/**"});
  EXPECT_EQ(config->ignore, (std::vector<std::string>{"docs/**", "**/*.md"}));
  ASSERT_NE(config->FindEnvironment("prod"), nullptr);
  EXPECT_EQ(config->FindEnvironment("prod")->state_key, "prod/terraform.tfstate");
  EXPECT_EQ(config->FindEnvironment("prod")->require,
            (std::vector<std::string>{"approved", "mergeable"}));
  EXPECT_TRUE(config->FindEnvironment("prod")->confirm) << "dispatch applies to prod confirm";
  EXPECT_FALSE(config->FindEnvironment("staging")->confirm);
  EXPECT_EQ(config->FindEnvironment("staging")->var_files,
            std::vector<std::string>{"envs/staging.tfvars"});
  EXPECT_EQ(config->RequiredPermission("apply"), Permission::kWrite);
  EXPECT_EQ(config->RequiredPermission("health"), Permission::kRead);
  EXPECT_TRUE(config->autoplan);
  EXPECT_FALSE(config->allow_fork_plans);
}

TEST(LoadConfig, MissingFileNamesThePath) {
  Result<Config> config = LoadConfig("/nonexistent/.infra-flash.yml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().file, "/nonexistent/.infra-flash.yml");
  EXPECT_EQ(config.error().ToString(),
            "/nonexistent/.infra-flash.yml: cannot read this file: No such file or directory");
}

// Every key of the file, once, with values other than the defaults.
constexpr const char* kEverything = R"(version: 1
engine: tofu
layers:
  net:
    dir: ./infra//net/
    engine: terraform
    auto_apply: false
    when_modified: ["modules/net/**", "*.hcl"]
    steps:
      plan:
        - init
        - { builtin: plan, extra_args: [-parallelism=4] }
        - { run: [tflint, --recursive] }
      ci: []
  app:
    dir: app
    depends_on: [net]
    environment: prod
    lint: tflint
triggers:
  - paths: [libs/**]
    layers: all
  - paths: ["shared/net/*.tf"]
    layers: [net]
ignore: ["docs/**"]
environments:
  prod:
    state_key: prod/tf.tfstate
    var_files: [envs/prod.tfvars]
    require: [approved, undiverged]
    approvers: [codeowners, alice, "@org/platform-team"]
    confirm: true
    env: { TF_VAR_region: eu-west-1, RETRIES: 3, EMPTY: "" }
    steps:
      apply: [init, apply]
    oidc: true
  test:
permissions: { plan: read, apply: maintain, help: none }
commands:
  aliases: { "infra dig": /health }
  e2e: { smoke: [make, e2e-smoke] }
health:
  - { layer: app, name: Vault, url: "https://vault.example.com/v1/sys/health", expect: [200, 429] }
  - { name: Site, url: "http://site.example.com" }
run:
  jobs: 4
  sequential_apply: false
  step_timeout: 10m
  plugin_cache_dir: /tmp/plugins
  binaries: { terraform: /opt/terraform, tofu: /usr/bin/tofu }
  mask_env: [AWS_SECRET_ACCESS_KEY]
autoplan: { enabled: false, drafts: true }
forks: { plan: true }
)";

TEST(ParseConfig, ReadsEveryKey) {
  Config config = MustParse(kEverything);
  EXPECT_EQ(config.engine, Engine::kTofu);
  ASSERT_EQ(config.layers.size(), 2u);
  const Layer& net = config.layers[0];
  EXPECT_EQ(net.dir, "infra/net");
  EXPECT_EQ(net.engine, Engine::kTerraform);
  EXPECT_FALSE(net.auto_apply);
  EXPECT_EQ(net.when_modified, (std::vector<std::string>{"modules/net/**", "*.hcl"}));
  ASSERT_EQ(net.steps.count("plan"), 1u);
  const std::vector<StepSpec>& plan = net.steps.at("plan");
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].builtin, "init");
  EXPECT_EQ(plan[1].builtin, "plan");
  EXPECT_EQ(plan[1].extra_args, std::vector<std::string>{"-parallelism=4"});
  EXPECT_TRUE(plan[2].builtin.empty());
  EXPECT_EQ(plan[2].run, (std::vector<std::string>{"tflint", "--recursive"}));
  ASSERT_EQ(net.steps.count("ci"), 1u);
  EXPECT_TRUE(net.steps.at("ci").empty());
  const Layer& app = config.layers[1];
  EXPECT_EQ(app.engine, Engine::kTofu);  // the file's engine
  EXPECT_EQ(app.depends_on, std::vector<std::string>{"net"});
  EXPECT_EQ(app.environment, "prod");
  EXPECT_EQ(app.lint, Linter::kTflint);
  EXPECT_EQ(net.lint, Linter::kNone);

  ASSERT_EQ(config.triggers.size(), 2u);
  EXPECT_TRUE(config.triggers[0].all_layers);
  EXPECT_FALSE(config.triggers[1].all_layers);
  EXPECT_EQ(config.triggers[1].layers, std::vector<std::string>{"net"});
  EXPECT_EQ(config.ignore, std::vector<std::string>{"docs/**"});

  ASSERT_EQ(config.environments.size(), 2u);
  const Environment& prod = config.environments.at("prod");
  EXPECT_EQ(prod.name, "prod");
  EXPECT_EQ(prod.state_key, "prod/tf.tfstate");
  EXPECT_EQ(prod.var_files, std::vector<std::string>{"envs/prod.tfvars"});
  EXPECT_EQ(prod.require, (std::vector<std::string>{"approved", "undiverged"}));
  EXPECT_EQ(prod.approvers,
            (std::vector<std::string>{"codeowners", "alice", "@org/platform-team"}));
  EXPECT_TRUE(prod.confirm);
  EXPECT_FALSE(config.environments.at("test").confirm) << "off unless set";
  EXPECT_EQ(prod.env.at("TF_VAR_region"), "eu-west-1");
  EXPECT_EQ(prod.env.at("RETRIES"), "3");
  EXPECT_EQ(prod.env.at("EMPTY"), "");
  EXPECT_EQ(prod.steps.at("apply").size(), 2u);
  EXPECT_TRUE(prod.oidc);
  EXPECT_EQ(config.environments.at("test").name, "test");
  EXPECT_FALSE(config.environments.at("test").oidc) << "OIDC is opted into, never the default";

  EXPECT_EQ(config.RequiredPermission("plan"), Permission::kRead);
  EXPECT_EQ(config.RequiredPermission("apply"), Permission::kMaintain);
  EXPECT_EQ(config.RequiredPermission("help"), Permission::kNone);
  EXPECT_EQ(config.RequiredPermission("unlock"), Permission::kWrite);
  EXPECT_EQ(config.commands.aliases.at("infra dig"), "/health");
  EXPECT_EQ(config.commands.e2e.at("smoke"), (std::vector<std::string>{"make", "e2e-smoke"}));

  ASSERT_EQ(config.health.size(), 2u);
  EXPECT_EQ(config.health[0].layer, "app");
  EXPECT_EQ(config.health[0].name, "Vault");
  EXPECT_EQ(config.health[0].url, "https://vault.example.com/v1/sys/health");
  EXPECT_EQ(config.health[0].expect, (std::vector<int>{200, 429}));
  EXPECT_TRUE(config.health[1].layer.empty());
  EXPECT_TRUE(config.health[1].expect.empty());

  EXPECT_EQ(config.run.jobs, 4);
  EXPECT_FALSE(config.run.sequential_apply);
  EXPECT_EQ(config.run.step_timeout_seconds, 600);
  EXPECT_EQ(config.run.plugin_cache_dir, "/tmp/plugins");
  EXPECT_EQ(config.run.binaries.at("terraform"), "/opt/terraform");
  EXPECT_EQ(config.run.binaries.at("tofu"), "/usr/bin/tofu");
  EXPECT_EQ(config.run.mask_env, std::vector<std::string>{"AWS_SECRET_ACCESS_KEY"});
  EXPECT_FALSE(config.autoplan);
  EXPECT_TRUE(config.autoplan_drafts);
  EXPECT_TRUE(config.allow_fork_plans);
}

TEST(ParseConfig, MinimalFileHasTheDefaults) {
  Config config = MustParse("version: 1\n");
  EXPECT_TRUE(config.layers.empty());
  EXPECT_EQ(config.engine, Engine::kTerragrunt);
  EXPECT_EQ(config.run.jobs, 0);
  EXPECT_TRUE(config.run.sequential_apply);
  EXPECT_EQ(config.run.step_timeout_seconds, 3600);
  EXPECT_TRUE(config.autoplan);
  EXPECT_FALSE(config.autoplan_drafts);
  EXPECT_FALSE(config.allow_fork_plans);
}

TEST(ParseConfig, ReadsThePipelineSections) {
  Config config = MustParse(
      "version: 1\n"
      "layers:\n"
      "  app: {dir: app, test_env: true}\n"
      "  db: {dir: db}\n"
      "commands:\n"
      "  e2e: {smoke: [make, smoke], full: [make, e2e]}\n"
      "  e2e_default: full\n"
      "  e2e_on_push: true\n"
      "review: {label: needs-ai-review, auto: true}\n"
      "versions:\n"
      "  paths: [\"services/**\"]\n"
      "  fingerprint: [\"services/*/config/**\"]\n"
      "  deploy_url: \"https://deploy.${BASE_DOMAIN}/hook\"\n"
      "  release: false\n");
  EXPECT_TRUE(config.layers[0].test_env);
  EXPECT_FALSE(config.layers[1].test_env);
  EXPECT_EQ(config.commands.DefaultE2eSuite(), "full");
  EXPECT_TRUE(config.commands.e2e_on_push);
  EXPECT_EQ(config.review.label, "needs-ai-review");
  EXPECT_TRUE(config.review.auto_request);
  EXPECT_TRUE(config.versions.enabled());
  EXPECT_EQ(config.versions.paths, std::vector<std::string>{"services/**"});
  EXPECT_EQ(config.versions.fingerprint, std::vector<std::string>{"services/*/config/**"});
  EXPECT_EQ(config.versions.deploy_url, "https://deploy.${BASE_DOMAIN}/hook");
  EXPECT_FALSE(config.versions.release);
}

TEST(ParseConfig, PipelineDefaults) {
  Config config = MustParse("version: 1\ncommands: {e2e: {smoke: [make, smoke]}}\n");
  EXPECT_EQ(config.commands.DefaultE2eSuite(), "smoke");  // the only suite
  EXPECT_FALSE(config.commands.e2e_on_push);
  EXPECT_EQ(config.review.label, "ai-review");
  EXPECT_FALSE(config.review.auto_request);
  EXPECT_FALSE(config.versions.enabled());
  EXPECT_TRUE(config.versions.release);
  Config two = MustParse("version: 1\ncommands: {e2e: {a: [x], b: [y]}}\n");
  EXPECT_EQ(two.commands.DefaultE2eSuite(), "");  // two suites and no default: ask
  Config no_label = MustParse("version: 1\nreview: {label: }\n");
  EXPECT_EQ(no_label.review.label, "");
  Config empty_label = MustParse("version: 1\nreview: {label: \"\"}\n");
  EXPECT_EQ(empty_label.review.label, "");
}

TEST(ParseConfig, EmptySectionsAreEmpty) {
  Config config = MustParse("version: 1\nlayers:\nignore:\nenvironments:\nrun:\ntriggers: []\n");
  EXPECT_TRUE(config.layers.empty());
  EXPECT_TRUE(config.ignore.empty());
  EXPECT_TRUE(config.environments.empty());
}

TEST(ParseConfig, EngineDefaultAppliesWhenWrittenAfterTheLayers) {
  Config config = MustParse("version: 1\nlayers:\n  a: {dir: a}\nengine: tofu\n");
  ASSERT_EQ(config.layers.size(), 1u);
  EXPECT_EQ(config.layers[0].engine, Engine::kTofu);
}

TEST(ParseConfig, DirsAreNormalised) {
  struct Case {
    const char* name;
    const char* dir;
    const char* expected;
  };
  const Case cases[] = {
      {"plain", "a/b", "a/b"},           {"leading dot slash", "./a/b", "a/b"},
      {"trailing slash", "a/b/", "a/b"}, {"both", "./a/b/", "a/b"},
      {"double slash", "a//b", "a/b"},   {"inner dot", "a/./b", "a/b"},
      {"root as dot", ".", "."},         {"root as dot slash", "./", "."},
      {"number", "2024", "2024"},
  };
  for (const Case& c : cases) {
    Config config = MustParse(std::string("version: 1\nlayers:\n  a: {dir: \"") + c.dir + "\"}\n");
    ASSERT_EQ(config.layers.size(), 1u) << c.name;
    EXPECT_EQ(config.layers[0].dir, c.expected) << c.name;
  }
}

TEST(ParseConfig, StepTimeoutSpellings) {
  struct Case {
    const char* name;
    const char* value;
    int seconds;
  };
  const Case cases[] = {
      {"seconds", "600", 600},    {"quoted seconds", "\"90\"", 90},
      {"s", "30s", 30},           {"m", "10m", 600},
      {"h", "2h", 7200},          {"h and m", "1h30m", 5400},
      {"a week", "168h", 604800},
  };
  for (const Case& c : cases) {
    Config config = MustParse(std::string("version: 1\nrun: {step_timeout: ") + c.value + "}\n");
    EXPECT_EQ(config.run.step_timeout_seconds, c.seconds) << c.name;
  }
}

TEST(ParseConfig, MergeKeysShareSettings) {
  Config config = MustParse(R"(version: 1
environments:
  staging: &base
    state_key: staging.tfstate
    var_files: [common.tfvars]
  prod:
    <<: *base
    state_key: prod.tfstate
)");
  const Environment& prod = config.environments.at("prod");
  EXPECT_EQ(prod.state_key, "prod.tfstate");  // the map's own key wins
  EXPECT_EQ(prod.var_files, std::vector<std::string>{"common.tfvars"});
}

TEST(ParseConfig, AliasesReuseValues) {
  Config config = MustParse(R"(version: 1
layers:
  a: {dir: a, when_modified: &shared ["modules/**"]}
  b: {dir: b, when_modified: *shared}
)");
  ASSERT_EQ(config.layers.size(), 2u);
  EXPECT_EQ(config.layers[1].when_modified, std::vector<std::string>{"modules/**"});
}

// State keys that keep layers apart load: `{layer}` or `{dir}` in the environment's, own keys
// that differ. Layers bound to no environment without keys of their own take the key of the
// environment a run uses; the run checks those (run/jobs.h), not the file.
TEST(ParseConfig, StateKeysThatKeepLayersApartLoad) {
  Config config = MustParse(
      "version: 1\nlayers:\n"
      "  a: {dir: a, environment: prod}\n"
      "  b: {dir: net/b, environment: prod}\n"
      "  k3s: {dir: bootstrap, environment: prod, state_key: k3s/terraform.tfstate}\n"
      "  c: {dir: c}\n  d: {dir: d}\n"
      "environments:\n"
      "  prod: {state_key: \"prod/{dir}/terraform.tfstate\"}\n"
      "  staging: {state_key: staging/terraform.tfstate}\n"
      "  test: {state_key: \"test/pr-{pr}/{layer}.tfstate\"}\n");
  EXPECT_EQ(config.FindLayer("k3s")->state_key, "k3s/terraform.tfstate");
  const Environment* prod = config.FindEnvironment("prod");
  EXPECT_EQ(StateKeyTemplate(*config.FindLayer("b"), "prod", prod), "prod/net/b/terraform.tfstate");
  EXPECT_EQ(StateKeyTemplate(*config.FindLayer("k3s"), "prod", prod), "k3s/terraform.tfstate");
  // In the ephemeral test environment a layer's own key is never used.
  EXPECT_EQ(StateKeyTemplate(*config.FindLayer("k3s"), "test", config.FindEnvironment("test")),
            "test/pr-{pr}/k3s.tfstate");
}

TEST(ParseConfig, LayersWithoutEnvironmentsMayNameAnyEnvironment) {
  Config config = MustParse("version: 1\nlayers:\n  a: {dir: a, environment: prod}\n");
  EXPECT_EQ(config.layers[0].environment, "prod");
}

struct ErrorCase {
  const char* name;
  std::string yaml;
  std::string expected;  // Error::ToString()
};

std::string Nested(int depth) {
  return "version: 1\nx: " + std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']') + "\n";
}

std::string BillionLaughs() {
  std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  const char* names[] = {"a", "b", "c", "d", "e"};
  for (int level = 1; level < 5; ++level) {
    yaml += std::string(names[level]) + ": &" + names[level] + " [";
    for (int i = 0; i < 10; ++i) yaml += std::string(i ? ", " : "") + "*" + names[level - 1];
    yaml += "]\n";
  }
  return yaml;
}

const ErrorCase kErrorCases[] = {
    {"empty file", "", "f.yml:1:1: the file is empty; it needs at least `version: 1`"},
    {"only a comment", "# nothing yet\n",
     "f.yml:1:1: the file is empty; it needs at least `version: 1`"},
    {"only a null document", "~\n", "f.yml:1:1: the file is empty; it needs at least `version: 1`"},
    {"syntax error", "version: 1\nlayers: [a,\n",
     "f.yml:3:1: YAML syntax error: end of sequence flow not found (check the indentation and "
     "the brackets and quotes up to here)"},
    {"tab indentation", "version: 1\nlayers:\n\tplatform: {dir: p}\n",
     "f.yml:3:10: YAML syntax error: illegal map value (line 3 is indented with a tab; YAML "
     "indents with spaces only)"},
    {"root is a list", "- a\n- b\n",
     "f.yml:1:1: the top level must be a map of keys such as `version:` and `layers:`, not a list"},
    {"root is text", "hello\n",
     "f.yml:1:1: the top level must be a map of keys such as `version:` and `layers:`, not "
     "`hello`"},
    {"two documents", "version: 1\n---\nversion: 1\n",
     "f.yml:2:1: a second YAML document starts here; .infra-flash.yml holds exactly one"},
    {"duplicate top-level key", "version: 1\nengine: terraform\nengine: tofu\n",
     "f.yml:3:1: duplicate key `engine` (first on line 2); YAML would silently keep only one"},
    {"duplicate layer", "version: 1\nlayers:\n  a: {dir: a}\n  a: {dir: b}\n",
     "f.yml:4:3: duplicate key `a` (first on line 3); YAML would silently keep only one"},
    {"duplicate key in a flow map", "version: 1\nlayers:\n  a: {dir: a, dir: b}\n",
     "f.yml:3:15: duplicate key `dir` (first on line 3); YAML would silently keep only one"},
    {"missing version", "engine: tofu\n",
     "f.yml:1:1: the file is missing the required key `version` (the version of this file's "
     "format; always 1)"},
    {"version 2", "version: 2\n",
     "f.yml:1:10: unsupported `version: 2`; this infra-flash reads version 1 files"},
    {"quoted version", "version: \"1\"\n",
     "f.yml:1:10: `version` must be the number 1, not the string \"1\""},
    {"top-level typo", "version: 1\nlayer: {}\n",
     "f.yml:2:1: unknown top-level key `layer`; did you mean `layers`?"},
    {"layer key typo", "version: 1\nlayers:\n  platform:\n    dir: platform\n    depend_on: [x]\n",
     "f.yml:5:5: unknown key `depend_on` in `layers.platform`; did you mean `depends_on`?"},
    {"unknown key far from any", "version: 1\nrun:\n  colour: red\n",
     "f.yml:3:3: unknown key `colour` in `run`; expected one of: jobs, sequential_apply, "
     "step_timeout, plugin_cache_dir, binaries, mask_env, backend_bootstrap"},
    {"engine is a list", "version: 1\nengine: [tofu]\n",
     "f.yml:2:9: `engine` must be an engine name, not a list"},
    {"engine typo", "version: 1\nengine: terragrunnt\n",
     "f.yml:2:9: unknown engine `terragrunnt` in `engine`; did you mean `terragrunt`?"},
    {"layers is a list", "version: 1\nlayers:\n  - a\n",
     "f.yml:3:3: `layers` must be a map of layer name to layer, not a list"},
    {"layer is empty", "version: 1\nlayers:\n  a:\n",
     "f.yml:3:3: `layers.a` must be a map of layer settings such as `dir:`, not an empty value"},
    {"layer without dir", "version: 1\nlayers:\n  platform: {engine: tofu}\n",
     "f.yml:3:3: `layers.platform` is missing the required key `dir` (the layer's directory, "
     "relative to the repository root)"},
    {"layer name with a space", "version: 1\nlayers:\n  my layer: {dir: x}\n",
     "f.yml:3:3: `my layer` is not a valid layer name; use letters, digits, `.`, `_` and `-`, "
     "starting with a letter or digit (at most 100 characters)"},
    {"layer named all", "version: 1\nlayers:\n  all: {dir: x}\n",
     "f.yml:3:3: `all` cannot be a layer name: in commands such as `/plan all` it means every "
     "layer"},
    {"environment named all", "version: 1\nenvironments:\n  all: {}\n",
     "f.yml:3:3: `all` cannot be an environment name: in commands such as `/plan all` it means "
     "every layer"},
    {"environments is a list", "version: 1\nenvironments: [prod]\n",
     "f.yml:2:15: `environments` must be a map of environment name to settings, not a list"},
    {"empty permission level", "version: 1\npermissions:\n  apply:\n",
     "f.yml:3:3: `permissions.apply` must be a permission level, not an empty value"},
    {"depends_on is text", "version: 1\nlayers:\n  a: {dir: a}\n  b: {dir: b, depends_on: a}\n",
     "f.yml:4:27: `layers.b.depends_on` must be a list of layer names, not `a`; write `[a]`"},
    {"depends_on unknown layer",
     "version: 1\nlayers:\n  bootstrap: {dir: bootstrap}\n  platform:\n    dir: platform\n"
     "    depends_on: [bootstap]\n",
     "f.yml:6:18: layer `platform` depends on `bootstap`, which is not a layer; did you mean "
     "`bootstrap`?"},
    {"depends_on listed twice",
     "version: 1\nlayers:\n  a: {dir: a}\n  b: {dir: b, depends_on: [a, a]}\n",
     "f.yml:4:31: `layers.b.depends_on[1]`: `a` is listed twice"},
    {"cycle of two",
     "version: 1\nlayers:\n  a: {dir: a, depends_on: [b]}\n  b: {dir: b, depends_on: [a]}\n",
     "f.yml:3:28: dependency cycle: a -> b -> a; a layer cannot depend on itself, remove one of "
     "these `depends_on` entries"},
    {"cycle of three after a chain",
     "version: 1\nlayers:\n  root: {dir: r}\n  x: {dir: x, depends_on: [root, z]}\n"
     "  y: {dir: y, depends_on: [x]}\n  z: {dir: z, depends_on: [y]}\n",
     "f.yml:4:34: dependency cycle: x -> z -> y -> x; a layer cannot depend on itself, remove one "
     "of these `depends_on` entries"},
    {"self dependency", "version: 1\nlayers:\n  a: {dir: a, depends_on: [a]}\n",
     "f.yml:3:28: dependency cycle: a -> a; a layer cannot depend on itself, remove one of these "
     "`depends_on` entries"},
    {"layer named like an environment",
     "version: 1\nlayers:\n  staging: {dir: s}\nenvironments:\n  staging: {}\n",
     "f.yml:3:3: `staging` names both a layer and an environment, so `/apply staging` would be "
     "ambiguous; rename one of them"},
    {"two layers of one environment share its state key",
     "version: 1\nlayers:\n  a: {dir: a, environment: prod}\n  b: {dir: b, environment: prod}\n"
     "environments:\n  prod: {state_key: prod/terraform.tfstate}\n",
     "f.yml:6:21: layers `a` and `b` would share the state key `prod/terraform.tfstate` in "
     "environment `prod`, and each would overwrite the other's state; put `{layer}` in the "
     "environment's `state_key` (for example `prod/{layer}.tfstate`), or give one of them a "
     "`state_key` of its own"},
    {"a layer's own state key is another's by its environment",
     "version: 1\nlayers:\n  a: {dir: a, environment: prod}\n"
     "  b: {dir: b, environment: prod, state_key: prod/a.tfstate}\n"
     "environments:\n  prod: {state_key: \"prod/{layer}.tfstate\"}\n",
     "f.yml:4:45: layers `a` and `b` would share the state key `prod/a.tfstate` in environment "
     "`prod`, and each would overwrite the other's state; put `{layer}` in the layer's "
     "`state_key` (for example `prod/{layer}.tfstate`), or give one of them a `state_key` of its "
     "own"},
    {"two layers without environments with one own state key",
     "version: 1\nlayers:\n  a: {dir: x, state_key: \"s/{dir}\"}\n  b: {dir: y, state_key: s/x}\n",
     "f.yml:4:26: layers `a` and `b` would share the state key `s/x`, and each would overwrite "
     "the other's state; put `{layer}` in the layer's `state_key` (for example "
     "`state/{layer}.tfstate`), or give one of them a `state_key` of its own"},
    {"a promoted layer with one environment too",
     "version: 1\nlayers:\n  app: {dir: a, environment: prod, environments: [staging, prod]}\n"
     "environments:\n  staging: {}\n  prod: {}\n",
     "f.yml:3:50: layer `app` sets both `environment` and `environments`; use `environment` for "
     "one environment, or list them all in `environments`"},
    {"an empty promotion path", "version: 1\nlayers:\n  app: {dir: a, environments: []}\n",
     "f.yml:3:31: `layers.app.environments` lists no environment; list the environments the "
     "layer is promoted through, in order (for example `[staging, prod]`)"},
    {"ci on a promotion path",
     "version: 1\nlayers:\n  app: {dir: a, environments: [ci, prod]}\n"
     "environments:\n  ci: {}\n  prod: {}\n",
     "f.yml:3:32: `layers.app.environments[0]`: `ci` cannot be on a promotion path: `ci` is the "
     "pull request's validation and is never applied"},
    {"an environment twice on a path",
     "version: 1\nlayers:\n  app: {dir: a, environments: [prod, prod]}\n"
     "environments:\n  prod: {}\n",
     "f.yml:3:38: `layers.app.environments[1]`: `prod` is listed twice"},
    {"an unknown environment on a path",
     "version: 1\nlayers:\n  app: {dir: a, environments: [staging, prd]}\n"
     "environments:\n  staging: {}\n  prod: {}\n",
     "f.yml:3:41: layer `app` uses environment `prd`, which is not under `environments`; did you "
     "mean `prod`?"},
    {"a promoted layer's own state key the same in each environment",
     "version: 1\nlayers:\n  app: {dir: a, environments: [staging, prod], state_key: app.tfstate}\n"
     "environments:\n  staging: {}\n  prod: {}\n",
     "f.yml:3:59: layer `app` is promoted through staging, prod, but its `state_key` "
     "`app.tfstate` is the same in each, and each environment would overwrite the other's "
     "state; put `{environment}` in it (for example `{environment}/app.tfstate`)"},
    {"duplicate dirs after normalising",
     "version: 1\nlayers:\n  a: {dir: net}\n  b: {dir: ./net/}\n",
     "f.yml:4:12: layer `b` has dir `net`, already the dir of layer `a`; a directory belongs to "
     "one layer"},
    {"unknown environment",
     "version: 1\nlayers:\n  a: {dir: a, environment: prd}\nenvironments:\n  prod: {}\n",
     "f.yml:3:28: layer `a` uses environment `prd`, which is not under `environments`; did you "
     "mean `prod`?"},
    {"absolute dir", "version: 1\nlayers:\n  a: {dir: /abs}\n",
     "f.yml:3:12: `layers.a.dir` must be relative to the repository root, not absolute (`/abs`)"},
    {"dir leaves the repository", "version: 1\nlayers:\n  a: {dir: ../x}\n",
     "f.yml:3:12: `layers.a.dir` must stay inside the repository; `..` is not allowed (`../x`)"},
    {"invalid glob", "version: 1\nignore: [\"docs/**\", \"libs**\"]\n",
     "f.yml:2:21: `ignore[1]`: invalid glob `libs**`: `**` must be a whole path segment, as in "
     "`libs/**` or `**/*.tf` (column 5); use `*` to match within one segment"},
    {"unclosed brace in when_modified",
     "version: 1\nlayers:\n  a:\n    dir: a\n    when_modified:\n      - \"{a,b\"\n",
     "f.yml:6:9: `layers.a.when_modified[0]`: invalid glob `{a,b`: the `{` at column 1 is never "
     "closed"},
    {"permission level typo", "version: 1\npermissions:\n  apply: writer\n",
     "f.yml:3:10: unknown permission level `writer` in `permissions.apply`; did you mean `write`?"},
    {"permission verb typo", "version: 1\npermissions:\n  aply: write\n",
     "f.yml:3:3: unknown command `aply` in `permissions`; did you mean `apply`?"},
    {"trigger names an unknown layer",
     "version: 1\nlayers:\n  platform: {dir: platform}\ntriggers:\n  - paths: [\"libs/**\"]\n"
     "    layers: [platfrom]\n",
     "f.yml:6:14: a trigger names layer `platfrom`, which is not a layer; did you mean "
     "`platform`?"},
    {"trigger without layers", "version: 1\ntriggers:\n  - paths: [\"libs/**\"]\n",
     "f.yml:3:5: `triggers[0]` is missing the required key `layers` (`all`, or the names of the "
     "layers a matching change affects)"},
    {"health names an unknown layer",
     "version: 1\nhealth:\n  - {layer: vault, name: Vault, url: \"https://v\"}\n",
     "f.yml:3:13: a health check names layer `vault`, but the file defines no layers"},
    {"health url without scheme", "version: 1\nhealth:\n  - {name: V, url: vault.example.com}\n",
     "f.yml:3:20: `health[0].url` must start with `https://` or `http://`"},
    {"health expect out of range",
     "version: 1\nhealth:\n  - {name: V, url: \"https://v\", expect: [200, 42]}\n",
     "f.yml:3:47: `health[0].expect[1]` must be a whole number from 100 to 599, not 42"},
    {"e2e_default names no suite",
     "version: 1\ncommands:\n  e2e: {smoke: [make, smoke]}\n  e2e_default: smok\n",
     "f.yml:4:16: unknown e2e suite `smok` in `commands.e2e_default`; did you mean `smoke`?"},
    {"e2e_on_push without a default suite",
     "version: 1\ncommands:\n  e2e: {a: [x], b: [y]}\n  e2e_on_push: true\n",
     "f.yml:4:16: `commands.e2e_on_push` needs a default suite: set `e2e_default` to one of "
     "`e2e`'s suites"},
    {"review label too long", "version: 1\nreview: {label: " + std::string(51, 'l') + "}\n",
     "f.yml:2:17: `review.label` is longer than GitHub's 50-character limit for label names"},
    {"versions without paths", "version: 1\nversions: {release: true}\n",
     "f.yml:2:11: `versions` is missing the required key `paths` (globs; a push to the default "
     "branch that changes them is tagged with the next patch version)"},
    {"deploy url without scheme",
     "version: 1\nversions: {paths: [a], deploy_url: deploy.example.com}\n",
     "f.yml:2:36: `versions.deploy_url` must start with `https://` or `http://`"},
    {"test_env is a boolean", "version: 1\nlayers:\n  a: {dir: a, test_env: 1}\n",
     "f.yml:3:25: `layers.a.test_env` must be true or false, not the number 1"},
    {"yes is not a boolean", "version: 1\nlayers:\n  a:\n    dir: a\n    auto_apply: yes\n",
     "f.yml:5:17: `layers.a.auto_apply` must be true or false, not `yes`"},
    {"quoted boolean", "version: 1\nautoplan: {enabled: \"false\"}\n",
     "f.yml:2:21: `autoplan.enabled` must be true or false, not the string \"false\""},
    {"jobs zero", "version: 1\nrun: {jobs: 0}\n",
     "f.yml:2:13: `run.jobs` must be a whole number from 1 to 256, not 0"},
    {"step timeout in words", "version: 1\nrun:\n  step_timeout: 10 minutes\n",
     "f.yml:3:17: `run.step_timeout` must be a number of seconds (600) or a duration such as "
     "`30s`, `10m`, `2h`, not `10 minutes`"},
    {"ambiguous bare number after a unit", "version: 1\nrun: {step_timeout: 1h30}\n",
     "f.yml:2:21: `run.step_timeout` must be a number of seconds (600) or a duration such as "
     "`30s`, `10m`, `2h`, not `1h30`"},
    {"zero timeout", "version: 1\nrun: {step_timeout: 0s}\n",
     "f.yml:2:21: `run.step_timeout` must be at least one second"},
    {"newline in an unknown key stays on one line", "version: 1\n\"lay\\ners\": {}\n",
     "f.yml:2:1: unknown top-level key `lay\\ners`; did you mean `layers`?"},
    {"long unknown value is cut", "version: 1\nengine: " + std::string(200, 'x') + "\n",
     "f.yml:2:9: unknown engine `" + std::string(57, 'x') +
         "...` in `engine`; expected one of: terragrunt, terraform, tofu"},
    {"timeout over a week", "version: 1\nrun: {step_timeout: 169h}\n",
     "f.yml:2:21: `run.step_timeout` must be at most 7 days (`168h`)"},
    {"unknown binary engine", "version: 1\nrun:\n  binaries: {terragrant: /bin/tg}\n",
     "f.yml:3:14: unknown engine `terragrant` in `run.binaries`; did you mean `terragrunt`?"},
    {"mask_env bad name", "version: 1\nrun: {mask_env: [AWS-KEY]}\n",
     "f.yml:2:18: `run.mask_env[0]`: `AWS-KEY` is not a valid environment variable name; use "
     "letters, digits and `_`, not starting with a digit"},
    {"unknown built-in step",
     "version: 1\nlayers:\n  a:\n    dir: a\n    steps:\n      plan: [init, plna]\n",
     "f.yml:6:20: unknown built-in step `plna` in `layers.a.steps.plan[1]`; did you mean `plan`?"},
    {"step with builtin and run",
     "version: 1\nlayers:\n  a:\n    dir: a\n    steps:\n      ci:\n        - {builtin: fmt, run: "
     "[make]}\n",
     "f.yml:7:11: `layers.a.steps.ci[0]` has both `builtin` and `run`; a step is one or the other"},
    {"step with an empty run",
     "version: 1\nenvironments:\n  prod:\n    steps:\n      plan: [{run: []}]\n",
     "f.yml:5:20: `environments.prod.steps.plan[0].run` is empty; give the program and its "
     "arguments, as in `run: [make, lint]`"},
    {"unknown linter", "version: 1\nlayers:\n  a: {dir: a, lint: tflnt}\n",
     "f.yml:3:21: unknown linter `tflnt` in `layers.a.lint`; did you mean `tflint`?"},
    {"unknown step verb",
     "version: 1\nlayers:\n  a:\n    dir: a\n    steps:\n      aply: [apply]\n",
     "f.yml:6:7: unknown step verb `aply` in `layers.a.steps`; did you mean `apply`?"},
    {"unknown requirement", "version: 1\nenvironments:\n  prod:\n    require: [approved, green]\n",
     "f.yml:4:25: unknown requirement `green` in `environments.prod.require[1]`; expected one of: "
     "approved, mergeable, undiverged"},
    {"approver with a path", "version: 1\nenvironments:\n  prod:\n    approvers: [bob, a/b/c]\n",
     "f.yml:4:22: `environments.prod.approvers[1]`: `a/b/c` is not an approver; write a GitHub "
     "login (`bob`), a team (`@org/team-slug`) or `codeowners`"},
    {"approver with a space",
     "version: 1\nenvironments:\n  prod:\n    approvers: [\"bob smith\"]\n",
     "f.yml:4:17: `environments.prod.approvers[0]`: `bob smith` is not an approver; write a "
     "GitHub login (`bob`), a team (`@org/team-slug`) or `codeowners`"},
    {"confirm not a boolean", "version: 1\nenvironments:\n  prod:\n    confirm: deploy\n",
     "f.yml:4:14: `environments.prod.confirm` must be true or false, not `deploy`"},
    {"bad environment variable name",
     "version: 1\nenvironments:\n  prod:\n    env: {\"BAD-NAME\": x}\n",
     "f.yml:4:11: `environments.prod.env`: `BAD-NAME` is not a valid environment variable name; "
     "use letters, digits and `_`, not starting with a digit"},
    {"alias without a slash", "version: 1\ncommands:\n  aliases:\n    \"infra dig\": health\n",
     "f.yml:4:18: `commands.aliases.infra dig` must be a slash command such as `/health`, not "
     "`health`"},
    {"empty e2e suite", "version: 1\ncommands:\n  e2e: {smoke: []}\n",
     "f.yml:3:16: `commands.e2e.smoke` is empty; give the program and its arguments, as in "
     "`[make, e2e]`"},
    {"custom tag", "version: 1\nengine: !Ref tofu\n",
     "f.yml:2:9: the YAML tag `!Ref` is not supported here; remove it"},
    {"alias to an unknown anchor", "version: 1\nengine: *nope\n",
     "f.yml:2:9: YAML syntax error: the referenced anchor is not defined"},
    {"merge of a scalar", "version: 1\nrun:\n  <<: 3\n",
     "f.yml:3:7: `<<` merges a map, as in `<<: *defaults`"},
    {"nesting too deep", Nested(70),
     "f.yml:2:67: values are nested more than 64 levels deep; a config never needs that"},
    {"billion laughs", BillionLaughs(),
     "f.yml:5:36: the document expands to more than 100000 YAML values (aliases included); a "
     "config never needs that many"},
    {"file over 1 MiB", std::string(kMaxYamlBytes + 1, '#'),
     "f.yml:1:1: the file is 1048577 bytes; the limit is 1048576 (1 MiB)"},
};

TEST(ParseConfig, RefusesWithFileLineColumn) {
  for (const ErrorCase& c : kErrorCases) {
    Result<Config> config = ParseConfig(c.yaml, "f.yml");
    ASSERT_FALSE(config.ok()) << c.name << ": loaded, expected " << c.expected;
    EXPECT_EQ(config.error().ToString(), c.expected) << c.name;
    EXPECT_EQ(config.error().ToString().find('\n'), std::string::npos) << c.name << ": one line";
  }
}

TEST(ParseConfig, SurvivesHostileBytes) {
  // Not well-formed YAML in many ways; each must be an error, never a crash.
  const std::string inputs[] = {
      std::string("version: 1\n\0\0\0", 14),
      "\xff\xfe\x00v",
      "{{{{{{{{",
      "]]]]",
      "- - - - -",
      "version: 1\nlayers: {a: {dir: [}\n",
      "&a [*a]",
      "? [a]\n: b\n",
      "\t\tversion: 1",
      "version: 1\nlayers:\n  a: {dir: \"\\x00\"}\n",
  };
  for (const std::string& input : inputs) {
    Result<Config> config = ParseConfig(input, "f.yml");
    if (!config.ok()) {
      EXPECT_EQ(config.error().file, "f.yml");
    }
  }
}

}  // namespace
}  // namespace infra_flash

namespace infra_flash {
namespace {

TEST(ParseConfig, APromotedLayerIsOneTargetPerEnvironment) {
  Result<Config> config = ParseConfig(R"(version: 1
layers:
  platform: { dir: platform }
  app: { dir: app, depends_on: [platform], environments: [staging, prod] }
  web: { dir: web, depends_on: [app], environments: [staging, prod] }
  report: { dir: report, depends_on: [app], environment: qa }
  tool: { dir: tool, depends_on: [app] }
triggers:
  - { paths: ["shared/**"], layers: [app] }
environments:
  staging: { state_key: "staging/{layer}.tfstate", var_files: [envs/staging.tfvars] }
  prod: { state_key: "prod/{layer}.tfstate" }
  qa: {}
)",
                                      "f.yml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->LayerNames(),
            (std::vector<std::string>{"platform", "app@staging", "app@prod", "web@staging",
                                      "web@prod", "report", "tool"}));
  EXPECT_EQ(config->ConfigLayerNames(),
            (std::vector<std::string>{"platform", "app", "web", "report", "tool"}));
  const Layer& staging = *config->FindLayer("app@staging");
  const Layer& prod = *config->FindLayer("app@prod");
  EXPECT_EQ(staging.base, "app");
  EXPECT_EQ(staging.ConfigName(), "app");
  EXPECT_EQ(staging.environment, "staging");
  EXPECT_EQ(staging.dir, "app");
  EXPECT_EQ(staging.depends_on, (std::vector<std::string>{"platform"}));
  // prod waits for staging: one environment at a time, in the path's order.
  EXPECT_EQ(prod.depends_on, (std::vector<std::string>{"platform", "app@staging"}));
  // A promoted dependent follows its own environment; others depend on every target.
  EXPECT_EQ(config->FindLayer("web@prod")->depends_on,
            (std::vector<std::string>{"app@prod", "web@staging"}));
  EXPECT_EQ(config->FindLayer("report")->depends_on,
            (std::vector<std::string>{"app@staging", "app@prod"}));
  EXPECT_EQ(config->FindLayer("tool")->depends_on,
            (std::vector<std::string>{"app@staging", "app@prod"}));
  EXPECT_EQ(config->triggers[0].layers, (std::vector<std::string>{"app@staging", "app@prod"}));
  // `{layer}` is the name in the file; each target has its environment's key.
  EXPECT_EQ(StateKeyTemplate(staging, "staging", config->FindEnvironment("staging")),
            "staging/app.tfstate");
  EXPECT_EQ(StateKeyTemplate(prod, "prod", config->FindEnvironment("prod")), "prod/app.tfstate");
  std::vector<std::string> targets;
  for (const Layer* target : config->TargetsOf("app")) targets.push_back(target->name);
  EXPECT_EQ(targets, (std::vector<std::string>{"app@staging", "app@prod"}));
  EXPECT_EQ(config->TargetsOf("platform").size(), 1u);
  EXPECT_TRUE(config->TargetsOf("app@prod").empty());
}

TEST(ParseConfig, APromotedLayersOwnKeyTakesItsEnvironment) {
  Result<Config> config = ParseConfig(R"(version: 1
layers:
  app: { dir: app, environments: [staging, prod], state_key: "{environment}/app/{layer}.tfstate" }
environments:
  staging: {}
  prod: {}
)",
                                      "f.yml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(StateKeyTemplate(*config->FindLayer("app@prod"), "prod", nullptr),
            "prod/app/app.tfstate");
}

}  // namespace
}  // namespace infra_flash

namespace infra_flash {
namespace {

TEST(ParseConfig, ReadsPolicyChecks) {
  const Config config = MustParse(R"(version: 1
layers:
  platform: { dir: platform }
environments:
  prod: {}
policies:
  - name: no-public-buckets
    argv: [conftest, test, --policy, policy/, "{plan_json}", "--namespace={layer}"]
    files: [policy/buckets.rego]
    layers: [platform]
    environments: [prod, ci]
    owners: [bob, "@org/security", codeowners]
    timeout: 2m
  - name: tags
    argv: [./check-tags]
)");
  ASSERT_EQ(config.policies.size(), 2u);
  const PolicyCheck& check = config.policies[0];
  EXPECT_EQ(check.name, "no-public-buckets");
  EXPECT_EQ(check.argv.back(), "--namespace={layer}");
  EXPECT_EQ(check.files, std::vector<std::string>{"policy/buckets.rego"});
  EXPECT_EQ(check.layers, std::vector<std::string>{"platform"});
  EXPECT_EQ(check.environments, (std::vector<std::string>{"prod", "ci"}));
  EXPECT_EQ(check.owners, (std::vector<std::string>{"bob", "@org/security", "codeowners"}));
  EXPECT_EQ(check.timeout_seconds, 120);
  EXPECT_EQ(config.policies[1].timeout_seconds, 300) << "the default";
  EXPECT_TRUE(config.policies[1].owners.empty()) << "admins";
  EXPECT_EQ(config.FindPolicy("tags"), &config.policies[1]);
  EXPECT_EQ(config.FindPolicy("nope"), nullptr);
}

TEST(ParseConfig, RefusesBrokenPolicyChecks) {
  const std::string head =
      "version: 1\nlayers:\n  platform: { dir: platform }\nenvironments:\n"
      "  prod: {}\npolicies:\n";
  const ErrorCase cases[] = {
      {"placeholder typo", head + "  - { name: a, argv: [conftest, \"{plan}\"] }\n",
       "f.yml:7:33: `policies[0].argv[1]`: `{plan}` has an unknown placeholder; use {plan_json}, "
       "{dir}, {layer} or {environment}"},
      {"no program", head + "  - { name: a, argv: [] }\n",
       "f.yml:7:22: `policies[0].argv` must name a program, e.g. [conftest, test, "
       "\"{plan_json}\"]"},
      {"no argv", head + "  - { name: a }\n",
       "f.yml:7:5: `policies[0]` is missing the required key `argv` (the checker's command "
       "line, no shell; {plan_json}, {dir}, {layer}, {environment} are replaced)"},
      {"two of a name", head + "  - { name: a, argv: [x] }\n  - { name: a, argv: [y] }\n",
       "f.yml:8:5: `policies[1]`: a second policy check named `a`; each needs a name of its own"},
      {"bad owner", head + "  - { name: a, argv: [x], owners: [\"@a/b/c\"] }\n",
       "f.yml:7:36: `policies[0].owners[0]`: `@a/b/c` is not a login (bob), a team (@org/team) "
       "or `codeowners`"},
      {"file outside the repository", head + "  - { name: a, argv: [x], files: [../etc/passwd] }\n",
       "f.yml:7:35: `policies[0].files[0]`: `../etc/passwd` must be a file's path relative to "
       "the repository root"},
      {"unknown layer", head + "  - { name: a, argv: [x], layers: [platfrom] }\n",
       "f.yml:7:36: a policy check names layer `platfrom`, which is not a layer; did you mean "
       "`platform`?"},
      {"unknown environment", head + "  - { name: a, argv: [x], environments: [prd] }\n",
       "f.yml:7:42: a policy check names environment `prd`, which `environments` does not "
       "define (prod)"},
      {"timeout", head + "  - { name: a, argv: [x], timeout: soon }\n",
       "f.yml:7:36: `policies[0].timeout` must be a number of seconds (600) or a duration such "
       "as `30s`, `10m`, `2h`, not `soon`"},
  };
  for (const ErrorCase& c : cases) {
    Result<Config> config = ParseConfig(c.yaml, "f.yml");
    ASSERT_FALSE(config.ok()) << c.name << ": loaded, expected " << c.expected;
    EXPECT_EQ(config.error().ToString(), c.expected) << c.name;
  }
}

}  // namespace
}  // namespace infra_flash
