// The dashboard comment against the loopback GitHub: found, edited in place, single
// under races and faults, within GitHub's size limit, free of secrets.
#include "github/dashboard_comment.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/json.h"
#include "github_fixture.h"
#include "report/publisher.h"
#include "report/state.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

Dashboard SampleDashboard(const std::string& plan_note = "+1 ~0 −0") {
  Dashboard dashboard;
  dashboard.branch = "feature";
  dashboard.sha = "abc1234abc1234abc1234abc1234abc1234abcde";
  dashboard.commit_message = "feat: add redis";
  LayerRow bootstrap;
  bootstrap.name = "bootstrap";
  bootstrap.format.status = bootstrap.validate.status = StageStatus::kPassed;
  bootstrap.plan = {StageStatus::kSkipped, "no changes"};
  LayerRow platform;
  platform.name = "platform";
  platform.format.status = platform.validate.status = StageStatus::kPassed;
  platform.plan = {StageStatus::kChanges, plan_note};
  platform.plan_digest = "sha256:1111";
  platform.plan_text =
      "  + resource \"aws_elasticache_cluster\" \"redis\" {}\n\nPlan: 1 to add, 0 to change, 0 to "
      "destroy.\n";
  platform.plan_summary = plan_note;
  dashboard.layers = {bootstrap, platform};
  dashboard.next_step = {"/apply platform", "to deploy."};
  dashboard.run_url = "https://github.com/octo/infra/actions/runs/1";
  return dashboard;
}

struct CommentView {
  std::int64_t id;
  std::string body;
  std::string user;
};

std::vector<CommentView> Dashboards(const testing::LoopbackGitHub& server) {
  auto state = json::Parse(server.State(kRepository), "state");
  std::vector<CommentView> out;
  if (!state.ok()) return out;
  const rapidjson::Value* comments = json::Member(*state, "comments");
  if (comments == nullptr || !comments->IsArray()) return out;
  for (const auto& comment : comments->GetArray()) {
    CommentView view{json::IntOr(json::Member(comment, "id")),
                     json::StringOr(json::Member(comment, "body")),
                     json::StringOr(json::Member(comment, "user"))};
    if (IsDashboardComment(view.body)) out.push_back(view);
  }
  return out;
}

class DashboardCommentTest : public GitHubTest {};

TEST_F(DashboardCommentTest, CreatesOnceThenEditsInPlace) {
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  ASSERT_TRUE(sink.Publish(SampleDashboard("+2 ~0 −0")).ok());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 1u);
  EXPECT_EQ(sink.comment_id(), dashboards[0].id);
  EXPECT_NE(dashboards[0].body.find("+2 ~0 −0"), std::string::npos);
  EXPECT_EQ(server_.CountRequests("POST", "/comments"), 1);
  EXPECT_EQ(server_.CountRequests("PATCH", "/comments/"), 1);
}

TEST_F(DashboardCommentTest, AnUnchangedDashboardIsNotWrittenAgain) {
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  EXPECT_EQ(server_.CountRequests("PATCH", "/comments/"), 0);
}

TEST_F(DashboardCommentTest, ANewJobFindsTheDashboardAmongManyComments) {
  auto first = MakeClient();
  {
    GitHubSink sink(*first, 7);
    ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  }
  std::string chatter;
  for (int i = 0; i < 230; ++i) {
    chatter += std::string(i ? "," : "") + R"({"issue": 7, "user": "alice", "body": "lgtm )" +
               std::to_string(i) + "\"}";
  }
  // Quoting the dashboard does not make a second one.
  chatter +=
      R"(, {"issue": 7, "user": "alice", "body": "> <!-- infra-flash:dashboard -->\n> old"})";
  server_.Seed(R"({"repo": "octo/infra", "comments": [)" + chatter + "]}");

  auto second = MakeClient();
  GitHubSink sink(*second, 7);
  auto loaded = sink.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_TRUE(loaded->has_value());
  auto state = ParseDashboardState(**loaded);
  ASSERT_TRUE(state.ok()) << state.error().message;
  ASSERT_NE(state->FindLayer("platform"), nullptr);
  EXPECT_EQ(state->FindLayer("platform")->plan_digest, "sha256:1111");

  ASSERT_TRUE(sink.Publish(SampleDashboard("+3 ~0 −0")).ok());
  EXPECT_EQ(Dashboards(server_).size(), 1u);
}

