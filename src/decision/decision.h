// decision: Event + Config + changed paths -> Decision, the "what should happen"
// that `infra-flash explain` prints and the flows carry out. Pure: no I/O. It does
// not authorize (that needs the GitHub API); it decides what a request means.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "command/command.h"
#include "config/config.h"
#include "event/event.h"
#include "layers/layers.h"

namespace infra_flash {

// What the run will do, beyond the trigger.
enum class Intent {
  kNone,          // ignored
  kAutoplan,      // PR opened/synchronized: ci checks and plan the affected layers
  kReleaseLocks,  // PR closed
  kCommand,       // a comment or dispatch asked for `command`
  kReply,         // a comment that gets only a reply (help, usage, errors)
  kConverge,      // push to the default branch
};

const char* IntentName(Intent intent);  // "none", "autoplan", "release_locks", ...

struct Decision {
  Event event;
  Intent intent = Intent::kNone;
  std::string reason;               // for kNone: why nothing happens
  std::optional<Request> command;   // for kCommand
  std::string reply;                // markdown to post, when there is one
  std::vector<std::string> layers;  // the layers the run touches, dependency order
  std::vector<std::vector<std::string>> waves;
  std::vector<std::string> unowned_paths;  // changed paths in no layer (for the log)
};

// `changed_paths` may be empty when unknown (a comment without a diff at hand); then
// commands without named layers select no layers, unless the event says all layers
// are affected (a push that creates the branch).
Decision Decide(const Event& event, const Config& config, const LayerIndex& index,
                const std::vector<std::string>& changed_paths);

// The Request a workflow_dispatch asks for, from its inputs (`command`,
// `environment`, `layers`), or a reply explaining what is wrong with them.
Result<Request> RequestFromDispatch(const Event& event, const Config& config);

}  // namespace infra_flash
