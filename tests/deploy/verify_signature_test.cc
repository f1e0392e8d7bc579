// `infra-flash verify-signature`, run in-process: exit codes, messages, and that the
// secret only ever comes from the environment.
#include "cli/verify_signature.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "deploy/signature.h"
#include "support/subprocess.h"

namespace infra_flash {
namespace {

constexpr char kSecretVariable[] = "INFRA_FLASH_TEST_DEPLOY_SECRET";
constexpr char kSecret[] = "verify-me-7c1d";
const std::string kBody = R"({"env":"prod","tag":"v1.4.3","triggered_by":"octocat"})";

struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the command with `stdin_text` on file descriptor 0, capturing both outputs.
CommandRun RunCommand(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  testing::TempDir dir;
  const std::string input = dir.Write("stdin", stdin_text);
  const int saved = dup(0);
  const int fd = open(input.c_str(), O_RDONLY);
  dup2(fd, 0);
  close(fd);
  clearerr(stdin);
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  CommandRun run;
  run.exit_code = cli::RunVerifySignature(args);
  std::fflush(stdout);
  std::fflush(stderr);
  run.out = ::testing::internal::GetCapturedStdout();
  run.err = ::testing::internal::GetCapturedStderr();
  dup2(saved, 0);
  close(saved);
  clearerr(stdin);
  return run;
}

class VerifySignatureCommand : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv(kSecretVariable, kSecret, 1); }
  void TearDown() override { ::unsetenv(kSecretVariable); }
  testing::TempDir dir_;
};

struct CommandCase {
  const char* name;
  std::vector<std::string> args;  // "BODY" and "HEADER_FILE" are replaced by files
  std::string stdin_text;
  int expected_exit;
  std::string expected_text;  // in stdout (exit 0) or stderr
};

TEST_F(VerifySignatureCommand, Table) {
  const std::string good = *SignBody(kSecret, kBody);
  const std::string other = *SignBody("another-secret", kBody);
  const std::string empty = *SignBody(kSecret, "");
  const std::string body_file = dir_.Write("body.json", kBody);
  const std::string tampered_file = dir_.Write("tampered.json", kBody + "\n");
  const std::string empty_file = dir_.Write("empty", "");
  const std::string header_file = dir_.Write("header", good + "\n");
  const std::string env = std::string("--secret-env=") + kSecretVariable;
  const CommandCase cases[] = {
      {"valid, body from a file",
       {env, "--header", good, "--body-file", body_file},
       "",
       0,
       "valid"},
      {"valid, body on stdin", {env, "--header", good}, kBody, 0, "valid"},
      {"valid, body on stdin with -",
       {env, "--header", good, "--body-file", "-"},
       kBody,
       0,
       "valid"},
      {"valid, header from a file",
       {env, "--header-file", header_file, "--body-file", body_file},
       "",
       0,
       "valid"},
      {"valid, empty body", {env, "--header", empty, "--body-file", empty_file}, "", 0, "valid"},
      {"wrong secret", {env, "--header", other, "--body-file", body_file}, "", 1, "does not match"},
      {"tampered body",
       {env, "--header", good, "--body-file", tampered_file},
       "",
       1,
       "does not match"},
      {"empty body, signature of another",
       {env, "--header", good, "--body-file", empty_file},
       "",
       1,
       "does not match"},
      {"malformed header",
       {env, "--header", "sha256=xyz", "--body-file", body_file},
       "",
       1,
       "64 hex digits"},
      {"missing prefix",
       {env, "--header", good.substr(7), "--body-file", body_file},
       "",
       1,
       "does not start with `sha256=`"},
      {"no header flag", {env, "--body-file", body_file}, "", 2, "exactly one of --header"},
      {"both header flags",
       {env, "--header", good, "--header-file", header_file},
       "",
       2,
       "exactly one of --header"},
      {"no --secret-env", {"--header", good, "--body-file", body_file}, "", 2, "--secret-env"},
      {"unset variable",
       {"--secret-env", "INFRA_FLASH_TEST_UNSET_VARIABLE", "--header", good},
       "",
       2,
       "INFRA_FLASH_TEST_UNSET_VARIABLE is not set"},
      {"a --secret flag does not exist",
       {"--secret", kSecret, "--header", good},
       "",
       2,
       "unknown flag `--secret`"},
      {"unreadable body",
       {env, "--header", good, "--body-file", dir_.path() + "/missing"},
       "",
       2,
       "cannot read"},
      {"positional argument", {env, "--header", good, kSecret}, "", 2, "never an argument"},
  };
  for (const CommandCase& c : cases) {
    const CommandRun run = RunCommand(c.args, c.stdin_text);
    EXPECT_EQ(run.exit_code, c.expected_exit)
        << c.name << "\nout: " << run.out << "\nerr: " << run.err;
    const std::string& text = c.expected_exit == 0 ? run.out : run.err;
    EXPECT_NE(text.find(c.expected_text), std::string::npos) << c.name << ": " << text;
    EXPECT_EQ((run.out + run.err).find(kSecret), std::string::npos)
        << c.name << " printed the secret";
  }
}

TEST_F(VerifySignatureCommand, EmptySecretVariableIsAUsageError) {
  ::setenv(kSecretVariable, "", 1);
  const CommandRun run = RunCommand({"--secret-env", kSecretVariable, "--header", "sha256=00"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("is empty"), std::string::npos) << run.err;
}

TEST_F(VerifySignatureCommand, HelpSaysWhyTheSecretIsNotAnArgument) {
  const CommandRun run = RunCommand({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("never from the command"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("/proc/PID/cmdline"), std::string::npos);
  EXPECT_EQ(run.out, cli::VerifySignatureUsage());
}

}  // namespace
}  // namespace infra_flash
