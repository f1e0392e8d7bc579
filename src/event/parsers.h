// One parser per event kind infra-flash acts on. Internal to event/: ParseEvent
// picks one by event name. Each receives the event with the fields common to all
// payloads already filled (event_name, action, repository, default_branch, actor)
// and returns it completed, ignored with a reason, or an Error naming the field
// the event needs but lacks.
#pragma once

#include "common/result.h"
#include "event/event.h"
#include "event/fields.h"

namespace infra_flash::event_internal {

Result<Event> ParsePullRequest(const Payload& payload, Event event, const EventOptions& options);
Result<Event> ParseIssueComment(const Payload& payload, Event event, const EventOptions& options);
Result<Event> ParsePush(const Payload& payload, Event event, const EventOptions& options);
Result<Event> ParseWorkflowDispatch(const Payload& payload, Event event,
                                    const EventOptions& options);

}  // namespace infra_flash::event_internal
