#include "flow/locks.h"

#include <algorithm>

namespace infra_flash {
namespace {

struct Holder {
  std::int64_t number = 0;
  bool open = false;
};

Result<Holder> FindHolder(GitHubClient& client, const std::string& sha) {
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

Result<LockResult> AcquireOne(GitHubClient& client, std::int64_t number,
                              const std::string& head_sha, const std::string& layer) {
  const std::string ref = LockRef(layer);
  Result<RefCreation> created = client.CreateRef(ref, head_sha);
  if (!created.ok()) return created.error();
  if (*created == RefCreation::kCreated) return LockResult{layer, LockOutcome::kAcquired, number};
  Result<std::optional<GitRef>> existing = client.GetRef(ref);
  if (!existing.ok()) return existing.error();
  if (!existing->has_value()) {  // released between our create and our look: try once more
    Result<RefCreation> again = client.CreateRef(ref, head_sha);
    if (!again.ok()) return again.error();
    if (*again == RefCreation::kCreated) return LockResult{layer, LockOutcome::kAcquired, number};
    return LockResult{layer, LockOutcome::kHeldByOther, 0};
  }
  const std::string held_sha = (*existing)->sha;
  Result<Holder> holder = FindHolder(client, held_sha);
  if (!holder.ok()) return holder.error();
  if (holder->number == number) {
    if (held_sha != head_sha) {
      Result<GitRef> moved = client.UpdateRef(ref, head_sha, RefUpdate::kForce);
      if (!moved.ok()) return moved.error();
    }
    return LockResult{layer, LockOutcome::kAlreadyHeld, number};
  }
  if (holder->number != 0 && holder->open) {
    return LockResult{layer, LockOutcome::kHeldByOther, holder->number};
  }
  Result<GitRef> taken = client.UpdateRef(ref, head_sha, RefUpdate::kForce);
  if (!taken.ok()) return taken.error();
  // An apply claim of the closed PR's job went with it.
  if (Result<Removal> cleared = client.DeleteRef(ApplyingRef(layer)); !cleared.ok()) {
    return cleared.error();
  }
  return LockResult{layer, LockOutcome::kTakenOver, number};
}

}  // namespace

std::string LockRef(const std::string& layer) { return std::string(kLockRefPrefix) + layer; }

Result<std::vector<LockResult>> AcquireLocks(GitHubClient& client, std::int64_t number,
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

Result<std::vector<std::string>> ReleaseLocks(GitHubClient& client, std::int64_t number,
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
    return "`" + lock.layer + "` is locked (ref `" + LockRef(lock.layer) +
           "`) by a pull request infra-flash cannot identify; delete that ref to free it";
  }
  const std::string holder = "#" + std::to_string(lock.holder);
  return "`" + lock.layer + "` is locked by " + holder + ": comment `/unlock` on " + holder +
         ", or merge or close it, to free it";
}

}  // namespace infra_flash
