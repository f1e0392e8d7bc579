// `infra-flash verify-signature`: checks an `X-Hub-Signature-256` value against a body,
// the receiving side of signed deploy requests (deploy/signature.h), for scripts and
// for debugging a receiver.
#pragma once

#include <string>
#include <vector>

namespace infra_flash::cli {

// Exit status: 0 valid, 1 invalid (mismatch or malformed header; the reason on stderr),
// 2 usage error (missing or conflicting flags, unset secret variable, unreadable file).
int RunVerifySignature(const std::vector<std::string>& args);
std::string VerifySignatureUsage();

}  // namespace infra_flash::cli
