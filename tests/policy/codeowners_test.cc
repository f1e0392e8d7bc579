// CODEOWNERS as GitHub documents it ("About code owners"): the example file of the docs
// with the owners its comments promise, pattern semantics one row each, and the lines
// GitHub skips.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/strings.h"
#include "policy/codeowners.h"

namespace infra_flash {
namespace {

std::string OwnersText(const Codeowners& file, const std::string& path) {
  std::vector<std::string> names;
  for (const CodeOwner& owner : file.OwnersOf(path)) names.push_back(owner.Display());
  return Join(names, " ");
}

// The example of GitHub's documentation, rule for rule.
constexpr char kDocsExample[] = R"(# This is a comment.
# Each line is a file pattern followed by one or more owners.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
)";

TEST(Codeowners, TheDocumentationsExampleOwnsWhatItsCommentsSay) {
  const Codeowners file = ParseCodeowners(kDocsExample);
  EXPECT_TRUE(file.skipped.empty());
  EXPECT_EQ(file.rules.size(), 12u);
  struct Case {
    const char* path;
    const char* owners;  // displayed, space-separated; "" for none
  } cases[] = {
      {"README.md", "@global-owner1 @global-owner2"},
      {"deeply/nested/file.rb", "@global-owner1 @global-owner2"},
      {"src/app.js", "@js-owner"},
      {"main.go", "docs@example.com"},
      {"notes/a.txt", "@octo-org/octocats"},
      {"build/logs/today.log", "@octocat"},      // **/logs comes later than /build/logs/
      {"docs/getting-started.md", "@doctocat"},  // /docs/ comes later than docs/*
      {"docs/build-app/troubleshooting.md", "@doctocat"},
      {"x/docs/y.md", "@global-owner1 @global-owner2"},  // docs/* and /docs/ are rooted
      {"scripts/run.sh", "@doctocat @octocat"},
      {"deeply/nested/logs/x.txt", "@octocat"},
      {"logs", "@octocat"},
      {"x/apps/y.rb", "@octocat"},  // apps/ matches at any depth
      {"apps/other.rb", "@octocat"},
      {"apps/github", ""},  // a pattern without owners: no owner
      {"apps/github/deep/main.go", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(OwnersText(file, c.path), c.owners) << c.path;
}

TEST(Codeowners, PatternsMatchLikeGitignoreWithGitHubsExceptions) {
  struct Case {
    const char* pattern;
    const char* path;
    bool matches;
  } cases[] = {
      {"docs/*", "docs/a.md", true},
      {"docs/*", "docs/build/b.md", false},  // GitHub: `/*` is only the files directly in it
      {"docs/*", "x/docs/a.md", false},      // a `/` inside anchors at the root
      {"/*", "top.txt", true},
      {"/*", "dir/file.txt", false},
      {"*", "any/where/at/all.txt", true},
      {"*.md", "a/b/c.md", true},
      {"/*.md", "a.md", true},
      {"/*.md", "a/b.md", false},
      {"apps/", "x/apps/y.rb", true},
      {"apps/", "apps", false},  // a trailing `/` matches directories only
      {"apps", "apps", true},
      {"apps", "x/apps/y/z.rb", true},  // a directory owns all it contains
      {"/apps/github", "apps/github/x/y.go", true},
      {"a/b", "x/a/b", false},
      {"abc/**", "abc/x/y", true},
      {"abc/**", "abc", false},  // a trailing `/**` is what is inside
      {"a/**/b", "a/b", true},
      {"a/**/b", "a/x/y/b", true},
      {"a/**/b", "a/x/c", false},
      {"**/logs", "logs/x", true},
      {"**/logs", "a/b/logs", true},
      {"Docs/", "docs/a.md", false},  // case-sensitive
      {"file?.txt", "file1.txt", true},
      {"file?.txt", "file10.txt", false},
      {"file?.txt", "dir/file1.txt", true},
      {"*.js", "a.jsx", false},
      {"app/[id]/page.tsx", "app/[id]/page.tsx", true},  // `[ ]` is no range in CODEOWNERS
      {"app/[id]/page.tsx", "app/i/page.tsx", false},
      {"env*/prod/", "envs/prod/data/main.tf", true},
      {"env*/prod/", "x/envs/prod/main.tf", false},
      {"**", "a/b", true},
      {"/", "a", false},  // names no path
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CodeownersPattern(c.pattern).Matches(c.path), c.matches)
        << "`" << c.pattern << "` against " << c.path;
  }
}

TEST(Codeowners, TheLastMatchingRuleDecides) {
  const Codeowners file = ParseCodeowners(
      "envs/ @infra\n"
      "envs/prod/ @org/prod-owners\n"
      "*.md @docs\n"
      "envs/prod/README.md\n");
  struct Case {
    const char* path;
    const char* owners;
    int line;  // of the deciding rule; 0 for none
  } cases[] = {
      {"envs/staging/main.tf", "@infra", 1},
      {"envs/prod/data/main.tf", "@org/prod-owners", 2},
      {"envs/staging/README.md", "@docs", 3},
      {"envs/prod/README.md", "", 4},
      {"platform/main.tf", "", 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(OwnersText(file, c.path), c.owners) << c.path;
    const CodeownersRule* rule = file.RuleFor(c.path);
    EXPECT_EQ(rule == nullptr ? 0 : rule->line, c.line) << c.path;
  }
}

TEST(Codeowners, LinesGitHubSkipsAreSkippedAndSaySo) {
  struct Case {
    const char* line;
    const char* reason;  // part of the reason; "" when the line is a rule
    const char* owners;  // of the rule
  } cases[] = {
      {"*.js @a", "", "@a"},
      {"*.js @a # a comment", "", "@a"},
      {"*.js @a #not-an-owner", "", "@a"},
      {"docs/ @org/team a@b.example", "", "@org/team a@b.example"},
      {"bin/", "", ""},
      {"path\\ with\\ spaces/ @a", "", "@a"},
      {"!*.js @a", "`!` negation does not work", ""},
      {"\\#notes @a", "escaping `#`", ""},
      {"*.js @a someone", "`someone` is not an owner", ""},
      {"*.js @a @", "`@` is not an owner", ""},
      {"*.js @a/b/c", "`@a/b/c` is not an owner", ""},
      {"*.js @-a", "`@-a` is not an owner", ""},
      {"/ @a", "names no path", ""},
  };
  for (const Case& c : cases) {
    const Codeowners file = ParseCodeowners(std::string("# header\n\n") + c.line + "\n");
    if (std::string(c.reason).empty()) {
      ASSERT_EQ(file.rules.size(), 1u) << c.line;
      EXPECT_TRUE(file.skipped.empty()) << c.line;
      EXPECT_EQ(file.rules[0].line, 3) << c.line;
      std::vector<std::string> owners;
      for (const CodeOwner& owner : file.rules[0].owners) owners.push_back(owner.Display());
      EXPECT_EQ(Join(owners, " "), c.owners) << c.line;
    } else {
      EXPECT_TRUE(file.rules.empty()) << c.line;
      ASSERT_EQ(file.skipped.size(), 1u) << c.line;
      EXPECT_EQ(file.skipped[0].line, 3) << c.line;
      EXPECT_NE(file.skipped[0].reason.find(c.reason), std::string::npos)
          << c.line << ": " << file.skipped[0].reason;
    }
  }
}

TEST(Codeowners, AnEscapedSpaceIsPartOfThePattern) {
  const Codeowners file = ParseCodeowners("my\\ docs/ @writer\n");
  ASSERT_EQ(file.rules.size(), 1u);
  EXPECT_EQ(file.rules[0].pattern, "my docs/");
  EXPECT_EQ(OwnersText(file, "my docs/a.md"), "@writer");
  EXPECT_EQ(OwnersText(file, "my/a.md"), "");
}

TEST(Codeowners, OwnerKindsAreTold) {
  const Codeowners file = ParseCodeowners("* @bob @org/platform ops@example.com\n");
  ASSERT_EQ(file.rules.size(), 1u);
  const std::vector<CodeOwner>& owners = file.rules[0].owners;
  ASSERT_EQ(owners.size(), 3u);
  EXPECT_EQ(owners[0].kind, OwnerKind::kUser);
  EXPECT_EQ(owners[0].name, "bob");
  EXPECT_EQ(owners[1].kind, OwnerKind::kTeam);
  EXPECT_EQ(owners[1].name, "org/platform");
  EXPECT_EQ(owners[2].kind, OwnerKind::kEmail);
  EXPECT_EQ(owners[2].name, "ops@example.com");
}

TEST(Codeowners, CrlfLinesAndAFileGitHubWouldNotLoad) {
  const Codeowners windows = ParseCodeowners("* @a\r\n/docs/ @b\r\n");
  EXPECT_EQ(OwnersText(windows, "docs/x.md"), "@b");
  EXPECT_EQ(OwnersText(windows, "x.md"), "@a");

  std::string huge = "* @a\n";
  huge.resize(kCodeownersMaxBytes, '#');
  const Codeowners too_large = ParseCodeowners(huge);
  EXPECT_TRUE(too_large.too_large);
  EXPECT_TRUE(too_large.rules.empty());
  EXPECT_EQ(OwnersText(too_large, "x.md"), "") << "not loaded, as on GitHub";
  EXPECT_FALSE(ParseCodeowners(huge.substr(0, kCodeownersMaxBytes - 1)).too_large);
}

TEST(Codeowners, ManyDoubleStarsStayFast) {
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "**/";
  pattern += "z";
  std::string path;
  for (int i = 0; i < 60; ++i) path += "a/";
  path += "y";
  EXPECT_FALSE(CodeownersPattern(pattern).Matches(path));
  EXPECT_TRUE(CodeownersPattern(pattern).Matches(path + "/z"));
  const std::string stars(200, '*');
  EXPECT_FALSE(CodeownersPattern(stars + "x").Matches(std::string(5000, 'a')));
}

}  // namespace
}  // namespace infra_flash
