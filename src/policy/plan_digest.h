// plan_digest: the fingerprint of a plan that `/apply` must match. What a reviewer saw
// is the plan's effect, so the digest covers exactly that: the `resource_changes` and
// `output_changes` of `show -json PLANFILE`, written in a canonical form (object keys
// sorted, no whitespace, numbers as parsed) and hashed with SHA-256. The planfile bytes
// are not used: they embed timestamps and differ between two plans of the same change.
// Pure: no I/O.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace infra_flash {

// "sha256:<64 hex>". Errors when the text is not JSON, is not a JSON plan (an object
// with `format_version`), or nests arrays and objects deeper than 512 levels (the plan
// is the PR's to shape; no stack is spent on deeper ones).
Result<std::string> PlanDigest(std::string_view plan_json);

// The canonical text that PlanDigest hashes, for tests and for people comparing plans.
Result<std::string> CanonicalPlanEffect(std::string_view plan_json);

}  // namespace infra_flash
