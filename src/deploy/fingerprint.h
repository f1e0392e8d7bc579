// fingerprint: idempotent deploys. A service's configuration inputs (files and extra
// strings such as "image=registry/app@sha256:…") hash to a SHA-256; when the hash equals
// the one recorded at the last deploy, nothing changed and the deploy is skipped.
//
// Encoding: a version line, the counts, then each file as (path, content) sorted by
// path, then each extra in the order given, every field prefixed by its length as 8
// big-endian bytes. Length prefixes make the encoding injective: ("ab","c") and
// ("a","bc") cannot hash alike, nor a file's content pose as the next path. Paths are
// hashed, so renaming a file changes the fingerprint; listing files in another order
// does not. Extras keep their order: they are positional by contract.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace infra_flash {

struct FingerprintFile {
  std::string path;
  std::string content;
};

struct FingerprintInputs {
  std::vector<FingerprintFile> files;
  std::vector<std::string> extras;
};

// 64 lowercase hex digits. Errors: libcrypto could not be loaded.
Result<std::string> ConfigurationFingerprint(const FingerprintInputs& inputs);

enum class DeployNeed { kDeploy, kSkip };

struct IdempotencyDecision {
  DeployNeed need = DeployNeed::kDeploy;
  std::string message;  // for the log and the PR, naming the service
};

// kSkip when `previous` (the fingerprint recorded at the last deploy; empty when none)
// equals `current`; comparison ignores hex letter case.
IdempotencyDecision DecideByFingerprint(const std::string& service, const std::string& previous,
                                        const std::string& current);

}  // namespace infra_flash
