// CompareCommits: what a push changed, from the compare API, for checkouts that lack the
// commit before the push (actions/checkout fetches one commit by default).
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
  Result<PullRequestFiles> files = client->CompareCommits(kBefore, kAfter);
  ASSERT_TRUE(files.ok()) << files.error().message;
  ASSERT_EQ(files->files.size(), 2u);
  EXPECT_EQ(files->files[0].filename, "platform/main.tf");
  EXPECT_EQ(files->files[1].previous_filename, "apps/old.tf");
  EXPECT_EQ(files->completeness, Completeness::kComplete);
}

TEST_F(GitHubTest, CompareAtTheCapIsTruncated) {
  std::string files;
  for (int i = 0; i < 300; ++i) {
    files += std::string(i ? "," : "") + R"({"filename": "f)" + std::to_string(i) + R"("})";
  }
  server_.Seed(R"({"repo": "octo/infra", "compares": {")" + kBefore + "..." + kAfter + R"(": [)" +
               files + "]}}");
  auto client = MakeClient();
  Result<PullRequestFiles> listed = client->CompareCommits(kBefore, kAfter);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_EQ(listed->files.size(), 300u);
  EXPECT_EQ(listed->completeness, Completeness::kTruncated) << "GitHub hides files past 300";
}

TEST_F(GitHubTest, CompareRefusesNonShasAndReportsUnknownCommits) {
  auto client = MakeClient();
  Result<PullRequestFiles> bad = client->CompareCommits("main", kAfter);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("is not the base commit SHA"), std::string::npos)
      << bad.error().message;
  EXPECT_EQ(server_.CountRequests("*", "/compare"), 0) << "refused before sending";
  Result<PullRequestFiles> unknown = client->CompareCommits(kBefore, kAfter);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("404"), std::string::npos) << unknown.error().message;
}

TEST_F(GitHubTest, CompareIsRetriedAfterAServerError) {
  server_.Seed(R"({"repo": "octo/infra", "compares": {")" + kBefore + "..." + kAfter +
               R"(": [{"filename": "a.tf"}]}})");
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 502, "method": "GET",
                                     "path": "/compare/", "times": 1}]})");
  auto client = MakeClient();
  Result<PullRequestFiles> files = client->CompareCommits(kBefore, kAfter);
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(files->files.size(), 1u);
  EXPECT_EQ(server_.CountRequests("GET", "/compare/"), 2);
}

}  // namespace
}  // namespace infra_flash
