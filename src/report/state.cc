#include "report/state.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json.h"
#include "report/comment_body.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMaxStateBytes = 512u << 10;
constexpr std::size_t kMaxLayers = 5000;
constexpr int kOldestReadableVersion = 1;

struct StageKey {
  Stage stage;
  const char* key;
};
constexpr StageKey kStageKeys[] = {
    {Stage::kFormat, "format"},
    {Stage::kLint, "lint"},  // absent from states written before
                             // the Lint column
    {Stage::kValidate, "validate"},
    {Stage::kPlan, "plan"},
    {Stage::kPolicy, "policy"},  // absent before the Policy column
    {Stage::kApply, "apply"},
};

struct CheckKey {
  CheckKind kind;
  std::string_view name;
};
constexpr CheckKey kCheckKeys[] = {
    {CheckKind::kReview, "review"},
    {CheckKind::kE2e, "e2e"},
    {CheckKind::kHealth, "health"},
    {CheckKind::kTestEnv, "test_env"},
};

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(Writer& writer, std::string_view value) {
  writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void WriteField(Writer& writer, const char* key, const std::string& value) {
  if (value.empty()) return;
  writer.Key(key);
  WriteString(writer, value);
}

// A cell is written as its status name, or [status, note] when it has a note.
void WriteCell(Writer& writer, const char* key, const StageCell& cell) {
  if (cell.status == StageStatus::kNotRun && cell.note.empty()) return;
  writer.Key(key);
  if (cell.note.empty()) {
    WriteString(writer, StageStatusName(cell.status));
    return;
  }
  writer.StartArray();
  WriteString(writer, StageStatusName(cell.status));
  WriteString(writer, cell.note);
  writer.EndArray();
}

StageCell ReadCell(const rapidjson::Value* value) {
  StageCell cell;
  if (value == nullptr) return cell;
  if (value->IsString()) {
    ParseStageStatus(value->GetString(), cell.status);
  } else if (value->IsArray() && value->Size() == 2 && (*value)[0].IsString() &&
             (*value)[1].IsString()) {
    ParseStageStatus((*value)[0].GetString(), cell.status);
    cell.note = (*value)[1].GetString();
  }
  return cell;
}

bool ParseCheckKind(std::string_view name, CheckKind& kind) {
  for (const CheckKey& entry : kCheckKeys) {
    if (entry.name == name) {
      kind = entry.kind;
      return true;
    }
  }
  return false;
}

std::string EscapeForComment(const std::string& json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (char c : json_text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

LayerRow ReadLayerRow(const rapidjson::Value& value) {
  LayerRow layer;
  layer.name = json::StringOr(json::Member(value, "name"));
  for (const StageKey& entry : kStageKeys) {
    layer.Cell(entry.stage) = ReadCell(json::Member(value, entry.key));
  }
  layer.plan_summary = json::StringOr(json::Member(value, "plan_summary"));
  layer.plan_digest = json::StringOr(json::Member(value, "plan_digest"));
  layer.lock_holder = json::StringOr(json::Member(value, "lock"));
  layer.applied_by = json::StringOr(json::Member(value, "applied_by"));
  layer.applied_sha = json::StringOr(json::Member(value, "applied_sha"));
  layer.plan_source_sha = json::StringOr(json::Member(value, "source"));
  layer.plan_text = json::StringOr(json::Member(value, "plan_text"));
  if (const rapidjson::Value* results = json::Member(value, "policies");
      results != nullptr && results->IsArray()) {
    for (const rapidjson::Value& item : results->GetArray()) {
      PolicyResult result;
      result.check = json::StringOr(json::Member(item, "check"));
      ParseStageStatus(json::StringOr(json::Member(item, "status")), result.status);
      result.output = json::StringOr(json::Member(item, "output"));
      if (!result.check.empty()) layer.policies.push_back(std::move(result));
    }
  }
  if (const rapidjson::Value* approvals = json::Member(value, "policy_approvals");
      approvals != nullptr && approvals->IsArray()) {
    for (const rapidjson::Value& item : approvals->GetArray()) {
      PolicyApproval approval;
      approval.check = json::StringOr(json::Member(item, "check"));
      approval.by = json::StringOr(json::Member(item, "by"));
      approval.sha = json::StringOr(json::Member(item, "sha"));
      approval.digest = json::StringOr(json::Member(item, "digest"));
      if (!approval.check.empty()) layer.policy_approvals.push_back(std::move(approval));
    }
  }
  return layer;
}

void WriteLayerRow(Writer& writer, const LayerRow& layer) {
  writer.StartObject();
  writer.Key("name");
  WriteString(writer, layer.name);
  for (const StageKey& entry : kStageKeys) WriteCell(writer, entry.key, layer.Cell(entry.stage));
  WriteField(writer, "plan_summary", layer.plan_summary);
  WriteField(writer, "plan_digest", layer.plan_digest);
  WriteField(writer, "lock", layer.lock_holder);
  WriteField(writer, "applied_by", layer.applied_by);
  WriteField(writer, "applied_sha", layer.applied_sha);
  WriteField(writer, "source", layer.plan_source_sha);
  WriteField(writer, "plan_text", layer.plan_text);
  if (!layer.policies.empty()) {
    writer.Key("policies");
    writer.StartArray();
    for (const PolicyResult& result : layer.policies) {
      writer.StartObject();
      WriteField(writer, "check", result.check);
      WriteField(writer, "status", std::string(StageStatusName(result.status)));
      WriteField(writer, "output", result.output);
      writer.EndObject();
    }
    writer.EndArray();
  }
  if (!layer.policy_approvals.empty()) {
    writer.Key("policy_approvals");
    writer.StartArray();
    for (const PolicyApproval& approval : layer.policy_approvals) {
      writer.StartObject();
      WriteField(writer, "check", approval.check);
      WriteField(writer, "by", approval.by);
      WriteField(writer, "sha", approval.sha);
      WriteField(writer, "digest", approval.digest);
      writer.EndObject();
    }
    writer.EndArray();
  }
  writer.EndObject();
}

// Version 1 had no status for a plan without changes: it wrote the cell as skipped with
// the note "no changes". Those blocks were written by infra-flash itself, so the note
// there is that encoding, not text for people.
void UpgradeFromVersion1(DashboardState& state) {
  for (LayerRow& layer : state.layers) {
    if (layer.plan.status == StageStatus::kSkipped && layer.plan.note == "no changes") {
      layer.plan.status = StageStatus::kNoChanges;
    }
  }
}

}  // namespace

std::string LayerRowJson(const LayerRow& row) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  WriteLayerRow(writer, row);
  return std::string(buffer.GetString(), buffer.GetSize());
}

LayerRow LayerRowFromJson(const rapidjson::Value& value) { return ReadLayerRow(value); }

std::string_view CheckKindName(CheckKind kind) {
  for (const CheckKey& entry : kCheckKeys) {
    if (entry.kind == kind) return entry.name;
  }
  return "review";
}

std::string RenderStateBlock(const DashboardState& state) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("version");
  writer.Int(state.version);
  WriteField(writer, "sha", state.sha);
  WriteField(writer, "branch", state.branch);
  writer.Key("layers");
  writer.StartArray();
  for (const LayerRow& layer : state.layers) WriteLayerRow(writer, layer);
  writer.EndArray();
  if (!state.checks.empty()) {
    writer.Key("checks");
    writer.StartArray();
    for (const CheckRow& check : state.checks) {
      writer.StartObject();
      writer.Key("kind");
      WriteString(writer, CheckKindName(check.kind));
      WriteField(writer, "name", check.name);
      WriteCell(writer, "status", check.cell);
      WriteField(writer, "detail", check.detail);
      writer.EndObject();
    }
    writer.EndArray();
  }
  writer.EndObject();
  return std::string(kStateBlockStart) +
         EscapeForComment(std::string(buffer.GetString(), buffer.GetSize())) + " -->";
}

