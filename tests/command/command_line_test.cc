#include "command/command_line.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

TEST(FindCommandLine, FirstNonEmptyLineAndWhatFollows) {
  struct {
    const char* name;
    std::string body;
    std::string text;
    Following following;
  } const cases[] = {
      {"empty", "", "", Following::kNothing},
      {"blank", " \n\t\r\n", "", Following::kNothing},
      {"one line", "/plan", "/plan", Following::kNothing},
      {"trimmed", "  /plan a  ", "/plan a", Following::kNothing},
      {"after blank lines", "\n\n /plan\n\n", "/plan", Following::kNothing},
      {"more lines", "/plan\nthanks", "/plan", Following::kMoreText},
      {"CRLF", "/plan\r\nthanks\r\n", "/plan", Following::kMoreText},
      {"lone CR", "/plan\rthanks", "/plan", Following::kMoreText},
      {"inline code", "`/plan a`", "/plan a", Following::kNothing},
      {"inline code, inner spaces", "` /plan a `", "/plan a", Following::kNothing},
      {"two code spans stay", "`/plan` `a`", "`/plan` `a`", Following::kNothing},
      {"uneven backticks stay", "``/plan`", "``/plan`", Following::kNothing},
      {"fence", "```\n/plan\n```", "/plan", Following::kNothing},
      {"fence with info", "```shell\n/plan\n```\n\n", "/plan", Following::kNothing},
      {"longer closing fence", "```\n/plan\n`````", "/plan", Following::kNothing},
      {"tilde fence", "~~~\n/plan\n~~~", "/plan", Following::kNothing},
      {"mismatched closing fence", "```\n/plan\n~~~", "/plan", Following::kMoreText},
      {"two lines in a fence", "```\n/plan\n/apply\n```", "/plan", Following::kMoreText},
      {"text after a fence", "```\n/plan\n```\nok", "/plan", Following::kMoreText},
      {"unclosed fence", "```\n/plan", "/plan", Following::kNothing},
      {"empty fence", "```\n```", "", Following::kNothing},
  };
  for (const auto& c : cases) {
    CommandLine line = FindCommandLine(c.body);
    EXPECT_EQ(line.text, c.text) << c.name;
    EXPECT_EQ(line.following == Following::kMoreText, c.following == Following::kMoreText)
        << c.name;
    EXPECT_EQ(line.length, LineLength::kWithinLimit) << c.name;
  }
}

TEST(FindCommandLine, CutsLongLines) {
  const std::string body = "/plan " + std::string(10000, 'x') + "\nmore";
  CommandLine line = FindCommandLine(body);
  EXPECT_EQ(line.length, LineLength::kTooLong);
  EXPECT_EQ(line.text.size(), kMaxCommandLineBytes);
  EXPECT_EQ(line.following, Following::kMoreText);

  const std::string exact = std::string(kMaxCommandLineBytes, 'x');
  EXPECT_EQ(FindCommandLine(exact).length, LineLength::kWithinLimit) << "exactly at the limit";
}

}  // namespace
}  // namespace infra_flash
