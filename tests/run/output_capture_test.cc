#include "run/output_capture.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

TEST(OutputCapture, KeepsEverythingThatFits) {
  OutputCapture capture(16, 16);
  capture.Append("hello\n");
  capture.Append("world\n");
  EXPECT_EQ(capture.Text(), "hello\nworld\n");
  EXPECT_EQ(capture.total_bytes(), 12u);
}

TEST(OutputCapture, KeepsHeadAndTailAtLineBoundaries) {
  OutputCapture capture(20, 20);
  std::string all;
  for (int i = 0; i < 100; ++i) {
    std::string line = "line " + std::to_string(i) + "\n";
    all += line;
    capture.Append(line);  // many small writes, as pipes deliver them
  }
  const std::string text = capture.Text();
  // "line 0\nline 1\nline 2\n" is 21 bytes: the head keeps the first two whole lines.
  EXPECT_EQ(text.rfind("line 0\nline 1\n", 0), 0u) << text;
  EXPECT_EQ(text.find("line 2\n"), std::string::npos) << "no half line: " << text;
  EXPECT_NE(text.find("bytes omitted"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - 16), "line 98\nline 99\n") << text;
  const std::size_t shown =
      std::string("line 0\nline 1\n").size() + std::string("line 98\nline 99\n").size();
  EXPECT_NE(text.find("… " + std::to_string(all.size() - shown) + " bytes omitted …\n"),
            std::string::npos)
      << text;
}

TEST(OutputCapture, OneHugeWrite) {
  OutputCapture capture(1024, 1024);
  std::string big(1 << 20, 'x');
  for (std::size_t i = 99; i < big.size(); i += 100) big[i] = '\n';
  capture.Append(big);
  const std::string text = capture.Text();
  EXPECT_LT(text.size(), 2200u);
  EXPECT_EQ(capture.total_bytes(), big.size());
}

TEST(OutputCapture, NotesAddMaskLinesAcrossChunksEvenWhenOmitted) {
  OutputCapture capture(8, 8);
  capture.Append("start\n::add-");
  capture.Append("mask::hunter2-secret\nfiller filler filler\n");
  capture.Append("  ::add-mask::second one\n");
  capture.Append("tail\n");
  EXPECT_EQ(capture.mask_lines(),
            (std::vector<std::string>{"::add-mask::hunter2-secret", "  ::add-mask::second one"}));
  EXPECT_EQ(capture.Text().find("hunter2"), std::string::npos) << "the middle is omitted";
}

}  // namespace
}  // namespace infra_flash
