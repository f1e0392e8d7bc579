// Reading the fields of one webhook payload. Internal to event/: the parser of
// each event kind uses these, so that every missing or mistyped field is reported
// the same way, naming the field and never quoting the payload.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "common/result.h"
#include "event/event.h"

namespace infra_flash::event_internal {

// The payload being read and the event name it came with (for messages).
struct Payload {
  const rapidjson::Value& root;
  std::string_view event_name;
};

using FieldPath = std::initializer_list<std::string_view>;

// Required fields: the value, or an Error that names the dotted path, says whether
// it is missing or of another type, and what to check.
Result<std::string> RequireString(const Payload& payload, FieldPath path);
// A positive integer that fits in 64 bits (PR numbers, comment ids).
Result<std::int64_t> RequirePositiveInteger(const Payload& payload, FieldPath path);
// A commit SHA: 40 (SHA-1) or 64 (SHA-256) hex digits. Checked because these values
// end up as git arguments.
Result<std::string> RequireCommitSha(const Payload& payload, FieldPath path);
// The object at `path`; an Error when it is missing or not an object.
Result<const rapidjson::Value*> RequireObject(const Payload& payload, FieldPath path);

// Optional fields: empty / false when missing or of another type.
std::string OptionalString(const Payload& payload, FieldPath path);
bool OptionalBool(const Payload& payload, FieldPath path);

// The error for a field of the wrong type (the caller knows what it wanted).
Error WrongType(const Payload& payload, std::string_view field, const rapidjson::Value& value,
                std::string_view expected);

// A user account (sender, comment.user) that is a GitHub App or bot.
bool IsBotAccount(const rapidjson::Value* user);
// "0000…": the `before` of a created ref or the `after` of a deleted one.
bool IsAllZeroSha(std::string_view sha);

// A payload string made safe to put inside a human message: at most 100
// characters, control characters (newlines, NUL) and bytes that are not UTF-8
// replaced by '?', never cut inside a character, in single quotes.
std::string Quote(std::string_view text);

// `event` turned into an ignored event that says why.
Event Ignored(Event event, std::string reason);

}  // namespace infra_flash::event_internal