TEST_F(DashboardCommentTest, KeepsWhatAPersonWroteAroundIt) {
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  const std::int64_t id = *sink.comment_id();
  const std::string body = Dashboards(server_)[0].body;
  // A maintainer edits the comment: a line above, a line below.
  ASSERT_TRUE(client
                  ->UpdateIssueComment(
                      id, "Heads-up: prod freeze until Friday.\n" + body + "\nPinging the on-call.")
                  .ok());
  auto later_client = MakeClient();
  GitHubSink later(*later_client, 7);
  ASSERT_TRUE(later.Publish(SampleDashboard("+5 ~0 −0")).ok());
  const std::string now = Dashboards(server_)[0].body;
  EXPECT_EQ(now.rfind("Heads-up: prod freeze until Friday.\n<!-- infra-flash:dashboard -->", 0), 0u)
      << now;
  EXPECT_NE(now.find("+5 ~0 −0"), std::string::npos);
  EXPECT_EQ(now.substr(now.size() - 21), "\nPinging the on-call.") << now;
}

TEST_F(DashboardCommentTest, CorruptedStateIsRebuilt) {
  server_.Seed(
      R"({"repo": "octo/infra", "tokens": {"loopback-secret-0123456789": "github-actions[bot]"},
                   "comments": [{"issue": 7, "user": "github-actions[bot]",
                                 "body": "<!-- infra-flash:dashboard -->\n## broken\n<!-- infra-flash:state {not json -->"}]})");
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  auto loaded = sink.Load();
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  EXPECT_FALSE(ParseDashboardState(**loaded).ok()) << "damaged: the flow starts afresh";
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 1u);
  auto state = ParseDashboardState(dashboards[0].body);
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->layers.size(), 2u);
}

TEST_F(DashboardCommentTest, ADeletedDashboardIsRecreated) {
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  ASSERT_TRUE(client->DeleteIssueComment(*sink.comment_id()).ok());
  ASSERT_TRUE(sink.Publish(SampleDashboard("+9 ~0 −0")).ok());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 1u);
  EXPECT_NE(dashboards[0].body.find("+9 ~0 −0"), std::string::npos);
}

TEST_F(DashboardCommentTest, AnAmbiguousCreateIsNotRepeated) {
  // GitHub creates the comment but the answer is a 502: the sink must not create a
  // second one on its next write.
  server_.AddFaults(
      R"({"faults": [{"kind": "fail_after_apply", "method": "POST", "path": "/comments$"}]})");
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  EXPECT_FALSE(sink.Publish(SampleDashboard()).ok());
  ASSERT_TRUE(sink.Publish(SampleDashboard("+4 ~0 −0")).ok());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 1u);
  EXPECT_NE(dashboards[0].body.find("+4 ~0 −0"), std::string::npos);
  EXPECT_EQ(server_.CountRequests("POST", "/comments"), 1);
}

TEST_F(DashboardCommentTest, LeftoverDuplicatesAreCleanedUpOldestKept) {
  const std::string body = "<!-- infra-flash:dashboard -->\\nold\\n<!-- /infra-flash:dashboard -->";
  server_.Seed(R"({"repo": "octo/infra", "comments": [
      {"issue": 7, "user": "github-actions[bot]", "body": ")" +
               body + R"("},
      {"issue": 7, "user": "alice", "body": "unrelated"},
      {"issue": 7, "user": "github-actions[bot]", "body": ")" +
               body + R"("}]})");
  const std::int64_t oldest = Dashboards(server_)[0].id;
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 1u);
  EXPECT_EQ(dashboards[0].id, oldest);
}

TEST_F(DashboardCommentTest, APastedMarkerFromAPersonIsIgnoredWhenTheAuthorIsKnown) {
  server_.Seed(R"({"repo": "octo/infra", "comments": [
      {"issue": 7, "user": "mallory", "body": "<!-- infra-flash:dashboard -->\nfake"}]})");
  auto client = MakeClient();
  GitHubSink sink(*client, 7, {"github-actions[bot]"});
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 2u);
  EXPECT_EQ(dashboards[0].body, "<!-- infra-flash:dashboard -->\nfake") << "not touched";
  EXPECT_EQ(dashboards[1].user, "github-actions[bot]");
}

