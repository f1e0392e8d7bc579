#include "cli/verify_signature.h"

#include <cstdio>
#include <cstdlib>

#include "cli/flags.h"
#include "common/strings.h"
#include "deploy/signature.h"

namespace infra_flash::cli {
namespace {

constexpr std::size_t kMaxBodyBytes = 64u << 20;

const std::vector<FlagSpec>& VerifySignatureFlags() {
  static const std::vector<FlagSpec> flags = {
      {"secret-env", FlagKind::kValue, "NAME",
       "name of the environment variable holding the secret (required)"},
      {"header", FlagKind::kValue, "VALUE", "the header's value, `sha256=<64 hex digits>`"},
      {"header-file", FlagKind::kValue, "FILE", "read the header's value from FILE instead"},
      {"body-file", FlagKind::kValue, "FILE", "the exact body bytes; `-` (default) reads stdin"},
  };
  return flags;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "infra-flash verify-signature: %s\n", message.c_str());
  return 2;
}

Result<std::string> ReadStdin() {
  std::string body;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    body.append(buffer, n);
    if (body.size() > kMaxBodyBytes) return Error{"the body on stdin is larger than 64 MiB"};
  }
  if (std::ferror(stdin)) return Error{"cannot read the body from stdin"};
  return body;
}

Result<std::string> ReadBody(const ParsedFlags& flags) {
  const std::string path = flags.Value("body-file", "-");
  return path == "-" ? ReadStdin() : ReadFile(path);
}

Result<std::string> ReadHeader(const ParsedFlags& flags) {
  const bool inline_value = flags.Has("header");
  if (inline_value == flags.Has("header-file")) {
    return Error{"give the signature with exactly one of --header VALUE or --header-file FILE"};
  }
  if (inline_value) return flags.Value("header");
  Result<std::string> text = ReadFile(flags.Value("header-file"));
  if (!text.ok()) return text.error();
  return std::string(Trim(*text));
}

Result<std::string> ReadSecret(const ParsedFlags& flags) {
  const std::string name = flags.Value("secret-env");
  if (name.empty()) return Error{"--secret-env NAME is required (the variable holding the secret)"};
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return Error{"the environment variable " + name + " is not set"};
  if (*value == '\0') return Error{"the environment variable " + name + " is empty"};
  return std::string(value);
}

}  // namespace

std::string VerifySignatureUsage() {
  return "usage: infra-flash verify-signature --secret-env NAME\n"
         "                                   (--header VALUE | --header-file FILE)\n"
         "                                   [--body-file FILE|-]\n\n"
         "Checks that VALUE (an X-Hub-Signature-256 header: sha256=<hex HMAC-SHA256>) is the\n"
         "signature of the body with the secret, comparing in constant time.\n\n"
         "The secret is read from the environment variable NAME and never from the command\n"
         "line: arguments are visible to every user of the machine (ps, /proc/PID/cmdline),\n"
         "kept in shell history and printed in CI logs, while a process's environment is\n"
         "readable only by its owner and CI systems mask secrets passed that way.\n\n"
         "Exit status: 0 valid, 1 invalid (the reason on stderr), 2 usage error.\n\n"
         "flags:\n" +
         FlagsHelp(VerifySignatureFlags());
}

int RunVerifySignature(const std::vector<std::string>& args) {
  Result<ParsedFlags> flags = ParseFlags(args, VerifySignatureFlags(), "verify-signature");
  if (!flags.ok()) return Fail(flags.error().message);
  if (flags->help) {
    std::fputs(VerifySignatureUsage().c_str(), stdout);
    return 0;
  }
  if (!flags->positional.empty()) {
    // Not echoed: a stray argument may well be the secret itself.
    return Fail(
        "unexpected positional argument; the secret is never an argument: put it "
        "in an environment variable and pass --secret-env NAME");
  }
  Result<std::string> secret = ReadSecret(*flags);
  if (!secret.ok()) return Fail(secret.error().message);
  Result<std::string> header = ReadHeader(*flags);
  if (!header.ok()) return Fail(header.error().message);
  Result<std::string> body = ReadBody(*flags);
  if (!body.ok()) return Fail(body.error().message);

  const SignatureCheck check = VerifySignature(*secret, *header, *body);
  if (check.verdict == SignatureVerdict::kValid) {
    std::fprintf(stdout, "valid: %s\n", check.reason.c_str());
    return 0;
  }
  std::fprintf(stderr, "invalid: %s\n", check.reason.c_str());
  return 1;
}

}  // namespace infra_flash::cli
