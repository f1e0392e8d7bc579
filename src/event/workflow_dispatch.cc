// workflow_dispatch: a manual run with inputs. Inputs become strings, the form in
// which the Actions runtime hands them to steps.
#include "common/json.h"
#include "event/parsers.h"

namespace infra_flash::event_internal {
namespace {

constexpr std::string_view kBranchPrefix = "refs/heads/";

// The text of a scalar input; nullopt for null, arrays and objects, which no
// workflow_dispatch input type produces.
std::optional<std::string> InputText(const rapidjson::Value& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  // RapidJSON writes integers exactly and doubles as the shortest text that reads back.
  if (value.IsNumber()) return json::Serialize(value);
  return std::nullopt;
}

}  // namespace

Result<Event> ParseWorkflowDispatch(const Payload& payload, Event event,
                                    const EventOptions& /*options*/) {
  std::string ref = OptionalString(payload, {"ref"});
  if (std::string_view(ref).starts_with(kBranchPrefix)) ref.erase(0, kBranchPrefix.size());
  event.head_ref = std::move(ref);

  // A dispatch without inputs is legal: GitHub sends `null` or leaves them out.
  const rapidjson::Value* inputs = json::Member(payload.root, "inputs");
  if (inputs != nullptr && !inputs->IsNull()) {
    if (!inputs->IsObject()) return WrongType(payload, "inputs", *inputs, "an object");
    for (const auto& member : inputs->GetObject()) {
      std::optional<std::string> text = InputText(member.value);
      if (!text) continue;
      event.inputs.insert_or_assign(
          std::string(member.name.GetString(), member.name.GetStringLength()), std::move(*text));
    }
  }
  event.trigger = Trigger::kDispatch;
  return event;
}

}  // namespace infra_flash::event_internal
