// promotion: which targets of promoted layers (`environments: [staging, prod]`, config.h
// "Targets") an `/apply` may take now.
//
// - One environment of a layer per apply: of a layer's targets among the candidates, the
//   first on its path goes ahead and the later ones are deferred ("verify staging, then
//   `/apply app prod`"). So `/apply` alone applies, per layer, the first environment this
//   head has not reached yet (the caller has already set aside targets applied at this head
//   or without changes).
// - The promotion gate: a target goes ahead only when this head reached every earlier
//   environment on its path: the apply log holds an apply of this head SHA to it, or this
//   head's plan there had no changes. For a `/revert` plan (LayerRow::plan_source_sha),
//   the commit it reverts to must have been applied there instead. Otherwise it is refused, naming
//   the environment and the command that comes first. A log that cannot be read refuses too: the
//   gate fails closed.
// Pure, but for the lookup the caller passes in (store/apply_log.h reads the log).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "status/state.h"

namespace infra_flash {

// Whether the layer named `layer` in the file was applied to `environment` at `sha`.
using AppliedAt = std::function<Result<bool>(const std::string& environment,
                                             const std::string& layer, const std::string& sha)>;

struct PromotionGate {
  std::vector<std::string> runnable;                          // order kept
  std::vector<std::pair<std::string, std::string>> deferred;  // target, what comes first
  std::vector<std::pair<std::string, std::string>> refused;   // target, reason for people
};

// `candidates` in dependency order; `shown`: the dashboard's state, trusted only when it is
// for `head_sha`.
PromotionGate GateByPromotion(const Config& config, const std::vector<std::string>& candidates,
                              const DashboardState& shown, const std::string& head_sha,
                              const AppliedAt& applied);

// For a run that applies in dependency order without a pull request (workflow_dispatch):
// every target whose earlier environments are each either in `layers` too (the run
// applies them first, and a failure there skips it) or reached at `sha` (the apply log)
// stays; the others are refused, saying which environment comes first.
PromotionGate GateRunInOrder(const Config& config, const std::vector<std::string>& layers,
                             const std::string& sha, const AppliedAt& applied);

}  // namespace infra_flash
