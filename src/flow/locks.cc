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
    released.push_back(layer);
  }
  return released;
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
