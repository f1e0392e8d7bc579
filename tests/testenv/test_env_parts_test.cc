// The pure parts of the test environment: the config it runs with, the order, the
// outputs shown, the command a person runs to clean up by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.h"
#include "testenv/test_env_outputs.h"
#include "testenv/test_env_steps.h"

namespace infra_flash {
namespace {

const std::string kSource = INFRA_FLASH_SOURCE_DIR;

Config Example() {
  Result<Config> config = LoadConfig(kSource + "/examples/monorepo/.infra-flash.yml");
  EXPECT_TRUE(config.ok()) << config.error().message;
  Config loaded = config.ok() ? *config : Config{};
  for (Layer& layer : loaded.layers) {
    layer.test_env = layer.name == "platform" || layer.name == "data-staging";
  }
  return loaded;
}

std::string InitKey(const Config& config, const std::string& layer, RunVerb verb) {
  auto steps = BuildSteps(config, *config.FindLayer(layer), verb, TestEnvironmentContext("/ws", 7));
  if (!steps.ok()) return "error: " + steps.error().message;
  for (const std::string& arg : steps->front().argv) {
    if (arg.rfind("-backend-config=key=", 0) == 0) return arg.substr(20);
  }
  return "";
}

TEST(TestEnvironmentConfig, StateKeyPerPullRequest) {
  struct Case {
    const char* name;
    std::string configured;  // environments.test.state_key; "-": no test environment
    std::string expected;    // the key of platform in PR 7, or the error's words
    bool ok;
  };
  const std::vector<Case> cases = {
      {"no test environment", "-", "test/pr-7/platform.tfstate", true},
      {"a test environment without a key", "", "test/pr-7/platform.tfstate", true},
      {"a configured key", "ephemeral/{pr}/{dir}.tfstate", "ephemeral/7/platform.tfstate", true},
      {"a key shared by every PR", "test/{layer}.tfstate", "has no {pr}", false},
  };
  for (const Case& c : cases) {
    Config config = Example();
    if (c.configured != "-") config.environments["test"].state_key = c.configured;
    Result<Config> test = TestEnvironmentConfig(config, {"platform", "data-staging"});
    ASSERT_EQ(test.ok(), c.ok) << c.name;
    if (!c.ok) {
      EXPECT_NE(test.error().message.find(c.expected), std::string::npos)
          << c.name << ": " << test.error().message;
      continue;
    }
    for (RunVerb verb : {RunVerb::kPlan, RunVerb::kApply, RunVerb::kDestroy}) {
      EXPECT_EQ(InitKey(*test, "platform", verb), c.expected) << c.name;
    }
  }
}

TEST(TestEnvironmentConfig, PinnedLayersRunInTestWithTheirOwnDataDirectory) {
  const Config config = Example();
  Result<Config> test = TestEnvironmentConfig(config, {"data-staging"});
  ASSERT_TRUE(test.ok());
  // data-staging is pinned to staging; its test copy runs in test and may be destroyed.
  auto steps = BuildSteps(*test, *test->FindLayer("data-staging"), RunVerb::kDestroy,
                          TestEnvironmentContext("/ws", 7));
  ASSERT_TRUE(steps.ok()) << steps.error().message;
  EXPECT_EQ(steps->front().env.at("TF_VAR_env"), "test");
  EXPECT_EQ(steps->front().env.at("TF_DATA_DIR"), ".terraform-test");
  for (const PlannedStep& step : *steps) {
    for (const std::string& arg : step.argv) {
      EXPECT_EQ(arg.find("staging.tfvars"), std::string::npos) << "no staging var files";
    }
  }
  // The original is untouched: staging stays staging.
  EXPECT_EQ(config.FindLayer("data-staging")->environment, "staging");
  EXPECT_EQ(config.FindEnvironment("test"), nullptr);
  // A TF_DATA_DIR the config sets wins.
  Config own = Example();
  own.environments["test"].env["TF_DATA_DIR"] = ".tf-pr";
  Result<Config> with_own = TestEnvironmentConfig(own, {"platform"});
  ASSERT_TRUE(with_own.ok());
  EXPECT_EQ(with_own->FindEnvironment("test")->env.at("TF_DATA_DIR"), ".tf-pr");
}

TEST(TestEnvironmentLayers, OnlyTestEnvLayersInDependencyOrder) {
  const Config config = Example();
  EXPECT_EQ(TestEnvironmentLayers(config, {"data-staging", "bootstrap", "platform", "data-prod"}),
            (std::vector<std::string>{"platform", "data-staging"}));
  EXPECT_EQ(TestEnvironmentLayers(config, {"bootstrap", "nope"}), std::vector<std::string>{});
  EXPECT_EQ(InDependencyOrder(config, {"data-staging", "platform", "nope"}),
            (std::vector<std::string>{"platform", "data-staging"}));
}

TEST(TestEnvOutputs, ParsedAndShownWithoutSecrets) {
  struct Case {
    const char* name;
    std::string json;
    std::string shown;  // FormatTestEnvOutputs
  };
  const std::vector<Case> cases = {
      {"none", "{}", ""},
      {"a url",
       R"({"url":{"sensitive":false,"type":"string","value":"https://pr-7.example.test"}})",
       "url = https://pr-7.example.test"},
      {"sensitive hidden",
       R"({"a":{"sensitive":false,"type":"string","value":"x"},)"
       R"("token":{"sensitive":true,"type":"string","value":"hunter2-secret"}})",
       "a = x · token = (sensitive)"},
      {"sensitive unless said otherwise", R"({"b":{"type":"string","value":"hunter2-secret"}})",
       "b = (sensitive)"},
      {"not a string", R"({"ports":{"sensitive":false,"type":["list","number"],"value":[80,443]}})",
       "ports = [80,443]"},
      {"no value is skipped", R"({"c":{"sensitive":false}})", ""},
      {"credentials masked",
       R"({"db":{"sensitive":false,"type":"string","value":"postgres://u:pw12345@db.test/x"}})",
       "db = postgres://u:***@db.test/x"},
      {"many",
       R"({"o1":{"sensitive":false,"value":"1"},"o2":{"sensitive":false,"value":"2"},)"
       R"("o3":{"sensitive":false,"value":"3"},"o4":{"sensitive":false,"value":"4"},)"
       R"("o5":{"sensitive":false,"value":"5"},"o6":{"sensitive":false,"value":"6"},)"
       R"("o7":{"sensitive":false,"value":"7"},"o8":{"sensitive":false,"value":"8"}})",
       "o1 = 1 · o2 = 2 · o3 = 3 · o4 = 4 · o5 = 5 · o6 = 6 · … 2 more"},
  };
  Masker masker;
  for (const Case& c : cases) {
    Result<std::vector<TestEnvOutput>> outputs = ParseTestEnvOutputs(c.json);
    ASSERT_TRUE(outputs.ok()) << c.name << ": " << outputs.error().message;
    const std::string shown = FormatTestEnvOutputs(*outputs, masker);
    EXPECT_EQ(shown, c.shown) << c.name;
    EXPECT_EQ(shown.find("hunter2"), std::string::npos) << c.name;
  }
  for (const char* bad : {"", "[1]", "not json", "\"url\""}) {
    EXPECT_FALSE(ParseTestEnvOutputs(bad).ok()) << bad;
  }
  const std::string long_value(1000, 'v');
  const std::string shown = FormatTestEnvOutputs({{"big", long_value, false}}, masker);
  EXPECT_LT(shown.size(), 200u) << "one value cannot fill the cell";
  // The PR's code shapes the values: a deep one is not written out (no stack overflow).
  const std::string deep = R"({"x":{"sensitive":false,"value":)" + std::string(1'000'000, '[') +
                           std::string(1'000'000, ']') + "}}";
  Result<std::vector<TestEnvOutput>> parsed = ParseTestEnvOutputs(deep);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->front().value, "(nested too deeply to show)");
}

TEST(ManualCommand, OneLineFromTheRepositoryRoot) {
  Config config = Example();
  config.environments["test"].var_files = {"envs/test vars.tfvars"};
  Result<Config> test = TestEnvironmentConfig(config, {"data-staging"});
  ASSERT_TRUE(test.ok());
  auto steps = BuildSteps(*test, *test->FindLayer("data-staging"), RunVerb::kDestroy,
                          TestEnvironmentContext("/ws", 7));
  ASSERT_TRUE(steps.ok());
  EXPECT_EQ(ManualCommand(*steps, "/ws", "envs/staging/data"),
            "cd envs/staging/data && export TF_DATA_DIR=.terraform-test TF_VAR_env=test && "
            "terragrunt init -input=false -no-color "
            "-backend-config=key=test/pr-7/data-staging.tfstate && "
            "terragrunt destroy -input=false -no-color -auto-approve -lock-timeout=5m "
            "'-var-file=../../test vars.tfvars'");
  EXPECT_EQ(ManualCommand({}, "/ws", "x"), "");
}

}  // namespace
}  // namespace infra_flash
