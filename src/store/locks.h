// locks: one pull request at a time per layer, without a server.
//
// Design: a layer's lock is the git ref `refs/infra-flash/locks/<layer>`, created
// through the API. Creating a ref that exists fails (422 "Reference already exists"),
// so two jobs racing for a layer cannot both win. The ref points at the holder PR's
// head commit (re-pointed by the holder when its head moves), and the holder is found
// with `GET commits/{sha}/pulls`: the PR whose head is that commit, else the only PR
// containing it, else the lowest-numbered open one. A lock whose holder PR is closed
// (or cannot be found any more) is stale and is taken over. The ref API has no
// compare-and-swap, so a takeover first creates the claim ref
// `refs/infra-flash/takeover/<layer>/<stale sha>`: of jobs racing for one stale lock only
// the one that creates it moves the lock (after checking it still points at that commit),
// and the others report the lock held. Released on `/unlock`, when the PR closes, and
// after its merge is deployed.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "github/api.h"

namespace infra_flash {

inline constexpr std::string_view kLockRefPrefix = "refs/infra-flash/locks/";

std::string LockRef(const std::string& layer);

// The claim of whoever takes over the stale lock of `layer` held at `stale_sha`; it exists
// only while a takeover runs (or was killed mid-way).
inline constexpr std::string_view kTakeoverRefPrefix = "refs/infra-flash/takeover/";
std::string TakeoverRef(const std::string& layer, const std::string& stale_sha);

enum class LockOutcome {
  kAcquired,     // created now
  kAlreadyHeld,  // this PR held it already
  kTakenOver,    // the holder PR was closed: the stale lock is now ours
  kHeldByOther,  // another open PR holds it; see holder
};

struct LockResult {
  std::string layer;
  LockOutcome outcome = LockOutcome::kAcquired;
  std::int64_t holder = 0;   // the PR holding it (0: unknown)
  std::string blocking_ref;  // with holder 0: the ref to delete to free it ("": the lock's)
  bool ours() const { return outcome != LockOutcome::kHeldByOther; }
};

// Takes (or confirms) the lock of each layer for pull request `number` at `head_sha`.
// Errors: GitHub's, and a lock that kept changing hands while we looked.
Result<std::vector<LockResult>> AcquireLocks(GitHub& client, std::int64_t number,
                                             const std::string& head_sha,
                                             const std::vector<std::string>& layers);

// Deletes the locks among `layers` that `number` holds; returns the released layers.
Result<std::vector<std::string>> ReleaseLocks(GitHub& client, std::int64_t number,
                                              const std::vector<std::string>& layers);

// "held by #12 — comment `/unlock` on #12, or close it, to free it" for people.
std::string HeldByMessage(const LockResult& lock);

// One job at a time applies a layer. The layer lock belongs to a pull request, so two
// jobs of the same PR (two `/apply` comments, a re-run) both pass it; around its apply a
// job also claims `refs/infra-flash/applying/<layer>` (created atomically, like a lock)
// and deletes it afterwards. A claim left by a killed job is cleared by `/unlock`, by
// the PR's close or merge, and by a stale-lock takeover.
inline constexpr std::string_view kApplyingRefPrefix = "refs/infra-flash/applying/";

std::string ApplyingRef(const std::string& layer);

class ApplyingClaims {
 public:
  ApplyingClaims(GitHub& client, std::string head_sha)
      : client_(client), head_sha_(std::move(head_sha)) {}
  ~ApplyingClaims();  // releases every claim held (failures are ignored: /unlock clears)
  ApplyingClaims(const ApplyingClaims&) = delete;
  ApplyingClaims& operator=(const ApplyingClaims&) = delete;

  // Claims each of `layers`; returns those another job of this PR, at this same head, is
  // applying right now. A claim of another PR's job is left alone and not returned: the
  // layer lock decides for that layer, and refuses it with the holder's name.
  Result<std::vector<std::string>> Claim(const std::vector<std::string>& layers);

 private:
  GitHub& client_;
  std::string head_sha_;
  std::vector<std::string> held_;
};

}  // namespace infra_flash
