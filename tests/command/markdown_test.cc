#include "command/markdown.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

TEST(Code, NeutralisesWhatCouldEscapeTheSpan) {
  struct {
    const char* name;
    std::string text;
    std::string code;
  } const cases[] = {
      {"plain", "platform", "`platform`"},
      {"empty", "", "`\"\"`"},
      {"backtick", "a`b", "`a'b`"},
      {"mention stays inside", "@admin", "`@admin`"},
      {"html stays inside", "<b>x</b>", "`<b>x</b>`"},
      {"newline", "a\nb", "`a?b`"},
      {"NUL", std::string("a\0b", 3), "`a?b`"},
      {"escape", "\x1b[31m", "`?[31m`"},
      {"DEL", "a\x7f", "`a?`"},
      {"UTF-8 kept", "caf\xC3\xA9", "`caf\xC3\xA9`"},
      {"broken UTF-8", "a\xC3", "`a?`"},
      {"overlong lead byte", "\xC0\xAF", "`??`"},
      {"right-to-left override",
       "a\xE2\x80\xAE"
       "b",
       "`a?b`"},
      {"zero-width joiner",
       "a\xE2\x80\x8D"
       "b",
       "`a?b`"},
      {"byte order mark",
       "\xEF\xBB\xBF"
       "a",
       "`?a`"},
      {"pipe kept inline", "a|b", "`a|b`"},
      {"cut", std::string(100, 'x'), "`" + std::string(80, 'x') + "…`"},
  };
  for (const auto& c : cases) EXPECT_EQ(Code(c.text), c.code) << c.name;
}

TEST(CodeCell, EscapesPipes) { EXPECT_EQ(CodeCell("a|b"), "`a\\|b`"); }

TEST(CodeList, ListsAndCaps) {
  EXPECT_EQ(CodeList({}), "(none)");
  EXPECT_EQ(CodeList({"a", "b"}), "`a`, `b`");
  EXPECT_EQ(CodeList({"a", "b", "c", "d"}, 2), "`a`, `b` and 2 more");
}

}  // namespace
}  // namespace infra_flash
