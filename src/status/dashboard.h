// dashboard: the model of the one status comment infra-flash keeps per pull request.
// Plain data: the flows fill it from their results (a row per layer, a cell per
// stage, optional review / e2e / health rows, the next step to take) and hand it to
// RenderDashboard (render.h). Nothing here knows about runners or GitHub.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

// What a cell shows. The symbols follow the seeds' Pipeline SSOT: running or waiting,
// passed, failed, skipped, a plan with changes to review, held by another PR's lock,
// not allowed (a requirement is missing, or the run was interrupted). Decisions read
// the status, never the note: the note is text for people.
enum class StageStatus {
  kNotRun,     // —
  kPending,    // ⏳ waiting or running
  kPassed,     // ✅
  kFailed,     // ❌
  kSkipped,    // ⏭️ did not run (a dependency failed, checks failed, ...)
  kChanges,    // 📝 plan ready for review and apply
  kLocked,     // 🔒
  kBlocked,    // ⛔
  kNoChanges,  // ⏭️ the plan (or drift scan) ran and found nothing to change
  kError,      // ⚠️ a policy checker could not run (never counts as a pass)
};
inline constexpr int kStageStatusCount = 10;

// "⏳", "✅", ...; "—" for kNotRun.
std::string_view StageSymbol(StageStatus status);
// The stable name used in the hidden state: "pending", "passed", ...
std::string_view StageStatusName(StageStatus status);
// The status with that name; false when there is none.
bool ParseStageStatus(std::string_view name, StageStatus& status);

struct StageCell {
  StageStatus status = StageStatus::kNotRun;
  std::string note;               // shown after the symbol: "no changes", "+1 ~0 −0"
  std::int64_t duration_ms = -1;  // -1: unknown
};

// The per-layer stages, in column order. Lint is shown only when a row has a lint cell
// (a layer with `lint:`), Policy only when a row has a policy cell (a check covers it):
// render.h.
enum class Stage { kFormat, kLint, kValidate, kPlan, kPolicy, kApply };
inline constexpr std::array<Stage, 6> kStages = {Stage::kFormat, Stage::kLint,   Stage::kValidate,
                                                 Stage::kPlan,   Stage::kPolicy, Stage::kApply};

// One policy check's verdict on one plan (policy/policy_checks.h runs them).
struct PolicyResult {
  std::string check;
  StageStatus status = StageStatus::kNotRun;  // kPassed, kFailed or kError
  // The checker's own failure lines, or why it could not run; masked and bounded by whoever
  // ran it. Empty for a pass.
  std::string output;

  bool operator==(const PolicyResult&) const = default;
};

// How a verdict reads in logs and replies: "passed", "failed", "could not run".
std::string_view PolicyVerdictText(StageStatus status);

// A policy owner's `/approve_policies` of a failed check, valid for one commit and one
// plan: a new push or a changed plan voids it.
struct PolicyApproval {
  std::string check;
  std::string by;      // the owner's login
  std::string sha;     // the head commit it was given on
  std::string digest;  // the plan digest it approved

  bool operator==(const PolicyApproval&) const = default;
};

// One layer's row. The hidden state block (state.h) keeps all of it but plan_text and
// the durations, so the next job starts from the rows the last one left.
struct LayerRow {
  std::string name;
  StageCell format;
  StageCell lint;  // kNotRun without a note: the layer does not lint
  StageCell validate;
  StageCell plan;
  StageCell policy;  // kNotRun without a note: no policy check covers this target
  StageCell apply;
  // The verdicts of the last plan's policy checks, and the approvals of its failures.
  std::vector<PolicyResult> policies;
  std::vector<PolicyApproval> policy_approvals;
  // The plan as the engine printed it, already masked by whoever captured it. Shown
  // collapsed under the table, cut from the middle when the comment runs out of room.
  std::string plan_text;
  std::string plan_summary;  // "+1 ~0 −0" or "no changes" (run/plan_summary.h FormatPlanCounts)
  std::string plan_digest;   // "sha256:…" of the saved plan, what /apply must match
  std::string lock_holder;   // who holds this layer's lock ("#12"), empty when free
  std::string applied_by;    // login of whoever applied it in this PR
  std::string applied_sha;   // the commit that was applied
  // Set when the plan is a `/revert`: the older commit whose files were planned (the
  // state key is the layer's own), so `/apply` plans and applies that tree again.
  std::string plan_source_sha;

  StageCell& Cell(Stage stage);
  const StageCell& Cell(Stage stage) const;
  // The approval of `check` for the plan this row shows on commit `sha`, or nullptr.
  const PolicyApproval* ApprovalOf(std::string_view check, std::string_view sha) const;
  // The checks that failed or could not run on this row's plan and have no approval for
  // it on `sha`: what stops its apply.
  std::vector<const PolicyResult*> UnapprovedPolicies(std::string_view sha) const;
};

// Rows for the whole pull request rather than a layer. A kTestEnv row is one layer's
// ephemeral test environment (its name is the layer); its note lists the environment's
// outputs ("url = https://…"), and http(s) URLs in it are rendered as links.
enum class CheckKind { kReview, kE2e, kHealth, kTestEnv };

struct CheckRow {
  CheckKind kind = CheckKind::kReview;
  std::string name;  // e.g. the e2e suite; may be empty
  StageCell cell;
  // Output worth a look (the tail of an e2e suite's log), already masked by whoever
  // captured it. Shown collapsed under the checks, its tail kept when long; empty: none.
  std::string detail;
};

// "👉 Comment `/apply platform` to deploy." = {command "/apply platform", text "to deploy."}.
// Without a command the text stands alone ("All layers are applied; ready to merge.").
struct NextStep {
  std::string command;
  std::string text;
};

struct Dashboard {
  std::string branch;
  std::string sha;               // full commit SHA; shown short
  std::string commit_message;    // first line shown
  std::vector<LayerRow> layers;  // in dependency order: L1, L2, ...
  std::vector<CheckRow> checks;
  std::vector<std::string> notes;  // warnings above the next step: a stale plan, a refusal
  NextStep next_step;
  std::string run_url;  // the Actions run; the full output lives in its step summary
  std::string updated;  // free text for the footer ("updated by /plan from @a"), may be empty
};

// Turns every ⏳ into ⛔ with `reason` ("cancelled"): the dashboard a job writes when
// it is stopped must not show work as still running.
void CloseUnfinished(Dashboard& dashboard, std::string_view reason);

}  // namespace infra_flash
