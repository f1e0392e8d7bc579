#include "deploy/fingerprint.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <memory>

#include "common/strings.h"
#include "deploy/hex.h"

namespace infra_flash {
namespace {

constexpr std::string_view kEncodingVersion = "infra-flash fingerprint v1\n";

struct DigestDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr);
  }

  void Add(std::string_view bytes) { EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()); }

  void AddLength(std::uint64_t length) {
    unsigned char encoded[8];
    for (int i = 7; i >= 0; --i) {
      encoded[i] = static_cast<unsigned char>(length & 0xff);
      length >>= 8;
    }
    EVP_DigestUpdate(context_.get(), encoded, sizeof encoded);
  }

  void AddField(std::string_view bytes) {
    AddLength(bytes.size());
    Add(bytes);
  }

  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &size);
    return deploy_internal::HexEncode(digest, size);
  }

 private:
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> context_;
};

}  // namespace

std::string ConfigurationFingerprint(const FingerprintInputs& inputs) {
  std::vector<const FingerprintFile*> files;
  for (const FingerprintFile& file : inputs.files) files.push_back(&file);
  std::stable_sort(
      files.begin(), files.end(),
      [](const FingerprintFile* a, const FingerprintFile* b) { return a->path < b->path; });
  Sha256 hash;
  hash.Add(kEncodingVersion);
  hash.AddLength(files.size());
  hash.AddLength(inputs.extras.size());
  for (const FingerprintFile* file : files) {
    hash.AddField(file->path);
    hash.AddField(file->content);
  }
  for (const std::string& extra : inputs.extras) hash.AddField(extra);
  return hash.HexDigest();
}

IdempotencyDecision DecideByFingerprint(const std::string& service, const std::string& previous,
                                        const std::string& current) {
  const std::string short_hash = ShortSha(current, kLongShaDigits);
  if (!previous.empty() && EqualsIgnoreCase(previous, current)) {
    return {DeployNeed::kSkip, "`" + service +
                                   "` is unchanged since its last deploy "
                                   "(configuration sha256 " +
                                   short_hash + "…): skipping it"};
  }
  if (previous.empty()) {
    return {DeployNeed::kDeploy, "`" + service +
                                     "` has no recorded deploy: deploying "
                                     "(configuration sha256 " +
                                     short_hash + "…)"};
  }
  return {DeployNeed::kDeploy, "`" + service + "` changed since its last deploy (sha256 " +
                                   ShortSha(previous, kLongShaDigits) + "… → " + short_hash +
                                   "…): deploying"};
}

}  // namespace infra_flash
