// The apply log's names and order (pure parts, no I/O).
#include <gtest/gtest.h>

#include <chrono>

#include "store/apply_log.h"

namespace infra_flash {
namespace {

const std::string kA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

TEST(ApplyLog, RefNames) {
  struct Case {
    std::string environment, layer, stamp;
    std::int64_t pr;
    int sequence;
    std::string expected;
  };
  const Case cases[] = {
      {"staging", "data-staging", "20250301T120000Z", 12, 1,
       "refs/infra-flash/applied/staging/data-staging/20250301T120000Z-pr12"},
      {"ci", "platform", "20250301T120000Z", 0, 1,
       "refs/infra-flash/applied/ci/platform/20250301T120000Z-push"},
      {"prod", "db.v2", "20250301T120000Z", 3, 2,
       "refs/infra-flash/applied/prod/db.v2/20250301T120000Z-pr3-2"},
  };
  for (const Case& c : cases) {
    Result<std::string> name = AppliedRefName(c.environment, c.layer, c.stamp, c.pr, c.sequence);
    ASSERT_TRUE(name.ok()) << c.expected << ": " << name.error().message;
    EXPECT_EQ(*name, c.expected);
    std::optional<AppliedEntry> back = ParseAppliedRef(*name, kA);
    ASSERT_TRUE(back.has_value()) << c.expected;
    EXPECT_EQ(back->environment, c.environment) << c.expected;
    EXPECT_EQ(back->layer, c.layer) << c.expected;
    EXPECT_EQ(back->pr, c.pr) << c.expected;
    EXPECT_EQ(back->sequence, c.sequence) << c.expected;
    EXPECT_EQ(back->sha, kA) << c.expected;
  }
}

TEST(ApplyLog, NamesGitRefusesAreRefusedClearly) {
  struct Case {
    std::string environment, layer, problem;
  };
  const Case cases[] = {
      {"staging", "db..old", "\"..\""},
      {"staging", "db.lock", "\".lock\""},
      {"prod.", "db", "ends with \".\""},
      {"staging", ".hidden", "starts with \".\""},
      {"staging", "a b", "\" \""},
      {"staging", "a/b", "\"/\""},
      {"", "db", "empty"},
      {"staging", "x@{1}", "\"@{\""},
  };
  for (const Case& c : cases) {
    Result<std::string> prefix = ApplyLogPrefix(c.environment, c.layer);
    ASSERT_FALSE(prefix.ok()) << c.environment << "/" << c.layer;
    EXPECT_NE(prefix.error().message.find(c.problem), std::string::npos)
        << c.environment << "/" << c.layer << ": " << prefix.error().message;
    EXPECT_NE(prefix.error().message.find(".infra-flash.yml"), std::string::npos)
        << "says what to do: " << prefix.error().message;
  }
}

TEST(ApplyLog, ForeignRefsAreNotEntries) {
  const std::string refs[] = {
      "refs/infra-flash/locks/platform",
      "refs/infra-flash/applied/staging/data/20250301T120000Z",
      "refs/infra-flash/applied/staging/data/20250301T120000Z-pr",
      "refs/infra-flash/applied/staging/data/20250301T120000Z-pr1-1",
      "refs/infra-flash/applied/staging/data/2025030T120000Z-pr1",
      "refs/infra-flash/applied/staging/data/extra/20250301T120000Z-pr1",
      "refs/infra-flash/applied/staging/data/20250301T120000Z-merge",
  };
  for (const std::string& ref : refs) {
    EXPECT_FALSE(ParseAppliedRef(ref, kA).has_value()) << ref;
  }
}

TEST(ApplyLog, StampIsUtcAndSortsByTime) {
  const auto time = std::chrono::system_clock::time_point(std::chrono::seconds(1740830400));
  EXPECT_EQ(ApplyStamp(time), "20250301T120000Z");
  AppliedEntry entry;
  entry.stamp = "20250301T120000Z";
  EXPECT_EQ(entry.When(), "2025-03-01 12:00:00 UTC");
}

TEST(ApplyLog, EntriesOldestFirstAndTheLastOneBeforeAPr) {
  const std::string p = "refs/infra-flash/applied/staging/data/";
  // Listed by name, as GitHub does: "-pr2" sorts after "-pr12-2" but came later.
  const std::vector<GitRef> refs = {
      {p + "20250301T120000Z-pr12", kA, "commit"},
      {p + "20250301T120000Z-pr12-2", kB, "commit"},
      {p + "20250101T090000Z-push", kA, "commit"},
      {"refs/infra-flash/locks/data", kA, "commit"},
  };
  std::vector<AppliedEntry> entries = EntriesFromRefs(refs);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].pr, 0);
  EXPECT_EQ(entries[1].ref, p + "20250301T120000Z-pr12");
  EXPECT_EQ(entries[2].ref, p + "20250301T120000Z-pr12-2");

  struct Case {
    std::int64_t pr;
    std::optional<std::string> ref;
  };
  const Case cases[] = {
      {12, p + "20250101T090000Z-push"},   // before PR 12's applies
      {7, p + "20250301T120000Z-pr12-2"},  // the newest, another PR's
  };
  for (const Case& c : cases) {
    std::optional<AppliedEntry> last = LastAppliedBefore(entries, c.pr);
    ASSERT_EQ(last.has_value(), c.ref.has_value()) << c.pr;
    EXPECT_EQ(last->ref, *c.ref) << c.pr;
  }
  EXPECT_FALSE(LastAppliedBefore({entries[1], entries[2]}, 12).has_value())
      << "only this PR's applies: nothing to revert to";
  EXPECT_FALSE(LastAppliedBefore({}, 12).has_value());
}

}  // namespace
}  // namespace infra_flash
