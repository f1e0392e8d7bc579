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

}  // namespace infra_flash
