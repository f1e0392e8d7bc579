#include <gtest/gtest.h>

#include "config/suggest.h"

namespace infra_flash {
namespace {

TEST(ClosestIgnoringCase, FindsPlausibleTypos) {
  const std::vector<std::string> keys = {"dir", "engine", "depends_on", "environment", "steps"};
  struct Case {
    const char* word;
    const char* expected;
  };
  const Case cases[] = {
      {"depend_on", "depends_on"},
      {"dependson", "depends_on"},
      {"dpeends_on", "depends_on"},
      {"Engine", "engine"},
      {"enviroment", "environment"},
      {"dri", "dir"},
      {"step", "steps"},
      {"colour", ""},
      {"x", ""},
      {"dependencies", ""},
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(ClosestIgnoringCase(c.word, keys), c.expected) << c.word;
}

TEST(DidYouMean, FormatsOrStaysEmpty) {
  EXPECT_EQ(DidYouMean("aply", {"plan", "apply"}), " did you mean `apply`?");
  EXPECT_EQ(DidYouMean("zzzz", {"plan", "apply"}), "");
}

}  // namespace
}  // namespace infra_flash
