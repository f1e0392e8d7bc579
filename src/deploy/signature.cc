#include "deploy/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <optional>

#include "common/strings.h"
#include "deploy/hex.h"

namespace infra_flash {
namespace {

using Mac = std::array<unsigned char, 32>;
constexpr std::size_t kHexDigits = 64;

std::optional<Mac> HmacSha256(std::string_view secret, std::string_view body) {
  Mac mac{};
  std::size_t length = 0;
  // EVP_Q_mac wants non-null pointers even for empty input.
  static constexpr unsigned char kEmpty = 0;
  const void* data = body.empty() ? &kEmpty : static_cast<const void*>(body.data());
  const unsigned char* result = EVP_Q_mac(
      nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
      static_cast<const unsigned char*>(data), body.size(), mac.data(), mac.size(), &length);
  if (result == nullptr || length != mac.size()) return std::nullopt;
  return mac;
}

SignatureCheck Verdict(SignatureVerdict verdict, std::string reason) {
  return SignatureCheck{verdict, std::move(reason)};
}

}  // namespace

Result<std::string> SignBody(std::string_view secret, std::string_view body) {
  if (secret.empty()) {
    return Error{"the deploy signing secret is empty: refusing to sign with an empty key"};
  }
  const std::optional<Mac> mac = HmacSha256(secret, body);
  if (!mac) return Error{"OpenSSL could not compute HMAC-SHA256 for the deploy request"};
  return std::string(kSignaturePrefix) + deploy_internal::HexEncode(mac->data(), mac->size());
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
  const std::optional<Mac> expected = HmacSha256(secret, body);
  if (!expected) {
    return Verdict(SignatureVerdict::kMismatch, "OpenSSL could not compute HMAC-SHA256");
  }
  if (CRYPTO_memcmp(given->data(), expected->data(), expected->size()) != 0) {
    return Verdict(SignatureVerdict::kMismatch,
                   "the signature does not match the body: it was signed with another secret, "
                   "or the body changed after signing");
  }
  return Verdict(SignatureVerdict::kValid, "the signature matches the body");
}

}  // namespace infra_flash
