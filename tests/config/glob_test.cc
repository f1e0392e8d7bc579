// Globs: what matches what, what is refused, and the set matching many at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "config/glob.h"

namespace infra_flash {
namespace {

struct MatchCase {
  const char* pattern;
  const char* path;
  bool matches;
};

const MatchCase kMatchCases[] = {
    {"*.tf", "main.tf", true},
    {"*.tf", "a/main.tf", false},  // * stays within a segment
    {"*", "a", true},
    {"*", "a/b", false},
    {"x/*/y", "x/a/y", true},
    {"x/*/y", "x/a/b/y", false},
    {"**/*.tf", "main.tf", true},
    {"**/*.tf", "a/b/main.tf", true},
    {"**/*.md", "README.md", true},
    {"**/*.md", "docs/a/b.md", true},
    {"**/*.md", "docs/a/b.mdx", false},
    {"a/**/b", "a/b", true},
    {"a/**/b", "a/x/b", true},
    {"a/**/b", "a/x/y/b", true},
    {"a/**/b", "a/xb", false},
    {"a/**/b", "ab", false},
    {"a/**/b", "a/x/b/c", false},
    {"**", "x", true},
    {"**", "anything/at/all.tf", true},
    {"docs/**", "docs/x", true},
    {"docs/**", "docs/x/y.md", true},
    {"docs/**", "docs", false},
    {"docs/**", "documentation/x", false},
    {"docs/", "docs/a/b", true},    // a trailing slash means everything below
    {"./libs/**", "libs/a", true},  // a leading ./ is dropped
    {"libs/**/*.tf", "libs/main.tf", true},
    {"libs/**/*.tf", "libs/a/b/main.tf", true},
    {"libs/**/*.tf", "libs/a/b/main.hcl", false},
    {"?.tf", "a.tf", true},
    {"?.tf", "ab.tf", false},
    {"a?c", "a/c", false},  // ? is never a slash
    {"{a,b}.tf", "a.tf", true},
    {"{a,b}.tf", "b.tf", true},
    {"{a,b}.tf", "c.tf", false},
    {"envs/{staging,prod}/**", "envs/prod/data/main.tf", true},
    {"envs/{staging,prod}/**", "envs/dev/data/main.tf", false},
    {"{,x}a", "a", true},
    {"{*.tf,*.hcl}", "root.hcl", true},
    {"[abc].tf", "b.tf", true},
    {"[abc].tf", "d.tf", false},
    {"[a-c]x", "bx", true},
    {"[a-c]x", "dx", false},
    {"[!a-c]x", "dx", true},
    {"[!a-c]x", "ax", false},
    {"[^a]x", "/x", false},  // a negated class is never a slash either
    {"[]]x", "]x", true},
    {"a.tf", "aXtf", false},  // regex characters are literal
    {"a+b(c)|d$", "a+b(c)|d$", true},
    {"a,b", "a,b", true},
    {"\\*.tf", "*.tf", true},
    {"\\*.tf", "x.tf", false},
    {"\\[id\\].tsx", "[id].tsx", true},
    {"*.TF", "main.tf", false},  // case-sensitive, as git is
    {".github/**", ".github/workflows/ci.yml", true},
    {"*", ".hidden", true},  // no special case for dot files
    {"caf\xc3\xa9/*", "caf\xc3\xa9/menu.tf", true},
    {"*.tf", "bad\xff.tf", true},  // any byte is a character
};

TEST(Glob, MatchesPaths) {
  for (const MatchCase& c : kMatchCases) {
    Result<Glob> glob = Glob::Compile(c.pattern);
    ASSERT_TRUE(glob.ok()) << c.pattern << ": " << glob.error().message;
    EXPECT_EQ(glob->Matches(c.path), c.matches) << "`" << c.pattern << "` vs `" << c.path << "`";
  }
}

TEST(GlobSet, AgreesWithEachGlob) {
  std::vector<std::string> patterns;
  for (const MatchCase& c : kMatchCases) patterns.emplace_back(c.pattern);
  Result<GlobSet> set = GlobSet::Compile(patterns);
  ASSERT_TRUE(set.ok()) << set.error().message;
  ASSERT_EQ(set->size(), patterns.size());
  for (const MatchCase& c : kMatchCases) {
    std::vector<int> expected;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      if (Glob::Compile(patterns[i])->Matches(c.path)) expected.push_back(static_cast<int>(i));
    }
    EXPECT_EQ(set->Match(c.path), expected) << c.path;
    EXPECT_EQ(set->MatchesAny(c.path), !expected.empty()) << c.path;
  }
}

TEST(GlobSet, ReportsEveryMatchingPattern) {
  Result<GlobSet> set = GlobSet::Compile({"docs/**", "**/*.md", "libs/**"});
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->Match("docs/README.md"), (std::vector<int>{0, 1}));
  EXPECT_EQ(set->Match("libs/x.tf"), std::vector<int>{2});
  EXPECT_TRUE(set->Match("main.tf").empty());
  EXPECT_FALSE(set->MatchesAny("main.tf"));
}

