// Matching refs, annotated tag objects and releases: the real client (libcurl)
// against the loopback GitHub (tests/github_server).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/json.h"
#include "github/client.h"
#include "github_fixture.h"

namespace infra_flash {
namespace {

constexpr char kCommitSha[] = "abc1234abc1234abc1234abc1234abc1234abcde";
constexpr char kOtherSha[] = "0123456789012345678901234567890123456789";

// The JSON body of the last request whose method is `method` and whose path contains
// `path_part`, compact; "" when there was none.
std::string LastBody(const testing::LoopbackGitHub& server, const std::string& method,
                     const std::string& path_part) {
  auto requests = json::Parse(server.Requests(), "requests");
  if (!requests.ok()) return "";
  std::string body;
  for (const auto& request : requests->GetArray()) {
    if (json::StringOr(json::Member(request, "method")) != method) continue;
    if (json::StringOr(json::Member(request, "path")).find(path_part) == std::string::npos) {
      continue;
    }
    const rapidjson::Value* sent = json::Member(request, "body");
    body = sent != nullptr ? json::Serialize(*sent) : "";
  }
  return body;
}

std::vector<std::string> RefNames(const std::vector<GitRef>& refs) {
  std::vector<std::string> names;
  for (const GitRef& ref : refs) names.push_back(ref.ref);
  return names;
}

class GitHubTagsTest : public GitHubTest {
 protected:
  void SeedRefs() {
    server_.Seed(std::string(R"({"repo": "octo/infra", "refs": {
        "refs/heads/main": ")") +
                 kCommitSha + R"(",
        "refs/tags/v2.0.0": ")" +
                 kOtherSha + R"(",
        "refs/tags/v1.10.0": ")" +
                 kCommitSha + R"(",
        "refs/tags/v1.0.0": ")" +
                 kOtherSha + R"(",
        "refs/tags/other": ")" +
                 kCommitSha + R"(",
        "refs/tags/release+1": ")" +
                 kCommitSha + R"(",
        "refs/infra-flash/applied/staging/platform/1": ")" +
                 kCommitSha + R"(",
        "refs/infra-flash/applied/staging/platform/2": ")" +
                 kOtherSha + R"(",
        "refs/infra-flash/applied/staging/platform-b/1": ")" +
                 kOtherSha + R"("}})");
  }
  // Where GitHub makes a release's missing tag.
  void SeedMainBranch() {
    server_.Seed(std::string(R"({"repo": "octo/infra", "refs": {"refs/heads/main": ")") +
                 kCommitSha + "\"}}");
  }
};

TEST_F(GitHubTagsTest, MatchingRefsAreThoseUnderThePrefixByName) {
  SeedRefs();
  auto client = MakeClient();
  const struct {
    const char* prefix;
    std::vector<std::string> expected;
  } cases[] = {
      {"refs/tags/v1", {"refs/tags/v1.0.0", "refs/tags/v1.10.0"}},
      {"refs/tags/v", {"refs/tags/v1.0.0", "refs/tags/v1.10.0", "refs/tags/v2.0.0"}},
      {"refs/tags/v2.0.0", {"refs/tags/v2.0.0"}},
      {"refs/tags/none", {}},
      {"refs/tags/release+", {"refs/tags/release+1"}},
      {"refs/infra-flash/applied/staging/platform/",
       {"refs/infra-flash/applied/staging/platform/1",
        "refs/infra-flash/applied/staging/platform/2"}},
      {"refs/infra-flash/applied/staging/platform",
       {"refs/infra-flash/applied/staging/platform-b/1",
        "refs/infra-flash/applied/staging/platform/1",
        "refs/infra-flash/applied/staging/platform/2"}},
      {"refs/nothing-here/", {}},
  };
  for (const auto& c : cases) {
    auto refs = client->ListMatchingRefs(c.prefix);
    ASSERT_TRUE(refs.ok()) << c.prefix << ": " << refs.error().message;
    EXPECT_EQ(RefNames(*refs), c.expected) << c.prefix;
  }
  auto tags = client->ListMatchingRefs("refs/tags/v1.0");
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].sha, kOtherSha);
  EXPECT_EQ((*tags)[0].type, "commit");
  EXPECT_EQ(server_.CountRequests("GET", "/git/matching-refs/tags/release%2B?"), 1)
      << "path parts are percent-encoded, slashes kept";
}

