#include "policy/plan_digest.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json.h"

namespace infra_flash {
namespace {

// Writes `value` with object members in byte order of their names. Iterative over
// arrays and objects would be nicer; the parser already capped the depth.
void WriteCanonical(const rapidjson::Value& value,
                    rapidjson::Writer<rapidjson::StringBuffer>& out) {
  if (value.IsObject()) {
    std::vector<const rapidjson::Value::Member*> members;
    for (const auto& member : value.GetObject()) members.push_back(&member);
    std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
      return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
             std::string_view(b->name.GetString(), b->name.GetStringLength());
    });
    out.StartObject();
    for (const auto* member : members) {
      out.Key(member->name.GetString(), member->name.GetStringLength());
      WriteCanonical(member->value, out);
    }
    out.EndObject();
    return;
  }
  if (value.IsArray()) {
    out.StartArray();
    for (const auto& item : value.GetArray()) WriteCanonical(item, out);
    out.EndArray();
    return;
  }
  value.Accept(out);
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof(byte), "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

}  // namespace

Result<std::string> CanonicalPlanEffect(std::string_view plan_json) {
  Result<rapidjson::Document> document = json::Parse(plan_json, "the plan JSON");
  if (!document.ok()) return document.error();
  if (!document->IsObject() || json::Member(*document, "format_version") == nullptr) {
    return Error{"the plan JSON has no format_version: not a plan from `show -json`"};
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
  out.StartObject();
  out.Key("output_changes");
  const rapidjson::Value* outputs = json::Member(*document, "output_changes");
  if (outputs != nullptr) {
    WriteCanonical(*outputs, out);
  } else {
    out.StartObject();
    out.EndObject();
  }
  out.Key("resource_changes");
  const rapidjson::Value* resources = json::Member(*document, "resource_changes");
  if (resources != nullptr) {
    WriteCanonical(*resources, out);
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
  return "sha256:" + Sha256Hex(*canonical);
}

}  // namespace infra_flash
