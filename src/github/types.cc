#include "github/types.h"

namespace infra_flash {
namespace {

struct ReactionEntry {
  Reaction reaction;
  const char* content;
};
constexpr ReactionEntry kReactions[] = {
    {Reaction::kPlusOne, "+1"},        {Reaction::kMinusOne, "-1"}, {Reaction::kLaugh, "laugh"},
    {Reaction::kConfused, "confused"}, {Reaction::kHeart, "heart"}, {Reaction::kHooray, "hooray"},
    {Reaction::kRocket, "rocket"},     {Reaction::kEyes, "eyes"},
};

}  // namespace

const char* ReactionContent(Reaction reaction) {
  for (const auto& entry : kReactions) {
    if (entry.reaction == reaction) return entry.content;
  }
  return "eyes";
}

const char* CommitStateName(CommitState state) {
  switch (state) {
    case CommitState::kPending:
      return "pending";
    case CommitState::kSuccess:
      return "success";
    case CommitState::kFailure:
      return "failure";
    case CommitState::kError:
      return "error";
  }
  return "error";
}

}  // namespace infra_flash
