// e2e: end-to-end suites (`commands.e2e`): an argv run without a shell in the workspace,
// its output streamed to the log, its result and the tail of its output in the
// dashboard's e2e row.
//
// A suite runs like one step of a layer (run/process_run.h): its own process group,
// stdin from /dev/null, the step timeout of the config (`run.step_timeout_seconds`;
// SIGTERM, then SIGKILL after a grace period), SIGTERM to infra-flash forwarded to it,
// and everything it prints masked (`::add-mask::` lines, `run.mask_env`, the token,
// credential shapes). Its output reaches the job log when it ends, inside a ::group::.
#pragma once

#include <string>
#include <vector>

#include "session/context.h"
#include "session/pr_session.h"
#include "status/dashboard.h"

namespace infra_flash {

struct E2eResult {
  StageStatus status = StageStatus::kFailed;  // ✅ passed, ❌ failed or timed out, ⛔ cancelled
  std::string note;  // for the dashboard row: "passed in 3s", "e2e failed (exit code 1) after 2s"
  std::string tail;  // the end of the output, masked, a few KB at most

  bool passed() const { return status == StageStatus::kPassed; }
};

// Runs `argv` as suite `suite` in the workspace. Never fails: a program that cannot
// start is a failed suite whose note says why.
E2eResult RunE2eSuite(FlowContext& context, const std::string& suite,
                      const std::vector<std::string>& argv);

// The suite's row on the dashboard: ⏳ while it runs.
void MarkE2eRunning(Dashboard& dashboard, const std::string& suite);
// ✅ or ❌ with the note, and the output's tail collapsed under the checks.
void RecordE2e(Dashboard& dashboard, const std::string& suite, const E2eResult& result);

// After push convergence applied `applied` (non-empty): runs the default suite when
// `commands.e2e_on_push` is set. `session` is the merged PR's dashboard, or null when
// there is none (the result then goes to the step summary). Returns false when the
// suite ran and failed.
bool RunE2eAfterPush(FlowContext& context, PrSession* session,
                     const std::vector<std::string>& applied);

}  // namespace infra_flash
