#include "policy/apply_order.h"

#include <algorithm>

namespace infra_flash {
namespace {

bool Pending(const DashboardState& state, const std::string& layer) {
  const LayerRow* row = state.FindLayer(layer);
  return row != nullptr && row->plan.status == StageStatus::kChanges &&
         row->apply.status != StageStatus::kPassed;
}

}  // namespace

ApplyGate GateByDependencies(const Config& config, const std::vector<std::string>& layers,
                             const DashboardState& state) {
  ApplyGate gate;
  for (const std::string& name : layers) {
    const Layer* layer = config.FindLayer(name);
    if (layer == nullptr) continue;
    std::string blocker;
    for (const std::string& dependency : layer->depends_on) {
      const bool in_batch =
          std::find(gate.runnable.begin(), gate.runnable.end(), dependency) != gate.runnable.end();
      if (!in_batch && Pending(state, dependency)) {
        blocker = dependency;
        break;
      }
    }
    if (blocker.empty()) {
      gate.runnable.push_back(name);
    } else {
      gate.refused.emplace_back(name, "depends on `" + blocker +
                                          "`, whose plan is not applied in this PR: apply `" +
                                          blocker + "` first (`/apply " + blocker + "`)");
    }
  }
  return gate;
}

}  // namespace infra_flash
