// Layer locks (src/flow/locks.h) through the real client against the loopback GitHub.
// Races are made deterministic without sleeps: the first taker's transport runs the
// second taker to its end at a chosen request of its own, so both have read the same
// stale lock before either writes.
#include "store/locks.h"
#include "github/client.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "common/json.h"
#include "http/curl_transport.h"
#include "support/fake_clock.h"
#include "support/github_server.h"

namespace infra_flash {
namespace {

constexpr char kToken[] = "locks-test-token";
const std::string kStale(40, 'c');  // head of #1, closed: its lock is stale
const std::string kHeadA(40, 'a');  // head of #2
const std::string kHeadB(40, 'b');  // head of #3
const std::string kLock = "refs/infra-flash/locks/platform";

// Sends through `inner`; once, before the request `when` picks, runs `meanwhile`.
class InterleavingTransport final : public HttpTransport {
 public:
  using Picker = std::function<bool(const HttpRequest& request, int writes, int reads)>;
  InterleavingTransport(HttpTransport& inner, Picker when, std::function<void()> meanwhile)
      : inner_(inner), when_(std::move(when)), meanwhile_(std::move(meanwhile)) {}

  HttpExchange Send(const HttpRequest& request) override {
    if (!fired_ && when_(request, writes_, reads_)) {
      fired_ = true;
      meanwhile_();
    }
    (request.method == HttpMethod::kGet ? reads_ : writes_) += 1;
    return inner_.Send(request);
  }
  bool fired() const { return fired_; }

 private:
  HttpTransport& inner_;
  Picker when_;
  std::function<void()> meanwhile_;
  bool fired_ = false;
  int writes_ = 0;  // requests sent so far that change something
  int reads_ = 0;
};

class LocksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(github_.ok()) << github_.error();
    github_.Seed(R"({"repo":"o/r","tokens":{"locks-test-token":"github-actions[bot]"},)"
                 R"("pulls":[{"number":1,"head_sha":")" +
                 kStale +
                 R"(","state":"closed"},)"
                 R"({"number":2,"head_sha":")" +
                 kHeadA +
                 R"(","state":"open"},)"
                 R"({"number":3,"head_sha":")" +
                 kHeadB +
                 R"(","state":"open"}],)"
                 R"("commit_pulls":{")" +
                 kStale + R"(":[1],")" + kHeadA + R"(":[2],")" + kHeadB + R"(":[3]},"refs":{")" +
                 kLock + R"(":")" + kStale + R"("}})");
  }

  std::unique_ptr<GitHubClient> Client(HttpTransport& transport) {
    GitHubClientOptions options;
    options.api_url = github_.base_url();
    options.token = kToken;
    options.repository = "o/r";
    Result<std::unique_ptr<GitHubClient>> client =
        GitHubClient::Create(std::move(options), transport, clock_);
    EXPECT_TRUE(client.ok()) << client.error().message;
    return client.ok() ? std::move(client).value() : nullptr;
  }

  // Takers #2 (the first) and #3 (run inside #2's request that `when` picks). Returns
  // their results, "" each when AcquireLocks failed.
  std::pair<Result<std::vector<LockResult>>, Result<std::vector<LockResult>>> Race(
      InterleavingTransport::Picker when) {
    CurlTransport wire_a;
    CurlTransport wire_b;
    std::unique_ptr<GitHubClient> b = Client(wire_b);
    Result<std::vector<LockResult>> second = Error{"the second taker never ran"};
    InterleavingTransport interleaved(wire_a, std::move(when),
                                      [&] { second = AcquireLocks(*b, 3, kHeadB, {"platform"}); });
    std::unique_ptr<GitHubClient> a = Client(interleaved);
    Result<std::vector<LockResult>> first = AcquireLocks(*a, 2, kHeadA, {"platform"});
    EXPECT_TRUE(interleaved.fired()) << "the race never happened";
    return {std::move(first), std::move(second)};
  }

  std::string Refs() {
    Result<rapidjson::Document> state = json::Parse(github_.State("o/r"), "state");
    if (!state.ok()) return "";
    const rapidjson::Value* refs = json::Member(*state, "refs");
    return refs != nullptr ? json::Serialize(*refs) : "";
  }

  std::string RefSha(const std::string& ref) {
    Result<rapidjson::Document> state = json::Parse(github_.State("o/r"), "state");
    if (!state.ok()) return "";
    return json::StringOr(json::Find(*state, {"refs", ref}));
  }

  // Exactly one of the two took the stale lock over, the other says who holds it, and
  // the lock points at the winner's head with no claim left behind.
  void ExpectOneWinner(const Result<std::vector<LockResult>>& first,
                       const Result<std::vector<LockResult>>& second) {
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_TRUE(second.ok()) << second.error().message;
    ASSERT_EQ(first->size(), 1u);
    ASSERT_EQ(second->size(), 1u);
    const LockResult& a = first->front();
    const LockResult& b = second->front();
    EXPECT_EQ(a.ours() + b.ours(), 1)
        << "exactly one taker may win; #2 ours=" << a.ours() << ", #3 ours=" << b.ours();
    const LockResult& winner = a.ours() ? a : b;
    const LockResult& loser = a.ours() ? b : a;
    const std::int64_t winner_number = a.ours() ? 2 : 3;
    EXPECT_EQ(winner.outcome, LockOutcome::kTakenOver);
    EXPECT_EQ(loser.outcome, LockOutcome::kHeldByOther);
    EXPECT_EQ(loser.holder, winner_number) << "the loser names the winner";
    EXPECT_EQ(RefSha(kLock), winner_number == 2 ? kHeadA : kHeadB);
    EXPECT_EQ(Refs().find("refs/infra-flash/takeover/"), std::string::npos)
        << "no claim is left: " << Refs();
  }

  testing::LoopbackGitHub github_{INFRA_FLASH_SOURCE_DIR, {kToken}};
  testing::FakeClock clock_;
};

