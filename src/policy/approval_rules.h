// approval_rules: the approval half of requirements.h, `approved` and `approvers`
// (internal to policy/). Each adds what is unmet, and notes, to `check`.
#pragma once

#include "config/config.h"
#include "policy/requirements.h"

namespace infra_flash {

// `approved` with no `approvers`: someone other than the author, with write access.
void CheckWriterApproval(const Environment& environment, const RequirementFacts& facts,
                         ReviewerDirectory& directory, RequirementCheck& check);

// `approvers`: logins, teams and code owners (see requirements.h).
void CheckApprovers(const Environment& environment, const RequirementFacts& facts,
                    ReviewerDirectory& directory, RequirementCheck& check);

}  // namespace infra_flash
