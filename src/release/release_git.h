// release_git: what the GitOps release reads from the checkout (git, no API call).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "config/glob.h"
#include "deploy/fingerprint.h"

namespace infra_flash {

// The files of `commit` (as committed, not as the working tree holds them after the
// convergence ran terraform in it) whose repository-relative paths match `globs`, for
// ConfigurationFingerprint. Errors: the commit is not in the checkout, git failed.
Result<FingerprintInputs> CommittedFingerprintInputs(const std::string& workspace,
                                                     const std::string& commit,
                                                     const GlobSet& globs);

enum class Ancestry { kAncestor, kNotAncestor, kUnknown };

// Whether `older` is an ancestor of `newer` (and not the same commit); kUnknown when the
// checkout lacks one of them (a shallow clone).
Ancestry StrictAncestor(const std::string& workspace, const std::string& older,
                        const std::string& newer);

}  // namespace infra_flash
