#include "policy/plan_digest.h"

#include <algorithm>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json.h"
#include "common/sha256.h"

namespace infra_flash {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Deeper than any plan terraform writes (attribute values of nested blocks stay well
// under a hundred levels); the JSON reader caps the size but not the depth, and the
// plan's values are the PR's to choose, so the recursion below stops here.
constexpr int kMaxPlanDepth = 512;

Error TooDeep() {
  return Error{"the plan JSON nests arrays and objects more than " + std::to_string(kMaxPlanDepth) +
               " levels deep, which no terraform plan does; infra-flash cannot fingerprint it, "
               "so it cannot be applied"};
}

Status WriteCanonical(const rapidjson::Value& value, Writer& out, int depth);

// An object with its members in byte order of their names.
Status WriteObject(const rapidjson::Value& object, Writer& out, int depth) {
  std::vector<const rapidjson::Value::Member*> members;
  for (const auto& member : object.GetObject()) members.push_back(&member);
  std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
    return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
           std::string_view(b->name.GetString(), b->name.GetStringLength());
  });
  out.StartObject();
  for (const auto* member : members) {
    out.Key(member->name.GetString(), member->name.GetStringLength());
    if (Status written = WriteCanonical(member->value, out, depth + 1); !written.ok()) {
      return written;
    }
  }
  out.EndObject();
  return Ok();
}

// Writes `value` canonically. `depth` is how many arrays and objects hold it.
Status WriteCanonical(const rapidjson::Value& value, Writer& out, int depth) {
  if (!value.IsObject() && !value.IsArray()) {
    value.Accept(out);  // a scalar: no recursion
    return Ok();
  }
  if (depth >= kMaxPlanDepth) return TooDeep();
  if (value.IsObject()) return WriteObject(value, out, depth);
  out.StartArray();
  for (const auto& item : value.GetArray()) {
    if (Status written = WriteCanonical(item, out, depth + 1); !written.ok()) return written;
  }
  out.EndArray();
  return Ok();
}

}  // namespace

Result<std::string> CanonicalPlanEffect(std::string_view plan_json) {
  Result<rapidjson::Document> document = json::Parse(plan_json, "the plan JSON");
  if (!document.ok()) return document.error();
  if (!document->IsObject() || json::Member(*document, "format_version") == nullptr) {
    return Error{"the plan JSON has no format_version: not a plan from `show -json`"};
  }
  rapidjson::StringBuffer buffer;
  Writer out(buffer);
  out.StartObject();
  out.Key("output_changes");
  const rapidjson::Value* outputs = json::Member(*document, "output_changes");
  if (outputs != nullptr) {
    if (Status written = WriteCanonical(*outputs, out, 1); !written.ok()) return written.error();
  } else {
    out.StartObject();
    out.EndObject();
  }
  out.Key("resource_changes");
  const rapidjson::Value* resources = json::Member(*document, "resource_changes");
  if (resources != nullptr) {
    if (Status written = WriteCanonical(*resources, out, 1); !written.ok()) {
      return written.error();
    }
  } else {
    out.StartArray();
    out.EndArray();
  }
  out.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<std::string> PlanDigest(std::string_view plan_json) {
  Result<std::string> canonical = CanonicalPlanEffect(plan_json);
  if (!canonical.ok()) return canonical.error();
  Result<std::string> hex = Sha256Hex(*canonical);
  if (!hex.ok()) return hex.error();
  return "sha256:" + *hex;
}

}  // namespace infra_flash
