#include "store/release_repo.h"

#include "common/strings.h"
#include "deploy/versions.h"

namespace infra_flash {
namespace {

constexpr std::string_view kTagsPrefix = "refs/tags/";
constexpr std::string_view kDeployedPrefix = "refs/infra-flash/deployed/";
// A tag of a tag of a tag...: git allows any depth; nobody needs more than this.
constexpr int kMaxTagDepth = 4;

Result<std::vector<TagRef>> ReadDeployRecords(RefsApi& client, std::string_view environment) {
  const std::string prefix = std::string(kDeployedPrefix) + std::string(environment) + "/";
  Result<std::vector<GitRef>> refs = client.ListMatchingRefs(prefix);
  if (!refs.ok()) {
    return Error{"cannot read the " + std::string(environment) + " deploy records (" + prefix +
                 "*): " + refs.error().message};
  }
  std::vector<TagRef> records;
  for (const GitRef& ref : *refs) records.push_back({ref.ref.substr(prefix.size()), ref.sha});
  return records;
}

}  // namespace

std::string DeployRecordRef(std::string_view environment, std::string_view tag) {
  return std::string(kDeployedPrefix) + std::string(environment) + "/" + std::string(tag);
}

std::vector<std::string> ReleaseState::TagNames() const {
  std::vector<std::string> names;
  for (const GitRef& ref : tags) names.push_back(ref.ref.substr(kTagsPrefix.size()));
  return names;
}

const GitRef* ReleaseState::FindTagRef(std::string_view name) const {
  for (const GitRef& ref : tags) {
    if (std::string_view(ref.ref).substr(kTagsPrefix.size()) == name) return &ref;
  }
  return nullptr;
}

std::vector<std::string> TagNamesOf(const std::vector<TagRef>& records) {
  std::vector<std::string> names;
  for (const TagRef& record : records) names.push_back(record.name);
  return names;
}

Result<ReleaseState> ReadReleaseState(RefsApi& client) {
  ReleaseState state;
  Result<std::vector<GitRef>> tags = client.ListMatchingRefs(std::string(kTagsPrefix) + "v");
  if (!tags.ok()) return Error{"cannot list the version tags: " + tags.error().message};
  state.tags = std::move(tags).value();
  Result<std::vector<TagRef>> staging = ReadDeployRecords(client, kStagingEnvironment);
  if (!staging.ok()) return staging.error();
  state.staging = std::move(staging).value();
  Result<std::vector<TagRef>> production = ReadDeployRecords(client, kProductionEnvironment);
  if (!production.ok()) return production.error();
  state.production = std::move(production).value();
  return state;
}

Result<ResolvedTag> ResolveTag(RefsApi& client, const GitRef& ref) {
  ResolvedTag resolved;
  resolved.name = ref.ref.substr(kTagsPrefix.size());
  std::string sha = ref.sha;
  std::string type = ref.type.empty() ? "commit" : ref.type;
  for (int depth = 0; type == "tag"; ++depth) {
    if (depth == kMaxTagDepth) {
      return Error{"tag `" + resolved.name + "` is a tag of a tag more than " +
                   std::to_string(kMaxTagDepth) + " deep; point it at a commit"};
    }
    Result<TagObject> object = client.GetTagObject(sha);
    if (!object.ok()) {
      return Error{"cannot read tag `" + resolved.name + "`: " + object.error().message};
    }
    if (!resolved.message) resolved.message = ParseTagMessage(object->message);
    sha = object->object_sha;
    type = object->object_type;
  }
  if (type != "commit") {
    return Error{"tag `" + resolved.name + "` points at a " + type +
                 ", not a commit; version tags must tag commits"};
  }
  resolved.commit = sha;
  return resolved;
}

Result<std::optional<ResolvedTag>> FindTag(RefsApi& client, const std::string& name) {
  Result<std::optional<GitRef>> ref = client.GetRef(std::string(kTagsPrefix) + name);
  if (!ref.ok()) return Error{"cannot read tag `" + name + "`: " + ref.error().message};
  if (!ref->has_value()) return std::optional<ResolvedTag>();
  Result<ResolvedTag> resolved = ResolveTag(client, **ref);
  if (!resolved.ok()) return resolved.error();
  return std::optional<ResolvedTag>(std::move(resolved).value());
}

Result<TagCreation> CreateReleaseTag(RefsApi& client, const TagMessage& message) {
  Result<TagObject> object =
      client.CreateTagObject(message.tag, FormatTagMessage(message), message.commit);
  if (!object.ok()) {
    return Error{"cannot create tag `" + message.tag + "`: " + object.error().message};
  }
  const std::string ref = std::string(kTagsPrefix) + message.tag;
  Result<RefCreation> created = client.CreateRef(ref, object->sha);
  if (!created.ok()) {
    return Error{"cannot create tag `" + message.tag + "`: " + created.error().message};
  }
  if (*created == RefCreation::kCreated) return TagCreation::kCreated;
  Result<std::optional<ResolvedTag>> existing = FindTag(client, message.tag);
  if (!existing.ok()) return existing.error();
  if (!existing->has_value()) {
    return Error{"GitHub says tag `" + message.tag +
                 "` already exists but cannot show it; re-run this job in a minute"};
  }
  if ((*existing)->commit == message.commit) return TagCreation::kAlreadyAtCommit;
  return Error{"tag `" + message.tag + "` already exists at commit " +
               ShortSha((*existing)->commit, kLongShaDigits) + ", not at the pushed commit " +
               ShortSha(message.commit, kLongShaDigits) +
               ". Another run (or a person) created it while this one was tagging; "
               "infra-flash never moves a tag. Make pushes to the default branch queue "
               "(`concurrency: {group: infra-flash-apply, cancel-in-progress: false}`), then "
               "re-run this job: it will tag the next free version"};
}

Status RecordDeploy(RefsApi& client, std::string_view environment, const std::string& tag,
                    const std::string& commit) {
  const std::string ref = DeployRecordRef(environment, tag);
  Result<RefCreation> created = client.CreateRef(ref, commit);
  if (!created.ok()) {
    return Error{"the deploy of `" + tag + "` to " + std::string(environment) +
                 " was delivered, but recording it (" + ref +
                 ") failed: " + created.error().message +
                 ". Re-run this job: repeating the deploy request for the same tag is safe"};
  }
  return Ok();
}

}  // namespace infra_flash
