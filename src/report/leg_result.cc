#include "report/leg_result.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json.h"
#include "report/budget.h"
#include "report/state.h"

namespace infra_flash {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteString(Writer& writer, std::string_view value) {
  writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

constexpr std::pair<Stage, const char*> kDurationKeys[] = {
    {Stage::kFormat, "format"}, {Stage::kLint, "lint"},     {Stage::kValidate, "validate"},
    {Stage::kPlan, "plan"},     {Stage::kPolicy, "policy"}, {Stage::kApply, "apply"}};

}  // namespace

std::string EncodeLegResult(const LegResult& result) {
  LayerRow row = result.row;
  row.plan_text =
      CutMiddle(row.plan_text, kLegPlanTextBytes, "the leg's job log has the whole plan");
  const std::string row_json = LayerRowJson(row);
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("infra_flash_leg_result");
  writer.Int(result.format);
  writer.Key("repository");
  WriteString(writer, result.repository);
  writer.Key("pull_request");
  writer.Int64(result.pull_request);
  writer.Key("sha");
  WriteString(writer, result.sha);
  writer.Key("row");
  writer.RawValue(row_json.data(), row_json.size(), rapidjson::kObjectType);
  writer.Key("durations_ms");
  writer.StartObject();
  for (const auto& [stage, key] : kDurationKeys) {
    const std::int64_t duration = row.Cell(stage).duration_ms;
    if (duration < 0) continue;
    writer.Key(key);
    writer.Int64(duration);
  }
  writer.EndObject();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

Result<LegResult> DecodeLegResult(std::string_view text) {
  if (text.size() > kLegResultMaxBytes) {
    return Error{"larger than " + std::to_string(kLegResultMaxBytes >> 20) +
                 " MiB: not a result file infra-flash wrote"};
  }
  Result<rapidjson::Document> document = json::Parse(text, "the result file");
  if (!document.ok()) return document.error();
  if (!document->IsObject()) return Error{"not a JSON object"};
  const std::optional<std::int64_t> format =
      json::Int(json::Member(*document, "infra_flash_leg_result"));
  if (!format) return Error{"not an infra-flash result file (no `infra_flash_leg_result`)"};
  if (*format < 1 || *format > kLegResultFormat) {
    return Error{"format " + std::to_string(*format) + "; this infra-flash reads format " +
                 std::to_string(kLegResultFormat) + " (was the leg run by a newer version?)"};
  }
  LegResult result;
  result.format = static_cast<int>(*format);
  result.repository = json::StringOr(json::Member(*document, "repository"));
  result.pull_request = json::IntOr(json::Member(*document, "pull_request"));
  result.sha = json::StringOr(json::Member(*document, "sha"));
  const rapidjson::Value* row = json::Member(*document, "row");
  if (row == nullptr || !row->IsObject()) return Error{"the file has no row"};
  result.row = LayerRowFromJson(*row);
  if (result.row.name.empty()) return Error{"the file's row names no layer"};
  if (const rapidjson::Value* durations = json::Member(*document, "durations_ms");
      durations != nullptr && durations->IsObject()) {
    for (const auto& [stage, key] : kDurationKeys) {
      const std::optional<std::int64_t> ms = json::Int(json::Member(*durations, key));
      if (ms && *ms >= 0) result.row.Cell(stage).duration_ms = *ms;
    }
  }
  return result;
}

std::string LegResultFileName(std::string_view layer) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name = "infra-flash-";
  for (char c : layer) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-';
    if (plain) {
      name += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      name += '_';
      name += kHex[byte >> 4];
      name += kHex[byte & 15];
    }
  }
  return name + ".json";
}

}  // namespace infra_flash
