#include "support/http_stub.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "common/json.h"
#include "common/strings.h"

namespace infra_flash::testing {
namespace {

// The file's contents, or "" while it does not exist yet.
std::string ReadWhole(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  return text.ok() ? *text : std::string();
}

StubRequest ParseRequestLine(std::string_view line) {
  StubRequest request;
  auto document = json::Parse(line, "http_stub log");
  if (!document.ok()) return request;
  request.method = json::StringOr(json::Member(*document, "method"));
  request.path = json::StringOr(json::Member(*document, "path"));
  request.body = json::StringOr(json::Member(*document, "body"));
  request.signature_valid = json::Bool(json::Member(*document, "signature_valid"));
  request.in_flight = static_cast<int>(json::IntOr(json::Member(*document, "in_flight")));
  if (const rapidjson::Value* headers = json::Member(*document, "headers");
      headers != nullptr && headers->IsObject()) {
    for (const auto& member : headers->GetObject()) {
      request.headers[member.name.GetString()] = json::StringOr(&member.value);
    }
  }
  return request;
}

}  // namespace

HttpStub::HttpStub(const std::string& source_dir, const std::string& script_json)
    : server_("http-stub") {
  if (server_.directory().empty()) return;  // server_.error() says why
  const std::string script = server_.directory() + "/script.json";
  std::ofstream(script) << script_json;
  server_.Start({source_dir + "/tests/support/http_stub.py", "--script", script, "--log",
                 server_.directory() + "/requests.jsonl"});
}

HttpStub::~HttpStub() = default;

void HttpStub::Stop() { server_.Stop(); }

std::string HttpStub::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
}

std::vector<StubRequest> HttpStub::Requests() const {
  std::vector<StubRequest> requests;
  if (server_.directory().empty()) return requests;
  const std::string log = ReadWhole(server_.directory() + "/requests.jsonl");
  for (std::string_view line : SplitLines(log)) {
    if (!Trim(line).empty()) requests.push_back(ParseRequestLine(line));
  }
  return requests;
}

ClosedPort::ClosedPort() {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    return;
  }
  port_ = ntohs(address.sin_port);
}

ClosedPort::~ClosedPort() {
  if (fd_ >= 0) close(fd_);
}

std::string ClosedPort::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace infra_flash::testing
