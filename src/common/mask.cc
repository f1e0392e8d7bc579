#include "common/mask.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMinimumSecretLength = 4;
// A line of a multi-line secret is masked on its own (output is often handled a line at a
// time, and a PEM key's lines pass one by one), but only from this length: lines like
// "-----", "}" or "" would shred every log without protecting anything.
constexpr std::size_t kMinimumSecretLineLength = 8;
constexpr std::string_view kAddMask = "::add-mask::";
constexpr char kReplacement[] = "***";

// Each pattern's first capture group is the part replaced; the rest is kept so that
// the reader still sees what kind of value was there ("Authorization: Bearer ***").
const std::vector<std::unique_ptr<RE2>>& CredentialPatterns() {
  static const auto* patterns = [] {
    RE2::Options options;
    options.set_log_errors(false);
    auto* list = new std::vector<std::unique_ptr<RE2>>();
    for (const char* pattern : {
             R"(\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,255}))",
             R"(\b(github_pat_[A-Za-z0-9_]{22,255}))",
             R"(\b((?:AKIA|ASIA)[A-Z0-9]{16})\b)",
             R"((?i)(?:authorization:\s*(?:bearer|token|basic)\s+)([A-Za-z0-9._~+/=-]{8,}))",
             R"((?i)\b(?:bearer)\s+([A-Za-z0-9._~+/-]{20,}=*))",
             R"((-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----))",
             R"([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@)",
         }) {
      list->push_back(std::make_unique<RE2>(pattern, options));
    }
    return list;
  }();
  return *patterns;
}

// Replaces capture group 1 of every match of `pattern` in `text`. Every pattern
// matches at least one character, so the scan always advances.
void ReplaceGroup(std::string& text, const RE2& pattern) {
  const re2::StringPiece input(text);
  std::string out;
  std::size_t copied = 0;  // text[0, copied) is already in `out`
  re2::StringPiece groups[2];
  while (copied < text.size() &&
         pattern.Match(input, copied, input.size(), RE2::UNANCHORED, groups, 2)) {
    const auto offset = [&](const re2::StringPiece& piece) {
      return static_cast<std::size_t>(piece.data() - input.data());
    };
    const std::size_t group_start = offset(groups[1]);
    const std::size_t group_end = group_start + groups[1].size();
    const std::size_t match_end = offset(groups[0]) + groups[0].size();
    out.append(text, copied, group_start - copied);
    out += kReplacement;
    out.append(text, group_end, match_end - group_end);
    copied = match_end;
  }
  out.append(text, copied, std::string::npos);
  text = std::move(out);
}

// The lines of a multi-line value, each without its line break and surrounding blanks.
std::vector<std::string_view> SecretLines(std::string_view value) {
  std::vector<std::string_view> lines;
  for (std::string_view line : SplitLines(value)) lines.push_back(Trim(line));
  return lines;
}

// Workflow command data as the runner reads it: %0D, %0A and %25 decoded.
std::string UnescapeCommandData(std::string_view data) {
  std::string out;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const std::string_view rest = data.substr(i);
    if (rest.starts_with("%0D") || rest.starts_with("%0d")) {
      out += '\r';
    } else if (rest.starts_with("%0A") || rest.starts_with("%0a")) {
      out += '\n';
    } else if (rest.starts_with("%25")) {
      out += '%';
    } else {
      out += data[i];
      continue;
    }
    i += 2;
  }
  return out;
}

}  // namespace

Masker::Masker() = default;
Masker::~Masker() = default;

void Masker::AddSecret(std::string_view value) {
  if (value.size() < kMinimumSecretLength) return;
  Add(value);
  if (value.find_first_of("\r\n") == std::string_view::npos) return;
  for (std::string_view line : SecretLines(value)) {
    if (line.size() >= kMinimumSecretLineLength) Add(line);
  }
}

void Masker::Add(std::string_view value) {
  std::string secret(value);
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.push_back(std::move(secret));
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void Masker::AddSecretsFromEnvironment(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (const char* value = std::getenv(name.c_str())) AddSecret(value);
  }
}

std::string Masker::Mask(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) ReplaceAll(out, secret, kReplacement);
  return MaskCredentialShapes(out);
}

bool Masker::ConsumeAddMaskCommand(std::string_view line) {
  std::size_t start = line.find(kAddMask);
  if (start == std::string_view::npos) return false;
  // Only at the start of a line (after optional whitespace), as the runner reads it.
  for (std::size_t i = 0; i < start; ++i) {
    if (line[i] != ' ' && line[i] != '\t') return false;
  }
  std::string_view value = line.substr(start + kAddMask.size());
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
  AddSecret(value);
  // The runner reads the value escaped (%25, %0D, %0A), which is how a multi-line secret
  // is announced on one line; the value as written is masked too.
  const std::string unescaped = UnescapeCommandData(value);
  if (unescaped != value) AddSecret(unescaped);
  return true;
}

std::string MaskCredentialShapes(std::string_view text) {
  std::string out(text);
  for (const auto& pattern : CredentialPatterns()) ReplaceGroup(out, *pattern);
  return out;
}

}  // namespace infra_flash
