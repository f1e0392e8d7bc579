// versions: the GitOps version tags of infra-flash. A release tag is `vX.Y.Z` (three
// decimal numbers without leading zeros, a lowercase `v`). A hotfix tag is
// `vX.Y.Z-hotfix.N` (N >= 1), cut from the production tag vX.Y.Z.
//
// Why `-hotfix.N` and not the next patch: when production runs v1.4.2, main may already
// have tagged v1.4.3 for staging; a hotfix taking that number would collide with it or
// silently mean two different things. `v1.4.2-hotfix.1` names its base and cannot clash.
//
// Ordering: by major, minor, patch, then hotfix number, with a release before its
// hotfixes: v1.4.2 < v1.4.2-hotfix.1 < v1.4.2-hotfix.2 < v1.4.3. This departs on purpose
// from SemVer, where `-…` marks a pre-release that sorts *before* its release: a hotfix
// comes after the release it fixes.
//
// Any other tag (`latest`, `v1.2`, `1.2.3`, `v1.2.3-rc.1`) is not a version tag: the
// functions below skip it, and ParseVersionTag says why.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace infra_flash {

struct VersionTag {
  int major = 0;
  int minor = 0;
  int patch = 0;
  int hotfix = 0;  // 0: a release tag; N: vX.Y.Z-hotfix.N

  bool IsHotfix() const { return hotfix > 0; }
  VersionTag Base() const { return {major, minor, patch, 0}; }  // the release it fixes
  auto operator<=>(const VersionTag&) const = default;
};

// Largest accepted number in any component; longer numbers are refused, not wrapped.
inline constexpr int kMaxVersionComponent = 999'999;

// Parses a tag; the error says what is wrong with it ("`v1.2` needs three numbers...").
Result<VersionTag> ParseVersionTag(std::string_view tag);
std::string FormatVersionTag(const VersionTag& version);  // "v1.4.2", "v1.4.2-hotfix.1"

// The version tags among `tags`, sorted ascending, duplicates removed; others skipped.
std::vector<VersionTag> VersionTags(const std::vector<std::string>& tags);

// The first tag of a repository that has no release tag yet.
inline constexpr VersionTag kFirstVersion = {0, 1, 0, 0};

// The patch after the highest release tag (hotfix tags do not count): v1.4.2 -> v1.4.3.
// `first` when there is no release tag. An error only when the number would pass
// kMaxVersionComponent.
Result<VersionTag> NextPatch(const std::vector<std::string>& tags,
                             VersionTag first = kFirstVersion);
// The minor after the highest release tag, patch reset: v1.4.2 -> v1.5.0 (promotion).
// `first` when there is no release tag; an error past kMaxVersionComponent.
Result<VersionTag> NextMinor(const std::vector<std::string>& tags,
                             VersionTag first = kFirstVersion);

}  // namespace infra_flash
