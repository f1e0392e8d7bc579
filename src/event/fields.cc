#include "event/fields.h"

#include <algorithm>
#include <cctype>

#include "common/json.h"
#include "common/strings.h"

namespace infra_flash::event_internal {
namespace {

// Shared by every field error: the likely cause is a hand-made or mismatched
// payload, because GitHub's own payloads always carry these fields.
constexpr std::string_view kPayloadHint =
    " GitHub's own payload for this event always has it in that form, so this one was not "
    "written by GitHub as-is: check that GITHUB_EVENT_NAME and the file at GITHUB_EVENT_PATH "
    "belong to the same event.";

constexpr std::size_t kMaxQuotedCharacters = 100;

std::string JoinPath(FieldPath path) {
  std::string joined;
  for (std::string_view key : path) {
    if (!joined.empty()) joined += '.';
    joined += key;
  }
  return joined;
}

const char* TypeName(const rapidjson::Value& value) {
  if (value.IsNull()) return "null";
  if (value.IsBool()) return "a boolean";
  if (value.IsNumber()) return "a number";
  if (value.IsString()) return "a string";
  if (value.IsArray()) return "an array";
  return "an object";
}

std::string Prefix(const Payload& payload) {
  return "The " + std::string(payload.event_name) + " event payload";
}

Error Missing(const Payload& payload, FieldPath path, std::string_view expected) {
  return Error{Prefix(payload) + " has no " + JoinPath(path) + " (" + std::string(expected) + ")." +
               std::string(kPayloadHint)};
}

bool IsHexDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

Error WrongType(const Payload& payload, std::string_view field, const rapidjson::Value& value,
                std::string_view expected) {
  return Error{Prefix(payload) + " has " + std::string(field) + " as " + TypeName(value) +
               "; infra-flash needs " + std::string(expected) + " there." +
               std::string(kPayloadHint)};
}

Result<std::string> RequireString(const Payload& payload, FieldPath path) {
  const rapidjson::Value* value = json::Find(payload.root, path);
  if (value == nullptr) return Missing(payload, path, "a string");
  if (!value->IsString()) return WrongType(payload, JoinPath(path), *value, "a string");
  return std::string(value->GetString(), value->GetStringLength());
}

Result<std::int64_t> RequirePositiveInteger(const Payload& payload, FieldPath path) {
  constexpr std::string_view kExpected = "a positive whole number below 2^63";
  const rapidjson::Value* value = json::Find(payload.root, path);
  if (value == nullptr) return Missing(payload, path, kExpected);
  std::optional<std::int64_t> number = json::Int(value);
  if (!number || *number <= 0) return WrongType(payload, JoinPath(path), *value, kExpected);
  return *number;
}

Result<std::string> RequireCommitSha(const Payload& payload, FieldPath path) {
  constexpr std::string_view kExpected = "a commit SHA of 40 or 64 hex digits";
  Result<std::string> sha = RequireString(payload, path);
  if (!sha.ok()) return sha;
  bool well_formed = (sha->size() == 40 || sha->size() == 64) && IsHexDigits(*sha);
  if (!well_formed) {
    return Error{Prefix(payload) + " has " + JoinPath(path) +
                 " as a string that is not a commit SHA; infra-flash needs " +
                 std::string(kExpected) + " there." + std::string(kPayloadHint)};
  }
  return sha;
}

Result<const rapidjson::Value*> RequireObject(const Payload& payload, FieldPath path) {
  const rapidjson::Value* value = json::Find(payload.root, path);
  if (value == nullptr) return Missing(payload, path, "an object");
  if (!value->IsObject()) return WrongType(payload, JoinPath(path), *value, "an object");
  return value;
}

std::string OptionalString(const Payload& payload, FieldPath path) {
  return json::StringOr(json::Find(payload.root, path));
}

bool OptionalBool(const Payload& payload, FieldPath path) {
  return json::BoolOr(json::Find(payload.root, path));
}

bool IsBotAccount(const rapidjson::Value* user) {
  if (user == nullptr) return false;
  if (json::StringOr(json::Member(*user, "type")) == "Bot") return true;
  // Apps acting through a user-typed account still carry the "[bot]" suffix.
  return json::StringOr(json::Member(*user, "login")).ends_with("[bot]");
}

bool IsAllZeroSha(std::string_view sha) {
  return !sha.empty() && sha.find_first_not_of('0') == std::string_view::npos;
}

std::string Quote(std::string_view text) {
  std::string quoted = "'";
  std::size_t i = 0;
  for (std::size_t characters = 0; i < text.size() && characters < kMaxQuotedCharacters;
       ++characters) {
    // Cut only between characters, so that the message stays valid UTF-8.
    const std::size_t length = Utf8SequenceLength(text, i);
    const auto byte = static_cast<unsigned char>(text[i]);
    if (length == 0 || byte < 0x20 || byte == 0x7f) {
      quoted += '?';
      ++i;
      continue;
    }
    quoted.append(text.substr(i, length));
    i += length;
  }
  if (i < text.size()) quoted += "...";
  return quoted + "'";
}

Event Ignored(Event event, std::string reason) {
  event.trigger = Trigger::kIgnored;
  event.reason = std::move(reason);
  return event;
}

}  // namespace infra_flash::event_internal