TEST(GlobSet, EmptyMatchesNothing) {
  Result<GlobSet> set = GlobSet::Compile({});
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->Match("anything").empty());
  EXPECT_FALSE(set->MatchesAny("anything"));
  EXPECT_FALSE(GlobSet().MatchesAny("anything"));
}

TEST(GlobSet, NamesTheBadPattern) {
  Result<GlobSet> set = GlobSet::Compile({"docs/**", "libs**"});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().message.rfind("`libs**`: `**` must be a whole path segment", 0), 0u)
      << set.error().message;
}

TEST(GlobSet, ManyPatternsStillMatch) {
  std::vector<std::string> patterns;
  for (int i = 0; i < 2000; ++i) patterns.push_back("layer" + std::to_string(i) + "/{a,b}/**/*.tf");
  Result<GlobSet> set = GlobSet::Compile(patterns);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->Match("layer1234/b/x/y/main.tf"), std::vector<int>{1234});
  EXPECT_TRUE(set->Match("layer1234/c/main.tf").empty());
}

// GlobSet matches most patterns segment by segment and the rest with RE2 (glob.h); both
// must say what Glob (RE2 alone, from GlobToRegex) says. Random patterns from the pieces
// whose meaning is subtle: `**` at the start, middle and end, `*` and `?` next to
// literals, braces with empty and wildcard options, a trailing `/`, a leading `./`, and
// classes and escapes (the RE2 side); random paths with empty segments and a trailing `/`.
TEST(GlobSet, SegmentMatchingAgreesWithRe2OnRandomPatterns) {
  std::mt19937 random(20261207);
  const auto pick = [&random](std::initializer_list<const char*> choices) {
    return std::string(*(choices.begin() + random() % choices.size()));
  };
  const auto segment = [&] {
    std::string out;
    const int pieces = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < pieces; ++i) {
      out += pick({"a", "b", "ab", ".tf", "*", "?", "*a", "a*", "{a,b}", "{,a}", "{*,b}",
                   "{a?,*.tf}", ",", "[ab]", "\\*", "[!a]"});
    }
    return out;
  };
  const auto pattern = [&] {
    std::string out = random() % 8 == 0 ? "./" : "";
    const int segments = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < segments; ++i) {
      if (i > 0) out += '/';
      out += random() % 4 == 0 ? "**" : segment();
    }
    if (random() % 8 == 0) out += '/';
    return out;
  };
  const auto path = [&] {
    std::string out;
    const int segments = 1 + static_cast<int>(random() % 5);
    for (int i = 0; i < segments; ++i) {
      if (i > 0) out += '/';
      out +=
          pick({"a", "b", "ab", "ba", "aab", "x.tf", "a.tf", "", "*", ",", "{a,b}", ".", "abab"});
    }
    if (random() % 8 == 0) out += '/';
    return out;
  };
  std::vector<std::string> paths;
  for (int i = 0; i < 300; ++i) paths.push_back(path());
  std::size_t matched = 0;
  for (int round = 0; round < 60; ++round) {
    std::vector<std::string> patterns;
    std::vector<Glob> globs;
    while (patterns.size() < 25) {
      std::string candidate = pattern();
      Result<Glob> glob = Glob::Compile(candidate);
      if (!glob.ok()) continue;
      patterns.push_back(std::move(candidate));
      globs.push_back(std::move(*glob));
    }
    Result<GlobSet> set = GlobSet::Compile(patterns);
    ASSERT_TRUE(set.ok()) << set.error().message;
    for (const std::string& p : paths) {
      std::vector<int> expected;
      for (std::size_t i = 0; i < globs.size(); ++i) {
        if (globs[i].Matches(p)) expected.push_back(static_cast<int>(i));
      }
      matched += expected.size();
      const std::vector<int> got = set->Match(p);
      if (got != expected) {
        std::string which;
        for (std::size_t i = 0; i < globs.size(); ++i) {
          const bool in_got = std::find(got.begin(), got.end(), static_cast<int>(i)) != got.end();
          if (in_got != globs[i].Matches(p)) which += " `" + patterns[i] + "`";
        }
        ADD_FAILURE() << "path `" << p << "`: the set and RE2 disagree on" << which;
        return;
      }
      EXPECT_EQ(set->MatchesAny(p), !expected.empty()) << p;
    }
  }
  // The walk must have seen matches, not only refusals.
  EXPECT_GT(matched, 2000u);
}

