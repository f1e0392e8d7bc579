// signature: the `X-Hub-Signature-256` scheme (the one GitHub uses for webhooks) for
// deploy requests. The sender puts `sha256=<hex HMAC-SHA256(secret, body)>` in the
// header; the receiver recomputes it over the exact bytes it received and compares in
// constant time, so a request is accepted only from someone holding the secret, and
// only with the body that was signed. Nothing here ever puts the secret in a message.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace infra_flash {

inline constexpr std::string_view kSignatureHeader = "X-Hub-Signature-256";
inline constexpr std::string_view kSignaturePrefix = "sha256=";

// "sha256=" + 64 lowercase hex digits. An error only when OpenSSL cannot compute a
// MAC (never expected), or when `secret` is empty: an empty key signs nothing worth
// checking, so it is refused rather than silently used.
Result<std::string> SignBody(std::string_view secret, std::string_view body);

enum class SignatureVerdict {
  kValid,
  kMismatch,       // well-formed, but not the MAC of this body with this secret
  kMissingPrefix,  // the value does not start with "sha256="
  kMalformed,      // "sha256=" not followed by exactly 64 hex digits
  kNoSecret,       // the secret is empty: nothing can be verified
};

struct SignatureCheck {
  SignatureVerdict verdict = SignatureVerdict::kMismatch;
  std::string reason;  // one sentence for the person reading it; never the secret
};

// Checks `header_value` (surrounding whitespace ignored; hex digits in either case)
// against the MAC of `body`. The comparison of MACs takes the same time wherever they
// differ (CRYPTO_memcmp), so timing reveals nothing about the expected value.
SignatureCheck VerifySignature(std::string_view secret, std::string_view header_value,
                               std::string_view body);

}  // namespace infra_flash
