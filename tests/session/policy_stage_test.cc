// CheckPolicies (session/policy_stage.h) with real processes on real plans: HashiCorp's own
// `terraform show -json` samples (Debian's golang-github-hashicorp-terraform-json-dev) fed
// to a checker that denies creating one resource type, as conftest would.
#include "session/policy_stage.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/subprocess.h"

namespace infra_flash::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kSamples[] = "/usr/share/gocode/src/github.com/hashicorp/terraform-json/testdata";

// Denies creating resources of the type argv[2]; prints each address. Also fails when it can
// see a GitHub token: a checker never gets one.
constexpr char kDeny[] = R"py(import json, os, sys
if os.environ.get("GITHUB_TOKEN") or os.environ.get("INPUT_GITHUB-TOKEN"):
    print("a token reached the checker")
    sys.exit(3)
plan = json.load(open(sys.argv[1]))
denied = [c["address"] for c in plan.get("resource_changes", [])
          if c["type"] == sys.argv[2] and "create" in c["change"]["actions"]]
for address in denied:
    print("FAIL - plan.json - main - %s may not be created" % address)
sys.exit(1 if denied else 0)
)py";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class PolicyStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSamples)) {
      GTEST_SKIP() << "needs the Debian package golang-github-hashicorp-terraform-json-dev "
                      "(scripts/install-deps.sh installs it)";
    }
    fs::create_directories(fs::path(workspace_.path()) / "checks");
    std::ofstream(fs::path(workspace_.path()) / "checks/deny.py") << kDeny;
    settings_.runner_temp = temp_.path();
    context_.settings = &settings_;
    context_.workspace = workspace_.path();
    PolicyCheck check;
    check.name = "no-null-resources";
    check.argv = {"python3", "checks/deny.py", "{plan_json}", "null_resource"};
    check.files = {"checks/deny.py"};
    config_.policies.push_back(check);
  }

  // One planned layer per sample, each with changes, its plan JSON the sample's.
  LayerRun RunOf(const std::vector<std::string>& samples) {
    LayerRun run;
    for (const std::string& sample : samples) {
      Layer layer;
      layer.name = sample;
      layer.dir = "layers/" + sample;
      config_.layers.push_back(layer);
      LayerResult result;
      result.layer = sample;
      result.outcome = Outcome::kHasChanges;
      run.result.layers.push_back(result);
      run.plan_json[sample] = Slurp(fs::path(kSamples) / sample / "plan.json");
      run.digests[sample] = "sha256:" + sample;
    }
    return run;
  }

  const PolicyResult& Verdict(const std::string& layer) {
    for (const LayerRow& row : dashboard_.layers) {
      if (row.name == layer && !row.policies.empty()) return row.policies.front();
    }
    static const PolicyResult none;
    ADD_FAILURE() << "no verdict for " << layer;
    return none;
  }

  TempDir workspace_;
  TempDir temp_;
  FlowSettings settings_;
  FlowContext context_;
  Config config_;
  Dashboard dashboard_;
};

TEST_F(PolicyStageTest, RealPlansAreCheckedByTheirResourceChanges) {
  // The checker must not see the token this process has.
  ::setenv("GITHUB_TOKEN", "ghs_policy_stage_test_token", 1);
  const LayerRun run = RunOf({"basic", "deep_module", "has_changes", "registry_module"});
  StepContext steps;
  steps.workspace_root = workspace_.path();
  CheckPolicies(context_, dashboard_, config_, run, steps, "");
  ::unsetenv("GITHUB_TOKEN");

  EXPECT_EQ(Verdict("basic").status, StageStatus::kFailed);
  EXPECT_EQ(Verdict("basic").output,
            "FAIL - plan.json - main - module.foo.null_resource.aliased may not be created\n"
            "FAIL - plan.json - main - module.foo.null_resource.foo may not be created\n"
            "FAIL - plan.json - main - null_resource.bar may not be created\n"
            "FAIL - plan.json - main - null_resource.baz[0] may not be created\n"
            "FAIL - plan.json - main - null_resource.baz[1] may not be created\n"
            "FAIL - plan.json - main - null_resource.baz[2] may not be created\n"
            "FAIL - plan.json - main - null_resource.foo may not be created");
  EXPECT_EQ(Verdict("deep_module").status, StageStatus::kFailed);
  EXPECT_EQ(Verdict("deep_module").output,
            "FAIL - plan.json - main - module.foo.module.bar.null_resource.baz may not be created");
  EXPECT_EQ(Verdict("registry_module").status, StageStatus::kFailed);
  // has_changes changes no resource (its change is an output): nothing to deny.
  EXPECT_EQ(Verdict("has_changes").status, StageStatus::kPassed);
  EXPECT_TRUE(Verdict("has_changes").output.empty());
  for (const LayerRow& row : dashboard_.layers) {
    EXPECT_NE(row.policy.status, StageStatus::kNotRun) << row.name << ": the Policy cell is set";
  }
  // Nothing is left behind: the scratch directory goes with the run.
  EXPECT_TRUE(fs::is_empty(temp_.path())) << "leftovers in " << temp_.path();
}

TEST_F(PolicyStageTest, AFileTheCheckNeedsButTheCheckoutLacksIsAnError) {
  config_.policies.front().files = {"checks/missing.py"};
  const LayerRun run = RunOf({"basic"});
  StepContext steps;
  CheckPolicies(context_, dashboard_, config_, run, steps, "");
  EXPECT_EQ(Verdict("basic").status, StageStatus::kError);
  EXPECT_EQ(Verdict("basic").output, "cannot read `checks/missing.py` in the checkout");
}

}  // namespace
}  // namespace infra_flash::testing
