// run/plan_summary: terraform's JSON plan (`show -json PLANFILE`) -> what a reviewer
// needs to see: how many resources are added, changed, destroyed and replaced, and
// which ones. Pure: no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace infra_flash {

// What happens to one resource. Reads (data sources) and no-ops are not changes.
enum class ResourceAction { kCreate, kUpdate, kDelete, kReplace, kForget };

const char* ResourceActionName(ResourceAction action);  // "create", "update", ...

struct ResourceChange {
  std::string address;  // "module.net.aws_vpc.main", "null_resource.x[0]"
  ResourceAction action = ResourceAction::kUpdate;
};

// Counted as terraform's "Plan: N to add, N to change, N to destroy." line counts: a
// replacement adds one to `adds` and one to `destroys`, and is also counted in
// `replaces`. Forgotten resources (terraform >= 1.7 `removed` blocks) leave state
// without being destroyed.
struct PlanSummary {
  int adds = 0;
  int changes = 0;
  int destroys = 0;
  int replaces = 0;
  int forgets = 0;
  int output_changes = 0;                 // outputs whose value changes
  std::vector<ResourceChange> resources;  // changed managed resources, in the plan's order
  std::string terraform_version;

  bool HasChanges() const;  // any resource or output change
};

// Reads a JSON plan. Errors when the text is not JSON or not a plan (no
// format_version); unknown action lists are reported as updates rather than dropped.
Result<PlanSummary> ParsePlanSummary(std::string_view plan_json);

// "+1 ~0 -2 (1 replaced)" for logs and tables.
std::string FormatPlanCounts(const PlanSummary& summary);

}  // namespace infra_flash
