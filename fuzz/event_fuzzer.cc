// Input: "<event name>\n<payload JSON>". Beyond "no crash": an event is one coherent
// value (an ignored one says why, a PR or comment carries its number, SHAs are SHAs),
// and every text field and message (error or reason) is valid UTF-8, messages one line
// with no control character taken from the payload: they end up in logs, outputs and
// `explain` output.
#include <cstdint>
#include <string>
#include <string_view>

#include "event/event.h"
#include "invariants.h"

namespace {

using infra_flash::Event;
using infra_flash::Trigger;
using infra_flash::fuzzing::Violated;

bool HasControl(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = infra_flash::fuzzing::Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// `name` is the event name the caller passed (GITHUB_EVENT_NAME, not payload text):
// messages may quote it, so only a clean name promises a clean message.
void CheckMessage(std::string_view message, std::string_view name) {
  if (message.empty()) Violated("an empty message");
  if (message.find('\n') != std::string_view::npos) Violated("a message of several lines");
  if (!IsValidUtf8(message)) Violated("a message in broken UTF-8");
  if (!HasControl(name) && HasControl(message)) Violated("a control character in a message");
}

bool IsSha(std::string_view sha) {
  if (sha.size() != 40 && sha.size() != 64) return false;
  for (char c : sha) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

void CheckEvent(const Event& event, std::string_view name) {
  if (IsValidUtf8(name) && event.event_name != name) Violated("the event name changed");
  for (const std::string* field : {&event.action, &event.repository, &event.actor, &event.head_ref,
                                   &event.base_ref, &event.title}) {
    if (!IsValidUtf8(*field)) Violated("an event field in broken UTF-8:", *field);
  }
  if (event.trigger == Trigger::kIgnored) {
    CheckMessage(event.reason, name);
    return;
  }
  if (!event.reason.empty()) Violated("an event to act on carries a reason");
  switch (event.trigger) {
    case Trigger::kPullRequest:
      if (event.pr_number <= 0 || !IsSha(event.head_sha) || !IsSha(event.base_sha)) {
        Violated("a pull_request without number or SHAs");
      }
      break;
    case Trigger::kPullRequestClosed:
      if (event.pr_number <= 0) Violated("a closed PR without number");
      break;
    case Trigger::kComment:
      if (event.pr_number <= 0 || event.comment_id <= 0) Violated("a comment without ids");
      break;
    case Trigger::kPush:
      if (!IsSha(event.head_sha) || !IsSha(event.base_sha)) Violated("a push without SHAs");
      break;
    default:
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t newline = input.find('\n');
  std::string_view name =
      newline == std::string_view::npos ? "pull_request" : input.substr(0, newline);
  std::string_view payload = newline == std::string_view::npos ? input : input.substr(newline + 1);
  for (bool drafts : {false, true}) {
    auto event = infra_flash::ParseEvent(name, payload, {.autoplan_drafts = drafts});
    if (!event.ok()) {
      CheckMessage(event.error().message, name);
      continue;
    }
    CheckEvent(*event, name);
    (void)infra_flash::TriggerName(event->trigger);
  }
  return 0;
}
