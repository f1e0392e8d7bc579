// Runs a real program for end-to-end tests (no shell): argv, optional stdin text,
// extra environment, working directory; returns exit status and both outputs.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace infra_flash::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when it did not exit normally
  int signal = 0;      // the terminating signal, if any
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::string stdin_text;
  std::map<std::string, std::string> env;  // added to (or replacing in) our environment
  std::vector<std::string> unset_env;      // removed from the child's environment
  std::string cwd;                         // empty: ours
  int timeout_seconds = 60;                // SIGKILL after this
};

ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// The infra-flash binary end-to-end tests run: INFRA_FLASH_BINARY_UNDER_TEST when set (the
// sanitizer pass of scripts/test.sh points the end-to-end suites of the plain build at its
// instrumented binary), else the one built with the tests.
const std::string& BinaryUnderTest();
// Whether that binary was built with AddressSanitizer (it calls __asan_init): bounds on
// its memory use mean nothing then.
bool BinaryUnderTestIsSanitized();

// A fresh empty directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `contents` to path()/relative (creating folders) and returns the full path.
  std::string Write(const std::string& relative, const std::string& contents) const;

 private:
  std::string path_;
};

}  // namespace infra_flash::testing
