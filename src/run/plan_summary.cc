#include "run/plan_summary.h"

#include <array>
#include <utility>

#include "common/json.h"

namespace infra_flash {
namespace {

constexpr std::array<std::pair<ResourceAction, const char*>, 5> kActionNames = {{
    {ResourceAction::kCreate, "create"},
    {ResourceAction::kUpdate, "update"},
    {ResourceAction::kDelete, "delete"},
    {ResourceAction::kReplace, "replace"},
    {ResourceAction::kForget, "forget"},
}};

enum class ActionRead { kChange, kNoChange };

struct ActionListRead {
  ActionRead read;
  ResourceAction action;
};

// terraform's `change.actions` lists (plans/action.go), in the JSON spelling.
ActionListRead ReadActions(const rapidjson::Value* actions) {
  std::vector<std::string> names;
  if (actions != nullptr && actions->IsArray()) {
    for (const auto& name : actions->GetArray()) names.push_back(json::StringOr(&name));
  }
  const auto is = [&](std::initializer_list<const char*> expected) {
    return names == std::vector<std::string>(expected.begin(), expected.end());
  };
  if (names.empty() || is({"no-op"}) || is({"read"})) return {ActionRead::kNoChange, {}};
  if (is({"create"})) return {ActionRead::kChange, ResourceAction::kCreate};
  if (is({"delete"})) return {ActionRead::kChange, ResourceAction::kDelete};
  if (is({"forget"})) return {ActionRead::kChange, ResourceAction::kForget};
  if (is({"delete", "create"}) || is({"create", "delete"}) || is({"create", "forget"}) ||
      is({"forget", "create"})) {
    return {ActionRead::kChange, ResourceAction::kReplace};
  }
  return {ActionRead::kChange, ResourceAction::kUpdate};
}

void Count(PlanSummary& summary, ResourceAction action) {
  switch (action) {
    case ResourceAction::kCreate:
      ++summary.adds;
      break;
    case ResourceAction::kUpdate:
      ++summary.changes;
      break;
    case ResourceAction::kDelete:
      ++summary.destroys;
      break;
    case ResourceAction::kReplace:
      ++summary.adds;
      ++summary.destroys;
      ++summary.replaces;
      break;
    case ResourceAction::kForget:
      ++summary.forgets;
      break;
  }
}

void ReadResourceChanges(const rapidjson::Value& plan, PlanSummary& summary) {
  const rapidjson::Value* changes = json::Member(plan, "resource_changes");
  if (changes == nullptr || !changes->IsArray()) return;
  for (const auto& change : changes->GetArray()) {
    // Data sources are read, never changed; they do not count in "Plan: ...".
    if (json::StringOr(json::Member(change, "mode"), "managed") == "data") continue;
    ActionListRead read = ReadActions(json::Find(change, {"change", "actions"}));
    if (read.read == ActionRead::kNoChange) continue;
    Count(summary, read.action);
    summary.resources.push_back({json::StringOr(json::Member(change, "address")), read.action});
  }
}

void ReadOutputChanges(const rapidjson::Value& plan, PlanSummary& summary) {
  const rapidjson::Value* outputs = json::Member(plan, "output_changes");
  if (outputs == nullptr || !outputs->IsObject()) return;
  for (const auto& output : outputs->GetObject()) {
    if (ReadActions(json::Member(output.value, "actions")).read == ActionRead::kChange) {
      ++summary.output_changes;
    }
  }
}

}  // namespace

const char* ResourceActionName(ResourceAction action) {
  for (const auto& [value, name] : kActionNames) {
    if (value == action) return name;
  }
  return "update";
}

bool PlanSummary::HasChanges() const { return !resources.empty() || output_changes > 0; }

Result<PlanSummary> ParsePlanSummary(std::string_view plan_json) {
  Result<rapidjson::Document> document = json::Parse(plan_json, "the plan JSON (show -json)");
  if (!document.ok()) return document.error();
  if (!document->IsObject() || json::Member(*document, "format_version") == nullptr) {
    return Error{"the output of `show -json` is not a terraform JSON plan (no format_version)"};
  }
  PlanSummary summary;
  summary.terraform_version = json::StringOr(json::Member(*document, "terraform_version"));
  ReadResourceChanges(*document, summary);
  ReadOutputChanges(*document, summary);
  return summary;
}

std::string FormatPlanCounts(const PlanSummary& summary) {
  std::string text = "+" + std::to_string(summary.adds) + " ~" + std::to_string(summary.changes) +
                     " -" + std::to_string(summary.destroys);
  if (summary.replaces > 0) text += " (" + std::to_string(summary.replaces) + " replaced)";
  if (summary.forgets > 0) text += " (" + std::to_string(summary.forgets) + " forgotten)";
  return text;
}

}  // namespace infra_flash
