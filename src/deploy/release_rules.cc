#include "deploy/release_rules.h"

#include <algorithm>
#include <optional>

namespace infra_flash {
namespace {

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

}  // namespace

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

}  // namespace infra_flash