TEST_F(GitHubTagsTest, MatchingRefsFollowPagesPastAHundred) {
  std::string refs;
  for (int i = 0; i < 250; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "%03d", i);
    refs += std::string(i ? "," : "") + R"("refs/infra-flash/applied/prod/net/)" + name +
            R"(": ")" + kCommitSha + "\"";
  }
  server_.Seed(R"({"repo": "octo/infra", "refs": {)" + refs + R"(,
                   "refs/infra-flash/applied/prod/network/1": ")" +
               kCommitSha + "\"}}");
  auto client = MakeClient();
  auto listed = client->ListMatchingRefs("refs/infra-flash/applied/prod/net/");
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 250u);
  EXPECT_EQ(listed->front().ref, "refs/infra-flash/applied/prod/net/000");
  EXPECT_EQ(listed->back().ref, "refs/infra-flash/applied/prod/net/249");
  EXPECT_EQ(server_.CountRequests("GET", "/git/matching-refs/"), 3) << "100 per page";
}

TEST_F(GitHubTagsTest, BadRefPrefixesAreRefusedBeforeSending) {
  auto client = MakeClient();
  for (const char* prefix : {"tags/v", "refs/", "", "heads/main", " refs/tags/"}) {
    auto refs = client->ListMatchingRefs(prefix);
    ASSERT_FALSE(refs.ok()) << "\"" << prefix << "\"";
    EXPECT_NE(refs.error().message.find("must start with refs/"), std::string::npos)
        << refs.error().message;
  }
  EXPECT_EQ(server_.CountRequests("*", "/git/"), 0);
}

TEST_F(GitHubTagsTest, AnnotatedTagRoundTrip) {
  auto client = MakeClient();
  auto created =
      client->CreateTagObject("v1.4.3", "Release v1.4.3\n\nplatform applied", kCommitSha);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->sha.size(), 40u);
  EXPECT_NE(created->sha, kCommitSha);
  EXPECT_EQ(created->tag, "v1.4.3");
  EXPECT_EQ(created->message, "Release v1.4.3\n\nplatform applied");
  EXPECT_EQ(created->object_sha, kCommitSha);
  EXPECT_EQ(created->object_type, "commit");
  EXPECT_EQ(LastBody(server_, "POST", "/git/tags"),
            std::string(R"({"tag":"v1.4.3","message":"Release v1.4.3\n\nplatform applied",)") +
                R"("object":")" + kCommitSha + R"(","type":"commit"})");

  auto fetched = client->GetTagObject(created->sha);
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->sha, created->sha);
  EXPECT_EQ(fetched->tag, "v1.4.3");
  EXPECT_EQ(fetched->message, created->message);
  EXPECT_EQ(fetched->object_sha, kCommitSha);

  // The tag exists once its ref does; refs to tag objects read as type "tag".
  auto made = client->CreateRef("refs/tags/v1.4.3", created->sha);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(*made, RefCreation::kCreated);
  auto ref = client->GetRef("refs/tags/v1.4.3");
  ASSERT_TRUE(ref.ok() && ref->has_value());
  EXPECT_EQ((*ref)->sha, created->sha);
  EXPECT_EQ((*ref)->type, "tag");
  ASSERT_TRUE(client->CreateRef("refs/tags/v1.4.2", kCommitSha).ok());
  auto matching = client->ListMatchingRefs("refs/tags/v1.4");
  ASSERT_TRUE(matching.ok()) << matching.error().message;
  ASSERT_EQ(matching->size(), 2u);
  EXPECT_EQ((*matching)[0].type, "commit") << (*matching)[0].ref;
  EXPECT_EQ((*matching)[1].type, "tag") << (*matching)[1].ref;
  auto moved = client->UpdateRef("refs/tags/v1.4.2", created->sha, RefUpdate::kForce);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->type, "tag");

  const std::string state = server_.State(kRepository);
  EXPECT_NE(state.find(R"("tag": "v1.4.3")"), std::string::npos) << state;
}

TEST_F(GitHubTagsTest, UnknownTagObjectIsAnErrorNamingTheRequest) {
  auto client = MakeClient();
  auto missing = client->GetTagObject(kOtherSha);
  ASSERT_FALSE(missing.ok());
  const std::string& message = missing.error().message;
  EXPECT_NE(message.find(std::string("GET /repos/octo/infra/git/tags/") + kOtherSha),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("HTTP 404"), std::string::npos) << message;
}

