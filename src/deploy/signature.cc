#include "deploy/signature.h"

#include "common/sha256.h"
#include "common/strings.h"
#include "deploy/hex.h"

namespace infra_flash {
namespace {

constexpr std::size_t kHexDigits = 64;

SignatureCheck Verdict(SignatureVerdict verdict, std::string reason) {
  return SignatureCheck{verdict, std::move(reason)};
}

}  // namespace

Result<std::string> SignBody(std::string_view secret, std::string_view body) {
  if (secret.empty()) {
    return Error{"the deploy signing secret is empty: refusing to sign with an empty key"};
  }
  const Result<Sha256Digest> mac = HmacSha256(secret, body);
  if (!mac.ok()) return Error{mac.error().message + " for the deploy request"};
  return std::string(kSignaturePrefix) + HexDigest(*mac);
}

SignatureCheck VerifySignature(std::string_view secret, std::string_view header_value,
                               std::string_view body) {
  if (secret.empty()) {
    return Verdict(SignatureVerdict::kNoSecret,
                   "the secret is empty, so no signature can be trusted");
  }
  const std::string_view value = Trim(header_value);
  if (value.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
    return Verdict(SignatureVerdict::kMissingPrefix,
                   "the signature does not start with `sha256=` (expected `sha256=` followed "
                   "by 64 hex digits, as in the X-Hub-Signature-256 header)");
  }
  const std::string_view hex = value.substr(kSignaturePrefix.size());
  const auto given = hex.size() == kHexDigits ? deploy_internal::HexDecode(hex) : std::nullopt;
  if (!given) {
    return Verdict(SignatureVerdict::kMalformed,
                   "the signature is not `sha256=` followed by exactly 64 hex digits");
  }
  const Result<Sha256Digest> expected = HmacSha256(secret, body);
  if (!expected.ok()) return Verdict(SignatureVerdict::kMismatch, expected.error().message);
  const Result<bool> equal = ConstantTimeEqual(given->data(), expected->data(), expected->size());
  if (!equal.ok()) return Verdict(SignatureVerdict::kMismatch, equal.error().message);
  if (!*equal) {
    return Verdict(SignatureVerdict::kMismatch,
                   "the signature does not match the body: it was signed with another secret, "
                   "or the body changed after signing");
  }
  return Verdict(SignatureVerdict::kValid, "the signature matches the body");
}

}  // namespace infra_flash
