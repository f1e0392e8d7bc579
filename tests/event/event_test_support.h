// Shared by the event tests: fixture loading, in-memory edits of a fixture, and the
// expectation shape every table uses.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include "common/json.h"
#include "common/strings.h"
#include "event/event.h"

namespace infra_flash::event_test {

// The SHAs in @octokit/webhooks-examples' pull_request and push payloads.
inline constexpr const char* kPrHeadSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
inline constexpr const char* kPrBaseSha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
inline constexpr const char* kPushSha = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
inline constexpr const char* kZeroSha = "0000000000000000000000000000000000000000";

inline std::string FixtureDirectory() {
  return std::string(INFRA_FLASH_SOURCE_DIR) + "/tests/fixtures/events";
}

inline std::string LoadFixture(std::string_view name) {
  Result<std::string> text = ReadFile(FixtureDirectory() + "/" + std::string(name));
  if (!text.ok()) {
    ADD_FAILURE() << text.error().message;
    return "";
  }
  return *text;
}

// One change to a payload: JSON text set at a JSON pointer, or the member removed.
struct Edit {
  std::string pointer;              // RFC 6901, e.g. "/pull_request/head/repo"
  std::optional<std::string> json;  // nullopt removes the member
};

// `fixture` with `edits` applied, serialised compactly.
inline std::string EditFixture(std::string_view fixture, const std::vector<Edit>& edits) {
  rapidjson::Document document;
  std::string text = LoadFixture(fixture);
  document.Parse(text.data(), text.size());
  if (document.HasParseError()) ADD_FAILURE() << fixture << " is not valid JSON";
  for (const Edit& edit : edits) {
    rapidjson::Pointer pointer(edit.pointer.c_str());
    if (!edit.json) {
      pointer.Erase(document);
      continue;
    }
    rapidjson::Document value(&document.GetAllocator());
    value.Parse<rapidjson::kParseIterativeFlag>(edit.json->data(), edit.json->size());
    if (value.HasParseError()) ADD_FAILURE() << "edit " << edit.pointer << " is not valid JSON";
    pointer.Set(document, static_cast<rapidjson::Value&>(value), document.GetAllocator());
  }
  return json::Serialize(document);
}

// A JSON string literal for `text` (which must need no escaping).
inline std::string JsonString(std::string_view text) { return "\"" + std::string(text) + "\""; }

using Inputs = std::map<std::string, std::string>;

// What a parsed event must look like. Unset fields are not checked.
struct Expected {
  Trigger trigger = Trigger::kIgnored;
  std::string reason_contains;  // ignored events; every ignored event needs some reason
  std::optional<std::string> action;
  std::optional<std::string> repository;
  std::optional<std::string> default_branch;
  std::optional<std::string> actor;
  std::optional<std::int64_t> pr_number;
  std::optional<std::string> head_sha;
  std::optional<std::string> base_sha;
  std::optional<std::string> head_ref;
  std::optional<std::string> base_ref;
  std::optional<std::string> title;
  std::optional<bool> is_draft;
  std::optional<bool> is_fork;
  std::optional<bool> merged;
  std::optional<std::int64_t> comment_id;
  std::optional<std::string> comment_body;
  std::optional<std::string> author_association;
  std::optional<bool> branch_created;
  std::optional<Inputs> inputs;
};

template <typename T>
void ExpectField(const std::string& case_name, const char* field, const T& actual,
                 const std::optional<T>& expected) {
  if (expected) {
    EXPECT_EQ(actual, *expected) << case_name << ": field " << field;
  }
}

inline void ExpectEvent(const std::string& case_name, const Event& event, const Expected& x) {
  EXPECT_STREQ(TriggerName(event.trigger), TriggerName(x.trigger))
      << case_name << ": reason was \"" << event.reason << "\"";
  if (x.trigger == Trigger::kIgnored) {
    EXPECT_FALSE(event.reason.empty()) << case_name << ": ignored without a reason";
    EXPECT_THAT(event.reason, testing::HasSubstr(x.reason_contains)) << case_name;
  } else {
    EXPECT_EQ(event.reason, "") << case_name << ": a reason on an event that is acted on";
  }
  ExpectField(case_name, "action", event.action, x.action);
  ExpectField(case_name, "repository", event.repository, x.repository);
  ExpectField(case_name, "default_branch", event.default_branch, x.default_branch);
  ExpectField(case_name, "actor", event.actor, x.actor);
  ExpectField(case_name, "pr_number", event.pr_number, x.pr_number);
  ExpectField(case_name, "head_sha", event.head_sha, x.head_sha);
  ExpectField(case_name, "base_sha", event.base_sha, x.base_sha);
  ExpectField(case_name, "head_ref", event.head_ref, x.head_ref);
  ExpectField(case_name, "base_ref", event.base_ref, x.base_ref);
  ExpectField(case_name, "title", event.title, x.title);
  ExpectField(case_name, "is_draft", event.is_draft, x.is_draft);
  ExpectField(case_name, "is_fork", event.is_fork, x.is_fork);
  ExpectField(case_name, "merged", event.merged, x.merged);
  ExpectField(case_name, "comment_id", event.comment_id, x.comment_id);
  ExpectField(case_name, "comment_body", event.comment_body, x.comment_body);
  ExpectField(case_name, "author_association", event.author_association, x.author_association);
  ExpectField(case_name, "branch_created", event.branch_created, x.branch_created);
  ExpectField(case_name, "inputs", event.inputs, x.inputs);
}

}  // namespace infra_flash::event_test
