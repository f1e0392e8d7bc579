#include "support/github_server.h"

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

extern char** environ;

namespace infra_flash::testing {
namespace {

using std::chrono::milliseconds;

int ReadPort(const std::string& path) {
  std::ifstream in(path);
  int port = 0;
  in >> port;
  return port;
}

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

// $INFRA_FLASH_PYTHON, else the system's python3 (a version-manager shim on PATH can
// take longer to start than a whole test), else python3 from PATH.
std::string Python() {
  if (const char* python = std::getenv("INFRA_FLASH_PYTHON"); python != nullptr && *python) {
    return python;
  }
  if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
  return "python3";
}

}  // namespace

LoopbackGitHub::LoopbackGitHub(const std::string& source_dir,
                               const std::vector<std::string>& tokens) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "infra-flash-github-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    error_ = std::string("mkdtemp: ") + std::strerror(errno);
    return;
  }
  directory_ = pattern;
  const std::string port_file = directory_ + "/port";
  std::vector<std::string> args = {Python(), source_dir + "/tests/github_server/server.py",
                                   "--port-file", port_file};
  for (const std::string& token : tokens) {
    args.push_back("--token");
    args.push_back(token);
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  const int spawned = posix_spawnp(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    pid_ = -1;
    error_ = std::string("could not start python3: ") + std::strerror(spawned);
    return;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(port_file)) {
      port_ = ReadPort(port_file);
      if (port_ > 0) return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = "server.py exited before it listened";
      return;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
  error_ = "server.py did not report its port within 15 s";
  Stop();
}

LoopbackGitHub::~LoopbackGitHub() { Stop(); }

void LoopbackGitHub::Stop() {
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

std::string LoopbackGitHub::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string LoopbackGitHub::Admin(const std::string& method, const std::string& path,
                                  const std::string& body, int* status) const {
  int code = 0;
  std::string answer;
  if (!Exchange(port_, method, path, body, code, answer)) code = 0;
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
