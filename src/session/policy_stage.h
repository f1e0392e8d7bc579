// policy_stage: the config's policy checks (policy/policy_checks.h) run on the plans a job
// just made, each checker a real process without a shell, no token in its environment
// (run/child_environment.h), stopped at its timeout. The verdicts go into the rows.
//
// Where a checker runs: a private temporary directory holding the check's `files` and
// nothing else. On a pull request they are read from its base commit (`files_sha`), so a
// PR cannot loosen the policy that judges it by editing a .rego file or a script; on a
// push and on a terminal (empty `files_sha`), from the checkout. `{plan_json}` is the
// plan's `show -json` output, written beside them.
#pragma once

#include <string>

#include "config/config.h"
#include "session/context.h"
#include "session/layer_runner.h"
#include "status/dashboard.h"

namespace infra_flash {

// For every layer of `run` whose plan has changes and that a check covers: runs the
// checks and records them in its row (policies, the Policy cell). The row keeps only the
// approvals given on this commit for a plan with this plan's digest. Rows of other planned layers
// get a bare Policy cell. `run` must have been made with keep_plan_json.
void CheckPolicies(FlowContext& context, Dashboard& dashboard, const Config& config,
                   const LayerRun& run, const StepContext& steps, const std::string& files_sha);

// Whether `config` has checks at all (a run without them keeps no plan JSON).
bool HasPolicies(const Config& config);

}  // namespace infra_flash
