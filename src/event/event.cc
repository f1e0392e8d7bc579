#include "event/event.h"

#include <string>

#include "common/json.h"
#include "common/strings.h"
#include "event/fields.h"
#include "event/parsers.h"

namespace infra_flash {
namespace {

using event_internal::Payload;

using KindParser = Result<Event> (*)(const Payload&, Event, const EventOptions&);

struct EventKind {
  std::string_view name;
  KindParser parse;
};

// The events infra-flash acts on; every other event name is ignored.
constexpr EventKind kEventKinds[] = {
    {"pull_request", event_internal::ParsePullRequest},
    {"issue_comment", event_internal::ParseIssueComment},
    {"push", event_internal::ParsePush},
    {"workflow_dispatch", event_internal::ParseWorkflowDispatch},
};

struct TriggerNameEntry {
  Trigger trigger;
  const char* name;
};

constexpr TriggerNameEntry kTriggerNames[] = {
    {Trigger::kPullRequest, "pull_request"}, {Trigger::kPullRequestClosed, "pull_request_closed"},
    {Trigger::kComment, "comment"},          {Trigger::kPush, "push"},
    {Trigger::kDispatch, "dispatch"},        {Trigger::kIgnored, "ignored"},
};

const EventKind* FindKind(std::string_view event_name) {
  for (const EventKind& kind : kEventKinds) {
    if (kind.name == event_name) return &kind;
  }
  return nullptr;
}

std::string UnknownEventReason(std::string_view event_name) {
  std::string known;
  for (const EventKind& kind : kEventKinds) {
    known += (known.empty() ? "" : ", ") + std::string(kind.name);
  }
  if (event_name.empty()) {
    return "no event name was given (GITHUB_EVENT_NAME is empty); infra-flash acts on " + known +
           " events";
  }
  return "infra-flash does not act on " + event_internal::Quote(event_name) +
         " events (it acts on " + known + "); nothing to do";
}

// The fields every payload may carry, read leniently: an event that needs one of
// them asks for it again as a required field.
Event CommonFields(const Payload& payload) {
  Event event;
  event.event_name = std::string(payload.event_name);
  event.action = event_internal::OptionalString(payload, {"action"});
  event.repository = event_internal::OptionalString(payload, {"repository", "full_name"});
  event.default_branch = event_internal::OptionalString(payload, {"repository", "default_branch"});
  event.actor = event_internal::OptionalString(payload, {"sender", "login"});
  return event;
}

// The Event as the parser of its kind reads it, before WithValidText.
Result<Event> ParseDocument(std::string_view event_name, std::string_view payload_json,
                            const EventOptions& options) {
  std::string what = "The " + event_internal::Quote(event_name) + " event payload";
  Result<rapidjson::Document> document = json::Parse(payload_json, what);
  if (!document.ok()) {
    return Error{document.error().message + ". Check the file at GITHUB_EVENT_PATH."};
  }
  if (!document->IsObject()) {
    return Error{what + " is not a JSON object; GitHub sends every event as one object. Check " +
                 "the file at GITHUB_EVENT_PATH."};
  }
  Payload payload{*document, event_name};
  Event event = CommonFields(payload);
  const EventKind* kind = FindKind(event_name);
  if (kind == nullptr) {
    return event_internal::Ignored(std::move(event), UnknownEventReason(event_name));
  }
  return kind->parse(payload, std::move(event), options);
}

// Every text field of `event` as valid UTF-8 (see ValidUtf8). One pass over the
// finished Event, so that no field, however it was read, can escape it: keep this list
// in step with the fields of Event. The comment body is the exception: it is kept byte
// for byte for the command parser, which judges it and never quotes it raw.
Event WithValidText(Event event) {
  for (std::string* field :
       {&event.reason, &event.event_name, &event.action, &event.repository, &event.default_branch,
        &event.actor, &event.head_sha, &event.base_sha, &event.head_ref, &event.base_ref,
        &event.title, &event.author_association}) {
    *field = ValidUtf8(std::move(*field));
  }
  std::map<std::string, std::string> inputs;
  for (auto& [name, value] : event.inputs) inputs.emplace(ValidUtf8(name), ValidUtf8(value));
  event.inputs = std::move(inputs);
  return event;
}

Result<Event> WithValidText(Result<Event> result) {
  if (result.ok()) return WithValidText(std::move(result).value());
  Error error = result.error();
  error.message = ValidUtf8(std::move(error.message));
  return error;
}

}  // namespace

const char* TriggerName(Trigger trigger) {
  for (const TriggerNameEntry& entry : kTriggerNames) {
    if (entry.trigger == trigger) return entry.name;
  }
  return "ignored";
}

Result<Event> ParseEvent(std::string_view event_name, std::string_view payload_json,
                         const EventOptions& options) {
  return WithValidText(ParseDocument(event_name, payload_json, options));
}

}  // namespace infra_flash
