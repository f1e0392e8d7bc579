// Safe reading of untrusted JSON (GitHub payloads and API answers) with RapidJSON.
// Parsing is iterative (no recursion depth to exhaust) and size-capped; the
// accessors never assert: a missing member or a value of another type reads as
// "absent".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "common/result.h"

namespace infra_flash::json {

// Largest document we accept; GitHub webhook payloads are capped at 25 MB.
inline constexpr std::size_t kMaxDocumentBytes = 32u << 20;

// Parses `text`. On failure the error names `what` (e.g. the file) and the byte
// offset, never the content.
Result<rapidjson::Document> Parse(std::string_view text, const std::string& what);

// Member `key` of `object`, or nullptr when `object` is not an object or lacks it.
const rapidjson::Value* Member(const rapidjson::Value& object, std::string_view key);
// Follows a path of member names: Find(doc, {"pull_request", "head", "sha"}).
const rapidjson::Value* Find(const rapidjson::Value& root,
                             std::initializer_list<std::string_view> path);

std::optional<std::string> String(const rapidjson::Value* value);
std::optional<std::int64_t> Int(const rapidjson::Value* value);
std::optional<bool> Bool(const rapidjson::Value* value);

// Shorthands with defaults for optional fields.
std::string StringOr(const rapidjson::Value* value, std::string fallback = "");
std::int64_t IntOr(const rapidjson::Value* value, std::int64_t fallback = 0);
bool BoolOr(const rapidjson::Value* value, bool fallback = false);

// `values` as a compact JSON array of strings: ["a","b"], [] when empty. Quotes,
// backslashes and control characters are escaped; other bytes are copied as they are.
std::string StringArray(const std::vector<std::string>& values);

// Serialises a value compactly (for tests and the explain output). It recurses once per
// level: check NestingDepth first when the value is untrusted.
std::string Serialize(const rapidjson::Value& value);

// How many arrays and objects nest in `value` (a scalar: 0, `[[]]`: 2), counted without
// recursion. Parse caps a document's size but not its depth.
std::size_t NestingDepth(const rapidjson::Value& value);

}  // namespace infra_flash::json
