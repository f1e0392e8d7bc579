// Version tags, their order, the next tag, and the production release rules.
#include "deploy/versions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "deploy/release_rules.h"

namespace infra_flash {
namespace {

struct ParseCase {
  std::string tag;
  bool valid;
  VersionTag expected;
  std::string error_part;  // for invalid tags: a piece of the reason
};

TEST(ParseVersionTag, Table) {
  const ParseCase cases[] = {
      {"v1.4.2", true, {1, 4, 2, 0}, ""},
      {"v0.0.0", true, {0, 0, 0, 0}, ""},
      {"v0.1.0", true, {0, 1, 0, 0}, ""},
      {"v10.20.30", true, {10, 20, 30, 0}, ""},
      {"v999999.0.1", true, {999999, 0, 1, 0}, ""},
      {"v1.4.2-hotfix.1", true, {1, 4, 2, 1}, ""},
      {"v1.4.2-hotfix.12", true, {1, 4, 2, 12}, ""},
      {"1.4.2", false, {}, "lowercase `v`"},
      {"V1.4.2", false, {}, "lowercase `v`"},
      {"", false, {}, "lowercase `v`"},
      {"v1.4", false, {}, "three numbers"},
      {"v1.4.2.0", false, {}, "three numbers"},
      {"v1..2", false, {}, "not a number"},
      {"v01.4.2", false, {}, "leading zeros"},
      {"v1.04.2", false, {}, "leading zeros"},
      {"v1.4.-2", false, {}, "not a number"},
      {"v1.4.2-rc.1", false, {}, "three numbers"},
      {"v1.4.2-hotfix.0", false, {}, "hotfix number"},
      {"v1.4.2-hotfix.", false, {}, "hotfix number"},
      {"v1.4.2-hotfix.01", false, {}, "hotfix number"},
      {"v1.4.2+build.5", false, {}, "three numbers"},
      {"v1000000.0.0", false, {}, "at most 6"},
      {"v99999999999999999999.0.0", false, {}, "at most 6"},
      {"v1.4.2 ", false, {}, "not a number"},
      {"latest", false, {}, "lowercase `v`"},
  };
  for (const ParseCase& c : cases) {
    Result<VersionTag> parsed = ParseVersionTag(c.tag);
    ASSERT_EQ(parsed.ok(), c.valid)
        << "`" << c.tag << "`" << (parsed.ok() ? "" : ": " + parsed.error().message);
    if (c.valid) {
      EXPECT_EQ(*parsed, c.expected) << c.tag;
      EXPECT_EQ(FormatVersionTag(*parsed), c.tag) << "round trip";
    } else {
      EXPECT_NE(parsed.error().message.find(c.error_part), std::string::npos)
          << "`" << c.tag << "`: " << parsed.error().message;
      EXPECT_NE(parsed.error().message.find("vX.Y.Z"), std::string::npos) << "says the shape";
    }
  }
}

TEST(VersionTags, SortsNumericallyWithHotfixesAfterTheirRelease) {
  const std::vector<std::string> tags = {"v1.10.0", "v1.4.2-hotfix.2", "latest",  "v1.4.2",
                                         "v1.9.0",  "v1.4.2-hotfix.1", "v1.4.10", "v1.4.3",
                                         "v1.4.2",  "v2.0.0",          "v0.9.9",  "release-1"};
  std::vector<std::string> sorted;
  for (const VersionTag& version : VersionTags(tags)) sorted.push_back(FormatVersionTag(version));
  EXPECT_EQ(sorted,
            (std::vector<std::string>{"v0.9.9", "v1.4.2", "v1.4.2-hotfix.1", "v1.4.2-hotfix.2",
                                      "v1.4.3", "v1.4.10", "v1.9.0", "v1.10.0", "v2.0.0"}));
}

struct NextCase {
  const char* name;
  std::vector<std::string> tags;
  std::string next_patch;
  std::string next_minor;
};

TEST(NextPatchAndMinor, Table) {
  const NextCase cases[] = {
      {"none", {}, "v0.1.0", "v0.1.0"},
      {"only other tags", {"latest", "stable", "1.2.3"}, "v0.1.0", "v0.1.0"},
      {"one", {"v1.4.2"}, "v1.4.3", "v1.5.0"},
      {"highest wins, not the last listed", {"v1.4.2", "v1.10.0", "v1.9.7"}, "v1.10.1", "v1.11.0"},
      {"hotfixes do not count", {"v1.4.2", "v1.4.2-hotfix.3"}, "v1.4.3", "v1.5.0"},
      {"a higher major", {"v1.9.9", "v2.0.0"}, "v2.0.1", "v2.1.0"},
      {"zero major", {"v0.1.0"}, "v0.1.1", "v0.2.0"},
  };
  for (const NextCase& c : cases) {
    Result<VersionTag> patch = NextPatch(c.tags);
    Result<VersionTag> minor = NextMinor(c.tags);
    ASSERT_TRUE(patch.ok() && minor.ok()) << c.name;
    EXPECT_EQ(FormatVersionTag(*patch), c.next_patch) << c.name;
    EXPECT_EQ(FormatVersionTag(*minor), c.next_minor) << c.name;
  }
}

TEST(NextPatch, FirstVersionIsConfigurableAndLimitsAreErrors) {
  EXPECT_EQ(FormatVersionTag(*NextPatch({}, VersionTag{1, 0, 0, 0})), "v1.0.0");
  EXPECT_EQ(FormatVersionTag(*NextPatch({"v0.3.0"}, VersionTag{1, 0, 0, 0})), "v0.3.1");
  Result<VersionTag> patch = NextPatch({"v1.2.999999"});
  ASSERT_FALSE(patch.ok());
  EXPECT_NE(patch.error().message.find("largest patch"), std::string::npos)
      << patch.error().message;
  EXPECT_FALSE(NextMinor({"v1.999999.0"}).ok());
}

struct ProductionCase {
  const char* name;
  std::string tag;
  std::vector<std::string> staging;
  std::vector<std::string> production;
  bool allowed;
  ProductionPath path;
  std::string message_part;
};

TEST(CheckProductionDeploy, Table) {
  const ProductionCase cases[] = {
      {"promotion of a staged tag",
       "v1.4.3",
       {"v1.4.2", "v1.4.3"},
       {"v1.4.2"},
       true,
       ProductionPath::kPromotion,
       "ran in staging"},
      {"skipping staging",
       "v1.4.3",
       {"v1.4.2"},
       {"v1.4.2"},
       false,
       ProductionPath::kPromotion,
       "never skips staging"},
      {"nothing staged yet",
       "v0.1.0",
       {},
       {},
       false,
       ProductionPath::kPromotion,
       "not been deployed to staging"},
      {"rollback to an older staged tag",
       "v1.4.1",
       {"v1.4.1", "v1.4.2"},
       {"v1.4.2"},
       true,
       ProductionPath::kPromotion,
       "ran in staging"},
      {"hotfix of the production tag",
       "v1.4.2-hotfix.1",
       {"v1.4.3"},
       {"v1.4.2"},
       true,
       ProductionPath::kHotfix,
       "hotfix of `v1.4.2`"},
      {"second hotfix over the first",
       "v1.4.2-hotfix.2",
       {},
       {"v1.4.2", "v1.4.2-hotfix.1"},
       true,
       ProductionPath::kHotfix,
       "hotfix of `v1.4.2-hotfix.1`"},
      {"hotfix of a tag production never ran",
       "v1.4.3-hotfix.1",
       {"v1.4.3"},
       {"v1.4.2"},
       false,
       ProductionPath::kHotfix,
       "production never ran"},
      {"hotfix that went through staging",
       "v1.4.3-hotfix.1",
       {"v1.4.3-hotfix.1"},
       {"v1.4.2"},
       true,
       ProductionPath::kPromotion,
       "ran in staging"},
      {"not a version tag",
       "main",
       {"main"},
       {},
       false,
       ProductionPath::kPromotion,
       "is not a version tag"},
      {"history with other entries",
       "v2.0.0",
       {"nightly", "v2.0.0"},
       {"garbage"},
       true,
       ProductionPath::kPromotion,
       "ran in staging"},
  };
  for (const ProductionCase& c : cases) {
    Result<ProductionApproval> approval = CheckProductionDeploy(c.tag, c.staging, c.production);
    ASSERT_EQ(approval.ok(), c.allowed)
        << c.name << ": " << (approval.ok() ? approval->reason : approval.error().message);
    const std::string message = approval.ok() ? approval->reason : approval.error().message;
    EXPECT_NE(message.find(c.message_part), std::string::npos) << c.name << ": " << message;
    if (c.allowed) {
      EXPECT_EQ(approval->path, c.path) << c.name;
      EXPECT_EQ(FormatVersionTag(approval->tag), c.tag) << c.name;
    }
  }
}

}  // namespace
}  // namespace infra_flash
