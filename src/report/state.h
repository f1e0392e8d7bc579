// state: the machine-readable part of the dashboard. The comment carries a hidden
//   <!-- infra-flash:state {"version":1,…} -->
// block so that the next job (an /apply, the push convergence) continues where the
// last left off without a server: per layer the stage results, the plan digest that
// was shown, who holds the lock, who applied which commit.
//
// The block is only trusted inside the dashboard's own region: everything else we
// render there has its comment markers defused (markdown.h), so plan output cannot
// forge a state block.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "report/dashboard.h"

namespace infra_flash {

// Version 2 names a plan that found nothing to change "no_changes"; version 1 wrote it as
// ["skipped", "no changes"], and is still read (such a cell becomes kNoChanges).
inline constexpr int kDashboardStateVersion = 2;

// The rows are the dashboard's own (dashboard.h), less what the block does not keep:
// a layer's plan_text, and every cell's duration_ms (always -1 here). A check's detail
// is kept, so the next job's dashboard still shows it.
struct DashboardState {
  int version = kDashboardStateVersion;
  std::string sha;
  std::string branch;
  std::vector<LayerRow> layers;
  std::vector<CheckRow> checks;

  const LayerRow* FindLayer(std::string_view name) const;  // nullptr when absent
};

DashboardState StateOf(const Dashboard& dashboard);

// A dashboard with the rows the state remembers (no plan text, no timings): where a
// job that touches some layers starts from, so the other rows stay as they were.
Dashboard DashboardFromState(const DashboardState& state);

// "<!-- infra-flash:state {…} -->": compact JSON in which `<`, `>` and `&` are written
// as \u escapes, so the block cannot end early whatever the names contain.
std::string RenderStateBlock(const DashboardState& state);

// Reads the state block of a dashboard comment body (version 1 or 2; the result is
// version 2). Errors (no dashboard, no block, not JSON, a newer version) say what was
// wrong; the caller rebuilds the state from scratch then: a damaged block is never fatal.
Result<DashboardState> ParseDashboardState(std::string_view comment_body);

// "review" | "e2e" | "health".
std::string_view CheckKindName(CheckKind kind);

}  // namespace infra_flash
