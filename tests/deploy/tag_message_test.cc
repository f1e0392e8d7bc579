// The messages of infra-flash's annotated tags: written, read back, and read leniently
// when a person made or edited the tag.
#include "deploy/tag_message.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

const std::string kDigest(64, 'a');
const std::string kCommit(40, 'c');

TEST(TagMessage, RoundTrips) {
  const TagMessage cases[] = {
      {"v0.1.0", kDigest, kCommit, ""},
      {"v0.2.0", kDigest, kCommit, "v0.1.3"},
      {"v0.1.1", "", kCommit, ""},
  };
  for (const TagMessage& message : cases) {
    const TagMessage read = ParseTagMessage(FormatTagMessage(message));
    EXPECT_EQ(read.tag, message.tag);
    EXPECT_EQ(read.fingerprint, message.fingerprint) << message.tag;
    EXPECT_EQ(read.commit, message.commit) << message.tag;
    EXPECT_EQ(read.promoted_from, message.promoted_from) << message.tag;
  }
}

TEST(TagMessage, TheDocumentedFormat) {
  EXPECT_EQ(FormatTagMessage({"v1.4.3", kDigest, kCommit, "v1.4.2"}),
            "infra-flash v1.4.3\nfingerprint: sha256:" + kDigest + "\ncommit: " + kCommit +
                "\npromoted-from: v1.4.2\n");
}

TEST(TagMessage, ReadsLeniently) {
  const struct {
    const char* name;
    std::string text;
    std::string fingerprint;
    std::string commit;
  } cases[] = {
      {"hand-made tag", "Release 1.4.3\n\nlots of notes: here", "", ""},
      {"upper-case digest is normalised", "fingerprint: sha256:" + std::string(64, 'A'), kDigest,
       ""},
      {"short digest is unknown", "fingerprint: sha256:abc", "", ""},
      {"no prefix is unknown", "fingerprint: " + kDigest, "", ""},
      {"CRLF and spaces", "commit:   " + kCommit + "  \r\nfingerprint: sha256:" + kDigest + "\r\n",
       kDigest, kCommit},
  };
  for (const auto& c : cases) {
    const TagMessage read = ParseTagMessage(c.text);
    EXPECT_EQ(read.fingerprint, c.fingerprint) << c.name;
    EXPECT_EQ(read.commit, c.commit) << c.name;
  }
}

}  // namespace
}  // namespace infra_flash
