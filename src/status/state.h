// state: what the dashboard remembers between jobs (its hidden state block: per layer
// the stage results, the plan digest that was shown, who holds the lock, who applied
// which commit). The model only; report/state.h writes it into the comment and reads it
// back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "status/dashboard.h"

namespace infra_flash {

// Version 2 names a plan that found nothing to change "no_changes"; version 1 wrote it as
// ["skipped", "no changes"], and is still read (such a cell becomes kNoChanges).
inline constexpr int kDashboardStateVersion = 2;

// The rows are the dashboard's own (dashboard.h), less every cell's duration_ms (always
// -1 here). A layer's plan_text and a check's detail are kept, so that the next job's
// dashboard still shows them; the block keeps a bounded excerpt of each plan, cut when
// it is written (report/render.cc).
struct DashboardState {
  int version = kDashboardStateVersion;
  std::string sha;
  std::string branch;
  std::vector<LayerRow> layers;
  std::vector<CheckRow> checks;

  const LayerRow* FindLayer(std::string_view name) const;  // nullptr when absent
};

DashboardState StateOf(const Dashboard& dashboard);

// A dashboard with the rows the state remembers (plan excerpts, no timings): where a job
// that touches some layers starts from, so the other rows, and their plans, stay as they
// were.
Dashboard DashboardFromState(const DashboardState& state);

}  // namespace infra_flash
