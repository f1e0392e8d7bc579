#include "support/http_stub.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/json.h"
#include "common/strings.h"

extern char** environ;

namespace infra_flash::testing {
namespace {

using std::chrono::milliseconds;

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
  if (const rapidjson::Value* headers = json::Member(*document, "headers");
      headers != nullptr && headers->IsObject()) {
    for (const auto& member : headers->GetObject()) {
      request.headers[member.name.GetString()] = json::StringOr(&member.value);
    }
  }
  return request;
}

}  // namespace

HttpStub::HttpStub(const std::string& source_dir, const std::string& script_json) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "infra-flash-stub-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    error_ = std::string("mkdtemp: ") + std::strerror(errno);
    return;
  }
  directory_ = pattern;
  const std::string script = directory_ + "/script.json";
  const std::string port_file = directory_ + "/port";
  std::ofstream(script) << script_json;
  std::vector<std::string> args = {"python3",     source_dir + "/tests/support/http_stub.py",
                                   "--script",    script,
                                   "--port-file", port_file,
                                   "--log",       directory_ + "/requests.jsonl"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  const int spawned = posix_spawnp(&pid_, "python3", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    pid_ = -1;
    error_ = std::string("could not start python3: ") + std::strerror(spawned);
    return;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(port_file)) {
      port_ = std::atoi(ReadWhole(port_file).c_str());
      if (port_ > 0) return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = "http_stub.py exited before it listened (bad script JSON?)";
      return;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
  error_ = "http_stub.py did not report its port within 15 s";
  Stop();
}

HttpStub::~HttpStub() { Stop(); }

void HttpStub::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
    pid_ = -1;
  }
  port_ = 0;
  if (!directory_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
    directory_.clear();
  }
}

std::string HttpStub::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<StubRequest> HttpStub::Requests() const {
  std::vector<StubRequest> requests;
  if (directory_.empty()) return requests;
  const std::string log = ReadWhole(directory_ + "/requests.jsonl");
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
