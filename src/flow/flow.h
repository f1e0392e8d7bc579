// flow: what `infra-flash run` does inside the Action's container. One flow per
// trigger (see event.h and decision.h, which decide; this module carries out):
//   pull_request   changed files -> affected layers -> ⏳ dashboard -> ci -> locks -> plan
//                  -> dashboard with summaries, digests and the next step
//   closed         release the PR's locks (merged: the push flow releases them)
//   comment        👀 -> authorize -> /plan, /apply (requirements, locks, dependency
//                  order, stale-plan protection), /unlock, /help -> 🚀 or 😕
//   push           drift scan of every layer -> apply changed auto_apply layers in order
//                  -> "deployed" on the merged PR's dashboard -> release its locks
//   dispatch       plan / apply / verify from workflow_dispatch inputs
// Outputs go to GITHUB_OUTPUT, the report to GITHUB_STEP_SUMMARY, log lines (with
// ::group:: and ::error::) to stdout. Nothing here calls exit().
#pragma once

#include <string>

#include "session/settings.h"

namespace infra_flash {

// Exit status: 0 when the requested work was done (or nothing was asked, or a command
// was refused by policy: permission, fork); 1 when it failed, was cancelled, an /apply
// was refused for a stale plan, a missing requirement or a lock, or the dashboard could
// not be written at the end (the PR would not tell the truth); 2 for unusable input (no
// event file, invalid config).
int RunFlow(const FlowSettings& settings);

}  // namespace infra_flash