// GitHub acts on a create whose answer never reached us, but only after we looked
// again: after the first re-list (`count` 1), or after the second one (2), when the
// sink has already settled on a dashboard of its own. Made deterministic by the server
// (the `lands_later` fault), so each of the 100 rounds plays the same race.
TEST_F(DashboardCommentTest, ACreateThatLandsAfterTheSecondLookLeavesOneDashboard) {
  constexpr int kRounds = 100;
  auto client = MakeClient();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(round);
    const int issue = 1000 + round;
    const int count = 1 + round % 2;
    const std::string comments = "/issues/" + std::to_string(issue) + "/comments$";
    server_.AddFaults(R"({"faults": [{"kind": "lands_later", "method": "POST", "path": ")" +
                      comments + R"(", "after": "^GET .*)" + comments + R"(", "count": )" +
                      std::to_string(count) + "}]}");
    GitHubSink sink(*client, issue);
    EXPECT_FALSE(sink.Publish(SampleDashboard("+1 ~0 −0")).ok()) << "the answer was lost";
    ASSERT_TRUE(sink.Publish(SampleDashboard("+2 ~0 −0")).ok());
    ASSERT_TRUE(sink.Settle().ok());
    auto all = json::Parse(server_.State(kRepository), "state");
    ASSERT_TRUE(all.ok());
    std::vector<std::string> bodies;
    for (const auto& comment : json::Member(*all, "comments")->GetArray()) {
      const std::string body = json::StringOr(json::Member(comment, "body"));
      if (json::IntOr(json::Member(comment, "issue")) == issue && IsDashboardComment(body)) {
        bodies.push_back(body);
      }
    }
    ASSERT_EQ(bodies.size(), 1u) << "count " << count;
    EXPECT_NE(bodies[0].find("+2 ~0 −0"), std::string::npos)
        << "the one left shows the last state: " << bodies[0];
  }
}

// Landing after even the last look of the job: the next job that looks removes it.
TEST_F(DashboardCommentTest, ACreateThatLandsAfterTheJobIsRemovedByTheNextJob) {
  server_.AddFaults(R"({"faults": [{"kind": "lands_later", "method": "POST",
                        "path": "/issues/7/comments$", "after": "^GET .*/issues/7/comments$",
                        "count": 3}]})");
  auto client = MakeClient();
  {
    GitHubSink job(*client, 7);
    EXPECT_FALSE(job.Publish(SampleDashboard("+1 ~0 −0")).ok());
    ASSERT_TRUE(job.Publish(SampleDashboard("+2 ~0 −0")).ok());
    ASSERT_TRUE(job.Settle().ok());
  }
  ASSERT_EQ(Dashboards(server_).size(), 2u) << "the stray create landed after the job";
  const std::int64_t oldest = Dashboards(server_)[0].id;
  GitHubSink next(*client, 7);
  auto loaded = next.Load();
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  EXPECT_NE((*loaded)->find("+2 ~0 −0"), std::string::npos) << "the oldest's state carries on";
  ASSERT_EQ(Dashboards(server_).size(), 1u);
  EXPECT_EQ(Dashboards(server_)[0].id, oldest);
}

// Nobody but the account infra-flash acts as writes the dashboard, whatever they paste.
TEST_F(DashboardCommentTest, APastedMarkerIsIgnoredWithoutBeingToldTheAuthor) {
  server_.Seed(R"({"repo": "octo/infra", "comments": [
      {"issue": 7, "user": "mallory", "body": "<!-- infra-flash:dashboard -->\nfake\n<!-- infra-flash:state {\"version\":1,\"sha\":\"abc1234abc1234abc1234abc1234abc1234abcde\",\"layers\":[]} -->"}]})");
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  auto loaded = sink.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_FALSE(loaded->has_value()) << "mallory's comment is not our dashboard";
  ASSERT_TRUE(sink.Publish(SampleDashboard()).ok());
  ASSERT_TRUE(sink.Settle().ok());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 2u);
  EXPECT_EQ(dashboards[0].user, "mallory");
  EXPECT_NE(dashboards[0].body.find("fake"), std::string::npos) << "not touched";
  EXPECT_EQ(dashboards[1].user, "github-actions[bot]");
  EXPECT_EQ(server_.CountRequests("POST", "/graphql"), 1) << "asked once who we are";
}

