#include "store/locks.h"

#include <algorithm>
#include <optional>

namespace infra_flash {
namespace {

struct Holder {
  std::int64_t number = 0;
  bool open = false;
};

Result<Holder> FindHolder(GitHub& client, const std::string& sha) {
  Result<std::vector<PullRequest>> pulls = client.ListPullRequestsForCommit(sha);
  if (!pulls.ok()) return pulls.error();
  const PullRequest* chosen = nullptr;
  for (const PullRequest& pull : *pulls) {
    if (pull.head_sha == sha) chosen = &pull;
  }
  if (chosen == nullptr && pulls->size() == 1) chosen = &pulls->front();
  if (chosen == nullptr) {
    for (const PullRequest& pull : *pulls) {
      if (pull.state == "open" && (chosen == nullptr || pull.number < chosen->number)) {
        chosen = &pull;
      }
    }
  }
  if (chosen == nullptr) return Holder{};
  return Holder{chosen->number, chosen->state == "open"};
}

// How often a lock that changed hands between our reads is looked at again before giving
// up: each round means another job acted on it in between, which is rare.
constexpr int kAcquireRounds = 4;

// One attempt's answer: the result, or nullopt when the lock changed between our reads
// (released, moved, taken over by someone else) and must be looked at again.
using Attempt = std::optional<LockResult>;

LockResult HeldBy(const std::string& layer, std::int64_t holder, std::string ref = "") {
  return LockResult{layer, LockOutcome::kHeldByOther, holder, std::move(ref)};
}

// What an existing takeover claim means for us.
enum class ClaimVerdict {
  kOurs,       // our PR's: a killed job of ours left it (or one runs now); carry on
  kLookAgain,  // gone already: its taker finished
  kHeld,       // another PR's job is taking the lock over, or was killed doing so
};

struct ClaimCheck {
  ClaimVerdict verdict = ClaimVerdict::kLookAgain;
  LockResult held;  // for kHeld
};

Result<ClaimCheck> CheckClaim(GitHub& client, std::int64_t number, const std::string& layer,
                              const std::string& claim) {
  Result<std::optional<GitRef>> existing = client.GetRef(claim);
  if (!existing.ok()) return existing.error();
  if (!existing->has_value()) return ClaimCheck{};
  Result<Holder> claimant = FindHolder(client, (*existing)->sha);
  if (!claimant.ok()) return claimant.error();
  if (claimant->number == number) return ClaimCheck{ClaimVerdict::kOurs, {}};
  if (claimant->number != 0 && claimant->open) {
    return ClaimCheck{ClaimVerdict::kHeld, HeldBy(layer, claimant->number)};
  }
  return ClaimCheck{ClaimVerdict::kHeld, HeldBy(layer, 0, claim)};  // nobody will finish it
}

// The lock's holder PR is closed: the lock at `stale_sha` becomes ours. GitHub's ref API
// has no compare-and-swap, so takers are serialised by what is atomic, creating a ref:
// only the job that creates the claim `refs/infra-flash/takeover/<layer>/<stale_sha>` may
// move the lock away from that commit. It checks that the lock still points there, moves
// it, and deletes the claim; a taker that read the same stale commit and creates the claim
// after that finds the lock moved, and looks again (now held by an open PR).
Result<Attempt> TakeOver(GitHub& client, std::int64_t number, const std::string& head_sha,
                         const std::string& layer, const std::string& stale_sha) {
  const std::string claim = TakeoverRef(layer, stale_sha);
  Result<RefCreation> claimed = client.CreateRef(claim, head_sha);
  if (!claimed.ok()) return claimed.error();
  if (*claimed == RefCreation::kAlreadyExists) {
    Result<ClaimCheck> check = CheckClaim(client, number, layer, claim);
    if (!check.ok()) return check.error();
    if (check->verdict == ClaimVerdict::kLookAgain) return Attempt{};
    if (check->verdict == ClaimVerdict::kHeld) return Attempt{check->held};
  }
  Result<std::optional<GitRef>> current = client.GetRef(LockRef(layer));
  if (!current.ok()) return current.error();
  if (!current->has_value() || (*current)->sha != stale_sha) {
    if (Result<Removal> dropped = client.DeleteRef(claim); !dropped.ok()) return dropped.error();
    return Attempt{};
  }
  Result<GitRef> taken = client.UpdateRef(LockRef(layer), head_sha, RefUpdate::kForce);
  if (!taken.ok()) return taken.error();
  // An apply claim of the closed PR's job went with it.
  if (Result<Removal> cleared = client.DeleteRef(ApplyingRef(layer)); !cleared.ok()) {
    return cleared.error();
  }
  if (Result<Removal> done = client.DeleteRef(claim); !done.ok()) return done.error();
  return Attempt{LockResult{layer, LockOutcome::kTakenOver, number}};
}

Result<Attempt> TryAcquire(GitHub& client, std::int64_t number, const std::string& head_sha,
                           const std::string& layer) {
  const std::string ref = LockRef(layer);
  Result<RefCreation> created = client.CreateRef(ref, head_sha);
  if (!created.ok()) return created.error();
  if (*created == RefCreation::kCreated) {
    return Attempt{LockResult{layer, LockOutcome::kAcquired, number}};
  }
  Result<std::optional<GitRef>> existing = client.GetRef(ref);
  if (!existing.ok()) return existing.error();
  if (!existing->has_value()) return Attempt{};  // released between our create and our look
  const std::string held_sha = (*existing)->sha;
  Result<Holder> holder = FindHolder(client, held_sha);
  if (!holder.ok()) return holder.error();
  if (holder->number == number) {
    if (held_sha != head_sha) {
      Result<GitRef> moved = client.UpdateRef(ref, head_sha, RefUpdate::kForce);
      if (!moved.ok()) return moved.error();
    }
    return Attempt{LockResult{layer, LockOutcome::kAlreadyHeld, number}};
  }
  if (holder->number != 0 && holder->open) return Attempt{HeldBy(layer, holder->number)};
  return TakeOver(client, number, head_sha, layer, held_sha);
}

Result<LockResult> AcquireOne(GitHub& client, std::int64_t number, const std::string& head_sha,
                              const std::string& layer) {
  for (int round = 0; round < kAcquireRounds; ++round) {
    Result<Attempt> attempt = TryAcquire(client, number, head_sha, layer);
    if (!attempt.ok()) return attempt.error();
    if (attempt->has_value()) return **attempt;
  }
  return Error{"the lock of `" + layer + "` kept changing hands while this job tried to take " +
               "it (other jobs are taking and releasing it); run the command again"};
}

}  // namespace

std::string LockRef(const std::string& layer) { return std::string(kLockRefPrefix) + layer; }

std::string TakeoverRef(const std::string& layer, const std::string& stale_sha) {
  return std::string(kTakeoverRefPrefix) + layer + "/" + stale_sha;
}

Result<std::vector<LockResult>> AcquireLocks(GitHub& client, std::int64_t number,
                                             const std::string& head_sha,
                                             const std::vector<std::string>& layers) {
  std::vector<LockResult> results;
  for (const std::string& layer : layers) {
    Result<LockResult> result = AcquireOne(client, number, head_sha, layer);
    if (!result.ok()) return result.error();
    results.push_back(*result);
  }
  return results;
}

Result<std::vector<std::string>> ReleaseLocks(GitHub& client, std::int64_t number,
                                              const std::vector<std::string>& layers) {
  std::vector<std::string> released;
  for (const std::string& layer : layers) {
    Result<std::optional<GitRef>> existing = client.GetRef(LockRef(layer));
    if (!existing.ok()) return existing.error();
    if (!existing->has_value()) continue;
    Result<Holder> holder = FindHolder(client, (*existing)->sha);
    if (!holder.ok()) return holder.error();
    if (holder->number != number) continue;
    Result<Removal> removed = client.DeleteRef(LockRef(layer));
    if (!removed.ok()) return removed.error();
    // A claim a killed job of this PR left behind goes with the lock.
    Result<Removal> claim = client.DeleteRef(ApplyingRef(layer));
    if (!claim.ok()) return claim.error();
    released.push_back(layer);
  }
  return released;
}

std::string ApplyingRef(const std::string& layer) {
  return std::string(kApplyingRefPrefix) + layer;
}

ApplyingClaims::~ApplyingClaims() {
  for (const std::string& layer : held_) (void)client_.DeleteRef(ApplyingRef(layer));
}

Result<std::vector<std::string>> ApplyingClaims::Claim(const std::vector<std::string>& layers) {
  std::vector<std::string> busy;
  for (const std::string& layer : layers) {
    Result<RefCreation> created = client_.CreateRef(ApplyingRef(layer), head_sha_);
    if (!created.ok()) return created.error();
    if (*created == RefCreation::kCreated) {
      held_.push_back(layer);
      continue;
    }
    Result<std::optional<GitRef>> existing = client_.GetRef(ApplyingRef(layer));
    if (!existing.ok()) return existing.error();
    if (existing->has_value() && (*existing)->sha == head_sha_) busy.push_back(layer);
  }
  return busy;
}

std::string HeldByMessage(const LockResult& lock) {
  if (lock.holder == 0) {
    const std::string ref = lock.blocking_ref.empty() ? LockRef(lock.layer) : lock.blocking_ref;
    return "`" + lock.layer + "` is locked (ref `" + ref +
           "`) by a pull request infra-flash cannot identify; delete that ref to free it";
  }
  const std::string holder = "#" + std::to_string(lock.holder);
  return "`" + lock.layer + "` is locked by " + holder + ": comment `/unlock` on " + holder +
         ", or merge or close it, to free it";
}

}  // namespace infra_flash
