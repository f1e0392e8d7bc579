// A scripted HTTP server on loopback for tests: starts tests/support/http_stub.py
// (python3, standard library) on 127.0.0.1 with a free port, answering each path from a
// script (statuses, bodies, delays, a wait for concurrent requests, dropped connections,
// HMAC signature checks), and stops it on destruction. Each test owns its stub.
//
//   testing::HttpStub stub(INFRA_FLASH_SOURCE_DIR,
//                          R"({"routes": {"/ok": [{"status": 200}]}})");
//   ASSERT_TRUE(stub.ok()) << stub.error();
//   ... GET stub.Url("/ok") ...
//   EXPECT_EQ(stub.Requests().size(), 1u);
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/python_server.h"

namespace infra_flash::testing {

struct StubRequest {
  std::string method;
  std::string path;                            // with the query string
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::optional<bool> signature_valid;  // nullopt when the script has no secret
  int in_flight = 0;                    // requests being served when it arrived, itself included
};

class HttpStub {
 public:
  HttpStub(const std::string& source_dir, const std::string& script_json);
  ~HttpStub();  // stops the server
  HttpStub(const HttpStub&) = delete;
  HttpStub& operator=(const HttpStub&) = delete;

  bool ok() const { return server_.ok(); }
  const std::string& error() const { return server_.error(); }
  int port() const { return server_.port(); }
  std::string Url(const std::string& path) const;  // "http://127.0.0.1:PORT" + path

  // Every request received so far, in arrival order.
  std::vector<StubRequest> Requests() const;

  void Stop();

 private:
  PythonServer server_;
};

// A loopback port where nothing listens: bound (so nobody else takes it while the test
// runs) but not listening, so a connection attempt is refused at once.
class ClosedPort {
 public:
  ClosedPort();
  ~ClosedPort();
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;
  int port() const { return port_; }
  std::string Url(const std::string& path) const;

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace infra_flash::testing
