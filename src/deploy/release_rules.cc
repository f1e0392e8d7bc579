#include "deploy/release_rules.h"

#include <algorithm>
#include <optional>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMinimumShaPrefix = 7;

bool IsHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool SameCommit(std::string_view wanted, std::string_view full) {
  if (wanted.size() < kMinimumShaPrefix || wanted.size() > full.size()) return false;
  return EqualsIgnoreCase(wanted, full.substr(0, wanted.size()));
}

bool Ran(const VersionTag& tag, const std::vector<std::string>& history) {
  const std::vector<VersionTag> versions = VersionTags(history);
  return std::binary_search(versions.begin(), versions.end(), tag);
}

// The newest tag production ran among `tag`'s base and its earlier hotfixes.
std::optional<VersionTag> ProductionAncestor(const VersionTag& tag,
                                             const std::vector<std::string>& production) {
  std::optional<VersionTag> found;
  for (const VersionTag& ran : VersionTags(production)) {
    if (ran.Base() == tag.Base() && ran.hotfix < tag.hotfix) found = ran;
  }
  return found;
}

std::string Short(const std::string& commit) { return commit.substr(0, 12); }

// The version tags on `commit`, ascending; an error when there are none.
Result<std::vector<VersionTag>> VersionTagsOfCommit(const std::string& commit,
                                                    const std::vector<TagRef>& tags) {
  if (commit.size() < kMinimumShaPrefix || !IsHex(commit)) {
    return Error{"`" + commit + "` is not a commit SHA (at least 7 hex digits)"};
  }
  std::vector<std::string> names;
  for (const TagRef& tag : tags) {
    if (SameCommit(commit, tag.commit)) names.push_back(tag.name);
  }
  std::vector<VersionTag> versions = VersionTags(names);
  if (versions.empty()) {
    return Error{"commit `" + Short(commit) +
                 "` has no version tag (vX.Y.Z), and production deploys tagged commits only. "
                 "Tag it (`vX.Y.Z`), deploy that tag to staging, then promote it."};
  }
  return versions;
}

}  // namespace

Result<VersionTag> ReleaseTagOfCommit(const std::string& commit, const std::vector<TagRef>& tags) {
  Result<std::vector<VersionTag>> versions = VersionTagsOfCommit(commit, tags);
  if (!versions.ok()) return versions.error();
  return versions->back();
}

Result<ProductionApproval> CheckProductionDeploy(
    const std::string& tag, const std::vector<std::string>& staging_history,
    const std::vector<std::string>& production_history) {
  Result<VersionTag> version = ParseVersionTag(tag);
  if (!version.ok()) {
    return Error{"cannot deploy to production: " + version.error().message};
  }
  if (Ran(*version, staging_history)) {
    return ProductionApproval{*version, ProductionPath::kPromotion,
                              "`" + tag + "` ran in staging: promoting it to production"};
  }
  if (version->IsHotfix()) {
    if (std::optional<VersionTag> base = ProductionAncestor(*version, production_history)) {
      return ProductionApproval{*version, ProductionPath::kHotfix,
                                "`" + tag + "` is a hotfix of `" + FormatVersionTag(*base) +
                                    "`, which production ran: staging may be skipped"};
    }
    return Error{"`" + tag + "` is a hotfix of `" + FormatVersionTag(version->Base()) +
                 "`, but production never ran that tag, so it cannot skip staging. Cut the "
                 "hotfix from the tag production runs, or deploy `" +
                 tag + "` to staging first."};
  }
  return Error{"`" + tag +
               "` has not been deployed to staging, and production never skips "
               "staging. Deploy `" +
               tag + "` to staging, check it, then promote it."};
}

Result<ProductionApproval> CheckProductionDeployOfCommit(
    const std::string& commit, const std::vector<TagRef>& tags,
    const std::vector<std::string>& staging_history,
    const std::vector<std::string>& production_history) {
  Result<std::vector<VersionTag>> versions = VersionTagsOfCommit(commit, tags);
  if (!versions.ok()) return versions.error();
  const VersionTag& highest = versions->back();
  std::optional<Error> refusal;
  // Newest first: the commit may go when any of its tags satisfies the rules (a tag cut
  // at promotion names the same commit as the one staging ran).
  for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
    const std::string name = FormatVersionTag(*it);
    Result<ProductionApproval> approval =
        CheckProductionDeploy(name, staging_history, production_history);
    if (!approval.ok()) {
      if (!refusal) refusal = approval.error();
      continue;
    }
    if (*it != highest) {
      approval->reason =
          "`" + FormatVersionTag(highest) + "` is on the same commit as " + approval->reason;
      approval->tag = highest;
    }
    return approval;
  }
  return *refusal;
}

}  // namespace infra_flash