// Within one segment, where `*` and `?` do their work: random patterns over a two-letter
// alphabet against every word of up to six letters, so that each place a piece may match
// (first, last, between, overlapping) is met.
TEST(GlobSet, SegmentWildcardsAgreeWithRe2OnEveryShortWord) {
  std::vector<std::string> words = {""};
  for (std::size_t begin = 0, length = 0; length < 6; ++length) {
    const std::size_t end = words.size();
    for (std::size_t i = begin; i < end; ++i) {
      words.push_back(words[i] + "a");
      words.push_back(words[i] + "b");
    }
    begin = end;
  }
  std::mt19937 random(7);
  for (int round = 0; round < 40; ++round) {
    std::vector<std::string> patterns;
    std::vector<Glob> globs;
    while (patterns.size() < 25) {
      std::string candidate;
      const int pieces = 1 + static_cast<int>(random() % 6);
      for (int i = 0; i < pieces; ++i) {
        static const char* const kPieces[] = {"a", "b", "ab", "ba", "?", "*", "{a,b}", "{ab,*b}"};
        candidate += kPieces[random() % std::size(kPieces)];
      }
      Result<Glob> glob = Glob::Compile(candidate);
      if (!glob.ok()) continue;  // `**` glued to a letter
      patterns.push_back(std::move(candidate));
      globs.push_back(std::move(*glob));
    }
    Result<GlobSet> set = GlobSet::Compile(patterns);
    ASSERT_TRUE(set.ok()) << set.error().message;
    for (const std::string& word : words) {
      const std::vector<int> got = set->Match(word);
      for (std::size_t i = 0; i < globs.size(); ++i) {
        const bool in_got = std::find(got.begin(), got.end(), static_cast<int>(i)) != got.end();
        ASSERT_EQ(in_got, globs[i].Matches(word)) << "`" << patterns[i] << "` vs `" << word << "`";
      }
    }
  }
}

