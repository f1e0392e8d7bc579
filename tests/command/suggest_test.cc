#include "command/suggest.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

TEST(ClosestMatch, StaysWithinTheTypoBudget) {
  const std::vector<std::string_view> commands = {"plan", "apply", "unlock", "e2e", "help"};
  struct {
    const char* word;
    const char* expected;  // "" for none
  } const cases[] = {
      {"paln", "plan"},    {"aply", "apply"}, {"applyy", "apply"},
      {"unlok", "unlock"}, {"plan", ""},  // exact: not a suggestion
      {"pl", ""},                         // too short to guess
      {"e2", ""},                         // too short to guess
      {"plans", "plan"},   {"palm", ""},  // two edits in a four-letter word is too many
      {"deploy", ""},      {"hepl", "help"},
  };
  for (const auto& c : cases) {
    std::optional<std::string_view> match = ClosestMatch(c.word, commands);
    EXPECT_EQ(match.value_or(""), std::string_view(c.expected)) << c.word;
  }
}

}  // namespace
}  // namespace infra_flash
