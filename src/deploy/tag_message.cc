#include "deploy/tag_message.h"

#include <algorithm>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::string_view kTitle = "infra-flash ";
constexpr std::string_view kFingerprintPrefix = "sha256:";

bool IsDigest(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

std::string Fingerprint(std::string_view value) {
  if (value.substr(0, kFingerprintPrefix.size()) != kFingerprintPrefix) return "";
  value.remove_prefix(kFingerprintPrefix.size());
  return IsDigest(value) ? ToLowerAscii(value) : "";
}

}  // namespace

std::string FormatTagMessage(const TagMessage& message) {
  std::string text = std::string(kTitle) + message.tag + "\n";
  if (!message.fingerprint.empty()) {
    text += "fingerprint: " + std::string(kFingerprintPrefix) + message.fingerprint + "\n";
  }
  if (!message.commit.empty()) text += "commit: " + message.commit + "\n";
  if (!message.promoted_from.empty()) text += "promoted-from: " + message.promoted_from + "\n";
  return text;
}

TagMessage ParseTagMessage(std::string_view text) {
  TagMessage message;
  for (std::string_view raw : SplitLines(text)) {
    const std::string_view line = Trim(raw);
    if (line.substr(0, kTitle.size()) == kTitle) {
      message.tag = std::string(Trim(line.substr(kTitle.size())));
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (key == "fingerprint") message.fingerprint = Fingerprint(value);
    if (key == "commit") message.commit = std::string(value);
    if (key == "promoted-from") message.promoted_from = std::string(value);
  }
  return message;
}

}  // namespace infra_flash
