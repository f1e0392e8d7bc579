#include "common/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace infra_flash::json {

Result<rapidjson::Document> Parse(std::string_view text, const std::string& what) {
  if (text.size() > kMaxDocumentBytes) {
    return Error{what + " is " + std::to_string(text.size()) + " bytes; the limit is " +
                 std::to_string(kMaxDocumentBytes)};
  }
  // RapidJSON stops at a NUL byte even when given the length, silently dropping the
  // rest; valid JSON never contains a raw NUL, so refuse it.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return Error{what + " is not valid JSON: it contains a NUL byte (at byte " +
                 std::to_string(nul) + ")"};
  }
  rapidjson::Document document;
  document.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (document.HasParseError()) {
    return Error{what +
                 " is not valid JSON: " + rapidjson::GetParseError_En(document.GetParseError()) +
                 " (at byte " + std::to_string(document.GetErrorOffset()) + ")"};
  }
  return document;
}

const rapidjson::Value* Member(const rapidjson::Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

const rapidjson::Value* Find(const rapidjson::Value& root,
                             std::initializer_list<std::string_view> path) {
  const rapidjson::Value* current = &root;
  for (std::string_view key : path) {
    current = Member(*current, key);
    if (current == nullptr) return nullptr;
  }
  return current;
}

std::optional<std::string> String(const rapidjson::Value* value) {
  if (value == nullptr || !value->IsString()) return std::nullopt;
  return std::string(value->GetString(), value->GetStringLength());
}

std::optional<std::int64_t> Int(const rapidjson::Value* value) {
  if (value == nullptr || !value->IsInt64()) return std::nullopt;
  return value->GetInt64();
}

std::optional<bool> Bool(const rapidjson::Value* value) {
  if (value == nullptr || !value->IsBool()) return std::nullopt;
  return value->GetBool();
}

std::string StringOr(const rapidjson::Value* value, std::string fallback) {
  return String(value).value_or(std::move(fallback));
}
std::int64_t IntOr(const rapidjson::Value* value, std::int64_t fallback) {
  return Int(value).value_or(fallback);
}
bool BoolOr(const rapidjson::Value* value, bool fallback) { return Bool(value).value_or(fallback); }

std::string StringArray(const std::vector<std::string>& values) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartArray();
  for (const std::string& value : values) {
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
  writer.EndArray();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string Serialize(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::size_t NestingDepth(const rapidjson::Value& value) {
  std::size_t deepest = 0;
  std::vector<std::pair<const rapidjson::Value*, std::size_t>> pending = {{&value, 0}};
  while (!pending.empty()) {
    const auto [current, depth] = pending.back();
    pending.pop_back();
    if (!current->IsArray() && !current->IsObject()) continue;
    deepest = std::max(deepest, depth + 1);
    if (current->IsArray()) {
      for (const rapidjson::Value& item : current->GetArray())
        pending.push_back({&item, depth + 1});
    } else {
      for (const auto& member : current->GetObject()) pending.push_back({&member.value, depth + 1});
    }
  }
  return deepest;
}

}  // namespace infra_flash::json
