// apply_log: every successful apply, recorded where the next job can read it without a
// server: one git ref per apply, created through the API, pointing at the applied commit:
//
//   refs/infra-flash/applied/<environment>/<layer>/<yyyymmddThhmmssZ>-<origin>[-<n>]
//
// <origin> is `pr<N>` for an apply from pull request N and `push` for one that came from no
// PR (push convergence, workflow_dispatch). The time is UTC, so names sort by time; <n>
// (2, 3, …) orders applies within the same second: the writer lists the layer's refs first
// and takes the next number, and when a create still answers "already exists" (two jobs in
// the same second) it takes the one after. `/revert` reads the log to find the
// configuration that was applied before a PR (revert_command.cc).
//
// Bounded history: refs never expire, so after each write all but the newest
// kApplyLogKeep refs of that environment × layer are deleted. To prune by hand, delete
// refs under the prefix, e.g. `git push origin --delete refs/infra-flash/applied/prod/db/…`
// or `DELETE /repos/{owner}/{repo}/git/refs/infra-flash/applied/…`; deleting them all only
// means `/revert` finds nothing to revert to.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "github/api.h"

namespace infra_flash {

inline constexpr std::size_t kApplyLogKeep = 50;
inline constexpr std::string_view kApplyLogRoot = "refs/infra-flash/applied/";

struct AppliedEntry {
  std::string environment;
  std::string layer;
  std::string sha;      // the commit whose configuration was applied
  std::int64_t pr = 0;  // 0: not from a pull request
  std::string stamp;    // "20250301T120000Z" (UTC)
  int sequence = 1;     // orders entries within the same second
  std::string ref;      // the full ref name

  // "2025-03-01 12:00:00 UTC", for people.
  std::string When() const;
  // "#12", or "a push" when not from a PR.
  std::string Origin() const;
};

// The log of one environment × layer, oldest first. Errors: a name that cannot be part
// of a git ref (see ApplyLogPrefix), or the listing failed.
Result<std::vector<AppliedEntry>> ReadApplyLog(RefsApi& client, const std::string& environment,
                                               const std::string& layer);

// Whether the log of an environment × layer holds an apply of a commit, each log listed
// once however often it is asked (the promotion gate, policy/promotion.h). Errors: no
// client (no GitHub token), or as ReadApplyLog.
class ApplyLogLookup {
 public:
  explicit ApplyLogLookup(RefsApi* client) : client_(client) {}
  Result<bool> Holds(const std::string& environment, const std::string& layer,
                     const std::string& sha);

 private:
  RefsApi* client_;
  std::map<std::pair<std::string, std::string>, Result<std::vector<AppliedEntry>>> logs_;
};

// What one write did.
struct ApplyLogWrite {
  std::string ref;                    // the ref created
  std::size_t pruned = 0;             // older refs deleted to keep the bound
  std::vector<std::string> problems;  // listing or pruning failures; the entry stands
};

// Writes one entry at `now`, then keeps the newest `keep` entries. Errors: a bad name,
// or the ref could not be created.
Result<ApplyLogWrite> WriteApplyLogEntry(RefsApi& client, const std::string& environment,
                                         const std::string& layer, const std::string& sha,
                                         std::int64_t pr, std::chrono::system_clock::time_point now,
                                         std::size_t keep = kApplyLogKeep);

// ---- pure parts, for the reader, the writer and tests ----

// "refs/infra-flash/applied/<environment>/<layer>/". Errors (naming the problem) when a
// name cannot be one component of a git ref: empty, containing "/", "..", "@{", a
// space, a control character or one of ~^:?*[\ ; starting with "." or "-"; ending
// with "." or ".lock". The config only allows [A-Za-z0-9][A-Za-z0-9._-]*, so this
// catches the few names that pass that and still break git's rules.
Result<std::string> ApplyLogPrefix(const std::string& environment, const std::string& layer);

// "20250301T120000Z" for `time` (UTC).
std::string ApplyStamp(std::chrono::system_clock::time_point time);

// The full ref name of an entry (`sequence` 1 has no suffix). Errors as ApplyLogPrefix.
Result<std::string> AppliedRefName(const std::string& environment, const std::string& layer,
                                   const std::string& stamp, std::int64_t pr, int sequence);

// The entry a ref of the log names; nullopt when `ref` is not one (wrong prefix or a
// last component that is not <stamp>-<origin>[-<n>]).
std::optional<AppliedEntry> ParseAppliedRef(const std::string& ref, const std::string& sha);

// Entries from listed refs (others skipped), oldest first by (stamp, sequence, name).
std::vector<AppliedEntry> EntriesFromRefs(const std::vector<GitRef>& refs);

// The newest entry not applied by pull request `pr`: the configuration that was live
// before that PR touched the layer. nullopt when there is none.
std::optional<AppliedEntry> LastAppliedBefore(const std::vector<AppliedEntry>& oldest_first,
                                              std::int64_t pr);

}  // namespace infra_flash
