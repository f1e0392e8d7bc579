// A python3 helper server on loopback for one test: started with
// `--port-file FILE`, which the script writes once it listens, and stopped (SIGTERM,
// then SIGKILL) with its temporary directory when the test is done. The loopback
// GitHub and the scripted HTTP stub are both one of these.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace infra_flash::testing {

class PythonServer {
 public:
  // Makes a fresh temporary directory named after `name` (for the script's files).
  explicit PythonServer(const std::string& name);
  ~PythonServer();  // Stop()
  PythonServer(const PythonServer&) = delete;
  PythonServer& operator=(const PythonServer&) = delete;

  // Runs python3 `script_and_args` --port-file DIR/port and waits for the port
  // (support/wait.h); error() says what went wrong otherwise.
  void Start(std::vector<std::string> script_and_args);
  void Stop();

  bool ok() const { return port_ > 0; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  const std::string& directory() const { return directory_; }

 private:
  std::string name_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string directory_;
  std::string error_;
};

}  // namespace infra_flash::testing
