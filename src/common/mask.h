// Secret masking. Everything infra-flash captures or posts (process output, log
// lines, comments, step summaries, errors) passes through a Masker first, so that
// a value marked secret (`::add-mask::`, a configured env var, the token) and
// anything shaped like a credential is replaced by "***".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

class Masker {
 public:
  Masker();
  ~Masker();
  Masker(const Masker&) = delete;
  Masker& operator=(const Masker&) = delete;

  // Marks `value` secret. Values shorter than 4 characters are ignored: masking
  // "a" or "on" would shred every line without protecting anything. Each line of a
  // multi-line value (a PEM key) is a secret of its own too, as GitHub's runner does it,
  // so that output read a line at a time is masked as well; lines shorter than 8
  // characters ("-----", "}") are not.
  void AddSecret(std::string_view value);
  // Marks the value of each named environment variable secret (when set).
  void AddSecretsFromEnvironment(const std::vector<std::string>& names);

  // `text` with every secret and every credential-shaped token replaced by "***".
  std::string Mask(std::string_view text) const;

  // Handles a `::add-mask::VALUE` line as GitHub Actions does: true (and the value
  // registered, also with %0A, %0D and %25 decoded, as the runner reads it) when `line`
  // is one.
  bool ConsumeAddMaskCommand(std::string_view line);

 private:
  void Add(std::string_view value);

  std::vector<std::string> secrets_;  // longest first, so overlapping values mask whole
};

// Credential shapes masked even when nobody registered them: GitHub tokens
// (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), AWS access key ids, bearer/basic
// authorization values, private key blocks, and URL userinfo passwords.
std::string MaskCredentialShapes(std::string_view text);

}  // namespace infra_flash
