// push: a push to the default branch is converged (drift scan, then apply in
// order). Tags, deletions and other branches are ignored.
#include "common/json.h"
#include "event/parsers.h"

namespace infra_flash::event_internal {
namespace {

constexpr std::string_view kBranchPrefix = "refs/heads/";
constexpr std::string_view kTagPrefix = "refs/tags/";

// A deleted ref arrives as a push whose `after` is all zeros; `deleted` says the
// same, and either is enough.
bool IsDeletion(const Payload& payload) {
  return OptionalBool(payload, {"deleted"}) || IsAllZeroSha(OptionalString(payload, {"after"}));
}

Result<Event> Converge(const Payload& payload, Event event) {
  Result<std::string> before = RequireCommitSha(payload, {"before"});
  if (!before.ok()) return before.error();
  Result<std::string> after = RequireCommitSha(payload, {"after"});
  if (!after.ok()) return after.error();
  event.branch_created = OptionalBool(payload, {"created"}) || IsAllZeroSha(*before);
  event.base_sha = std::move(*before);
  event.head_sha = std::move(*after);
  event.trigger = Trigger::kPush;
  return event;
}

}  // namespace

Result<Event> ParsePush(const Payload& payload, Event event, const EventOptions& /*options*/) {
  Result<std::string> ref = RequireString(payload, {"ref"});
  if (!ref.ok()) return ref.error();
  if (event.actor.empty()) event.actor = OptionalString(payload, {"pusher", "name"});
  std::string_view ref_name = *ref;
  if (ref_name.starts_with(kTagPrefix)) {
    return Ignored(std::move(event), "push of tag " + Quote(ref_name.substr(kTagPrefix.size())) +
                                         "; only pushes to the default branch are converged");
  }
  if (!ref_name.starts_with(kBranchPrefix)) {
    return Ignored(std::move(event),
                   "push to " + Quote(ref_name) + ", which is not a branch; nothing to converge");
  }
  std::string_view branch = ref_name.substr(kBranchPrefix.size());
  event.head_ref = std::string(branch);
  if (IsDeletion(payload)) {
    return Ignored(std::move(event),
                   "push deleted branch " + Quote(branch) + "; nothing to converge");
  }
  Result<std::string> default_branch = RequireString(payload, {"repository", "default_branch"});
  if (!default_branch.ok()) return default_branch.error();
  if (branch != *default_branch) {
    return Ignored(std::move(event), "push to branch " + Quote(branch) +
                                         ", not the default branch " + Quote(*default_branch) +
                                         "; only the default branch is converged");
  }
  return Converge(payload, std::move(event));
}

}  // namespace infra_flash::event_internal