Result<DashboardState> ParseDashboardState(std::string_view comment_body) {
  auto parts = SplitDashboardComment(comment_body);
  if (!parts) return Error{"the comment holds no infra-flash dashboard"};
  const std::string& ours = parts->dashboard;
  const std::size_t start = ours.find(kStateBlockStart);
  if (start == std::string::npos) return Error{"the dashboard has no state block"};
  const std::size_t json_start = start + kStateBlockStart.size();
  // The block is one line: compact JSON escapes every newline inside strings.
  const std::size_t end = ours.find("-->", json_start);
  const std::size_t line_end = ours.find('\n', json_start);
  if (end == std::string::npos || (line_end != std::string::npos && end > line_end)) {
    return Error{"the dashboard's state block is not closed"};
  }
  const std::string_view json_text = std::string_view(ours).substr(json_start, end - json_start);
  if (json_text.size() > kMaxStateBytes) return Error{"the dashboard's state block is too large"};
  auto document = json::Parse(json_text, "the dashboard's state block");
  if (!document.ok()) return document.error();
  if (!document->IsObject()) return Error{"the dashboard's state block is not a JSON object"};
  DashboardState state;
  state.version = static_cast<int>(json::IntOr(json::Member(*document, "version"), 0));
  if (state.version < kOldestReadableVersion || state.version > kDashboardStateVersion) {
    return Error{"the dashboard's state block has version " + std::to_string(state.version) +
                 "; this infra-flash reads versions " + std::to_string(kOldestReadableVersion) +
                 " to " + std::to_string(kDashboardStateVersion)};
  }
  state.sha = json::StringOr(json::Member(*document, "sha"));
  state.branch = json::StringOr(json::Member(*document, "branch"));
  const rapidjson::Value* layers = json::Member(*document, "layers");
  if (layers != nullptr && layers->IsArray()) {
    for (const rapidjson::Value& value : layers->GetArray()) {
      if (state.layers.size() >= kMaxLayers) break;
      LayerRow layer = ReadLayerRow(value);
      if (!layer.name.empty()) state.layers.push_back(std::move(layer));
    }
  }
  const rapidjson::Value* checks = json::Member(*document, "checks");
  if (checks != nullptr && checks->IsArray()) {
    for (const rapidjson::Value& value : checks->GetArray()) {
      CheckRow check;
      if (!ParseCheckKind(json::StringOr(json::Member(value, "kind")), check.kind)) continue;
      check.name = json::StringOr(json::Member(value, "name"));
      check.cell = ReadCell(json::Member(value, "status"));
      check.detail = json::StringOr(json::Member(value, "detail"));
      state.checks.push_back(std::move(check));
    }
  }
  if (state.version == 1) UpgradeFromVersion1(state);
  state.version = kDashboardStateVersion;
  return state;
}

}  // namespace infra_flash
