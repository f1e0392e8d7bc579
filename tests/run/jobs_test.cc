#include "run/jobs.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <string>
#include <vector>

#include "run/tools.h"
#include "run_fixtures.h"
#include "support/subprocess.h"

namespace infra_flash {
namespace {

StepContext Dev() {
  StepContext context;
  context.workspace_root = "/ws";
  return context;
}

TEST(PlanJobs, OneJobPerLayerInFileOrderWithDependenciesInsideTheRun) {
  const Config config = testing::ExampleConfig();
  auto jobs = PlanJobs(config, {"data-prod", "platform", "data-staging"}, RunVerb::kPlan, Dev());
  ASSERT_TRUE(jobs.ok()) << jobs.error().message;
  ASSERT_EQ(jobs->size(), 3u);
  EXPECT_EQ((*jobs)[0].layer, "platform");
  EXPECT_TRUE((*jobs)[0].depends_on.empty()) << "bootstrap is not in this run";
  EXPECT_EQ((*jobs)[1].layer, "data-staging");
  EXPECT_EQ((*jobs)[1].depends_on, std::vector<std::string>{"platform"});
  EXPECT_EQ((*jobs)[2].layer, "data-prod");
  EXPECT_EQ((*jobs)[2].steps.size(), 3u);
}

TEST(PlanJobs, Errors) {
  Config config = testing::ExampleConfig();
  auto unknown = PlanJobs(config, {"nope"}, RunVerb::kPlan, Dev());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "there is no layer named \"nope\"");

  // Two layers in one environment with a fixed state key would overwrite each other.
  testing::MutableLayer(config, "platform").environment = "staging";
  auto shared = PlanJobs(config, {"platform", "data-staging"}, RunVerb::kPlan, Dev());
  ASSERT_FALSE(shared.ok());
  EXPECT_NE(shared.error().message.find("would share the state key \"staging/terraform.tfstate\""),
            std::string::npos)
      << shared.error().message;
  EXPECT_TRUE(PlanJobs(config, {"platform", "data-staging"}, RunVerb::kCi, Dev()).ok())
      << "ci uses no backend";
  config.environments["staging"].state_key = "staging/{layer}.tfstate";
  EXPECT_TRUE(PlanJobs(config, {"platform", "data-staging"}, RunVerb::kPlan, Dev()).ok());

  auto destroy = PlanJobs(config, {"data-prod"}, RunVerb::kDestroy, Dev());
  ASSERT_FALSE(destroy.ok());
}

TEST(EffectiveJobs, Table) {
  struct Case {
    int config_jobs;
    bool sequential_apply;
    RunVerb verb;
    int requested;
    unsigned cores;
    int expected;
  };
  const std::vector<Case> cases = {
      {0, true, RunVerb::kPlan, 0, 8, 8},     {0, true, RunVerb::kPlan, 3, 8, 3},
      {4, true, RunVerb::kPlan, 0, 8, 4},     {4, true, RunVerb::kPlan, 1, 8, 1},
      {0, true, RunVerb::kPlan, 0, 0, 1},     {0, true, RunVerb::kApply, 8, 8, 1},
      {0, false, RunVerb::kApply, 0, 8, 8},   {2, false, RunVerb::kApply, 0, 8, 2},
      {0, true, RunVerb::kVerify, 0, 16, 16},
  };
  for (const Case& c : cases) {
    RunConfig run;
    run.jobs = c.config_jobs;
    run.sequential_apply = c.sequential_apply;
    EXPECT_EQ(EffectiveJobs(run, c.verb, c.requested, c.cores), c.expected)
        << RunVerbName(c.verb) << " config " << c.config_jobs << " requested " << c.requested;
  }
}

TEST(Tools, FindsProgramsAndNamesWhatToInstall) {
  testing::TempDir dir;
  const std::string bin = dir.path() + "/bin";
  const std::string terragrunt = dir.Write("bin/terragrunt", "#!/bin/sh\n");
  ::chmod(terragrunt.c_str(), 0755);
  dir.Write("bin/terraform", "not executable");
  EXPECT_EQ(FindExecutable("terragrunt", "/nonexistent:" + bin), terragrunt);
  EXPECT_EQ(FindExecutable("terraform", bin), "") << "not executable";
  EXPECT_EQ(FindExecutable(terragrunt, ""), terragrunt);

  const Config config = testing::ExampleConfig();
  auto jobs = PlanJobs(config, {"bootstrap", "platform"}, RunVerb::kPlan, Dev());
  ASSERT_TRUE(jobs.ok());
  Status missing = CheckTools(*jobs, bin);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find(
                "`terraform` is not installed (not found on PATH); install it from "
                "https://developer.hashicorp.com/terraform/install"),
            std::string::npos)
      << missing.error().message;
  EXPECT_NE(missing.error().message.find("terragrunt needs terraform or tofu"), std::string::npos)
      << missing.error().message;
  const std::string tofu = dir.Write("bin/tofu", "#!/bin/sh\n");
  ::chmod(tofu.c_str(), 0755);
  auto terragrunt_only = PlanJobs(config, {"platform"}, RunVerb::kPlan, Dev());
  EXPECT_TRUE(CheckTools(*terragrunt_only, bin).ok()) << "terragrunt with tofu underneath";
}

}  // namespace
}  // namespace infra_flash
