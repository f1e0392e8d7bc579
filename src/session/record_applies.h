// record_applies: a job's successful applies, written to the apply log (store/apply_log.h)
// with what the job knows: its client, its config's layer environments, its log.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "session/context.h"

namespace infra_flash {

// Records that `layers` were applied from commit `sha`, by pull request `pr` (0: not from
// a PR, e.g. push convergence). `environment` is the run's: a layer with its own
// `environment:` is recorded under that one, as it ran there. Without a GitHub client
// the log is not written (and the log line says so); failures are reported as errors
// (so they reach the step summary) but the apply itself stands.
void RecordApplies(FlowContext& context, const std::string& environment,
                   const std::vector<std::string>& layers, const std::string& sha, std::int64_t pr);

}  // namespace infra_flash