TEST_F(GitHubTagsTest, BadTagInputsAreRefusedBeforeSending) {
  auto client = MakeClient();
  const struct {
    const char* tag;
    const char* sha;
    const char* expected;
  } cases[] = {
      {"", kCommitSha, "tag name is empty"},
      {"v 1", kCommitSha, "not a valid tag name"},
      {"v1..2", kCommitSha, "not a valid tag name"},
      {"v1.lock", kCommitSha, "not a valid tag name"},
      {"v1^", kCommitSha, "not a valid tag name"},
      {"/v1", kCommitSha, "not a valid tag name"},
      {"v1.", kCommitSha, "not a valid tag name"},
      {"refs/tags/v1", kCommitSha, "pass the short name (v1)"},
      {"v1", "abc123", "not a commit SHA"},
      {"v1", "0123456789012345678901234567890123456789a", "not a commit SHA"},
      {"v1", "g123456789012345678901234567890123456789", "not a commit SHA"},
  };
  for (const auto& c : cases) {
    auto created = client->CreateTagObject(c.tag, "m", c.sha);
    ASSERT_FALSE(created.ok()) << c.tag << " " << c.sha;
    EXPECT_NE(created.error().message.find(c.expected), std::string::npos)
        << c.tag << ": " << created.error().message;
    EXPECT_EQ(created.error().message.rfind("cannot create tag: ", 0), 0u)
        << created.error().message;
  }
  auto bad_read = client->GetTagObject("v1.4.3");
  ASSERT_FALSE(bad_read.ok());
  EXPECT_NE(bad_read.error().message.find("not a tag object SHA"), std::string::npos)
      << bad_read.error().message;
  EXPECT_EQ(server_.CountRequests("*", "/git/tags"), 0);
}

TEST_F(GitHubTagsTest, TransientFailuresOfRefAndTagReadsAreRetried) {
  auto client = MakeClient();
  auto tag = client->CreateTagObject("v9", "m", kCommitSha);
  ASSERT_TRUE(tag.ok()) << tag.error().message;
  const struct {
    const char* name;
    const char* fault;
    int expected_requests;
  } cases[] = {
      {"502 twice", R"({"kind": "status", "status": 502, "times": 2})", 3},
      {"503", R"({"kind": "status", "status": 503})", 2},
      {"malformed JSON", R"({"kind": "malformed"})", 2},
      {"connection dropped", R"({"kind": "drop"})", 2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    server_.Admin("DELETE", "/_admin/faults");
    server_.ClearRequests();
    server_.AddFaults(std::string(R"({"faults": [)") + c.fault + "]}");
    auto refs = client->ListMatchingRefs("refs/tags/");
    ASSERT_TRUE(refs.ok()) << refs.error().message;
    EXPECT_TRUE(refs->empty());
    EXPECT_EQ(server_.CountRequests("GET", "/git/matching-refs/tags/"), c.expected_requests);

    server_.AddFaults(std::string(R"({"faults": [)") + c.fault + "]}");
    auto read = client->GetTagObject(tag->sha);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->tag, "v9");
    EXPECT_EQ(server_.CountRequests("GET", "/git/tags/"), c.expected_requests);
  }
}

TEST_F(GitHubTagsTest, PersistentServerErrorOnMatchingRefsIsReported) {
  auto client = MakeClient();
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 500, "times": -1,
                                    "message": "Internal Server Error"}]})");
  auto refs = client->ListMatchingRefs("refs/tags/v");
  ASSERT_FALSE(refs.ok());
  const std::string& message = refs.error().message;
  EXPECT_NE(message.find("GET /repos/octo/infra/git/matching-refs/tags/v?per_page=100"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("HTTP 500"), std::string::npos) << message;
  EXPECT_NE(message.find("after 4 attempts"), std::string::npos) << message;
}

TEST_F(GitHubTagsTest, TagObjectCreationIsResentAfterAServerError) {
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 502, "method": "POST"}]})");
  auto client = MakeClient();
  auto created = client->CreateTagObject("v3", "m", kCommitSha);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(server_.CountRequests("POST", "/git/tags"), 2);
  EXPECT_NE(server_.State(kRepository).find(created->sha), std::string::npos);
}

// ---- releases -----------------------------------------------------------------

TEST_F(GitHubTagsTest, ReleaseForATag) {
  server_.Seed(std::string(R"({"repo": "octo/infra", "refs": {"refs/tags/v1.5.0": ")") + kOtherSha +
               "\"}}");
  SeedMainBranch();
  auto client = MakeClient();
  auto release = client->CreateRelease({"v1.5.0", "", "## Applied\n- platform"});
  ASSERT_TRUE(release.ok()) << release.error().message;
  EXPECT_GT(release->id, 0);
  EXPECT_EQ(release->tag, "v1.5.0");
  EXPECT_EQ(release->html_url, "https://github.com/octo/infra/releases/tag/v1.5.0");
  EXPECT_EQ(LastBody(server_, "POST", "/releases"),
            R"({"tag_name":"v1.5.0","name":"v1.5.0","body":"## Applied\n- platform"})")
      << "an empty name is sent as the tag";

  auto named = client->CreateRelease({"v1.6.0", "Platform 1.6", ""});
  ASSERT_TRUE(named.ok()) << named.error().message;
  const std::string state = server_.State(kRepository);
  EXPECT_NE(state.find(R"("name": "Platform 1.6")"), std::string::npos) << state;
  // As on GitHub, the existing tag is kept and a missing one is made on the default branch.
  auto tags = client->ListMatchingRefs("refs/tags/v1.");
  ASSERT_TRUE(tags.ok()) << tags.error().message;
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].sha, kOtherSha);
  EXPECT_EQ((*tags)[1].sha, kCommitSha);
}

