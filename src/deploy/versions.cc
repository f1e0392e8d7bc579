#include "deploy/versions.h"

#include <algorithm>
#include <optional>

namespace infra_flash {
namespace {

constexpr std::string_view kHotfixMarker = "-hotfix.";
constexpr std::string_view kShape = "expected `vX.Y.Z` (e.g. `v1.4.2`) or `vX.Y.Z-hotfix.N`";

// A decimal number without sign or leading zero, at most kMaxVersionComponent.
std::optional<int> ParseNumber(std::string_view text) {
  if (text.empty() || text.size() > 6) return std::nullopt;
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

Error TagError(std::string_view tag, std::string_view problem) {
  return Error{"`" + std::string(tag) + "` is not a version tag: " + std::string(problem) + "; " +
               std::string(kShape)};
}

std::optional<VersionTag> HighestRelease(const std::vector<std::string>& tags) {
  std::optional<VersionTag> highest;
  for (const VersionTag& version : VersionTags(tags)) {
    if (!version.IsHotfix()) highest = version;  // ascending: the last one wins
  }
  return highest;
}

Error Exhausted(const VersionTag& highest, std::string_view component) {
  return Error{"`" + FormatVersionTag(highest) + "` has the largest " + std::string(component) +
               " number infra-flash accepts (" + std::to_string(kMaxVersionComponent) +
               "); tag a higher major or minor version by hand"};
}

}  // namespace

Result<VersionTag> ParseVersionTag(std::string_view tag) {
  if (tag.empty() || tag[0] != 'v') return TagError(tag, "it must start with a lowercase `v`");
  std::string_view rest = tag.substr(1);
  VersionTag version;
  const std::size_t marker = rest.find(kHotfixMarker);
  if (marker != std::string_view::npos) {
    const std::optional<int> number = ParseNumber(rest.substr(marker + kHotfixMarker.size()));
    if (!number || *number == 0) {
      return TagError(tag, "the hotfix number must be 1 or more, without leading zeros");
    }
    version.hotfix = *number;
    rest = rest.substr(0, marker);
  }
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = rest.find('.', start);
    parts.push_back(rest.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() != 3) return TagError(tag, "it needs exactly three numbers separated by dots");
  int* fields[] = {&version.major, &version.minor, &version.patch};
  for (std::size_t i = 0; i < 3; ++i) {
    const std::optional<int> number = ParseNumber(parts[i]);
    if (!number) {
      return TagError(tag, "`" + std::string(parts[i]) +
                               "` is not a number (digits only, no leading zeros, at most 6)");
    }
    *fields[i] = *number;
  }
  return version;
}

std::string FormatVersionTag(const VersionTag& version) {
  std::string out = "v" + std::to_string(version.major) + "." + std::to_string(version.minor) +
                    "." + std::to_string(version.patch);
  if (version.IsHotfix()) out += std::string(kHotfixMarker) + std::to_string(version.hotfix);
  return out;
}

std::vector<VersionTag> VersionTags(const std::vector<std::string>& tags) {
  std::vector<VersionTag> out;
  for (const std::string& tag : tags) {
    if (Result<VersionTag> version = ParseVersionTag(tag); version.ok()) out.push_back(*version);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<VersionTag> NextPatch(const std::vector<std::string>& tags, VersionTag first) {
  const std::optional<VersionTag> highest = HighestRelease(tags);
  if (!highest) return first;
  if (highest->patch >= kMaxVersionComponent) return Exhausted(*highest, "patch");
  return VersionTag{highest->major, highest->minor, highest->patch + 1, 0};
}

Result<VersionTag> NextMinor(const std::vector<std::string>& tags, VersionTag first) {
  const std::optional<VersionTag> highest = HighestRelease(tags);
  if (!highest) return first;
  if (highest->minor >= kMaxVersionComponent) return Exhausted(*highest, "minor");
  return VersionTag{highest->major, highest->minor + 1, 0, 0};
}

}  // namespace infra_flash
