#include "status/dashboard.h"

#include <iterator>

namespace infra_flash {
namespace {

struct StatusEntry {
  StageStatus status;
  std::string_view symbol;
  std::string_view name;
};

constexpr StatusEntry kStatuses[] = {
    {StageStatus::kNotRun, "—", "not_run"},
    {StageStatus::kPending, "⏳", "pending"},
    {StageStatus::kPassed, "✅", "passed"},
    {StageStatus::kFailed, "❌", "failed"},
    {StageStatus::kSkipped, "⏭️", "skipped"},
    {StageStatus::kChanges, "📝", "changes"},
    {StageStatus::kLocked, "🔒", "locked"},
    {StageStatus::kBlocked, "⛔", "blocked"},
    {StageStatus::kNoChanges, "⏭️", "no_changes"},
    {StageStatus::kError, "⚠️", "error"},
};
static_assert(std::size(kStatuses) == kStageStatusCount, "one entry per StageStatus");

const StatusEntry& Entry(StageStatus status) {
  for (const StatusEntry& entry : kStatuses) {
    if (entry.status == status) return entry;
  }
  return kStatuses[0];
}

void Close(StageCell& cell, std::string_view reason) {
  if (cell.status != StageStatus::kPending) return;
  cell.status = StageStatus::kBlocked;
  cell.note = std::string(reason);
}

}  // namespace

std::string_view StageSymbol(StageStatus status) { return Entry(status).symbol; }
std::string_view StageStatusName(StageStatus status) { return Entry(status).name; }

bool ParseStageStatus(std::string_view name, StageStatus& status) {
  for (const StatusEntry& entry : kStatuses) {
    if (entry.name == name) {
      status = entry.status;
      return true;
    }
  }
  return false;
}

StageCell& LayerRow::Cell(Stage stage) {
  return const_cast<StageCell&>(static_cast<const LayerRow&>(*this).Cell(stage));
}

const StageCell& LayerRow::Cell(Stage stage) const {
  switch (stage) {
    case Stage::kFormat:
      return format;
    case Stage::kLint:
      return lint;
    case Stage::kValidate:
      return validate;
    case Stage::kPlan:
      return plan;
    case Stage::kPolicy:
      return policy;
    case Stage::kApply:
      return apply;
  }
  return format;
}

std::string_view PolicyVerdictText(StageStatus status) {
  switch (status) {
    case StageStatus::kPassed:
      return "passed";
    case StageStatus::kFailed:
      return "failed";
    default:
      return "could not run";
  }
}

const PolicyApproval* LayerRow::ApprovalOf(std::string_view check, std::string_view sha) const {
  for (const PolicyApproval& approval : policy_approvals) {
    if (approval.check == check && approval.sha == sha && !approval.digest.empty() &&
        approval.digest == plan_digest) {
      return &approval;
    }
  }
  return nullptr;
}

std::vector<const PolicyResult*> LayerRow::UnapprovedPolicies(std::string_view sha) const {
  std::vector<const PolicyResult*> out;
  for (const PolicyResult& result : policies) {
    if (result.status == StageStatus::kPassed) continue;
    if (ApprovalOf(result.check, sha) == nullptr) out.push_back(&result);
  }
  return out;
}

void CloseUnfinished(Dashboard& dashboard, std::string_view reason) {
  for (LayerRow& layer : dashboard.layers) {
    for (Stage stage : kStages) {
      Close(layer.Cell(stage), reason);
    }
  }
  for (CheckRow& check : dashboard.checks) Close(check.cell, reason);
}

}  // namespace infra_flash
