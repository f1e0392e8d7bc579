#include "support/github_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/json.h"

namespace infra_flash::testing {
namespace {

// A minimal HTTP/1.0 exchange on loopback: the admin endpoints need nothing more, and
// the helper stays free of the code under test.
bool Exchange(int port, const std::string& method, const std::string& path, const std::string& body,
              int& status, std::string& answer) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return false;
  }
  const std::string request =
      method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n" +
      "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string response;
  char buffer[65536];
  while (true) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    response.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  const std::size_t space = response.find(' ');
  const std::size_t header_end = response.find("\r\n\r\n");
  if (space == std::string::npos || header_end == std::string::npos) return false;
  status = std::atoi(response.c_str() + space + 1);
  answer = response.substr(header_end + 4);
  return true;
}

}  // namespace

LoopbackGitHub::LoopbackGitHub(const std::string& source_dir,
                               const std::vector<std::string>& tokens)
    : server_("github") {
  std::vector<std::string> args = {source_dir + "/tests/github_server/server.py"};
  for (const std::string& token : tokens) {
    args.push_back("--token");
    args.push_back(token);
  }
  server_.Start(std::move(args));
}

LoopbackGitHub::~LoopbackGitHub() = default;

void LoopbackGitHub::Stop() { server_.Stop(); }

std::string LoopbackGitHub::base_url() const {
  return "http://127.0.0.1:" + std::to_string(server_.port());
}

std::string LoopbackGitHub::Admin(const std::string& method, const std::string& path,
                                  const std::string& body, int* status) const {
  int code = 0;
  std::string answer;
  if (!Exchange(server_.port(), method, path, body, code, answer)) code = 0;
  if (status != nullptr) *status = code;
  return code == 200 ? answer : "";
}

void LoopbackGitHub::Seed(const std::string& state_json) const {
  Admin("POST", "/_admin/state", state_json);
}

void LoopbackGitHub::AddFaults(const std::string& faults_json) const {
  Admin("POST", "/_admin/faults", faults_json);
}

std::string LoopbackGitHub::Requests() const { return Admin("GET", "/_admin/requests"); }

void LoopbackGitHub::ClearRequests() const { Admin("DELETE", "/_admin/requests"); }

std::string LoopbackGitHub::State(const std::string& repo) const {
  return Admin("GET", "/_admin/state?repo=" + repo);
}

int LoopbackGitHub::CountRequests(const std::string& method, const std::string& path_part) const {
  auto document = json::Parse(Requests(), "requests");
  if (!document.ok() || !document->IsArray()) return -1;
  int count = 0;
  for (const auto& request : document->GetArray()) {
    const std::string request_method = json::StringOr(json::Member(request, "method"));
    const std::string path = json::StringOr(json::Member(request, "path"));
    if ((method == "*" || method == request_method) && path.find(path_part) != std::string::npos) {
      ++count;
    }
  }
  return count;
}

}  // namespace infra_flash::testing
