// common/sha256: SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto, loaded with dlopen at
// the first use instead of by the dynamic linker when infra-flash starts. Relocating
// libcrypto's 21,000 relocations took about 2 ms of every process start, and most runs
// (`explain`, `ci`, a PR plan) hash nothing. Every caller gets an Error, never an empty
// digest, when the library cannot be loaded.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace infra_flash {

using Sha256Digest = std::array<unsigned char, 32>;

// An incremental SHA-256. Update may be called any number of times before Finish.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // The digest of everything given to Update; the Error when libcrypto failed at any step.
  Result<Sha256Digest> Finish();

 private:
  void* context_ = nullptr;  // EVP_MD_CTX*
  std::string error_;        // the first failure; Finish returns it
};

// The digest of `bytes` as 64 lowercase hex digits.
Result<std::string> Sha256Hex(std::string_view bytes);

// HMAC-SHA256 of `message` keyed by `key`.
Result<Sha256Digest> HmacSha256(std::string_view key, std::string_view message);

// Whether the `size` bytes at `a` and `b` are equal, in time that does not depend on where
// they differ (libcrypto's CRYPTO_memcmp). Errors: libcrypto could not be loaded.
Result<bool> ConstantTimeEqual(const unsigned char* a, const unsigned char* b, std::size_t size);

// 64 lowercase hex digits.
std::string HexDigest(const Sha256Digest& digest);

// The message the loader gives when `library` cannot be loaded or lacks a function this
// file uses (tests: a name no system has); empty when it loads and has every function.
std::string CryptoLoadProblem(const char* library);

}  // namespace infra_flash
