#include "report/markdown.h"

#include <gtest/gtest.h>

namespace infra_flash {
namespace {

const std::string kZwsp = "\u200b";

struct EscapeCase {
  const char* name;
  std::string input;
  std::string expected;
};

TEST(MarkdownText, Table) {
  const EscapeCase cases[] = {
      {"plain", "platform", "platform"},
      {"pipe", "a|b", "a\\|b"},
      {"html", "<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"},
      {"ampersand", "a & b", "a &amp; b"},
      {"mention", "@octocat", "@" + kZwsp + "octocat"},
      {"backtick", "a `b`", "a \\`b\\`"},
      {"emphasis and links", "*x* _y_ [l](u) ~z~", "\\*x\\* \\_y\\_ \\[l\\](u) \\~z\\~"},
      {"heading and image", "# h ![i]", "\\# h \\!\\[i\\]"},
      {"backslash", "a\\b", "a\\\\b"},
      {"newlines", "one\ntwo\r\nthree", "one two  three"},
      {"control",
       std::string("a\x01"
                   "b"),
       "a b"},
      {"bidi override dropped", "abc\u202Edef", "abcdef"},
      {"comment marker", "<!-- x -->", "&lt;\\!-- x --&gt;"},
      {"unicode kept", "−0 ✅ 日本", "−0 ✅ 日本"},
  };
  for (const EscapeCase& c : cases) EXPECT_EQ(MarkdownText(c.input), c.expected) << c.name;
}

TEST(HtmlText, Table) {
  const EscapeCase cases[] = {
      {"plain", "platform plan", "platform plan"},
      {"tags", "</summary><b>", "&lt;/summary&gt;&lt;b&gt;"},
      {"quote", "\"x\"", "&quot;x&quot;"},
      {"mention", "@team", "@" + kZwsp + "team"},
      {"markdown is literal here", "*a* | b", "*a* | b"},
      {"newline", "a\nb", "a b"},
  };
  for (const EscapeCase& c : cases) EXPECT_EQ(HtmlText(c.input), c.expected) << c.name;
}

TEST(MarkdownCodeSpan, Table) {
  struct {
    const char* name;
    std::string input;
    CodeContext context;
    std::string expected;
  } cases[] = {
      {"plain", "feature-branch", CodeContext::kInline, "`feature-branch`"},
      {"one backtick inside", "a`b", CodeContext::kInline, "``a`b``"},
      {"run of three", "a```b", CodeContext::kInline, "````a```b````"},
      {"leading backtick padded", "`a", CodeContext::kInline, "`` `a ``"},
      {"pipe inline kept", "a|b", CodeContext::kInline, "`a|b`"},
      {"pipe in a cell escaped", "a|b", CodeContext::kTableCell, "`a\\|b`"},
      {"newline", "a\nb", CodeContext::kInline, "`a b`"},
      {"markers defused", "<!--x-->", CodeContext::kInline, "`<!-" + kZwsp + "-x-" + kZwsp + "->`"},
      {"empty", "", CodeContext::kInline, "` `"},
  };
  for (const auto& c : cases) EXPECT_EQ(MarkdownCodeSpan(c.input, c.context), c.expected) << c.name;
}

TEST(MarkdownFence, FenceIsLongerThanAnyRunInside) {
  struct {
    const char* name;
    std::string input;
    std::string expected;
  } cases[] = {
      {"plain", "a\nb", "```\na\nb\n```\n"},
      {"keeps trailing newline", "a\n", "```\na\n```\n"},
      {"a fence inside", "```\ncode\n```", "````\n```\ncode\n```\n````\n"},
      {"a long run inside", "x `````` y", "```````\nx `````` y\n```````\n"},
      {"terminal colours and CR stripped", "\x1b[1;32m+ add\x1b[0m\r\n", "```\n+ add\n```\n"},
      {"markers defused", "<!-- infra-flash:state {} -->",
       "```\n<!-" + kZwsp + "- infra-flash:state {} -" + kZwsp + "->\n```\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(MarkdownFence(c.input), c.expected) << c.name;
}

}  // namespace
}  // namespace infra_flash
