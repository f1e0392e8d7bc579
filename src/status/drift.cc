#include "status/drift.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace infra_flash {

bool IsDrift(Outcome outcome) {
  return outcome == Outcome::kDrift || outcome == Outcome::kHasChanges;
}

bool IsScanError(Outcome outcome) {
  return outcome != Outcome::kNoChanges && outcome != Outcome::kSucceeded && !IsDrift(outcome);
}

DriftCounts CountDrift(const RunResult& result) {
  DriftCounts counts;
  for (const LayerResult& layer : result.layers) {
    ++counts.total;
    counts.drifted += IsDrift(layer.outcome) ? 1 : 0;
    counts.errors += IsScanError(layer.outcome) ? 1 : 0;
  }
  return counts;
}

std::string DriftJson(const RunResult& result) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  for (const LayerResult& layer : result.layers) {
    writer.Key(layer.layer.c_str(), static_cast<rapidjson::SizeType>(layer.layer.size()));
    writer.Bool(IsDrift(layer.outcome));
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace infra_flash
