#include "command/tokenizer.h"

#include <gtest/gtest.h>

namespace infra_flash {
namespace {

TEST(SplitWords, SplitsLikeAShellWithoutExpanding) {
  struct {
    const char* name;
    const char* line;
    std::vector<std::string> words;
  } const cases[] = {
      {"empty", "", {}},
      {"blanks only", " \t ", {}},
      {"plain words", "/plan a b", {"/plan", "a", "b"}},
      {"runs of blanks", "  a \t\t b  ", {"a", "b"}},
      {"single quotes group", "a 'b c' d", {"a", "b c", "d"}},
      {"double quotes group", "\"b c\"", {"b c"}},
      {"code span groups", "`b c` d", {"b c", "d"}},
      {"parts join", "a'b'\"c\"`d`", {"abcd"}},
      {"empty quotes make an empty word", "a '' b", {"a", "", "b"}},
      {"escaped quote in double quotes", R"("say \"hi\"")", {"say \"hi\""}},
      {"backslash kept in single quotes", R"('a\b')", {"a\\b"}},
      {"other escapes in double quotes stay", R"("a\nb")", {"a\\nb"}},
      {"backslash escapes a blank", R"(a\ b)", {"a b"}},
      {"double quote inside single quotes", R"('say "hi"')", {"say \"hi\""}},
      {"shell syntax is text",
       "$(rm -rf /); `id` | x > y",
       {"$(rm", "-rf", "/);", "id", "|", "x", ">", "y"}},
      {"glob is text", "*.tf", {"*.tf"}},
      {"double dash is a word", "a -- -b", {"a", "--", "-b"}},
  };
  for (const auto& c : cases) {
    Result<std::vector<std::string>> words = SplitWords(c.line);
    ASSERT_TRUE(words.ok()) << c.name << ": " << words.error().message;
    EXPECT_EQ(*words, c.words) << c.name;
  }
}

TEST(SplitWords, RefusesWhatIsNotClosed) {
  struct {
    const char* name;
    const char* line;
    const char* message;
  } const cases[] = {
      {"single quote", "a 'b", "is not closed"},
      {"double quote", "a \"b", "is not closed"},
      {"escaped closing quote", R"("a\")", "is not closed"},
      {"code span", "a `b", "code span"},
      {"lone backslash", "a\\", "lone backslash"},
  };
  for (const auto& c : cases) {
    Result<std::vector<std::string>> words = SplitWords(c.line);
    ASSERT_FALSE(words.ok()) << c.name;
    EXPECT_NE(words.error().message.find(c.message), std::string::npos)
        << c.name << ": " << words.error().message;
  }
}

TEST(SplitRawWords, KeepsWordEnds) {
  const std::string line = " /plan  'a b'\tc";
  std::vector<RawWord> words = SplitRawWords(line);
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[0].text, "/plan");
  EXPECT_EQ(words[1].text, "'a");
  EXPECT_EQ(words[2].text, "b'");
  EXPECT_EQ(words[3].text, "c");
  EXPECT_EQ(line.substr(words[0].end), "  'a b'\tc");
}

}  // namespace
}  // namespace infra_flash
