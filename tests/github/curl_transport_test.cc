// CurlTransport's checked options: a curl_easy_setopt that libcurl refuses is an error
// naming the option, and the request is not sent. Here rather than in a tests/http of
// its own because these tests already drive the real transport against the loopback
// GitHub.
#include "http/curl_transport.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "github_fixture.h"
#include "http/curl_api.h"

namespace infra_flash {
namespace {

// libcurl refuses a string option longer than 8 MB (CURL_MAX_INPUT_LENGTH, every
// version since 7.65): a refusal any libcurl produces, with no fake in between.
const std::string kHugeSegment(9'000'000, 'a');

TEST(SetoptFailureTest, NamesTheOptionAndLibcurlsReason) {
  EXPECT_EQ(SetoptFailure("CURLOPT_URL", CURLE_OK), "");
  EXPECT_EQ(SetoptFailure("CURLOPT_PROTOCOLS_STR", CURLE_UNKNOWN_OPTION),
            std::string("libcurl refused option CURLOPT_PROTOCOLS_STR: ") +
                curl_easy_strerror(CURLE_UNKNOWN_OPTION) + " (CURLcode 48)");
  const std::string memory = SetoptFailure("CURLOPT_URL", CURLE_OUT_OF_MEMORY);
  EXPECT_NE(memory.find("CURLOPT_URL"), std::string::npos) << memory;
  EXPECT_NE(memory.find(curl_easy_strerror(CURLE_OUT_OF_MEMORY)), std::string::npos) << memory;
}

// libcurl is loaded at the first request (http/curl_api.h). Where it is missing, the
// message says what to install; where it is there, every function infra-flash calls is.
TEST(CurlApiTest, AMissingLibcurlIsAClearErrorAndThePresentOneHasEverything) {
  const std::string missing = CurlLoadProblem("libinfra-flash-no-such-curl.so.4");
  EXPECT_EQ(missing.rfind("libcurl could not be loaded (", 0), 0u) << missing;
  EXPECT_NE(missing.find("install libcurl4"), std::string::npos) << missing;
  EXPECT_EQ(CurlLoadProblem("libcurl.so.4"), "");
  std::string error;
  const CurlApi* curl = LoadCurl(error);
  ASSERT_NE(curl, nullptr) << error;
  EXPECT_STREQ(curl->easy_strerror(CURLE_OK), curl_easy_strerror(CURLE_OK));
}

TEST_F(GitHubTest, ARefusedCurlOptionIsAnErrorAndNothingIsSent) {
  HttpRequest request;
  request.url = server_.base_url() + "/repos/octo/infra/contents/" + kHugeSegment;
  request.headers = {{"Authorization", std::string("Bearer ") + kTestToken}};
  const HttpExchange exchange = transport_.Send(request);
  EXPECT_EQ(exchange.outcome, WireOutcome::kNotSent);
  EXPECT_EQ(exchange.failure.rfind("libcurl refused option CURLOPT_URL: ", 0), 0u)
      << exchange.failure;
  EXPECT_EQ(server_.CountRequests("*", "/contents/"), 0);

  // The handle is reset before each request: the next one goes out as usual.
  auto client = MakeClient();
  auto pr = client->GetPullRequest(7);
  ASSERT_TRUE(pr.ok()) << pr.error().message;
  EXPECT_EQ(pr->number, 7);

  // Through the client, the error names the option too.
  auto contents = client->GetFileContents(kHugeSegment, "main");
  ASSERT_FALSE(contents.ok());
  const std::string& message = contents.error().message;
  EXPECT_NE(message.find("libcurl refused option CURLOPT_URL"), std::string::npos)
      << message.substr(0, 200) << "…"
      << message.substr(message.size() - std::min<std::size_t>(message.size(), 400));
  EXPECT_EQ(server_.CountRequests("*", "/contents/"), 0);
}

}  // namespace
}  // namespace infra_flash
