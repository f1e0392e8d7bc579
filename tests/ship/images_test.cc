// The README's pictures of the dashboard (docs/images) are rendered from golden files by
// scripts/render-images.sh, which records in docs/images/sources.sha256 the SHA-256 of the
// golden each picture was rendered from. A golden that changed since shows a stale
// picture; a picture that is not a PNG, or that the README does not show, is a broken one.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/sha256.h"
#include "common/strings.h"
#include "ship_files.h"

namespace infra_flash::ship {
namespace {

const std::string kRerender = "run scripts/render-images.sh and commit docs/images";

// One line of docs/images/sources.sha256: "SHA256  tests/golden/FILE.md  docs/images/FILE.png".
struct ImageSource {
  int line = 0;  // 1-based
  std::string sha256;
  std::string golden;  // relative to the repository root
  std::string image;   // relative to the repository root
};

std::vector<ImageSource> ImageSources() {
  std::vector<ImageSource> sources;
  auto text = ReadRepoFile("docs/images/sources.sha256");
  EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().ToString()) << ": " << kRerender;
  if (!text.ok()) return sources;
  int number = 0;
  for (std::string_view line : SplitLines(*text)) {
    ++number;
    if (Trim(line).empty()) continue;
    std::istringstream fields{std::string(line)};
    ImageSource source;
    source.line = number;
    std::string extra;
    fields >> source.sha256 >> source.golden >> source.image;
    const bool complete = !source.image.empty() && !(fields >> extra);
    EXPECT_TRUE(complete) << "docs/images/sources.sha256:" << number
                          << ": expected SHA256  GOLDEN  IMAGE, got `" << line << "`";
    if (complete) sources.push_back(source);
  }
  return sources;
}

TEST(Images, EachWasRenderedFromItsGoldenAsItIsNow) {
  const std::vector<ImageSource> sources = ImageSources();
  EXPECT_GE(sources.size(), 2u) << "docs/images/sources.sha256 lists no images: " << kRerender;
  for (const ImageSource& source : sources) {
    SCOPED_TRACE("docs/images/sources.sha256:" + std::to_string(source.line));
    EXPECT_EQ(source.golden.rfind("tests/golden/", 0), 0u) << source.golden;
    auto golden = ReadRepoFile(source.golden);
    ASSERT_TRUE(golden.ok()) << golden.error().ToString() << ": " << kRerender;
    auto digest = Sha256Hex(*golden);
    ASSERT_TRUE(digest.ok()) << digest.error().ToString();
    EXPECT_EQ(*digest, source.sha256) << source.golden << " changed since " << source.image
                                      << " was rendered from it: " << kRerender;
  }
}

TEST(Images, EachIsAPngTheReadmeShows) {
  const std::string_view png_signature("\x89PNG\r\n\x1a\n", 8);
  auto readme = ReadRepoFile("README.md");
  ASSERT_TRUE(readme.ok()) << readme.error().ToString();
  for (const ImageSource& source : ImageSources()) {
    SCOPED_TRACE("docs/images/sources.sha256:" + std::to_string(source.line));
    EXPECT_EQ(source.image.rfind("docs/images/", 0), 0u) << source.image;
    auto image = ReadRepoFile(source.image);
    ASSERT_TRUE(image.ok()) << image.error().ToString() << ": " << kRerender;
    EXPECT_EQ(std::string_view(*image).substr(0, png_signature.size()), png_signature)
        << source.image << " is not a PNG: " << kRerender;
    EXPECT_NE(readme->find(source.image), std::string::npos)
        << "README.md does not show " << source.image;
  }
}

}  // namespace
}  // namespace infra_flash::ship
