// The contents API (files of a commit, for the base branch's policy) and GraphQL's
// viewer (the account the token acts as), through the real client.
#include <gtest/gtest.h>

#include "github/client.h"
#include "github_fixture.h"

namespace infra_flash {
namespace {

constexpr char kBaseSha[] = "1111111111111111111111111111111111111111";

TEST_F(GitHubTest, FileContentsOfACommit) {
  // Over 76 bytes, so GitHub's line-wrapped base64 is exercised.
  const std::string config =
      "version: 1\nlayers:\n  platform: { dir: platform }\n# ünïcödé and a long line " +
      std::string(120, 'x') + "\n";
  server_.Seed(std::string(R"({"repo": "octo/infra", "contents": {")") + kBaseSha +
               R"(": {".infra-flash.yml": )" + "\"" +
               [&] {
                 std::string escaped;
                 for (char c : config)
                   escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
                 return escaped;
               }() +
               R"(", ".github/CODEOWNERS": "* @octo/infra\n"}}})");
  auto client = MakeClient();

  struct Case {
    const char* name;
    std::string path;
    std::string ref;
    bool ok;
    std::optional<std::string> text;
    std::string error_part;
  } cases[] = {
      {"a file", ".infra-flash.yml", kBaseSha, true, config, ""},
      {"a nested file", ".github/CODEOWNERS", kBaseSha, true, "* @octo/infra\n", ""},
      {"no such file", "CODEOWNERS", kBaseSha, true, std::nullopt, ""},
      {"no such commit", ".infra-flash.yml", std::string(40, '2'), false, std::nullopt,
       "No commit found"},
      {"a directory", ".github", kBaseSha, false, std::nullopt, "is a directory"},
  };
  for (const Case& c : cases) {
    auto read = client->GetFileContents(c.path, c.ref);
    ASSERT_EQ(read.ok(), c.ok) << c.name << ": " << (read.ok() ? "" : read.error().message);
    if (!c.ok) {
      EXPECT_NE(read.error().message.find(c.error_part), std::string::npos)
          << c.name << ": " << read.error().message;
      continue;
    }
    EXPECT_EQ(*read, c.text) << c.name;
  }
  EXPECT_EQ(server_.CountRequests("GET", "/contents/.infra-flash.yml?ref=" + std::string(kBaseSha)),
            1);
}

TEST_F(GitHubTest, ViewerIsTheAccountTheTokenActsAs) {
  server_.Seed(R"({"tokens": {"app-installation-token": "infra-bot[bot]"}})");
  struct Case {
    const char* token;
    const char* login;
  } cases[] = {{kTestToken, "github-actions[bot]"}, {"app-installation-token", "infra-bot[bot]"}};
  for (const Case& c : cases) {
    auto client = MakeClient(FastRetryPolicy(), c.token);
    auto login = client->Viewer();
    ASSERT_TRUE(login.ok()) << c.token << ": " << login.error().message;
    EXPECT_EQ(*login, c.login) << c.token;
  }
  EXPECT_EQ(server_.CountRequests("POST", "/graphql"), 2);
}

TEST_F(GitHubTest, ViewerFailsClearlyWhenGraphQlAnswersNoLogin) {
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 404, "path": "^/graphql$",
                                     "times": 1}]})");
  auto client = MakeClient();
  auto login = client->Viewer();
  ASSERT_FALSE(login.ok());
  EXPECT_NE(login.error().message.find("/graphql"), std::string::npos) << login.error().message;
}

}  // namespace
}  // namespace infra_flash
