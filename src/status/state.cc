#include "status/state.h"

namespace infra_flash {

const LayerRow* DashboardState::FindLayer(std::string_view name) const {
  for (const LayerRow& layer : layers) {
    if (layer.name == name) return &layer;
  }
  return nullptr;
}

DashboardState StateOf(const Dashboard& dashboard) {
  DashboardState state;
  state.sha = dashboard.sha;
  state.branch = dashboard.branch;
  state.layers = dashboard.layers;
  for (LayerRow& layer : state.layers) {
    for (Stage stage : kStages) {
      layer.Cell(stage).duration_ms = -1;
    }
  }
  state.checks = dashboard.checks;
  for (CheckRow& check : state.checks) check.cell.duration_ms = -1;
  return state;
}

Dashboard DashboardFromState(const DashboardState& state) {
  Dashboard dashboard;
  dashboard.sha = state.sha;
  dashboard.branch = state.branch;
  dashboard.layers = state.layers;
  dashboard.checks = state.checks;
  return dashboard;
}

}  // namespace infra_flash