TEST_F(GitHubTagsTest, SecondReleaseForATagIsAClearError) {
  SeedMainBranch();
  auto client = MakeClient();
  ASSERT_TRUE(client->CreateRelease({"v1.5.0", "", ""}).ok());
  auto again = client->CreateRelease({"v1.5.0", "again", ""});
  ASSERT_FALSE(again.ok());
  const std::string& message = again.error().message;
  EXPECT_NE(message.find("POST /repos/octo/infra/releases"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 422"), std::string::npos) << message;
  EXPECT_NE(message.find("release for tag \"v1.5.0\" already exists"), std::string::npos)
      << message;
  EXPECT_NE(message.find("Releases page"), std::string::npos) << message;
  EXPECT_EQ(server_.CountRequests("POST", "/releases"), 2) << "a 422 is not retried";
}

TEST_F(GitHubTagsTest, OtherReleaseRefusalsCarryGitHubsWords) {
  // No tag and no default branch to make it on: GitHub's target_commitish error.
  auto client = MakeClient();
  auto release = client->CreateRelease({"v7", "", ""});
  ASSERT_FALSE(release.ok());
  EXPECT_NE(release.error().message.find("HTTP 422 \"Validation Failed; invalid\""),
            std::string::npos)
      << release.error().message;
}

TEST_F(GitHubTagsTest, ReleaseWithABadTagIsRefusedBeforeSending) {
  auto client = MakeClient();
  for (const char* tag : {"", "v 1", "refs/tags/v1"}) {
    auto release = client->CreateRelease({tag, "", ""});
    ASSERT_FALSE(release.ok()) << tag;
    EXPECT_EQ(release.error().message.rfind("cannot create a release: ", 0), 0u)
        << release.error().message;
  }
  EXPECT_EQ(server_.CountRequests("*", "/releases"), 0);
}

TEST_F(GitHubTagsTest, ReleaseIsNotResentAfterAnAmbiguousFailure) {
  SeedMainBranch();
  enum class Made { kNo, kYes, kUnknown };  // kUnknown: the client gave up waiting
  const struct {
    const char* tag;
    const char* fault;
    Made made;
    const char* expected;
  } cases[] = {
      {"v2.0.1", R"({"kind": "status", "status": 502, "method": "POST"})", Made::kNo, "HTTP 502"},
      {"v2.0.2", R"({"kind": "fail_after_apply", "method": "POST"})", Made::kYes, "HTTP 502"},
      {"v2.0.3", R"({"kind": "malformed", "method": "POST"})", Made::kYes, "may have taken effect"},
      {"v2.0.4", R"({"kind": "hang", "method": "POST"})", Made::kUnknown, "not resent"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.tag);
    server_.Admin("DELETE", "/_admin/faults");
    server_.ClearRequests();
    testing::FakeClock clock;
    HangTransport transport;
    if (c.made == Made::kUnknown) transport.ExpectHang(HttpMethod::kPost);
    auto client = MakeClient(FastRetryPolicy(), kTestToken, &clock, &transport);
    server_.AddFaults(std::string(R"({"faults": [)") + c.fault + "]}");
    auto release = client->CreateRelease({c.tag, "", ""});
    ASSERT_FALSE(release.ok());
    EXPECT_NE(release.error().message.find(c.expected), std::string::npos)
        << release.error().message;
    EXPECT_EQ(WaitForRequests(server_, "POST", "/releases", 1), 1);
    EXPECT_TRUE(clock.sleeps().empty());
    EXPECT_EQ(transport.hang_timed_out(), c.made == Made::kUnknown);
    if (c.made == Made::kUnknown) continue;
    const std::string state = server_.State(kRepository);
    EXPECT_EQ(state.find(std::string(R"("tag_name": ")") + c.tag) != std::string::npos,
              c.made == Made::kYes)
        << state;
  }
}

TEST_F(GitHubTagsTest, ReleaseIsResentWhenGitHubCertainlyDidNotAct) {
  SeedMainBranch();
  server_.AddFaults(R"({"faults": [{"kind": "rate_limit_429", "retry_after": 2,
                                    "method": "POST"}]})");
  auto client = MakeClient();
  auto release = client->CreateRelease({"v2.1.0", "", ""});
  ASSERT_TRUE(release.ok()) << release.error().message;
  EXPECT_EQ(server_.CountRequests("POST", "/releases"), 2);
}

}  // namespace
}  // namespace infra_flash
