#include "run/plan_summary.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/strings.h"

namespace infra_flash {
namespace {

// Real `terraform show -json` plans from HashiCorp's terraform-json test data.
constexpr char kSamples[] = "/usr/share/gocode/src/github.com/hashicorp/terraform-json/testdata";

std::vector<std::string> Addresses(const PlanSummary& summary) {
  std::vector<std::string> addresses;
  for (const ResourceChange& change : summary.resources) {
    addresses.push_back(std::string(ResourceActionName(change.action)) + " " + change.address);
  }
  return addresses;
}

TEST(ParsePlanSummary, RealTerraformPlans) {
  if (!std::filesystem::exists(kSamples)) {
    GTEST_SKIP() << "needs the Debian package golang-github-hashicorp-terraform-json-dev ("
                 << kSamples << ")";
  }
  struct Case {
    std::string sample;
    int adds, changes, destroys, replaces, output_changes;
    std::vector<std::string> resources;
  };
  const std::vector<Case> cases = {
      // The data source read (data.null_data_source.baz) is not a change.
      {"basic",
       7,
       0,
       0,
       0,
       8,
       {"create module.foo.null_resource.aliased", "create module.foo.null_resource.foo",
        "create null_resource.bar", "create null_resource.baz[0]", "create null_resource.baz[1]",
        "create null_resource.baz[2]", "create null_resource.foo"}},
      // A replacement counts as one add and one destroy, as in "Plan: 1 to add, 0 to
      // change, 1 to destroy.", and as a replacement.
      {"config_resource_depends_on", 1, 0, 1, 1, 0, {"replace null_resource.bar"}},
      {"deep_module", 1, 0, 0, 0, 0, {"create module.foo.module.bar.null_resource.baz"}},
      {"explicit_null",
       3,
       0,
       0,
       0,
       0,
       {"create null_resource.bar", "create null_resource.baz", "create null_resource.foo"}},
      // terraform 0.12 listed unchanged outputs as "create"; the resources are no-ops.
      {"no_changes", 0, 0, 0, 0, 8, {}},
      {"has_changes", 0, 0, 0, 0, 8, {}},
      {"nested_config_keys", 1, 0, 0, 0, 0, {"create aws_instance.foo"}},
      {"output_depends_on",
       2,
       0,
       0,
       0,
       1,
       {"create null_resource.bar", "create null_resource.foo"}},
      {"registry_module", 1, 0, 0, 0, 0, {"create module.module.null_resource.resource"}},
  };
  for (const Case& c : cases) {
    Result<std::string> text = ReadFile(std::string(kSamples) + "/" + c.sample + "/plan.json");
    ASSERT_TRUE(text.ok()) << c.sample;
    Result<PlanSummary> summary = ParsePlanSummary(*text);
    ASSERT_TRUE(summary.ok()) << c.sample << ": " << summary.error().message;
    EXPECT_EQ(summary->adds, c.adds) << c.sample;
    EXPECT_EQ(summary->changes, c.changes) << c.sample;
    EXPECT_EQ(summary->destroys, c.destroys) << c.sample;
    EXPECT_EQ(summary->replaces, c.replaces) << c.sample;
    EXPECT_EQ(summary->output_changes, c.output_changes) << c.sample;
    EXPECT_EQ(Addresses(*summary), c.resources) << c.sample;
    EXPECT_EQ(summary->terraform_version, "0.12.6") << c.sample;
  }
}

TEST(ParsePlanSummary, EveryActionList) {
  // One resource per action list terraform writes (plans/action.go).
  const std::string plan = R"({
    "format_version": "1.2", "terraform_version": "1.9.8",
    "resource_changes": [
      {"address": "a.create", "mode": "managed", "change": {"actions": ["create"]}},
      {"address": "a.update", "mode": "managed", "change": {"actions": ["update"]}},
      {"address": "a.delete", "mode": "managed", "change": {"actions": ["delete"]}},
      {"address": "a.replace1", "mode": "managed", "change": {"actions": ["delete", "create"]}},
      {"address": "a.replace2", "mode": "managed", "change": {"actions": ["create", "delete"]}},
      {"address": "a.forget", "mode": "managed", "change": {"actions": ["forget"]}},
      {"address": "a.noop", "mode": "managed", "change": {"actions": ["no-op"]}},
      {"address": "data.a.read", "mode": "data", "change": {"actions": ["read"]}},
      {"address": "a.read", "mode": "managed", "change": {"actions": ["read"]}}
    ],
    "output_changes": {"x": {"actions": ["update"]}, "y": {"actions": ["no-op"]}}
  })";
  Result<PlanSummary> summary = ParsePlanSummary(plan);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(
      Addresses(*summary),
      (std::vector<std::string>{"create a.create", "update a.update", "delete a.delete",
                                "replace a.replace1", "replace a.replace2", "forget a.forget"}));
  EXPECT_EQ(summary->adds, 3);
  EXPECT_EQ(summary->changes, 1);
  EXPECT_EQ(summary->destroys, 3);
  EXPECT_EQ(summary->replaces, 2);
  EXPECT_EQ(summary->forgets, 1);
  EXPECT_EQ(summary->output_changes, 1);
  EXPECT_TRUE(summary->HasChanges());
  EXPECT_EQ(FormatPlanCounts(*summary), "+3 ~1 -3 (2 replaced) (1 forgotten)");
}

TEST(ParsePlanSummary, NoChangesAndBadInput) {
  Result<PlanSummary> empty = ParsePlanSummary(R"({"format_version":"1.2"})");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->HasChanges());
  EXPECT_EQ(FormatPlanCounts(*empty), "+0 ~0 -0");

  struct Case {
    std::string text;
    std::string error_contains;
  };
  const std::vector<Case> cases = {
      {"", "show -json"},
      {"Error: Failed to load plan", "show -json"},
      {R"({"resource_changes": []})", "not a terraform JSON plan"},
      {"[1,2]", "not a terraform JSON plan"},
  };
  for (const Case& c : cases) {
    Result<PlanSummary> summary = ParsePlanSummary(c.text);
    ASSERT_FALSE(summary.ok()) << c.text;
    EXPECT_NE(summary.error().message.find(c.error_contains), std::string::npos)
        << c.text << ": " << summary.error().message;
  }
  // Malformed members read as absent rather than crashing.
  Result<PlanSummary> odd = ParsePlanSummary(
      R"({"format_version":"1","resource_changes":[1,{"change":{"actions":"create"}},{}]})");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->resources.size(), 0u);
}

}  // namespace
}  // namespace infra_flash
