// apply_order: which requested layers may be applied now. A layer whose dependency has
// a plan with changes in this pull request that is neither applied nor part of the same
// apply would be applied on top of infrastructure that is not there yet: it is refused,
// naming the dependency. Pure: reads the dashboard's state.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "status/state.h"

namespace infra_flash {

struct ApplyGate {
  std::vector<std::string> runnable;                         // dependency order kept
  std::vector<std::pair<std::string, std::string>> refused;  // layer, reason for people
};

// `layers` in dependency order.
ApplyGate GateByDependencies(const Config& config, const std::vector<std::string>& layers,
                             const DashboardState& state);

}  // namespace infra_flash
