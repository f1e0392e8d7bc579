#include "deploy/fingerprint.h"

#include <algorithm>
#include <cstdint>
#include <memory>

#include "common/sha256.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::string_view kEncodingVersion = "infra-flash fingerprint v1\n";

// The fields of a fingerprint, each framed by its length so that no two inputs hash alike.
class FieldHash {
 public:
  void Add(std::string_view bytes) { hash_.Update(bytes); }

  void AddLength(std::uint64_t length) {
    char encoded[8];
    for (int i = 7; i >= 0; --i) {
      encoded[i] = static_cast<char>(length & 0xff);
      length >>= 8;
    }
    hash_.Update(std::string_view(encoded, sizeof encoded));
  }

  void AddField(std::string_view bytes) {
    AddLength(bytes.size());
    Add(bytes);
  }

  Result<std::string> HexDigest() {
    Result<Sha256Digest> digest = hash_.Finish();
    if (!digest.ok()) return digest.error();
    return infra_flash::HexDigest(*digest);
  }

 private:
  Sha256 hash_;
};

}  // namespace

Result<std::string> ConfigurationFingerprint(const FingerprintInputs& inputs) {
  std::vector<const FingerprintFile*> files;
  for (const FingerprintFile& file : inputs.files) files.push_back(&file);
  std::stable_sort(
      files.begin(), files.end(),
      [](const FingerprintFile* a, const FingerprintFile* b) { return a->path < b->path; });
  FieldHash hash;
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
