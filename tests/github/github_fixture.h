// Shared by the github tests: a loopback GitHub per test, a fake clock, the real
// libcurl transport, and a client wired to all three.
//
// No test depends on how fast the machine is: the transport's timeouts are the
// production ones (a minute), so a loaded machine only makes tests slower. A timeout is
// tested with the server's `hang` fault, which never answers, and a HangTransport, which
// gives only that request a short timeout.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "github/client.h"
#include "http/curl_transport.h"
#include "support/fake_clock.h"
#include "support/github_server.h"

namespace infra_flash {

// Not shaped like a GitHub token on purpose: only the client's own masking can hide it.
inline constexpr char kTestToken[] = "loopback-secret-0123456789";
inline constexpr char kRepository[] = "octo/infra";

// Retries without real waiting (the clock is fake).
inline RetryPolicy FastRetryPolicy() {
  RetryPolicy policy;
  policy.max_attempts = 4;
  policy.initial_backoff = std::chrono::milliseconds(100);
  policy.max_backoff = std::chrono::milliseconds(1000);
  policy.budget = std::chrono::milliseconds(120'000);
  return policy;
}

// The real transport with the production timeouts, except for the one request a test's
// `hang` fault holds unanswered (ExpectHang): that one gets a transfer timeout of 1.5 s.
// Each instance has its own connections, so a case starts on a fresh one.
class HangTransport final : public HttpTransport {
 public:
  // Request number `ordinal` (from 1) with `method` through this transport is the one
  // the `hang` fault holds.
  void ExpectHang(HttpMethod method, int ordinal = 1) {
    std::lock_guard<std::mutex> lock(mutex_);
    method_ = method;
    ordinal_ = ordinal;
  }

  HttpExchange Send(const HttpRequest& request) override {
    bool hangs = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      hangs = ordinal_ > 0 && request.method == method_ && ++seen_ == ordinal_;
    }
    HttpExchange exchange = (hangs ? short_ : generous_).Send(request);
    if (hangs && exchange.outcome == WireOutcome::kTimedOut) hang_timed_out_ = true;
    return exchange;
  }

  // Whether the expected request timed out on its short timeout: tests check it, so
  // that an ordinal that misses the fault is an error rather than a minute's wait.
  bool hang_timed_out() const { return hang_timed_out_; }

 private:
  CurlTransport generous_;
  CurlTransport short_{
      TransportTimeouts{std::chrono::milliseconds(10'000), std::chrono::milliseconds(1500)}};
  std::mutex mutex_;
  HttpMethod method_ = HttpMethod::kGet;
  int ordinal_ = 0;  // 0: none hangs
  int seen_ = 0;
  std::atomic<bool> hang_timed_out_{false};
};

// CountRequests once it reaches `at_least`. A request that the client gave up on (a
// timeout) can reach the server's log after the client has returned; every other one is
// logged before it is answered. The deadline is only a backstop for a test that is wrong.
inline int WaitForRequests(const testing::LoopbackGitHub& server, const std::string& method,
                           const std::string& path_part, int at_least) {
  const auto backstop = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int count = server.CountRequests(method, path_part);
  while (count < at_least && std::chrono::steady_clock::now() < backstop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    count = server.CountRequests(method, path_part);
  }
  return count;
}

class GitHubTest : public ::testing::Test {
 protected:
  GitHubTest() : server_(INFRA_FLASH_SOURCE_DIR, {kTestToken}) {}

  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    server_.Seed(R"({"repo": "octo/infra",
                     "pulls": [{"number": 7, "title": "feat: add redis", "head_ref": "feature",
                                "head_sha": "abc1234abc1234abc1234abc1234abc1234abcde",
                                "changed_files": 2,
                                "files": [{"filename": "platform/main.tf"},
                                          {"filename": "envs/new.tf", "status": "renamed",
                                           "previous_filename": "envs/old.tf"}],
                                "reviews": [{"user": "alice", "state": "APPROVED",
                                             "commit_id": "abc1234abc1234abc1234abc1234abc1234abcde"}]}],
                     "permissions": {"alice": "maintain", "bob": "read", "carol": "admin"},
                     "commit_pulls": {"abc1234abc1234abc1234abc1234abc1234abcde": [7]}})");
  }

  std::unique_ptr<GitHubClient> MakeClient(RetryPolicy policy = FastRetryPolicy(),
                                           std::string token = kTestToken, Clock* clock = nullptr,
                                           HttpTransport* transport = nullptr) {
    GitHubClientOptions options;
    options.api_url = server_.base_url();
    options.token = std::move(token);
    options.repository = kRepository;
    options.retry = policy;
    options.jitter_seed = 42;
    options.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mutex_);
      logs_.push_back(line);
    };
    auto client =
        GitHubClient::Create(std::move(options), transport != nullptr ? *transport : transport_,
                             clock != nullptr ? *clock : clock_);
    EXPECT_TRUE(client.ok()) << client.error().message;
    return client.ok() ? std::move(client).value() : nullptr;
  }

  std::string AllLogs() {
    std::lock_guard<std::mutex> lock(log_mutex_);
    std::string all;
    for (const std::string& line : logs_) all += line + "\n";
    return all;
  }

  testing::LoopbackGitHub server_;
  testing::FakeClock clock_;
  CurlTransport transport_;  // the production timeouts
  std::mutex log_mutex_;
  std::vector<std::string> logs_;
};

}  // namespace infra_flash
