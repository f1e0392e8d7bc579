// GitOps versions: tagging pushes and promoting tags (release.h). The state lives in
// the repository (release_repo.h); the deploy requests go through release_deploy.h.
#include "release/release.h"

#include <algorithm>

#include "common/strings.h"
#include "config/glob.h"
#include "deploy/fingerprint.h"
#include "deploy/release_rules.h"
#include "deploy/tag_message.h"
#include "deploy/versions.h"
#include "git/changed_paths.h"
#include "release/release_deploy.h"
#include "release/release_git.h"
#include "store/release_repo.h"

namespace infra_flash {
namespace {

constexpr std::string_view kPromoteCommand = "promote";
constexpr std::string_view kSummaryTitle = "\n## 🏷️ infra-flash version\n\n";
constexpr std::string_view kPromotionTitle = "\n## 🏷️ infra-flash promotion\n\n";

// One line of the section `title` of the step summary (the title once).
void AddToSummary(FlowContext& context, std::string_view title, const std::string& line) {
  if (context.summary.find(title) == std::string::npos) context.summary += title;
  context.summary += "- " + line + "\n";
}

// The log line, the step summary and an ::error:: for one failure; returns kFlowFailed.
int Fail(FlowContext& context, std::string_view title, const std::string& message) {
  context.Error(message);
  AddToSummary(context, title, "❌ " + message);
  return kFlowFailed;
}

void Say(FlowContext& context, std::string_view title, const std::string& line) {
  context.Log(line);
  AddToSummary(context, title, line);
}

// ---- push -------------------------------------------------------------------------

enum class Scope { kTouched, kUntouched };

// Whether the push changed a versioned path. When nobody could say (a new branch, or a
// shallow clone without the push's earlier commit and no answer from the API) the
// fingerprint decides alone.
Scope PushScope(FlowContext& context, const std::vector<std::string>& changed,
                const GlobSet& paths) {
  const Event& event = context.event;
  if (event.branch_created || (changed.empty() && !HasCommit(context.workspace, event.base_sha))) {
    context.Log(
        "versions: the checkout does not show what the push changed; the "
        "configuration fingerprint decides whether a new version is needed");
    return Scope::kTouched;
  }
  const bool touched = std::any_of(changed.begin(), changed.end(),
                                   [&](const std::string& path) { return paths.MatchesAny(path); });
  return touched ? Scope::kTouched : Scope::kUntouched;
}

// The tag a re-run of this push already deployed to staging, if any: nothing left to do.
// (A tag on the commit whose deploy failed is the latest release tag: TagAndDeploy.)
const TagRef* StagedAtCommit(const ReleaseState& state, const std::string& commit) {
  for (const TagRef& record : state.staging) {
    if (record.commit == commit) return &record;
  }
  return nullptr;
}

struct LatestRelease {
  std::optional<ResolvedTag> tag;  // nullopt: no release tag yet
};

Result<LatestRelease> ReadLatestRelease(RefsApi& client, const ReleaseState& state) {
  std::vector<VersionTag> versions = VersionTags(state.TagNames());
  auto release = std::find_if(versions.rbegin(), versions.rend(),
                              [](const VersionTag& tag) { return !tag.IsHotfix(); });
  if (release == versions.rend()) return LatestRelease{};
  const GitRef* ref = state.FindTagRef(FormatVersionTag(*release));
  Result<ResolvedTag> resolved = ResolveTag(client, *ref);
  if (!resolved.ok()) return resolved.error();
  return LatestRelease{std::move(resolved).value()};
}

Result<std::string> CurrentFingerprint(FlowContext& context) {
  const VersionsConfig& versions = context.config.versions;
  Result<GlobSet> globs =
      GlobSet::Compile(versions.fingerprint.empty() ? versions.paths : versions.fingerprint);
  if (!globs.ok()) return Error{"`versions.fingerprint`: " + globs.error().message};
  Result<FingerprintInputs> inputs =
      CommittedFingerprintInputs(context.workspace, context.event.head_sha, *globs);
  if (!inputs.ok()) return inputs.error();
  if (inputs->files.empty()) {
    context.Log(
        "versions: no committed file matches the fingerprint globs; the fingerprint "
        "covers nothing (check `versions.fingerprint` / `versions.paths`)");
  }
  return ConfigurationFingerprint(*inputs);
}

int DeployToStaging(FlowContext& context, const std::string& tag) {
  Result<DeployReport> deployed =
      DeployAndRecord(context, kStagingEnvironment, tag, context.event.head_sha);
  if (!deployed.ok()) {
    return Fail(context, kSummaryTitle,
                deployed.error().message + " Re-running this job keeps `" + tag +
                    "` and asks for its deploy again.");
  }
  Say(context, kSummaryTitle, "🚀 " + deployed->line + ".");
  return kFlowOk;
}

int TagAndDeploy(FlowContext& context, const ReleaseState& state, const LatestRelease& latest) {
  const std::string& head = context.event.head_sha;
  if (latest.tag && latest.tag->commit == head) {
    Say(context, kSummaryTitle,
        "`" + latest.tag->name + "` already tags this commit (a re-run): deploying it.");
    context.Output("version", latest.tag->name);
    return DeployToStaging(context, latest.tag->name);
  }
  if (latest.tag &&
      StrictAncestor(context.workspace, head, latest.tag->commit) == Ancestry::kAncestor) {
    Say(context, kSummaryTitle,
        "This push (" + ShortSha(head, kLongShaDigits) + ") is older than `" + latest.tag->name +
            "`: no version for it (a newer one exists).");
    return kFlowOk;
  }
  Result<std::string> fingerprint = CurrentFingerprint(context);
  if (!fingerprint.ok()) return Fail(context, kSummaryTitle, fingerprint.error().message);
  const std::string previous =
      latest.tag && latest.tag->message ? latest.tag->message->fingerprint : "";
  const IdempotencyDecision decision =
      DecideByFingerprint(context.event.repository, previous, *fingerprint);
  context.Log(decision.message);
  if (decision.need == DeployNeed::kSkip) {
    Say(context, kSummaryTitle,
        "⏭️ No new version: the configuration is unchanged since `" + latest.tag->name +
            "` (sha256 " + ShortSha(*fingerprint, kLongShaDigits) +
            "…), so nothing is tagged or deployed.");
    context.Output("version", "");
    return kFlowOk;
  }
  Result<VersionTag> next = NextPatch(state.TagNames());
  if (!next.ok()) return Fail(context, kSummaryTitle, next.error().message);
  const std::string tag = FormatVersionTag(*next);
  Result<TagCreation> created =
      CreateReleaseTag(*context.client, TagMessage{tag, *fingerprint, head, ""});
  if (!created.ok()) return Fail(context, kSummaryTitle, created.error().message);
  Say(context, kSummaryTitle,
      (*created == TagCreation::kCreated ? "🏷️ Tagged `" : "🏷️ `") + tag +
          (*created == TagCreation::kCreated ? "` at " : "` was already at ") +
          ShortSha(head, kLongShaDigits) + " (configuration sha256 " +
          ShortSha(*fingerprint, kLongShaDigits) + "…).");
  context.Output("version", tag);
  return DeployToStaging(context, tag);
}

// ---- promotion --------------------------------------------------------------------

struct PromotionRequest {
  std::string staging_tag;
};

Result<PromotionRequest> ReadPromotionRequest(const FlowContext& context) {
  const std::string tag = InputOf(context.event, "staging_tag", "staging-tag");
  if (tag.empty()) {
    return Error{
        "`promote` needs the input `staging_tag` (the version tag staging runs, e.g. "
        "v1.4.3); nothing was done"};
  }
  const std::string confirm = InputOf(context.event, "confirm", "confirm");
  if (confirm != kConfirmWord) {
    return Error{"promoting `" + tag +
                 "` to production needs the input `confirm` set to `deploy`; nothing was done"};
  }
  if (Result<VersionTag> version = ParseVersionTag(tag); !version.ok()) {
    return Error{"cannot promote: " + version.error().message + "; nothing was done"};
  }
  return PromotionRequest{tag};
}

// A re-run of a promotion finds the tag it cut (same commit, `promoted-from`).
Result<std::optional<ResolvedTag>> EarlierPromotion(RefsApi& client, const ReleaseState& state,
                                                    const ResolvedTag& staged) {
  Result<VersionTag> staged_version = ParseVersionTag(staged.name);
  if (!staged_version.ok()) return staged_version.error();
  // A promotion tag is a minor version cut after the staged tag existed, so above it.
  for (const VersionTag& version : VersionTags(state.TagNames())) {
    if (version.IsHotfix() || version.patch != 0 || version <= *staged_version) continue;
    Result<ResolvedTag> candidate =
        ResolveTag(client, *state.FindTagRef(FormatVersionTag(version)));
    if (!candidate.ok()) return candidate.error();
    if (candidate->commit == staged.commit && candidate->message &&
        candidate->message->promoted_from == staged.name) {
      return std::optional<ResolvedTag>(std::move(candidate).value());
    }
  }
  return std::optional<ResolvedTag>();
}

// The tag production gets: a release tag is promoted as the next minor version on the
// same commit (so production versions read vX.Y.0 and staging's vX.Y.Z patches); a
// hotfix goes under its own name, because it is cut from what production runs, not
// from the default branch, and a new minor would claim a place in main's line.
Result<std::string> ProductionTag(FlowContext& context, const ReleaseState& state,
                                  const ResolvedTag& staged, const VersionTag& version) {
  if (version.IsHotfix()) return staged.name;
  Result<std::optional<ResolvedTag>> earlier = EarlierPromotion(*context.client, state, staged);
  if (!earlier.ok()) return earlier.error();
  if (earlier->has_value()) {
    context.Log("`" + (*earlier)->name + "` was already cut from `" + staged.name +
                "` (a re-run): using it");
    return (*earlier)->name;
  }
  Result<VersionTag> next = NextMinor(state.TagNames());
  if (!next.ok()) return next.error();
  const std::string tag = FormatVersionTag(*next);
  const std::string fingerprint = staged.message ? staged.message->fingerprint : "";
  Result<TagCreation> created =
      CreateReleaseTag(*context.client, TagMessage{tag, fingerprint, staged.commit, staged.name});
  if (!created.ok()) return created.error();
  return tag;
}

std::string ReleaseBody(const ResolvedTag& staged, const std::string& tag,
                        const ProductionApproval& approval) {
  const std::string fingerprint =
      staged.message && !staged.message->fingerprint.empty()
          ? "`sha256:" + staged.message->fingerprint + "`"
          : "not recorded (`" + staged.name + "` was not made by infra-flash)";
  return "Deployed to production by infra-flash.\n\n"
         "| | |\n|---|---|\n"
         "| tag | `" +
         tag +
         "` |\n"
         "| commit | `" +
         staged.commit +
         "` |\n"
         "| staging tag | `" +
         staged.name +
         "` |\n"
         "| fingerprint | " +
         fingerprint + " |\n\n" + approval.reason + ".\n";
}

Status CreateGitHubRelease(FlowContext& context, const std::string& body, const std::string& tag) {
  Result<Release> release = context.client->CreateRelease(ReleaseRequest{tag, tag, body});
  if (release.ok()) {
    Say(context, kPromotionTitle, "📦 GitHub Release `" + tag + "`: " + release->html_url);
    return Ok();
  }
  return Error{"`" + tag +
               "` is deployed to production, but the GitHub Release could not be "
               "created: " +
               release.error().message};
}

// A promotion whose production deploy is already recorded: only the release may be
// missing (the first run failed after the deploy).
int FinishRerun(FlowContext& context, const std::string& body, const std::string& tag) {
  Say(context, kPromotionTitle,
      "`" + tag + "` is already deployed to production (a re-run): no new deploy request.");
  if (!context.config.versions.release) return kFlowOk;
  Status released = CreateGitHubRelease(context, body, tag);
  if (!released.ok() && released.error().message.find("already exists") != std::string::npos) {
    context.Log("the GitHub Release `" + tag + "` exists already");
    return kFlowOk;
  }
  return released.ok() ? kFlowOk : Fail(context, kPromotionTitle, released.error().message);
}

}  // namespace

int ReleaseAfterPush(FlowContext& context, const std::vector<std::string>& changed) {
  const VersionsConfig& versions = context.config.versions;
  if (!versions.enabled()) return kFlowOk;
  Result<GlobSet> paths = GlobSet::Compile(versions.paths);
  if (!paths.ok())
    return Fail(context, kSummaryTitle, "`versions.paths`: " + paths.error().message);
  if (PushScope(context, changed, *paths) == Scope::kUntouched) {
    context.Log("versions: the push changed nothing under `versions.paths`: no new version");
    return kFlowOk;
  }
  if (!context.client) {
    return Fail(context, kSummaryTitle,
                "versions: tagging needs the GitHub API; pass `github-token` (with "
                "`contents: write`)");
  }
  Result<ReleaseState> state = ReadReleaseState(*context.client);
  if (!state.ok()) return Fail(context, kSummaryTitle, state.error().message);
  if (const TagRef* staged = StagedAtCommit(*state, context.event.head_sha)) {
    Say(context, kSummaryTitle,
        "`" + staged->name +
            "` already tags this commit and was deployed to staging: "
            "nothing to do (a re-run).");
    context.Output("version", staged->name);
    return kFlowOk;
  }
  Result<LatestRelease> latest = ReadLatestRelease(*context.client, *state);
  if (!latest.ok()) return Fail(context, kSummaryTitle, latest.error().message);
  return TagAndDeploy(context, *state, *latest);
}

bool IsPromotion(const Event& event) {
  if (event.trigger != Trigger::kDispatch) return false;
  return ToLowerAscii(InputOf(event, "command", "command")) == kPromoteCommand;
}

int PromoteFlow(FlowContext& context) {
  context.Output("command", std::string(kPromoteCommand));
  Result<PromotionRequest> request = ReadPromotionRequest(context);
  if (!request.ok()) return Fail(context, kPromotionTitle, request.error().message);
  const std::string& wanted = request->staging_tag;
  if (!context.client) {
    return Fail(context, kPromotionTitle,
                "`promote` needs the GitHub API; pass `github-token` (with `contents: write`)");
  }
  Result<std::optional<ResolvedTag>> staged = FindTag(*context.client, wanted);
  if (!staged.ok()) return Fail(context, kPromotionTitle, staged.error().message);
  if (!staged->has_value()) {
    return Fail(context, kPromotionTitle,
                "tag `" + wanted +
                    "` does not exist in this repository, so it cannot be "
                    "promoted; nothing was done. Check the spelling against the repository's tags");
  }
  Result<ReleaseState> state = ReadReleaseState(*context.client);
  if (!state.ok()) return Fail(context, kPromotionTitle, state.error().message);
  Result<ProductionApproval> approval =
      CheckProductionDeploy(wanted, TagNamesOf(state->staging), TagNamesOf(state->production));
  if (!approval.ok()) {
    return Fail(context, kPromotionTitle, approval.error().message + " Nothing was done.");
  }
  context.Log(approval->reason);
  Result<std::string> tag = ProductionTag(context, *state, **staged, approval->tag);
  if (!tag.ok()) return Fail(context, kPromotionTitle, tag.error().message);
  context.Output("version", *tag);
  const bool rerun = std::any_of(state->production.begin(), state->production.end(),
                                 [&](const TagRef& record) { return record.name == *tag; });
  if (rerun) return FinishRerun(context, ReleaseBody(**staged, *tag, *approval), *tag);
  Say(context, kPromotionTitle,
      "🏷️ `" + *tag + "` at " + ShortSha((*staged)->commit, kLongShaDigits) +
          ", promoted from `" + wanted + "`: " + approval->reason + ".");
  Result<DeployReport> deployed =
      DeployAndRecord(context, kProductionEnvironment, *tag, (*staged)->commit);
  if (!deployed.ok()) return Fail(context, kPromotionTitle, deployed.error().message);
  Say(context, kPromotionTitle, "🚀 " + deployed->line + ".");
  if (!context.config.versions.release) return kFlowOk;
  const std::string body = ReleaseBody(**staged, *tag, *approval);
  if (Status released = CreateGitHubRelease(context, body, *tag); !released.ok()) {
    return Fail(context, kPromotionTitle, released.error().message);
  }
  return kFlowOk;
}

}  // namespace infra_flash