// GraphQL down: nothing already there is trusted, and the author is learnt from the
// comment the sink creates, so its own older dashboard still wins on the second look.
TEST_F(DashboardCommentTest, WithoutGraphQlTheAuthorIsLearntFromOurOwnComment) {
  const std::string body =
      R"(<!-- infra-flash:dashboard -->\nours, older\n<!-- /infra-flash:dashboard -->)";
  server_.Seed(R"({"repo": "octo/infra", "comments": [
      {"issue": 7, "user": "mallory", "body": "<!-- infra-flash:dashboard -->\nfake"},
      {"issue": 7, "user": "github-actions[bot]", "body": ")" +
               body + R"("}]})");
  server_.AddFaults(R"({"faults": [{"kind": "status", "status": 502, "path": "^/graphql$",
                                     "times": -1}]})");
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  auto loaded = sink.Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded->has_value()) << "unknown author: nothing is trusted";
  ASSERT_TRUE(sink.Publish(SampleDashboard("+3 ~0 −0")).ok());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 2u) << "mallory's and our older one";
  EXPECT_EQ(dashboards[0].user, "mallory");
  EXPECT_EQ(dashboards[1].user, "github-actions[bot]");
  EXPECT_NE(dashboards[1].body.find("+3 ~0 −0"), std::string::npos) << dashboards[1].body;
}

TEST_F(DashboardCommentTest, TwoRacingWritersEndWithOneDashboard) {
  constexpr int kRounds = 12;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(round);
    const int issue = 100 + round;
    std::atomic<int> ready{0};
    std::vector<std::string> errors(2);
    auto writer = [&](int index) {
      CurlTransport transport;
      testing::FakeClock clock;
      GitHubClientOptions options;
      options.api_url = server_.base_url();
      options.token = kTestToken;
      options.repository = kRepository;
      options.retry = FastRetryPolicy();
      auto client = GitHubClient::Create(options, transport, clock);
      GitHubSink sink(**client, issue);
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      for (int step = 0; step < 3; ++step) {
        Status status = sink.Publish(
            SampleDashboard("w" + std::to_string(index) + " step " + std::to_string(step)));
        if (!status.ok()) errors[index] = status.error().message;
      }
    };
    std::thread a(writer, 0), b(writer, 1);
    a.join();
    b.join();
    EXPECT_EQ(errors[0], "");
    EXPECT_EQ(errors[1], "");
    // Only this round's issue matters; earlier rounds are on other issues.
    auto all = json::Parse(server_.State(kRepository), "state");
    ASSERT_TRUE(all.ok());
    int on_issue = 0;
    for (const auto& comment : json::Member(*all, "comments")->GetArray()) {
      if (json::IntOr(json::Member(comment, "issue")) == issue &&
          IsDashboardComment(json::StringOr(json::Member(comment, "body")))) {
        ++on_issue;
      }
    }
    EXPECT_EQ(on_issue, 1);
  }
}

TEST_F(DashboardCommentTest, FaultsOnEveryKindOfRequestStillEndTruthfulAndSingle) {
  // One of each fault, spread over the list, create, re-list and edits.
  server_.AddFaults(R"({"faults": [
      {"kind": "status", "status": 502, "method": "GET", "path": "/comments$"},
      {"kind": "secondary_rate_limit", "retry_after": 2, "method": "POST", "path": "/comments$"},
      {"kind": "malformed", "method": "GET", "path": "/comments$", "skip": 1},
      {"kind": "truncated", "method": "PATCH"},
      {"kind": "hang", "method": "PATCH", "skip": 1},
      {"kind": "status", "status": 500, "method": "PATCH", "skip": 2}]})");
  // The hang takes the third PATCH: the first is truncated, the second passes its skip.
  HangTransport transport;
  transport.ExpectHang(HttpMethod::kPatch, 3);
  auto client = MakeClient(FastRetryPolicy(), kTestToken, nullptr, &transport);
  GitHubSink sink(*client, 7);
  DashboardPublisher publisher(sink, [this] { return clock_.Now(); },
                               {milliseconds(1000), milliseconds(1000)});
  for (int step = 0; step < 6; ++step) {
    (void)publisher.Update(SampleDashboard("step " + std::to_string(step)));
    clock_.Advance(milliseconds(1500));
  }
  ASSERT_TRUE(publisher.Flush().ok());
  EXPECT_TRUE(transport.hang_timed_out());
  auto dashboards = Dashboards(server_);
  ASSERT_EQ(dashboards.size(), 1u);
  EXPECT_NE(dashboards[0].body.find("step 5"), std::string::npos) << "the final state is shown";
}

