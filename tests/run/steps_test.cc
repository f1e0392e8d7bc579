#include "run/steps.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/strings.h"
#include "run_fixtures.h"

namespace infra_flash {
namespace {

using Argvs = std::vector<std::vector<std::string>>;

Argvs ArgvsOf(const std::vector<PlannedStep>& steps) {
  Argvs argvs;
  for (const PlannedStep& step : steps) argvs.push_back(step.argv);
  return argvs;
}

std::string Show(const Argvs& argvs) {
  std::string text;
  for (const auto& argv : argvs) text += "  [" + Join(argv, " ") + "]\n";
  return text;
}

StepContext Context(std::string environment) {
  StepContext context;
  context.environment = std::move(environment);
  context.workspace_root = "/ws";
  return context;
}

// verb x engine x environment -> argv, for the example monorepo's layers.
TEST(BuildSteps, DefaultSequences) {
  struct Case {
    RunVerb verb;
    std::string layer;
    std::string environment;  // the run's
    Argvs expected;
  };
  const std::vector<Case> cases = {
      {RunVerb::kCi,
       "bootstrap",
       "ci",
       {{"terraform", "fmt", "-check", "-recursive"},
        {"terraform", "init", "-backend=false", "-input=false", "-no-color"},
        {"terraform", "validate", "-no-color"}}},
      {RunVerb::kCi,
       "platform",
       "ci",
       {{"terragrunt", "hcl", "fmt", "--check"},
        {"terragrunt", "init", "-backend=false", "-input=false", "-no-color"},
        {"terragrunt", "validate", "-no-color"}}},
      {RunVerb::kCi,
       "network",
       "ci",
       {{"tofu", "fmt", "-check", "-recursive"},
        {"tofu", "init", "-backend=false", "-input=false", "-no-color"},
        {"tofu", "validate", "-no-color"}}},
      {RunVerb::kPlan,
       "bootstrap",
       "dev",
       {{"terraform", "init", "-input=false", "-no-color"},
        {"terraform", "plan", "-input=false", "-no-color", "-lock-timeout=5m",
         "-out=/ws/bootstrap/tfplan", "-detailed-exitcode"},
        {"terraform", "show", "-json", "/ws/bootstrap/tfplan"}}},
      // The layer's own environment wins over the run's.
      {RunVerb::kPlan,
       "data-staging",
       "dev",
       {{"terragrunt", "init", "-input=false", "-no-color",
         "-backend-config=key=staging/terraform.tfstate"},
        {"terragrunt", "plan", "-input=false", "-no-color", "-lock-timeout=5m",
         "-out=/ws/envs/staging/data/tfplan", "-detailed-exitcode",
         "-var-file=/ws/envs/staging.tfvars"},
        {"terragrunt", "show", "-json", "/ws/envs/staging/data/tfplan"}}},
      // A layer without an environment takes the run's, when it is configured.
      {RunVerb::kPlan,
       "platform",
       "staging",
       {{"terragrunt", "init", "-input=false", "-no-color",
         "-backend-config=key=staging/terraform.tfstate"},
        {"terragrunt", "plan", "-input=false", "-no-color", "-lock-timeout=5m",
         "-out=/ws/platform/tfplan", "-detailed-exitcode", "-var-file=/ws/envs/staging.tfvars"},
        {"terragrunt", "show", "-json", "/ws/platform/tfplan"}}},
      {RunVerb::kPlan,
       "network",
       "ci",
       {{"tofu", "init", "-input=false", "-no-color"},
        {"tofu", "plan", "-input=false", "-no-color", "-lock-timeout=5m",
         "-out=/ws/libs/network/tfplan", "-detailed-exitcode"},
        {"tofu", "show", "-json", "/ws/libs/network/tfplan"}}},
      // apply takes the saved plan, with no -var-file (terraform refuses them then).
      {RunVerb::kApply,
       "data-prod",
       "ci",
       {{"terragrunt", "init", "-input=false", "-no-color",
         "-backend-config=key=prod/terraform.tfstate"},
        {"terragrunt", "apply", "-input=false", "-no-color", "-lock-timeout=5m",
         "/ws/envs/prod/data/tfplan"}}},
      {RunVerb::kApply,
       "bootstrap",
       "dev",
       {{"terraform", "init", "-input=false", "-no-color"},
        {"terraform", "apply", "-input=false", "-no-color", "-lock-timeout=5m",
         "/ws/bootstrap/tfplan"}}},
      {RunVerb::kVerify,
       "data-prod",
       "ci",
       {{"terragrunt", "init", "-input=false", "-no-color",
         "-backend-config=key=prod/terraform.tfstate"},
        {"terragrunt", "plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode",
         "-var-file=/ws/envs/prod.tfvars"}}},
      {RunVerb::kVerify,
       "bootstrap",
       "dev",
       {{"terraform", "init", "-input=false", "-no-color"},
        {"terraform", "plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode"}}},
      {RunVerb::kDestroy,
       "platform",
       "test",
       {{"terragrunt", "init", "-input=false", "-no-color",
         "-backend-config=key=test/pr/platform.tfstate"},
        {"terragrunt", "destroy", "-input=false", "-no-color", "-auto-approve", "-lock-timeout=5m",
         "-var-file=/ws/envs/test.tfvars"}}},
  };
  const Config config = testing::ExampleConfig();
  for (const Case& c : cases) {
    const Layer* layer = config.FindLayer(c.layer);
    ASSERT_NE(layer, nullptr) << c.layer;
    auto steps = BuildSteps(config, *layer, c.verb, Context(c.environment));
    const std::string name =
        std::string(RunVerbName(c.verb)) + " " + c.layer + " in " + c.environment;
    ASSERT_TRUE(steps.ok()) << name << ": " << steps.error().message;
    EXPECT_EQ(ArgvsOf(*steps), c.expected) << name << "\nexpected:\n"
                                           << Show(c.expected) << "got:\n"
                                           << Show(ArgvsOf(*steps));
    for (const PlannedStep& step : *steps) {
      EXPECT_EQ(step.layer, c.layer) << name;
      EXPECT_EQ(step.cwd.rfind("/ws/", 0), 0u) << name << ": " << step.cwd;
    }
  }
}

TEST(BuildSteps, StepKindsSayHowToReadThem) {
  const Config config = testing::ExampleConfig();
  const Layer& layer = *config.FindLayer("platform");
  auto plan = BuildSteps(config, layer, RunVerb::kPlan, Context("dev"));
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 3u);
  EXPECT_EQ((*plan)[0].name, "init");
  EXPECT_EQ((*plan)[0].exit_codes, ExitCodes::kZeroIsSuccess);
  EXPECT_EQ((*plan)[1].exit_codes, ExitCodes::kPlanChanges);
  EXPECT_EQ((*plan)[2].output, StepOutput::kPlanJson);
  EXPECT_EQ((*plan)[1].cwd, "/ws/platform");
  auto verify = BuildSteps(config, layer, RunVerb::kVerify, Context("dev"));
  ASSERT_TRUE(verify.ok());
  EXPECT_EQ(verify->back().exit_codes, ExitCodes::kDrift);
  EXPECT_EQ(verify->back().output, StepOutput::kLog);
}

TEST(BuildSteps, ChildEnvironmentPerEnvironment) {
  struct Case {
    std::string layer;
    std::string environment;
    std::map<std::string, std::string> expected;
  };
  const std::vector<Case> cases = {
      {"bootstrap", "dev", {{"TF_INPUT", "0"}, {"TF_VAR_env", "dev"}}},
      {"bootstrap", "ci", {{"TF_INPUT", "0"}, {"TF_VAR_env", "ci"}, {"TF_IN_AUTOMATION", "1"}}},
      {"platform",
       "dev",
       {{"TF_INPUT", "0"},
        {"TF_VAR_env", "dev"},
        {"TG_NON_INTERACTIVE", "true"},
        {"TG_NO_COLOR", "true"}}},
      // staging's own `env:` is added, and may override the built-ins.
      {"data-staging",
       "dev",
       {{"TF_INPUT", "0"},
        {"TF_VAR_env", "staging"},
        {"TF_IN_AUTOMATION", "1"},
        {"TG_NON_INTERACTIVE", "true"},
        {"TG_NO_COLOR", "true"},
        {"AWS_PROFILE", "staging"},
        {"TF_VAR_region", "eu-west-1"}}},
  };
  const Config config = testing::ExampleConfig();
  for (const Case& c : cases) {
    auto steps =
        BuildSteps(config, *config.FindLayer(c.layer), RunVerb::kPlan, Context(c.environment));
    ASSERT_TRUE(steps.ok()) << c.layer;
    for (const PlannedStep& step : *steps) {
      EXPECT_EQ(step.env, c.expected) << c.layer << " in " << c.environment << ", " << step.name;
    }
  }
}

// Only the steps of an environment with `oidc: true` may mint GitHub OIDC tokens, custom
// steps included; the other environments' steps (and runs in no environment) may not.
TEST(BuildSteps, OidcIsGrantedOnlyToTheStepsOfAnEnvironmentThatOptsIn) {
  Config config = testing::ExampleConfig();
  config.environments.at("staging").oidc = true;
  config.environments.at("staging").steps["plan"] = {StepSpec{"", {}, {"make", "login"}}, {"plan"}};
  struct Case {
    std::string layer;
    std::string environment;
    OidcAccess expected;
  };
  const Case cases[] = {
      {"data-staging", "ci", OidcAccess::kGranted}, {"data-prod", "ci", OidcAccess::kWithheld},
      {"platform", "ci", OidcAccess::kWithheld},    {"platform", "staging", OidcAccess::kGranted},
      {"platform", "dev", OidcAccess::kWithheld},
  };
  for (const Case& c : cases) {
    auto steps =
        BuildSteps(config, *config.FindLayer(c.layer), RunVerb::kPlan, Context(c.environment));
    ASSERT_TRUE(steps.ok()) << c.layer;
    for (const PlannedStep& step : *steps) {
      EXPECT_EQ(step.oidc, c.expected) << c.layer << " in " << c.environment << ", " << step.name;
    }
  }
}

// The key `init` is given: a layer's own `state_key` wins over its environment's, in every
// environment but the ephemeral `test` one, so that a pull request's test deploy and its
// destroy never reach the layer's real state.
TEST(BuildSteps, ALayersOwnStateKeyWinsExceptInTheTestEnvironment) {
  Config config = testing::ExampleConfig();
  config.environments["test"].state_key = "test/pr-{pr}/{layer}.tfstate";
  config.environments["test"].name = "test";
  Layer& bootstrap = config.layers[0];
  ASSERT_EQ(bootstrap.name, "bootstrap");
  bootstrap.state_key = "k3s/{dir}/terraform.tfstate";
  const auto key_of = [&](const std::string& layer, const std::string& environment,
                          RunVerb verb) -> std::string {
    StepContext context = Context(environment);
    context.pr_number = 7;
    auto steps = BuildSteps(config, *config.FindLayer(layer), verb, context);
    if (!steps.ok()) return "error: " + steps.error().message;
    for (const PlannedStep& step : *steps) {
      if (step.name != "init") continue;
      for (const std::string& arg : step.argv) {
        if (arg.rfind("-backend-config=key=", 0) == 0) return arg.substr(20);
      }
      return "";
    }
    return "no init";
  };
  EXPECT_EQ(key_of("bootstrap", "staging", RunVerb::kPlan), "k3s/bootstrap/terraform.tfstate");
  EXPECT_EQ(key_of("bootstrap", "prod", RunVerb::kApply), "k3s/bootstrap/terraform.tfstate");
  EXPECT_EQ(key_of("bootstrap", "dev", RunVerb::kPlan), "k3s/bootstrap/terraform.tfstate");
  EXPECT_EQ(key_of("platform", "staging", RunVerb::kPlan), "staging/terraform.tfstate");
  EXPECT_EQ(key_of("bootstrap", "test", RunVerb::kApply), "test/pr-7/bootstrap.tfstate");
  EXPECT_EQ(key_of("bootstrap", "test", RunVerb::kDestroy), "test/pr-7/bootstrap.tfstate");
  // A layer's own key holding one state per PR cannot be used by a run for no PR, and the
  // refusal says whose key it is.
  bootstrap.state_key = "pr-{pr}/bootstrap.tfstate";
  auto steps = BuildSteps(config, bootstrap, RunVerb::kApply, Context("prod"));
  ASSERT_FALSE(steps.ok());
  EXPECT_NE(steps.error().message.find("its state_key (pr-{pr}/bootstrap.tfstate) holds one state "
                                       "per pull request"),
            std::string::npos)
      << steps.error().message;
}

TEST(BuildSteps, ExtraArgsGoToTheMainStepBeforePositionalArguments) {
  const Config config = testing::ExampleConfig();
  StepContext context = Context("dev");
  context.extra_args = {"-target=null_resource.x", "-replace=null_resource.y"};
  struct Case {
    RunVerb verb;
    std::size_t step;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {RunVerb::kPlan,
       1,
       {"terraform", "plan", "-input=false", "-no-color", "-lock-timeout=5m",
        "-out=/ws/bootstrap/tfplan", "-detailed-exitcode", "-target=null_resource.x",
        "-replace=null_resource.y"}},
      {RunVerb::kApply,
       1,
       {"terraform", "apply", "-input=false", "-no-color", "-lock-timeout=5m",
        "-target=null_resource.x", "-replace=null_resource.y", "/ws/bootstrap/tfplan"}},
      {RunVerb::kVerify,
       1,
       {"terraform", "plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode",
        "-target=null_resource.x", "-replace=null_resource.y"}},
  };
  for (const Case& c : cases) {
    auto steps = BuildSteps(config, *config.FindLayer("bootstrap"), c.verb, context);
    ASSERT_TRUE(steps.ok()) << RunVerbName(c.verb) << ": " << steps.error().message;
    EXPECT_EQ((*steps)[c.step].argv, c.expected) << RunVerbName(c.verb);
    // Only the main step gets them.
    EXPECT_EQ((*steps)[0].argv.size(), 4u) << RunVerbName(c.verb);
  }
  auto ci = BuildSteps(config, *config.FindLayer("bootstrap"), RunVerb::kCi, context);
  ASSERT_FALSE(ci.ok());
  EXPECT_NE(ci.error().message.find("bootstrap"), std::string::npos) << ci.error().message;
}

TEST(BuildSteps, OverridesReplaceTheSequenceLayerFirst) {
  Config config = testing::ExampleConfig();
  config.environments["staging"].steps["plan"] = {{"init"}, {"plan"}};
  Layer& staging = testing::MutableLayer(config, "data-staging");
  auto from_environment = BuildSteps(config, staging, RunVerb::kPlan, Context("dev"));
  ASSERT_TRUE(from_environment.ok());
  EXPECT_EQ(from_environment->size(), 2u) << "the environment's steps replace the default three";

  staging.steps["plan"] = {
      {"init", {"-upgrade"}, {}}, {"run", {}, {}},  // an unknown built-in: checked below
  };
  auto unknown = BuildSteps(config, staging, RunVerb::kPlan, Context("dev"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown built-in step \"run\""), std::string::npos)
      << unknown.error().message;
  EXPECT_NE(unknown.error().message.find("init, validate, plan"), std::string::npos)
      << "lists the built-ins: " << unknown.error().message;

  staging.steps["plan"] = {
      {"init", {"-upgrade"}, {}},
      {"", {}, {"make", "lint", "LAYER=staging"}},
      {"plan", {"-parallelism=3"}, {}},
  };
  StepContext context = Context("dev");
  context.extra_args = {"-target=a.b"};
  auto custom = BuildSteps(config, staging, RunVerb::kPlan, context);
  ASSERT_TRUE(custom.ok()) << custom.error().message;
  EXPECT_EQ(ArgvsOf(*custom),
            (Argvs{{"terragrunt", "init", "-input=false", "-no-color",
                    "-backend-config=key=staging/terraform.tfstate", "-upgrade"},
                   {"make", "lint", "LAYER=staging"},
                   {"terragrunt", "plan", "-input=false", "-no-color", "-lock-timeout=5m",
                    "-out=/ws/envs/staging/data/tfplan", "-detailed-exitcode",
                    "-var-file=/ws/envs/staging.tfvars", "-parallelism=3", "-target=a.b"}}))
      << Show(ArgvsOf(*custom));
  EXPECT_EQ((*custom)[1].name, "run");
  EXPECT_EQ((*custom)[1].cwd, "/ws/envs/staging/data");

  staging.steps["plan"] = {{"", {}, {}}};
  auto empty = BuildSteps(config, staging, RunVerb::kPlan, Context("dev"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("empty `run` argv"), std::string::npos);

  staging.steps["plan"] = {{"init"}, {"validate"}};
  auto no_main = BuildSteps(config, staging, RunVerb::kPlan, context);
  ASSERT_FALSE(no_main.ok()) << "extra args with no plan step to take them";
}

TEST(BuildSteps, DestroyOnlyInTheEphemeralTestEnvironment) {
  const Config config = testing::ExampleConfig();
  for (const char* layer : {"data-prod", "data-staging"}) {
    auto steps = BuildSteps(config, *config.FindLayer(layer), RunVerb::kDestroy, Context("test"));
    ASSERT_FALSE(steps.ok()) << layer << " is pinned to a lasting environment";
    EXPECT_NE(steps.error().message.find("refusing to destroy"), std::string::npos);
  }
  EXPECT_FALSE(
      BuildSteps(config, *config.FindLayer("platform"), RunVerb::kDestroy, Context("dev")).ok());
  EXPECT_TRUE(
      BuildSteps(config, *config.FindLayer("platform"), RunVerb::kDestroy, Context("test")).ok());
}

// `ci` is the validation of pull requests: a config that defines it never has anything
// applied into it, whatever the layer; without a definition, a layer bound to none applies
// with the engine's own backend settings.
TEST(BuildSteps, NothingIsAppliedIntoTheCiEnvironmentTheConfigDefines) {
  const std::string layers =
      "version: 1\nlayers:\n  platform: { dir: platform }\n"
      "  checks: { dir: checks, environment: ci }\n";
  for (const std::string& ci :
       {std::string("  ci: {}\n"), std::string("  ci: { state_key: \"ci/{layer}.tfstate\" }\n")}) {
    Result<Config> config = ParseConfig(layers + "environments:\n" + ci, "f.yml");
    ASSERT_TRUE(config.ok()) << config.error().ToString();
    for (const char* name : {"platform", "checks"}) {
      auto apply = BuildSteps(*config, *config->FindLayer(name), RunVerb::kApply, Context("ci"));
      ASSERT_FALSE(apply.ok()) << name << " with " << ci;
      EXPECT_NE(apply.error().message.find("refusing to apply into environment \"ci\""),
                std::string::npos)
          << apply.error().message;
      EXPECT_TRUE(BuildSteps(*config, *config->FindLayer(name), RunVerb::kPlan, Context("ci")).ok())
          << "plans in ci stay: " << name;
    }
    EXPECT_TRUE(
        BuildSteps(*config, *config->FindLayer("platform"), RunVerb::kApply, Context("prod")).ok())
        << "an apply the command names an environment for";
  }
  Result<Config> undefined = ParseConfig(layers, "f.yml");
  ASSERT_TRUE(undefined.ok()) << undefined.error().ToString();
  EXPECT_TRUE(
      BuildSteps(*undefined, *undefined->FindLayer("platform"), RunVerb::kApply, Context("ci"))
          .ok());
  EXPECT_FALSE(
      BuildSteps(*undefined, *undefined->FindLayer("checks"), RunVerb::kApply, Context("ci")).ok())
      << "a layer bound to ci is never applied";
}

// `lint: tflint` adds tflint after the format check, in the directory of the code terraform
// runs: the layer's own, or the local module a terragrunt unit's `source` names.
TEST(BuildSteps, ALayerThatLintsRunsTflintOnItsCodeAfterTheFormatCheck) {
  Config config = testing::ExampleConfig();
  auto find = [&](const std::string& name) -> Layer& {
    for (Layer& layer : config.layers) {
      if (layer.name == name) return layer;
    }
    throw std::runtime_error("no layer " + name);
  };
  Layer& bootstrap = find("bootstrap");  // terraform
  bootstrap.lint = Linter::kTflint;
  Layer& platform = find("platform");  // terragrunt
  platform.lint = Linter::kTflint;
  platform.code_dir = "libs/modules/platform";  // as discovery found its `source`

  auto steps = BuildSteps(config, bootstrap, RunVerb::kCi, Context("ci"));
  ASSERT_TRUE(steps.ok()) << steps.error().message;
  ASSERT_EQ(steps->size(), 4u) << Show(ArgvsOf(*steps));
  EXPECT_EQ((*steps)[1].name, "lint");
  EXPECT_EQ((*steps)[1].argv, (std::vector<std::string>{"tflint", "--chdir=/ws/bootstrap",
                                                        "--format=compact", "--no-color"}));
  EXPECT_TRUE((*steps)[1].optional);
  EXPECT_FALSE((*steps)[0].optional);
  EXPECT_EQ((*steps)[1].cwd, "/ws/bootstrap");

  steps = BuildSteps(config, platform, RunVerb::kCi, Context("ci"));
  ASSERT_TRUE(steps.ok()) << steps.error().message;
  ASSERT_EQ(steps->size(), 4u) << Show(ArgvsOf(*steps));
  EXPECT_EQ((*steps)[1].argv[1], "--chdir=/ws/libs/modules/platform");

  // `run.binaries.tflint` points at another tflint, relative to the workspace.
  config.run.binaries["tflint"] = "tools/tflint";
  steps = BuildSteps(config, platform, RunVerb::kCi, Context("ci"));
  ASSERT_TRUE(steps.ok());
  EXPECT_EQ((*steps)[1].argv[0], "/ws/tools/tflint");
  config.run.binaries.erase("tflint");

  // Only `ci` lints; the plan is as it was.
  steps = BuildSteps(config, platform, RunVerb::kPlan, Context("ci"));
  ASSERT_TRUE(steps.ok());
  for (const PlannedStep& step : *steps) EXPECT_NE(step.name, "lint");

  // A unit whose source is remote has nothing here to lint: no step (its cell says why),
  // and a custom `steps.ci` that asks for `lint` is an error naming the reason.
  platform.code_dir.clear();
  EXPECT_FALSE(LintDirectory(platform).ok());
  steps = BuildSteps(config, platform, RunVerb::kCi, Context("ci"));
  ASSERT_TRUE(steps.ok());
  EXPECT_EQ(steps->size(), 3u) << Show(ArgvsOf(*steps));
  platform.steps["ci"] = {{"fmt"}, {"lint"}, {"validate"}};
  steps = BuildSteps(config, platform, RunVerb::kCi, Context("ci"));
  ASSERT_FALSE(steps.ok());
  EXPECT_NE(steps.error().message.find("steps.ci lints, but the unit's terraform `source` is "
                                       "not a local directory"),
            std::string::npos)
      << steps.error().message;

  // Without `lint:`, nothing is linted.
  bootstrap.lint = Linter::kNone;
  steps = BuildSteps(config, bootstrap, RunVerb::kCi, Context("ci"));
  ASSERT_TRUE(steps.ok());
  EXPECT_EQ(steps->size(), 3u);
}

TEST(BuildSteps, PluginCacheSerialisesInitAndBinariesAreConfigurable) {
  Config config = testing::ExampleConfig();
  config.run.plugin_cache_dir = ".cache/plugins";
  config.run.binaries = {{"terraform", "tools/terraform"}, {"terragrunt", "tg"}};
  auto bootstrap =
      BuildSteps(config, *config.FindLayer("bootstrap"), RunVerb::kPlan, Context("dev"));
  ASSERT_TRUE(bootstrap.ok());
  EXPECT_EQ((*bootstrap)[0].lock, StepLock::kPluginCache);
  EXPECT_EQ((*bootstrap)[1].lock, StepLock::kNone);
  EXPECT_EQ((*bootstrap)[0].argv[0], "/ws/tools/terraform");
  EXPECT_EQ((*bootstrap)[1].env.at("TF_PLUGIN_CACHE_DIR"), "/ws/.cache/plugins");
  auto platform = BuildSteps(config, *config.FindLayer("platform"), RunVerb::kPlan, Context("dev"));
  ASSERT_TRUE(platform.ok());
  EXPECT_EQ((*platform)[0].argv[0], "tg") << "a bare name is looked up on PATH";
}

TEST(BuildSteps, PlanfileAndStateKeyPlaceholders) {
  Config config = testing::ExampleConfig();
  config.environments["staging"].state_key = "staging/{layer}/{dir}.tfstate";
  StepContext context = Context("dev");
  context.planfile = "/tmp/plans/{layer}.tfplan";
  const Layer& layer = *config.FindLayer("data-staging");
  auto steps = BuildSteps(config, layer, RunVerb::kPlan, context);
  ASSERT_TRUE(steps.ok());
  EXPECT_EQ((*steps)[0].argv.back(),
            "-backend-config=key=staging/data-staging/envs/staging/data.tfstate");
  EXPECT_EQ((*steps)[2].argv.back(), "/tmp/plans/data-staging.tfplan");
  context.planfile = "../plans/out.tfplan";
  EXPECT_EQ(PlanfilePath(layer, context), "/ws/envs/staging/plans/out.tfplan");
}

TEST(BuildSteps, PullRequestPlaceholderInTheStateKey) {
  Config config = testing::ExampleConfig();
  config.environments["test"].name = "test";
  config.environments["test"].state_key = "test/pr-{pr}/{layer}-{pr}.tfstate";
  const Layer& platform = *config.FindLayer("platform");
  StepContext context = Context("test");
  context.pr_number = 17;
  for (RunVerb verb : {RunVerb::kPlan, RunVerb::kApply, RunVerb::kDestroy}) {
    auto steps = BuildSteps(config, platform, verb, context);
    ASSERT_TRUE(steps.ok()) << RunVerbName(verb) << ": " << steps.error().message;
    EXPECT_EQ((*steps)[0].argv.back(), "-backend-config=key=test/pr-17/platform-17.tfstate")
        << RunVerbName(verb);
  }
  // Without a pull request the key would be "pr-0" for everyone: refused, naming why.
  context.pr_number = 0;
  auto refused = BuildSteps(config, platform, RunVerb::kPlan, context);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("for no pull request"), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("layer platform"), std::string::npos);
  EXPECT_TRUE(BuildSteps(config, platform, RunVerb::kCi, context).ok())
      << "ci never reads the state";
  // Keys without {pr} are untouched by a PR number.
  context = Context("dev");
  context.pr_number = 17;
  auto staging = BuildSteps(config, *config.FindLayer("data-staging"), RunVerb::kPlan, context);
  ASSERT_TRUE(staging.ok());
  EXPECT_EQ((*staging)[0].argv.back(), "-backend-config=key=staging/terraform.tfstate");
}

TEST(BuildSteps, VerbNamesRoundTrip) {
  for (RunVerb verb :
       {RunVerb::kCi, RunVerb::kPlan, RunVerb::kApply, RunVerb::kVerify, RunVerb::kDestroy}) {
    EXPECT_EQ(ParseRunVerb(RunVerbName(verb)), verb);
  }
  EXPECT_FALSE(ParseRunVerb("unlock").has_value());
}

TEST(StepsToJson, ListsLayerCwdArgvAndEnv) {
  const Config config = testing::ExampleConfig();
  auto steps = BuildSteps(config, *config.FindLayer("bootstrap"), RunVerb::kVerify, Context("ci"));
  ASSERT_TRUE(steps.ok());
  rapidjson::Document document;
  rapidjson::Value json = StepsToJson(*steps, document.GetAllocator());
  EXPECT_EQ(json::Serialize(json),
            R"([{"layer":"bootstrap","name":"init","cwd":"/ws/bootstrap",)"
            R"("argv":["terraform","init","-input=false","-no-color"],)"
            R"("env":{"TF_INPUT":"0","TF_IN_AUTOMATION":"1","TF_VAR_env":"ci"}},)"
            R"({"layer":"bootstrap","name":"plan","cwd":"/ws/bootstrap",)"
            R"("argv":["terraform","plan","-input=false","-no-color","-lock=false",)"
            R"("-detailed-exitcode"],)"
            R"("env":{"TF_INPUT":"0","TF_IN_AUTOMATION":"1","TF_VAR_env":"ci"}}])");
}

}  // namespace
}  // namespace infra_flash
