// action.yml is what GitHub and the Marketplace read: a Docker action whose inputs and
// outputs are exactly the binary's tables (src/action/inputs.cc), documented in
// docs/action.md, with an image line the release workflow can pin.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "action/action.h"
#include "ship_files.h"

namespace infra_flash::ship {
namespace {

YAML::Node ActionYml() {
  auto document = LoadYaml("action.yml");
  EXPECT_TRUE(document.ok()) << (document.ok() ? "" : document.error().ToString());
  return document.ok() ? *document : YAML::Node();
}

TEST(ActionYml, IsADockerActionThatRunsTheRunCommand) {
  const YAML::Node action = ActionYml();
  EXPECT_FALSE(ScalarOr(action["name"]).empty());
  EXPECT_FALSE(ScalarOr(action["description"]).empty());
  EXPECT_EQ(ScalarOr(Lookup(action, "runs.using")), "docker");
  const YAML::Node args = Lookup(action, "runs.args");
  ASSERT_TRUE(args.IsSequence());
  ASSERT_EQ(args.size(), 1u);
  EXPECT_EQ(args[0].Scalar(), "run");

  // Dockerfile on main; a digest-pinned image on a release commit, nothing in between.
  const std::string image = ScalarOr(Lookup(action, "runs.image"));
  static const std::regex pinned(
      R"(docker://ghcr\.io/[a-z0-9._-]+/infra-flash@sha256:[0-9a-f]{64})");
  EXPECT_TRUE(image == "Dockerfile" || std::regex_match(image, pinned)) << image;
}

TEST(ActionYml, HasTheImageLineTheReleaseWorkflowRewrites) {
  auto text = ReadRepoFile("action.yml");
  ASSERT_TRUE(text.ok());
  int lines = 0;
  for (std::string_view line : SplitLines(*text)) {
    if (line == "  image: Dockerfile") ++lines;
  }
  EXPECT_EQ(lines, 1) << "release.yml replaces exactly the line '  image: Dockerfile'";
}

TEST(ActionYml, InputsAreTheBinarysTable) {
  const YAML::Node inputs = ActionYml()["inputs"];
  ASSERT_TRUE(inputs.IsMap());
  const auto& table = action::Inputs();
  ASSERT_EQ(inputs.size(), table.size())
      << "action.yml and src/action/inputs.cc list different inputs";
  std::size_t index = 0;
  for (const auto& entry : inputs) {
    const std::string name = entry.first.Scalar();
    const YAML::Node input = entry.second;
    SCOPED_TRACE("input " + name);
    EXPECT_TRUE(IsKebabCase(name)) << "input names are kebab-case (read as INPUT_<NAME>)";
    EXPECT_EQ(name, table[index].name) << "position " << index;
    EXPECT_EQ(ScalarOr(input["description"]), table[index].description);
    EXPECT_FALSE(ScalarOr(input["description"]).empty());
    EXPECT_EQ(ScalarOr(input["default"]), table[index].default_value);
    EXPECT_TRUE(input["required"].IsDefined() && input["required"].Scalar() == "false")
        << "every input has a default, so none is required";
    ++index;
  }
}

TEST(ActionYml, InputsTheIssueAsksFor) {
  const YAML::Node inputs = ActionYml()["inputs"];
  for (const char* name : {"github-token", "config", "command", "environment", "layers", "jobs",
                           "confirm", "working-directory"}) {
    EXPECT_TRUE(inputs[name].IsDefined()) << name;
  }
  EXPECT_EQ(ScalarOr(inputs["github-token"]["default"]), "${{ github.token }}");
  EXPECT_EQ(ScalarOr(inputs["config"]["default"]), ".infra-flash.yml");
}

TEST(ActionYml, OutputsAreTheBinarysTable) {
  const YAML::Node outputs = ActionYml()["outputs"];
  ASSERT_TRUE(outputs.IsMap());
  const auto& table = action::Outputs();
  ASSERT_EQ(outputs.size(), table.size())
      << "action.yml and src/action/inputs.cc list different outputs";
  std::size_t index = 0;
  for (const auto& entry : outputs) {
    const std::string name = entry.first.Scalar();
    SCOPED_TRACE("output " + name);
    EXPECT_TRUE(IsKebabCase(name));
    EXPECT_EQ(name, table[index].first) << "position " << index;
    EXPECT_EQ(ScalarOr(entry.second["description"]), table[index].second);
    ++index;
  }
  for (const char* name : {"trigger", "command", "layers", "has-changes", "drift", "dashboard-url",
                           "review-requested"}) {
    EXPECT_TRUE(outputs[name].IsDefined()) << name;
  }
}

TEST(ActionYml, BrandingIsOneTheMarketplaceAccepts) {
  const YAML::Node branding = ActionYml()["branding"];
  const std::set<std::string> colors = {"white",  "black", "yellow", "blue",     "green",
                                        "orange", "red",   "purple", "gray-dark"};
  EXPECT_EQ(colors.count(ScalarOr(branding["color"])), 1u) << ScalarOr(branding["color"]);
  EXPECT_FALSE(ScalarOr(branding["icon"]).empty());
}

TEST(ActionDocs, EveryInputAndOutputHasATableRow) {
  auto docs = ReadRepoFile("docs/action.md");
  ASSERT_TRUE(docs.ok()) << docs.error().ToString();
  std::vector<std::string> names;
  for (const auto& input : action::Inputs()) names.emplace_back(input.name);
  for (const auto& output : action::Outputs()) names.emplace_back(output.first);
  for (const std::string& name : names) {
    EXPECT_NE(docs->find("\n| `" + name + "` |"), std::string::npos)
        << "docs/action.md has no table row for `" << name << "`";
  }
}

}  // namespace
}  // namespace infra_flash::ship