// Past the segment matcher's bounds (glob.cc) a pattern is matched by RE2, in the same set:
// a `{...}` that holds a `/` or expands too far, a piece too long, too many segments
// between two `**`. Long path segments stay with the segment matcher.
TEST(GlobSet, PatternsPastTheBoundsStillMatch) {
  std::string wide;
  for (int i = 0; i < 5; ++i) wide += "{a,b,c}";  // 243 alternatives in one segment
  const std::string long_piece = "*" + std::string(200, 'a') + "*";
  std::string deep = "**";
  for (int i = 0; i < 10; ++i) deep += "/x";
  deep += "/**/y";
  Result<GlobSet> set =
      GlobSet::Compile({"{docs/x,src}/*.md", wide, "**/*.md", long_piece, deep, "*a*a*a*b"});
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->Match("docs/x/a.md"), (std::vector<int>{0, 2}));
  EXPECT_EQ(set->Match("src/a.md"), (std::vector<int>{0, 2}));
  EXPECT_EQ(set->Match("docs/a.md"), std::vector<int>{2});
  EXPECT_EQ(set->Match("abcab"), std::vector<int>{1});
  EXPECT_TRUE(set->Match("abcd").empty());
  EXPECT_EQ(set->Match("b" + std::string(200, 'a') + "b"), (std::vector<int>{3, 5}));
  EXPECT_TRUE(set->Match(std::string(199, 'a')).empty());
  EXPECT_EQ(set->Match("q/x/x/x/x/x/x/x/x/x/x/r/y"), std::vector<int>{4});
  EXPECT_TRUE(set->Match("q/x/x/x/x/x/x/x/x/x/r/y").empty());
  EXPECT_EQ(set->Match(std::string(10000, 'a') + "b"), (std::vector<int>{3, 5}));
  EXPECT_EQ(set->Match(std::string(10000, 'a')), std::vector<int>{3});
}

struct InvalidCase {
  const char* name;
  std::string pattern;
  const char* message;
};

const InvalidCase kInvalidCases[] = {
    {"empty", "", "the pattern is empty"},
    {"only dot slash", "./", "the pattern names no file"},
    {"absolute", "/etc/*", "patterns are relative to the repository root; drop the leading `/`"},
    {"double star glued after", "libs**",
     "`**` must be a whole path segment, as in `libs/**` or `**/*.tf` (column 5); use `*` to "
     "match within one segment"},
    {"double star glued before", "**.tf",
     "`**` must be a whole path segment, as in `libs/**` or `**/*.tf` (column 1); use `*` to "
     "match within one segment"},
    {"double star mid segment", "a/**b/c",
     "`**` must be a whole path segment, as in `libs/**` or `**/*.tf` (column 3); use `*` to "
     "match within one segment"},
    {"nested braces", "{a,{b,c}}", "nested `{...}` is not supported (column 4)"},
    {"unclosed brace", "src/{a,b", "the `{` at column 5 is never closed"},
    {"stray closing brace", "a}",
     "`}` at column 2 has no matching `{`; write `\\}` for a literal `}`"},
    {"double star in braces", "{**,a}", "`**` cannot be used inside `{...}`"},
    {"unclosed class", "[abc",
     "the `[` at column 1 is never closed; write `\\[` for a literal `[`"},
    {"slash in class", "[a/b]", "a `[...]` class cannot contain `/` (column 3)"},
    {"lone backslash", "abc\\", "the pattern ends with a lone `\\`"},
    {"too long", std::string(kMaxGlobLength + 1, 'a'),
     "the pattern is 1025 characters long; the limit is 1024"},
};

TEST(Glob, RefusesInvalidPatterns) {
  for (const InvalidCase& c : kInvalidCases) {
    Result<Glob> glob = Glob::Compile(c.pattern);
    ASSERT_FALSE(glob.ok()) << c.name;
    EXPECT_EQ(glob.error().message, c.message) << c.name;
  }
}

// Found by fuzz/config_fuzzer: the loader checks globs with GlobToRegex only, so a
// backwards range must be refused there, not first by RE2 in LayerIndex::Build.
TEST(Glob, ReversedRangeIsAnError) {
  for (const char* pattern : {"[z-a]", "[a---]", "[!--\x01]"}) {
    Result<std::string> regex = GlobToRegex(pattern);
    ASSERT_FALSE(regex.ok()) << pattern;
    EXPECT_NE(regex.error().message.find("backwards"), std::string::npos) << regex.error().message;
  }
}

TEST(Glob, LongestAllowedPatternCompiles) {
  std::string pattern;
  while (pattern.size() + 2 <= kMaxGlobLength) pattern += "*/";
  pattern.resize(kMaxGlobLength, 'a');
  EXPECT_TRUE(Glob::Compile(pattern).ok());
}

}  // namespace
}  // namespace infra_flash
