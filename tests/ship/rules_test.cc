// The rules the packaging checks apply, each on examples that must pass and examples that
// must fail: a checker that accepts everything would make every other test here vacuous.
#include <gtest/gtest.h>

#include "ship_files.h"

namespace infra_flash::ship {
namespace {

const std::string kSha40 = "11bd71901bbe5b1630ceea73d27597364c9af683";
const std::string kSha64 = "4b50eb66f977b4062683ff434ef18ac191da862dbe966961bc11990cf5791a8d";

TEST(ClassifyUses, OnlyCommitsAndDigestsArePinned) {
  const struct {
    std::string uses;
    UsesKind kind;
  } cases[] = {
      {"./", UsesKind::kLocal},
      {"./.github/actions/setup", UsesKind::kLocal},
      {"actions/checkout@" + kSha40, UsesKind::kPinnedCommit},
      {"github/codeql-action/init@" + kSha40, UsesKind::kPinnedCommit},
      {"docker://ghcr.io/owner/infra-flash@sha256:" + kSha64, UsesKind::kDockerDigest},
      {"actions/checkout@v4", UsesKind::kUnpinned},
      {"actions/checkout@v4.2.2", UsesKind::kUnpinned},
      {"actions/checkout@main", UsesKind::kUnpinned},
      {"actions/checkout@11bd719", UsesKind::kUnpinned},          // short SHA
      {"actions/checkout@" + kSha40 + "0", UsesKind::kUnpinned},  // 41 digits
      {"actions/checkout@11BD71901BBE5B1630CEEA73D27597364C9AF683", UsesKind::kUnpinned},
      {"actions/checkout", UsesKind::kUnpinned},
      {"docker://alpine:3.20", UsesKind::kUnpinned},
      {"docker://alpine@sha256:abc", UsesKind::kUnpinned},
      {"../elsewhere", UsesKind::kUnpinned},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ClassifyUses(c.uses), c.kind) << c.uses;
  }
}

TEST(FindUses, ReadsValueAndVersionComment) {
  const std::string text =
      "steps:\n"
      "  - uses: actions/checkout@" +
      kSha40 +
      " # v4.2.2\n"
      "  - name: local\n"
      "    uses: \"./\"\n"
      "  - uses: 'owner/repo@v1'   #   v1 floating\n"
      "  - run: echo uses: not-a-key\n"
      "    # uses: commented-out@v1\n";
  const auto found = FindUses(text);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].line, 2);
  EXPECT_EQ(found[0].value, "actions/checkout@" + kSha40);
  EXPECT_EQ(found[0].comment, "v4.2.2");
  EXPECT_EQ(found[1].value, "./");
  EXPECT_EQ(found[1].comment, "");
  EXPECT_EQ(found[2].value, "owner/repo@v1");
  EXPECT_EQ(found[2].comment, "v1 floating");
}

TEST(IsVersionComment, NeedsAVersion) {
  EXPECT_TRUE(IsVersionComment("v4.2.2"));
  EXPECT_TRUE(IsVersionComment("v1 (replace with the release's commit SHA)"));
  EXPECT_FALSE(IsVersionComment(""));
  EXPECT_FALSE(IsVersionComment("latest"));
  EXPECT_FALSE(IsVersionComment("version 4"));
}

TEST(IsKebabCase, Table) {
  const struct {
    const char* name;
    bool kebab;
  } cases[] = {
      {"config", true},
      {"github-token", true},
      {"working-directory", true},
      {"has-changes", true},
      {"GITHUB_TOKEN", false},
      {"githubToken", false},
      {"github_token", false},
      {"-token", false},
      {"token-", false},
      {"a--b", false},
      {"", false},
      {"2fa", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsKebabCase(c.name), c.kebab) << c.name;
}

TEST(PrintsToken, PipingIsFinePrintingIsNot) {
  const struct {
    const char* line;
    bool prints;
  } cases[] = {
      {R"(echo "$GITHUB_TOKEN")", true},
      {R"(echo "token: ${GH_TOKEN}")", true},
      {R"(printf '%s\n' "$REGISTRY_TOKEN")", true},
      {R"(printf '%s' "$REGISTRY_TOKEN" | docker login ghcr.io --password-stdin)", false},
      {R"(echo "tokens are masked")", false},
      {R"(gh release create "$TAG")", false},
  };
  for (const auto& c : cases) EXPECT_EQ(PrintsToken(c.line), c.prints) << c.line;
}

TEST(Lookup, FollowsMapsAndSequencesWithoutEditingTheTree) {
  auto document =
      ParseYaml("jobs:\n  plan:\n    steps:\n      - uses: a\n      - run: b\n", "t.yml");
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(ScalarOr(Lookup(*document, "jobs.plan.steps.1.run")), "b");
  EXPECT_EQ(ScalarOr(Lookup(*document, "jobs.plan.steps.0.uses")), "a");
  EXPECT_FALSE(Lookup(*document, "jobs.plan.steps.2").IsDefined());
  EXPECT_FALSE(Lookup(*document, "jobs.apply").IsDefined());
  EXPECT_FALSE(Lookup(*document, "jobs.plan.steps.x").IsDefined());
  // The lookups above left the document as it was.
  EXPECT_EQ(YAML::Dump(*document),
            YAML::Dump(*ParseYaml("jobs:\n  plan:\n    steps:\n      - uses: a\n      - run: b\n",
                                  "t.yml")));
}

TEST(ParseYaml, SyntaxErrorsNameFileAndPosition) {
  auto document = ParseYaml("jobs:\n  plan: [unclosed\n", "bad.yml");
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.error().file, "bad.yml");
  EXPECT_GT(document.error().line, 0);
}

}  // namespace
}  // namespace infra_flash::ship