TEST_F(LocksTest, TwoTakersOfAStaleLockWhenTheSecondWritesFirst) {
  // #2 has read the stale lock and its closed holder; #3 does everything before #2's
  // first write after those reads.
  auto [first, second] = Race([](const HttpRequest& request, int writes, int reads) {
    return request.method != HttpMethod::kGet && writes >= 1 && reads >= 2;
  });
  ExpectOneWinner(first, second);
}

TEST_F(LocksTest, TwoTakersOfAStaleLockWhenTheSecondComesAfterTheFirstsFirstWrite) {
  // #3 runs right after #2's second write (the takeover claim, or the lock itself).
  auto [first, second] = Race([](const HttpRequest&, int writes, int) { return writes == 2; });
  ExpectOneWinner(first, second);
}

TEST_F(LocksTest, AStaleLockIsTakenOverWhenNobodyRaces) {
  CurlTransport wire;
  std::unique_ptr<GitHubClient> client = Client(wire);
  Result<std::vector<LockResult>> taken = AcquireLocks(*client, 2, kHeadA, {"platform"});
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_EQ(taken->front().outcome, LockOutcome::kTakenOver);
  EXPECT_EQ(RefSha(kLock), kHeadA);
  EXPECT_EQ(Refs().find("refs/infra-flash/takeover/"), std::string::npos) << Refs();
}

TEST_F(LocksTest, AClaimLeftByAKilledJobOfThisPullRequestIsFinished) {
  github_.Seed(R"({"repo":"o/r","refs":{")" + TakeoverRef("platform", kStale) + R"(":")" + kHeadA +
               R"("}})");
  CurlTransport wire;
  std::unique_ptr<GitHubClient> client = Client(wire);
  Result<std::vector<LockResult>> taken = AcquireLocks(*client, 2, kHeadA, {"platform"});
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_EQ(taken->front().outcome, LockOutcome::kTakenOver);
  EXPECT_EQ(RefSha(kLock), kHeadA);

  // #3 finds the lock held by #2, an open PR.
  Result<std::vector<LockResult>> refused = AcquireLocks(*client, 3, kHeadB, {"platform"});
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(refused->front().outcome, LockOutcome::kHeldByOther);
  EXPECT_EQ(refused->front().holder, 2);
}

TEST_F(LocksTest, AClaimNobodyWillFinishNamesTheRefToDelete) {
  const std::string orphan(40, 'd');  // the head of no pull request
  const std::string claim = TakeoverRef("platform", kStale);
  github_.Seed(R"({"repo":"o/r","refs":{")" + claim + R"(":")" + orphan + R"("}})");
  CurlTransport wire;
  std::unique_ptr<GitHubClient> client = Client(wire);
  Result<std::vector<LockResult>> refused = AcquireLocks(*client, 3, kHeadB, {"platform"});
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(refused->front().outcome, LockOutcome::kHeldByOther);
  EXPECT_EQ(refused->front().holder, 0);
  EXPECT_NE(HeldByMessage(refused->front()).find(claim), std::string::npos)
      << HeldByMessage(refused->front());
  EXPECT_EQ(RefSha(kLock), kStale) << "the stale lock stays until the claim is gone";
}

}  // namespace
}  // namespace infra_flash
