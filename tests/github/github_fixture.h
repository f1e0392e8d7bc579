// Shared by the github tests: a loopback GitHub per test, a fake clock, the real
// libcurl transport, and a client wired to all three.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "github/client.h"
#include "http/curl_transport.h"
#include "support/fake_clock.h"
#include "support/github_server.h"

namespace infra_flash {

// Not shaped like a GitHub token on purpose: only the client's own masking can hide it.
inline constexpr char kTestToken[] = "loopback-secret-0123456789";
inline constexpr char kRepository[] = "octo/infra";

// Retries without real waiting (the clock is fake) and short real timeouts.
inline RetryPolicy FastRetryPolicy() {
  RetryPolicy policy;
  policy.max_attempts = 4;
  policy.initial_backoff = std::chrono::milliseconds(100);
  policy.max_backoff = std::chrono::milliseconds(1000);
  policy.budget = std::chrono::milliseconds(120'000);
  return policy;
}

class GitHubTest : public ::testing::Test {
 protected:
  GitHubTest()
      : server_(INFRA_FLASH_SOURCE_DIR, {kTestToken}),
        transport_(
            TransportTimeouts{std::chrono::milliseconds(2000), std::chrono::milliseconds(1500)}) {}

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
                                           std::string token = kTestToken, Clock* clock = nullptr) {
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
        GitHubClient::Create(std::move(options), transport_, clock != nullptr ? *clock : clock_);
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
  CurlTransport transport_;
  std::mutex log_mutex_;
  std::vector<std::string> logs_;
};

}  // namespace infra_flash
