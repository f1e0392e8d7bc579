// release_rules: what may be deployed to production, as pure checks over git tags and
// deploy histories (the caller reads them from the repository and its deployments).
//
//   1. Production deploys tagged commits only: a deploy is asked for by version tag
//      (versions.h), never by commit, so that what runs in production always has a name
//      to roll back to.
//   2. No skipping staging: a release tag goes to production only after the same tag
//      was deployed to staging.
//   3. Hotfixes are the exception: `vX.Y.Z-hotfix.N` may go straight to production when
//      its base vX.Y.Z (or an earlier hotfix of it) has run in production, because it is
//      cut from what production runs. A hotfix of a tag production never ran is an
//      ordinary release and must pass staging.
//
// Every refusal is an Error saying which rule and what to do instead.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "deploy/versions.h"

namespace infra_flash {

struct TagRef {
  std::string name;    // "v1.4.3"
  std::string commit;  // the full commit SHA it points at
};

enum class ProductionPath {
  kPromotion,  // the tag ran in staging
  kHotfix,     // a hotfix cut from a tag production ran
};

struct ProductionApproval {
  VersionTag tag;
  ProductionPath path = ProductionPath::kPromotion;
  std::string reason;  // one line for the log and the PR: why it is allowed
};

// Rules 2 and 3 for deploying `tag` to production. `staging_history` and
// `production_history` are the tags each environment has run (any order; non-version
// entries are ignored).
Result<ProductionApproval> CheckProductionDeploy(
    const std::string& tag, const std::vector<std::string>& staging_history,
    const std::vector<std::string>& production_history);

}  // namespace infra_flash
