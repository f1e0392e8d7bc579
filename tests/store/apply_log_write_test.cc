// Writing the apply log through the real client (libcurl) against the loopback GitHub:
// applies in the same second, a create that races another job, the bounded history.
#include <gtest/gtest.h>

#include <chrono>

#include "github/github_fixture.h"
#include "store/apply_log.h"

namespace infra_flash {
namespace {

constexpr char kSha[] = "abc1234abc1234abc1234abc1234abc1234abcde";
const std::string kPrefix = "refs/infra-flash/applied/staging/db/";

std::chrono::system_clock::time_point At(long long seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

class ApplyLogWriteTest : public GitHubTest {
 protected:
  std::vector<std::string> Names() {
    Result<std::vector<AppliedEntry>> log = ReadApplyLog(*client_, "staging", "db");
    EXPECT_TRUE(log.ok()) << log.error().message;
    std::vector<std::string> names;
    if (log.ok()) {
      for (const AppliedEntry& entry : *log) names.push_back(entry.ref.substr(kPrefix.size()));
    }
    return names;
  }
  std::unique_ptr<GitHubClient> client_ = MakeClient();
};

TEST_F(ApplyLogWriteTest, SameSecondAppliesGetOrderedNames) {
  ASSERT_TRUE(client_);
  for (std::int64_t pr : {5, 3, 0}) {
    Result<ApplyLogWrite> write =
        WriteApplyLogEntry(*client_, "staging", "db", kSha, pr, At(1740830400));
    ASSERT_TRUE(write.ok()) << write.error().message;
    EXPECT_TRUE(write->problems.empty()) << write->problems.front();
  }
  EXPECT_EQ(Names(), (std::vector<std::string>{"20250301T120000Z-pr5", "20250301T120000Z-pr3-2",
                                               "20250301T120000Z-push-3"}));
  std::optional<AppliedEntry> before_three =
      LastAppliedBefore(*ReadApplyLog(*client_, "staging", "db"), 3);
  ASSERT_TRUE(before_three.has_value());
  EXPECT_EQ(before_three->pr, 0) << "the newest entry not from #3";
}

TEST_F(ApplyLogWriteTest, ARaceForTheSameNameTakesTheNextOne) {
  ASSERT_TRUE(client_);
  // Another job created the same name between our listing and our create.
  server_.AddFaults(R"({"faults": [{"kind": "ref_exists", "method": "POST",
                                    "path": "/git/refs$", "times": 1}]})");
  Result<ApplyLogWrite> write =
      WriteApplyLogEntry(*client_, "staging", "db", kSha, 9, At(1740830400));
  ASSERT_TRUE(write.ok()) << write.error().message;
  EXPECT_EQ(write->ref, kPrefix + "20250301T120000Z-pr9-2");
}

TEST_F(ApplyLogWriteTest, HistoryIsBoundedNewestKept) {
  ASSERT_TRUE(client_);
  for (int i = 0; i < 5; ++i) {
    Result<ApplyLogWrite> write =
        WriteApplyLogEntry(*client_, "staging", "db", kSha, 10 + i, At(1740830400 + i * 60), 3);
    ASSERT_TRUE(write.ok()) << write.error().message;
    EXPECT_EQ(write->pruned, i < 3 ? 0u : 1u) << i;
  }
  EXPECT_EQ(Names(), (std::vector<std::string>{"20250301T120200Z-pr12", "20250301T120300Z-pr13",
                                               "20250301T120400Z-pr14"}));
}

TEST_F(ApplyLogWriteTest, ReaderKeepsToItsOwnLayer) {
  ASSERT_TRUE(client_);
  server_.Seed(std::string(R"({"repo": "octo/infra", "refs": {
      "refs/infra-flash/applied/staging/db-replica/20250301T120000Z-pr1": ")") +
               kSha + R"("}})");
  ASSERT_TRUE(WriteApplyLogEntry(*client_, "staging", "db", kSha, 2, At(1740830400)).ok());
  EXPECT_EQ(Names(), std::vector<std::string>{"20250301T120000Z-pr2"});
}

TEST_F(ApplyLogWriteTest, BadNamesAreRefusedBeforeAnyRequest) {
  ASSERT_TRUE(client_);
  server_.ClearRequests();
  Result<ApplyLogWrite> write =
      WriteApplyLogEntry(*client_, "staging", "db.lock", kSha, 2, At(1740830400));
  ASSERT_FALSE(write.ok());
  EXPECT_NE(write.error().message.find("ends with \".lock\""), std::string::npos)
      << write.error().message;
  EXPECT_EQ(server_.CountRequests("*", "/git/"), 0);
}

}  // namespace
}  // namespace infra_flash
