#include "common/suggest.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

TEST(EditDistance, CountsSwapsAsOneEdit) {
  struct {
    const char* a;
    const char* b;
    std::size_t distance;
  } const cases[] = {
      {"", "", 0},
      {"plan", "plan", 0},
      {"plan", "", 4},
      {"", "plan", 4},
      {"paln", "plan", 1},
      {"aply", "apply", 1},
      {"unlcok", "unlock", 1},
      {"plan", "Plan", 1},
      {"retest", "revert", 2},
      {"kitten", "sitting", 3},
      {"ca", "abc", 3},
      {"atlantsi", "atlantis", 1},
      {"diger", "digger", 1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(EditDistance(c.a, c.b), c.distance) << c.a << " / " << c.b;
    EXPECT_EQ(EditDistance(c.b, c.a), c.distance) << c.b << " / " << c.a << " (symmetric)";
  }
}

TEST(EditDistance, LongWordsAreNeverClose) {
  const std::string long_word(100, 'a');
  EXPECT_EQ(EditDistance(long_word, "a"), 100u);
  EXPECT_EQ(EditDistance(std::string(64, 'a'), std::string(64, 'b')), 64u);
}

}  // namespace
}  // namespace infra_flash
