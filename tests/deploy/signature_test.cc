// Signing and verifying X-Hub-Signature-256 values, against GitHub's published example
// and a table of the ways a signature can be wrong.
#include "deploy/signature.h"

#include <gtest/gtest.h>

#include <string>

namespace infra_flash {
namespace {

// From GitHub's "Validating webhook deliveries": secret, payload and signature.
constexpr char kGitHubSecret[] = "It's a Secret to Everybody";
constexpr char kGitHubPayload[] = "Hello, World!";
constexpr char kGitHubSignature[] =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(SignBody, MatchesGitHubsPublishedExample) {
  Result<std::string> signature = SignBody(kGitHubSecret, kGitHubPayload);
  ASSERT_TRUE(signature.ok()) << signature.error().message;
  EXPECT_EQ(*signature, kGitHubSignature);
}

TEST(SignBody, EmptyBodyIsSignedAndEmptySecretRefused) {
  // python3: hmac.new(b"s3cret-deploy-key", b"", hashlib.sha256).hexdigest()
  Result<std::string> empty_body = SignBody("s3cret-deploy-key", "");
  ASSERT_TRUE(empty_body.ok());
  EXPECT_EQ(*empty_body, "sha256=616f76a785531639572640241099125ad8af9cb7a527ea9fd9a4caeaecf8a76a");
  Result<std::string> empty_secret = SignBody("", "body");
  ASSERT_FALSE(empty_secret.ok());
  EXPECT_NE(empty_secret.error().message.find("empty"), std::string::npos);
}

struct VerifyCase {
  const char* name;
  std::string secret;
  std::string header;
  std::string body;
  SignatureVerdict expected;
};

TEST(VerifySignature, Table) {
  const std::string body = R"({"env":"prod","tag":"v1.4.3","triggered_by":"octocat"})";
  const std::string good = *SignBody("deploy-secret", body);
  const std::string empty_good = *SignBody("deploy-secret", "");
  std::string upper = good;
  for (std::size_t i = 7; i < upper.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(upper[i]));
  std::string flipped = good;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  const VerifyCase cases[] = {
      {"valid", "deploy-secret", good, body, SignatureVerdict::kValid},
      {"GitHub's example", kGitHubSecret, kGitHubSignature, kGitHubPayload,
       SignatureVerdict::kValid},
      {"uppercase hex", "deploy-secret", upper, body, SignatureVerdict::kValid},
      {"surrounding whitespace", "deploy-secret", "  " + good + "\n", body,
       SignatureVerdict::kValid},
      {"empty body, valid", "deploy-secret", empty_good, "", SignatureVerdict::kValid},
      {"empty body, signature of another body", "deploy-secret", good, "",
       SignatureVerdict::kMismatch},
      {"wrong secret", "another-secret", good, body, SignatureVerdict::kMismatch},
      {"tampered body", "deploy-secret", good, body + " ", SignatureVerdict::kMismatch},
      {"tampered tag", "deploy-secret", good,
       R"({"env":"prod","tag":"v9.9.9","triggered_by":"octocat"})", SignatureVerdict::kMismatch},
      {"one digit flipped", "deploy-secret", flipped, body, SignatureVerdict::kMismatch},
      {"missing prefix", "deploy-secret", good.substr(7), body, SignatureVerdict::kMissingPrefix},
      {"sha1 prefix", "deploy-secret", "sha1=" + good.substr(7), body,
       SignatureVerdict::kMissingPrefix},
      {"prefix in capitals", "deploy-secret", "SHA256=" + good.substr(7), body,
       SignatureVerdict::kMissingPrefix},
      {"empty header", "deploy-secret", "", body, SignatureVerdict::kMissingPrefix},
      {"too short", "deploy-secret", good.substr(0, good.size() - 2), body,
       SignatureVerdict::kMalformed},
      {"too long", "deploy-secret", good + "00", body, SignatureVerdict::kMalformed},
      {"not hex", "deploy-secret", "sha256=" + std::string(64, 'g'), body,
       SignatureVerdict::kMalformed},
      {"prefix only", "deploy-secret", "sha256=", body, SignatureVerdict::kMalformed},
      {"empty secret", "", good, body, SignatureVerdict::kNoSecret},
  };
  for (const VerifyCase& c : cases) {
    const SignatureCheck check = VerifySignature(c.secret, c.header, c.body);
    EXPECT_EQ(check.verdict, c.expected) << c.name << ": " << check.reason;
    EXPECT_FALSE(check.reason.empty()) << c.name;
    if (!c.secret.empty()) {
      EXPECT_EQ(check.reason.find(c.secret), std::string::npos) << c.name << " leaks the secret";
    }
  }
}

}  // namespace
}  // namespace infra_flash
