// state: the machine-readable part of the dashboard. The comment carries a hidden
//   <!-- infra-flash:state {"version":1,…} -->
// block so that the next job (an /apply, the push convergence) continues where the
// last left off without a server: per layer the stage results, the plan digest that
// was shown, who holds the lock, who applied which commit, and an excerpt of the plan
// (so that a later job on the same commit, a /health or a partial /apply, still shows
// the plans it did not make).
//
// The block is only trusted inside the dashboard's own region: everything else we
// render there has its comment markers defused (markdown.h), so plan output cannot
// forge a state block.
// The model (DashboardState) is status/state.h; this is its encoding in the comment.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "status/state.h"

namespace infra_flash {

// "<!-- infra-flash:state {…} -->": compact JSON in which `<`, `>` and `&` are written
// as \u escapes, so the block cannot end early whatever the names contain. A layer's
// plan_text is written as it is: the caller cuts it to the excerpt the block keeps
// (report/render.h does).
std::string RenderStateBlock(const DashboardState& state);

// Reads the state block of a dashboard comment body (version 1 or 2; the result is
// version 2). Errors (no dashboard, no block, not JSON, a newer version) say what was
// wrong; the caller rebuilds the state from scratch then: a damaged block is never fatal.
Result<DashboardState> ParseDashboardState(std::string_view comment_body);

// One row as the state block writes it (a JSON object), and back. For files that carry
// rows between jobs (leg_result.h): the reader takes what it trusts from the row.
std::string LayerRowJson(const LayerRow& row);
LayerRow LayerRowFromJson(const rapidjson::Value& value);

// "review" | "e2e" | "health".
std::string_view CheckKindName(CheckKind kind);

}  // namespace infra_flash
