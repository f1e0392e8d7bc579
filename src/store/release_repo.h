// release_repo: the GitOps release's state as the repository itself holds it, read and
// written through the GitHub API (no server, nothing in the workflow's cache):
//   refs/tags/vX.Y.Z                          annotated tags (deploy/tag_message.h)
//   refs/infra-flash/deployed/<env>/<tag>     -> the commit; written once the deploy
//                                                request for <env> was delivered
// The deploy records are what "no skipping staging" is checked against.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "deploy/release_rules.h"
#include "deploy/tag_message.h"
#include "github/api.h"

namespace infra_flash {

inline constexpr std::string_view kStagingEnvironment = "staging";
inline constexpr std::string_view kProductionEnvironment = "production";

std::string DeployRecordRef(std::string_view environment, std::string_view tag);

// A tag peeled to its commit.
struct ResolvedTag {
  std::string name;
  std::string commit;
  std::optional<TagMessage> message;  // nullopt for a lightweight tag
};

struct ReleaseState {
  std::vector<GitRef> tags;     // refs/tags/v*, as listed (not peeled)
  std::vector<TagRef> staging;  // deploy records: tag -> commit
  std::vector<TagRef> production;

  std::vector<std::string> TagNames() const;  // "v0.1.0", ...
  const GitRef* FindTagRef(std::string_view name) const;
};

// Three listings; errors name what could not be read.
Result<ReleaseState> ReadReleaseState(RefsApi& client);

std::vector<std::string> TagNamesOf(const std::vector<TagRef>& records);

// Follows annotated tags to the commit (and keeps the first message).
Result<ResolvedTag> ResolveTag(RefsApi& client, const GitRef& ref);
// nullopt when refs/tags/<name> does not exist.
Result<std::optional<ResolvedTag>> FindTag(RefsApi& client, const std::string& name);

enum class TagCreation { kCreated, kAlreadyAtCommit };

// An annotated tag `message.tag` on `message.commit`. A tag of that name that already
// points at the commit is fine (a re-run); one at another commit is an error: tags are
// never moved.
Result<TagCreation> CreateReleaseTag(RefsApi& client, const TagMessage& message);

// The deploy record for (environment, tag); an existing record is fine.
Status RecordDeploy(RefsApi& client, std::string_view environment, const std::string& tag,
                    const std::string& commit);

}  // namespace infra_flash
