#include "github/link_header.h"

#include <gtest/gtest.h>

#include <deque>

#include "github/client.h"
#include "support/fake_clock.h"

namespace infra_flash {
namespace {

TEST(NextPageUrl, Table) {
  struct {
    const char* name;
    const char* header;
    std::optional<std::string> expected;
  } cases[] = {
      {"github's shape",
       R"(<https://api.github.com/repositories/1/issues/5/comments?page=2>; rel="next", <https://api.github.com/repositories/1/issues/5/comments?page=4>; rel="last")",
       "https://api.github.com/repositories/1/issues/5/comments?page=2"},
      {"next listed last", R"(<https://x/a?page=1>; rel="prev", <https://x/a?page=3>; rel="next")",
       "https://x/a?page=3"},
      {"last page", R"(<https://x/a?page=1>; rel="first", <https://x/a?page=1>; rel="prev")",
       std::nullopt},
      {"empty", "", std::nullopt},
      {"unquoted rel", "<https://x/a?page=2>; rel=next", "https://x/a?page=2"},
      {"several relations", R"(<https://x/a?page=2>; rel="next last")", "https://x/a?page=2"},
      {"unclosed", "<https://x/a?page=2; rel=\"next\"", std::nullopt},
      {"no angle brackets", "https://x/a?page=2; rel=\"next\"", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(NextPageUrl(c.header), c.expected) << c.name;
}

TEST(UrlOrigin, Table) {
  EXPECT_EQ(UrlOrigin("https://api.github.com/repos/x"), "https://api.github.com");
  EXPECT_EQ(UrlOrigin("http://127.0.0.1:8080?x"), "http://127.0.0.1:8080");
  EXPECT_EQ(UrlOrigin("HTTPS://GHE.example.com/api/v3"), "https://ghe.example.com");
  EXPECT_EQ(UrlOrigin("not a url"), "");
  EXPECT_EQ(UrlOrigin("https:///path"), "");
}

// A transport that answers from a script and remembers what was asked.
class ScriptedTransport final : public HttpTransport {
 public:
  std::deque<HttpExchange> answers;
  std::vector<HttpRequest> requests;
  HttpExchange Send(const HttpRequest& request) override {
    requests.push_back(request);
    HttpExchange next = answers.front();
    answers.pop_front();
    return next;
  }
};

HttpExchange Page(const std::string& body, const std::string& link) {
  HttpExchange exchange;
  exchange.response.status = 200;
  exchange.response.body = body;
  if (!link.empty()) exchange.response.headers["link"] = link;
  return exchange;
}

TEST(Pagination, NeverFollowsANextPageToAnotherHost) {
  ScriptedTransport transport;
  transport.answers.push_back(Page(R"([{"id": 1, "body": "a"}])",
                                   R"(<https://evil.example.com/steal?page=2>; rel="next")"));
  testing::FakeClock clock;
  GitHubClientOptions options;
  options.api_url = "https://api.github.com";
  options.token = "t0k3n-for-github-only";
  options.repository = "o/r";
  auto client = GitHubClient::Create(options, transport, clock);
  ASSERT_TRUE(client.ok());
  auto comments = (*client)->ListIssueComments(1);
  ASSERT_FALSE(comments.ok());
  EXPECT_NE(comments.error().message.find("outside https://api.github.com"), std::string::npos)
      << comments.error().message;
  ASSERT_EQ(transport.requests.size(), 1u) << "the token went nowhere else";
}

TEST(Pagination, FollowsNextPagesOnTheSameApiPrefix) {
  ScriptedTransport transport;
  transport.answers.push_back(Page(
      R"([{"id": 1}])",
      R"(<https://ghe.example.com/api/v3/repos/o/r/issues/1/comments?per_page=100&page=2>; rel="next")"));
  transport.answers.push_back(Page(R"([{"id": 2}])", ""));
  testing::FakeClock clock;
  GitHubClientOptions options;
  options.api_url = "https://ghe.example.com/api/v3";
  options.token = "t0k3n";
  options.repository = "o/r";
  auto client = GitHubClient::Create(options, transport, clock);
  ASSERT_TRUE(client.ok());
  auto comments = (*client)->ListIssueComments(1);
  ASSERT_TRUE(comments.ok()) << comments.error().message;
  ASSERT_EQ(comments->size(), 2u);
  EXPECT_EQ(transport.requests[1].url,
            "https://ghe.example.com/api/v3/repos/o/r/issues/1/comments?per_page=100&page=2");
}

}  // namespace
}  // namespace infra_flash
