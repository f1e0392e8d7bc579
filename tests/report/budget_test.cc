#include "report/budget.h"

#include <gtest/gtest.h>

#include <numeric>

namespace infra_flash {
namespace {

bool IsValidUtf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80         ? 1
                         : (c >> 5) == 6  ? 2
                         : (c >> 4) == 14 ? 3
                         : (c >> 3) == 30 ? 4
                                          : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

std::string Lines(int count, const std::string& word = "line") {
  std::string text;
  for (int i = 0; i < count; ++i) text += word + " " + std::to_string(i) + "\n";
  return text;
}

TEST(CutMiddle, FittingTextIsUnchanged) {
  EXPECT_EQ(CutMiddle("short", 100, "x"), "short");
  EXPECT_EQ(CutMiddle("", 0, "x"), "");
}

TEST(CutMiddle, StaysWithinBudgetKeepsHeadAndTailAndSaysSo) {
  struct {
    const char* name;
    std::string text;
    std::size_t budget;
  } cases[] = {
      {"many lines", Lines(2000), 1000},
      {"one huge line", std::string(50'000, 'x'), 700},
      {"multibyte", Lines(3000, "✅−日本"), 2048},
      {"just above the note", Lines(100), 130},
      {"budget equals size - 1", Lines(50), Lines(50).size() - 1},
  };
  for (const auto& c : cases) {
    const std::string out = CutMiddle(c.text, c.budget, "the full plan is in the run's summary");
    EXPECT_LE(out.size(), c.budget) << c.name;
    EXPECT_TRUE(IsValidUtf8(out)) << c.name;
    EXPECT_NE(out.find("cut here"), std::string::npos) << c.name;
    if (c.budget >= 300) {
      EXPECT_EQ(out.substr(0, 5), c.text.substr(0, 5)) << c.name << ": head kept";
      EXPECT_EQ(out.substr(out.size() - 3), c.text.substr(c.text.size() - 3))
          << c.name << ": tail kept";
    }
  }
}

TEST(CutMiddle, CutsOnLineEndsAndCountsWhatItRemoved) {
  const std::string text = Lines(1000);
  const std::string out = CutMiddle(text, 800, "");
  const std::size_t note = out.find("… ✂ ");
  ASSERT_NE(note, std::string::npos);
  EXPECT_EQ(out[note - 1], '\n') << "the head ends on a whole line";
  const std::size_t note_end = out.find(" …\n", note);
  ASSERT_NE(note_end, std::string::npos);
  EXPECT_EQ(out.substr(note_end + std::string(" …\n").size(), 5), "line ")
      << "the tail starts on a whole line";
  // Lines kept + lines reported cut == all lines.
  const std::size_t kept = static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n')) - 1;
  const std::size_t reported = std::stoul(out.substr(note + std::string("… ✂ ").size()));
  EXPECT_EQ(kept + reported, 1000u);
}

TEST(CutMiddle, TinyBudgetGivesAsMuchOfTheNoteAsFits) {
  const std::string out = CutMiddle(Lines(100), 10, "where");
  EXPECT_LE(out.size(), 10u);
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(ShareBudget, Table) {
  struct {
    const char* name;
    std::vector<std::size_t> sizes;
    std::size_t total;
    std::vector<std::size_t> expected;
  } cases[] = {
      {"all fit", {10, 20, 30}, 100, {10, 20, 30}},
      {"equal split", {100, 100}, 100, {50, 50}},
      {"small ones keep theirs", {10, 1000, 1000}, 210, {10, 100, 100}},
      {"order kept", {1000, 10, 1000}, 210, {100, 10, 100}},
      {"nothing", {5, 5}, 0, {0, 0}},
      {"empty", {}, 100, {}},
  };
  for (const auto& c : cases) {
    const auto shares = ShareBudget(c.sizes, c.total);
    EXPECT_EQ(shares, c.expected) << c.name;
    EXPECT_LE(std::accumulate(shares.begin(), shares.end(), std::size_t{0}), c.total) << c.name;
  }
}

}  // namespace
}  // namespace infra_flash