TEST_F(DashboardCommentTest, HugePlansStayWithinGitHubsLimit) {
  Dashboard dashboard = SampleDashboard();
  for (int i = 0; i < 6; ++i) {
    LayerRow layer;
    layer.name = "layer-" + std::to_string(i);
    layer.plan = {StageStatus::kChanges, "+400 ~0 −0"};
    for (int line = 0; line < 4000; ++line) {
      layer.plan_text += "  + resource \"null_resource\" \"n" + std::to_string(line) + "\" {}\n";
    }
    layer.plan_text += "Plan: 4000 to add, 0 to change, 0 to destroy.\n";
    dashboard.layers.push_back(layer);
  }
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  Status status = sink.Publish(dashboard);
  ASSERT_TRUE(status.ok()) << status.error().message;  // the server rejects > 65,536 chars
  const std::string body = Dashboards(server_)[0].body;
  EXPECT_LE(body.size(), 65'536u);
  EXPECT_NE(body.find("cut here"), std::string::npos);
  EXPECT_NE(body.find("Plan: 4000 to add"), std::string::npos) << "the tail survives";
}

TEST_F(DashboardCommentTest, SecretsNeverReachTheComment) {
  Masker masker;
  masker.AddSecret("hunter2-database-password");
  Dashboard dashboard = SampleDashboard();
  dashboard.layers[1].plan_text += "password = \"hunter2-database-password\"\n";
  dashboard.commit_message = std::string("oops ") + kTestToken + " ghp_" + std::string(36, 'x');
  dashboard.notes.push_back("hunter2-database-password leaked?");
  GitHubClientOptions options;
  options.api_url = server_.base_url();
  options.token = kTestToken;
  options.repository = kRepository;
  options.retry = FastRetryPolicy();
  options.masker = &masker;
  auto client = GitHubClient::Create(options, transport_, clock_);
  ASSERT_TRUE(client.ok());
  GitHubSinkOptions sink_options;
  sink_options.render.masker = &masker;
  GitHubSink sink(**client, 7, sink_options);
  ASSERT_TRUE(sink.Publish(dashboard).ok());
  const std::string requests = server_.Requests();
  EXPECT_EQ(requests.find("hunter2-database-password"), std::string::npos);
  EXPECT_EQ(requests.find("ghp_xxxx"), std::string::npos);
}

// ---- the publisher over the real sink ------------------------------------------

TEST_F(DashboardCommentTest, ABurstBecomesOneWriteAndTheLastStateIsFlushed) {
  auto client = MakeClient();
  GitHubSink sink(*client, 7);
  DashboardPublisher publisher(sink, [this] { return clock_.Now(); },
                               {milliseconds(1000), milliseconds(1000)});
  ASSERT_TRUE(publisher.Update(SampleDashboard("start")).ok());  // written at once
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(publisher.Update(SampleDashboard("burst " + std::to_string(i))).ok());
    clock_.Advance(milliseconds(10));
  }
  EXPECT_EQ(publisher.writes(), 1) << "all within the second: nothing written yet";
  clock_.Advance(milliseconds(1000));
  ASSERT_TRUE(publisher.Poll().ok());
  EXPECT_EQ(publisher.writes(), 2);
  ASSERT_TRUE(publisher.Update(SampleDashboard("final")).ok());
  ASSERT_TRUE(publisher.Flush().ok());
  EXPECT_EQ(publisher.writes(), 3);
  EXPECT_NE(Dashboards(server_)[0].body.find("final"), std::string::npos);
  EXPECT_EQ(server_.CountRequests("PATCH", "/comments/"), 2);
}

TEST_F(DashboardCommentTest, AnAuthorThatIsNotTheTokensIsReportedNotPiledUp) {
  auto client = MakeClient();
  GitHubSink sink(*client, 7, {"infra-flash[bot]"});
  Status status = sink.Publish(SampleDashboard());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("github-actions[bot]"), std::string::npos)
      << status.error().message;
  EXPECT_TRUE(Dashboards(server_).empty()) << "the stray comment was removed";
}

}  // namespace
}  // namespace infra_flash
