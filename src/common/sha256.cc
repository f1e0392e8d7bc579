#include "common/sha256.h"

#include <openssl/evp.h>

#include <mutex>

#include "common/shared_library.h"

namespace infra_flash {
namespace {

// The soname of OpenSSL 3's libcrypto (Debian and Ubuntu: the package libssl3, which
// libcurl4 depends on).
constexpr char kLibrary[] = "libcrypto.so.3";

struct CryptoApi {
  EVP_MD_CTX* (*md_ctx_new)();
  void (*md_ctx_free)(EVP_MD_CTX*);
  const EVP_MD* (*sha256)();
  int (*digest_init_ex)(EVP_MD_CTX*, const EVP_MD*, ENGINE*);
  int (*digest_update)(EVP_MD_CTX*, const void*, size_t);
  int (*digest_final_ex)(EVP_MD_CTX*, unsigned char*, unsigned int*);
  unsigned char* (*q_mac)(OSSL_LIB_CTX*, const char*, const char*, const char*, const OSSL_PARAM*,
                          const void*, size_t, const unsigned char*, size_t, unsigned char*, size_t,
                          size_t*);
  int (*memcmp)(const void*, const void*, size_t);
};

struct Loaded {
  CryptoApi api{};
  std::string error;  // empty when api is usable
};

// `slot` bound to the function `name` of libcrypto, or `error` set.
template <typename Function>
void Bind(void* library, const char* name, Function& slot, std::string& error) {
  BindFunction(library, name, slot, "libcrypto", "it is not OpenSSL 3", error);
}

Loaded Bound(const char* library_name) {
  Loaded loaded;
  // The library stays loaded for the life of the process.
  void* library =
      OpenSharedLibrary(library_name, "OpenSSL's libcrypto",
                        "install libssl3 (Debian/Ubuntu: apt-get install libssl3)", loaded.error);
  if (library == nullptr) return loaded;
  CryptoApi& api = loaded.api;
  std::string& error = loaded.error;
  Bind(library, "EVP_MD_CTX_new", api.md_ctx_new, error);
  Bind(library, "EVP_MD_CTX_free", api.md_ctx_free, error);
  Bind(library, "EVP_sha256", api.sha256, error);
  Bind(library, "EVP_DigestInit_ex", api.digest_init_ex, error);
  Bind(library, "EVP_DigestUpdate", api.digest_update, error);
  Bind(library, "EVP_DigestFinal_ex", api.digest_final_ex, error);
  Bind(library, "EVP_Q_mac", api.q_mac, error);
  Bind(library, "CRYPTO_memcmp", api.memcmp, error);
  return loaded;
}

// libcrypto, loaded once per process (thread-safe); nullptr with `error` set when it
// cannot be.
const CryptoApi* Crypto(std::string& error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = Bound(kLibrary); });
  if (!loaded.error.empty()) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.api;
}

}  // namespace

Sha256::Sha256() {
  const CryptoApi* api = Crypto(error_);
  if (api == nullptr) return;
  EVP_MD_CTX* context = api->md_ctx_new();
  if (context == nullptr || api->digest_init_ex(context, api->sha256(), nullptr) != 1) {
    if (context != nullptr) api->md_ctx_free(context);
    error_ = "OpenSSL could not start a SHA-256 digest";
    return;
  }
  context_ = context;
}

Sha256::~Sha256() {
  if (context_ == nullptr) return;
  std::string unused;
  Crypto(unused)->md_ctx_free(static_cast<EVP_MD_CTX*>(context_));
}

void Sha256::Update(std::string_view bytes) {
  if (context_ == nullptr || !error_.empty() || bytes.empty()) return;
  std::string unused;
  if (Crypto(unused)->digest_update(static_cast<EVP_MD_CTX*>(context_), bytes.data(),
                                    bytes.size()) != 1) {
    error_ = "OpenSSL could not update a SHA-256 digest";
  }
}

Result<Sha256Digest> Sha256::Finish() {
  if (!error_.empty()) return Error{error_};
  Sha256Digest digest{};
  unsigned int size = 0;
  std::string unused;
  if (Crypto(unused)->digest_final_ex(static_cast<EVP_MD_CTX*>(context_), digest.data(), &size) !=
          1 ||
      size != digest.size()) {
    return Error{"OpenSSL could not finish a SHA-256 digest"};
  }
  return digest;
}

Result<std::string> Sha256Hex(std::string_view bytes) {
  Sha256 hash;
  hash.Update(bytes);
  Result<Sha256Digest> digest = hash.Finish();
  if (!digest.ok()) return digest.error();
  return HexDigest(*digest);
}

Result<Sha256Digest> HmacSha256(std::string_view key, std::string_view message) {
  std::string error;
  const CryptoApi* api = Crypto(error);
  if (api == nullptr) return Error{error};
  Sha256Digest mac{};
  std::size_t length = 0;
  // EVP_Q_mac wants non-null pointers even for empty input.
  static constexpr unsigned char kEmpty = 0;
  const void* key_data = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
  const void* data = message.empty() ? &kEmpty : static_cast<const void*>(message.data());
  const unsigned char* result = api->q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key_data,
                                           key.size(), static_cast<const unsigned char*>(data),
                                           message.size(), mac.data(), mac.size(), &length);
  if (result == nullptr || length != mac.size()) {
    return Error{"OpenSSL could not compute HMAC-SHA256"};
  }
  return mac;
}

Result<bool> ConstantTimeEqual(const unsigned char* a, const unsigned char* b, std::size_t size) {
  std::string error;
  const CryptoApi* api = Crypto(error);
  if (api == nullptr) return Error{error};
  return api->memcmp(a, b, size) == 0;
}

std::string HexDigest(const Sha256Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (const unsigned char byte : digest) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0x0f];
  }
  return out;
}

std::string CryptoLoadProblem(const char* library) { return Bound(library).error; }

}  // namespace infra_flash
