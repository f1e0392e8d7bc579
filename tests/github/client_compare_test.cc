// CompareCommits: what a push changed, from the compare API, for checkouts that lack the
// commit before the push (actions/checkout fetches one commit by default); and how two
// commits relate (ahead, behind, diverged), for the `undiverged` requirement.
#include <gtest/gtest.h>

#include <string>

#include "github/client.h"
#include "github_fixture.h"

namespace infra_flash {
namespace {

const std::string kBefore(40, 'a');
const std::string kAfter(40, 'b');

TEST_F(GitHubTest, CompareListsTheChangedFilesWithRenames) {
  server_.Seed(R"({"repo": "octo/infra", "compares": {")" + kBefore + "..." + kAfter +
               R"(": [{"filename": "platform/main.tf"},
                      {"filename": "apps/new.tf", "status": "renamed",
                       "previous_filename": "apps/old.tf"}]}})");
  auto client = MakeClient();
  Result<CommitComparison> compared = client->CompareCommits(kBefore, kAfter);
  ASSERT_TRUE(compared.ok()) << compared.error().message;
  const PullRequestFiles& files = compared->files;
  ASSERT_EQ(files.files.size(), 2u);
  EXPECT_EQ(files.files[0].filename, "platform/main.tf");
  EXPECT_EQ(files.files[1].previous_filename, "apps/old.tf");
  EXPECT_EQ(files.completeness, Completeness::kComplete);
}

TEST_F(GitHubTest, CompareAtTheCapIsTruncated) {
  std::string files;
  for (int i = 0; i < 300; ++i) {
    files += std::string(i ? "," : "") + R"({"filename": "f)" + std::to_string(i) + R"("})";
  }
  server_.Seed(R"({"repo": "octo/infra", "compares": {")" + kBefore + "..." + kAfter + R"(": [)" +
               files + "]}}");
  auto client = MakeClient();
  Result<CommitComparison> listed = client->CompareCommits(kBefore, kAfter);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_EQ(listed->files.files.size(), 300u);
  EXPECT_EQ(listed->files.completeness, Completeness::kTruncated) << "GitHub hides files past 300";
}

TEST_F(GitHubTest, CompareRefusesNonShasAndReportsUnknownCommits) {
  auto client = MakeClient();
  Result<CommitComparison> bad = client->CompareCommits("main", kAfter);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("is not the base commit SHA"), std::string::npos)
      << bad.error().message;
  EXPECT_EQ(server_.CountRequests("*", "/compare"), 0) << "refused before sending";
  Result<CommitComparison> unknown = client->CompareCommits(kBefore, kAfter);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("404"), std::string::npos) << unknown.error().message;
}

TEST_F(GitHubTest, CompareIsRetriedAfterAServerError) {
  server_.Seed(R"({"repo": "octo/infra", "compares": {")" + kBefore + "..." + kAfter +
               R"(": [{"filename": "a.tf"}]}})");
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 502, "method": "GET",
                                     "path": "/compare/", "times": 1}]})");
  auto client = MakeClient();
  Result<CommitComparison> compared = client->CompareCommits(kBefore, kAfter);
  ASSERT_TRUE(compared.ok()) << compared.error().message;
  EXPECT_EQ(compared->files.files.size(), 1u);
  EXPECT_EQ(server_.CountRequests("GET", "/compare/"), 2);
}

// GitHub's compare answer says how head relates to base; the seed gives the numbers that
// a real repository's history would.
TEST_F(GitHubTest, CompareSaysHowFarBehindTheHeadIs) {
  struct Case {
    const char* status;
    int ahead_by;
    int behind_by;
  } cases[] = {{"behind", 0, 3}, {"diverged", 2, 5}, {"ahead", 4, 0}, {"identical", 0, 0}};
  auto client = MakeClient();
  for (const Case& c : cases) {
    server_.Seed(R"({"repo": "octo/infra", "compares": {")" + kBefore + "..." + kAfter +
                 R"(": {"status": ")" + c.status + R"(", "ahead_by": )" +
                 std::to_string(c.ahead_by) + R"(, "behind_by": )" + std::to_string(c.behind_by) +
                 R"(, "files": [{"filename": "a.tf"}]}}})");
    Result<CommitComparison> compared = client->CompareCommits(kBefore, kAfter);
    ASSERT_TRUE(compared.ok()) << c.status << ": " << compared.error().message;
    EXPECT_EQ(compared->status, c.status);
    EXPECT_EQ(compared->ahead_by, c.ahead_by) << c.status;
    EXPECT_EQ(compared->behind_by, c.behind_by) << c.status;
    EXPECT_EQ(compared->files.files.size(), 1u) << c.status;
  }
}

}  // namespace
}  // namespace infra_flash
