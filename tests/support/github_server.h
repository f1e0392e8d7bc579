// A GitHub on loopback for tests: starts tests/github_server/server.py (python3,
// standard library) on 127.0.0.1 with a free port, talks to its /_admin endpoints
// (seed state, inject faults, read the recorded requests) and stops it on
// destruction. Each test owns its server, so tests do not see each other's state.
//
//   testing::LoopbackGitHub github(INFRA_FLASH_SOURCE_DIR, {"test-token"});
//   ASSERT_TRUE(github.ok()) << github.error();
//   github.Seed(R"({"repo": "o/r", "pulls": [{"number": 1}]})");
//   ... point a client at github.base_url() ...
//   EXPECT_EQ(github.CountRequests("POST", "/issues/1/comments"), 1);
#pragma once

#include <string>
#include <vector>

#include "support/python_server.h"

namespace infra_flash::testing {

class LoopbackGitHub {
 public:
  // `source_dir` is the repository root (tests have INFRA_FLASH_SOURCE_DIR); `tokens`
  // are accepted tokens, "TOKEN" or "TOKEN=LOGIN" (default login github-actions[bot]).
  LoopbackGitHub(const std::string& source_dir, const std::vector<std::string>& tokens);
  ~LoopbackGitHub();  // stops the server
  LoopbackGitHub(const LoopbackGitHub&) = delete;
  LoopbackGitHub& operator=(const LoopbackGitHub&) = delete;

  bool ok() const { return server_.ok(); }
  const std::string& error() const { return server_.error(); }
  int port() const { return server_.port(); }
  std::string base_url() const;  // "http://127.0.0.1:PORT"

  // One admin call; returns the body, or "" and sets *status when it fails.
  std::string Admin(const std::string& method, const std::string& path,
                    const std::string& body = "", int* status = nullptr) const;
  void Seed(const std::string& state_json) const;        // POST /_admin/state
  void AddFaults(const std::string& faults_json) const;  // POST /_admin/faults {"faults": [..]}
  std::string Requests() const;                          // GET /_admin/requests (JSON array)
  void ClearRequests() const;
  std::string State(const std::string& repo) const;  // GET /_admin/state?repo=
  // Requests whose method is `method` ("*" for any) and whose path contains `path_part`.
  int CountRequests(const std::string& method, const std::string& path_part) const;

  void Stop();

 private:
  PythonServer server_;
};

}  // namespace infra_flash::testing
