#include "commands/requirement_facts.h"

#include "common/strings.h"
#include "git/base_files.h"
#include "git/changed_paths.h"
#include "policy/codeowners.h"

namespace infra_flash {
namespace {

Result<BaseComparison> CompareWithBase(GitHub& client, const PullRequest& pull) {
  Result<std::optional<GitRef>> ref = client.GetRef("refs/heads/" + pull.base_ref);
  if (!ref.ok()) return ref.error();
  if (!*ref) return Error{"the base branch `" + pull.base_ref + "` no longer exists"};
  Result<CommitComparison> compared = client.CompareCommits((*ref)->sha, pull.head_sha);
  if (!compared.ok()) return compared.error();
  return BaseComparison{pull.base_ref, (*ref)->sha, compared->status, compared->behind_by};
}

}  // namespace

// The first of GitHub's three locations that the base commit has, parsed. Read by
// commit SHA: the PR's own CODEOWNERS (in its head, and in the checkout) never counts.
Result<BaseCodeowners> ReadBaseCodeowners(FlowContext& context, const std::string& base_sha) {
  for (std::string_view location : kCodeownersLocations) {
    const std::string path(location);
    Result<std::optional<std::string>> text =
        ReadFileAtCommit(context.workspace, context.client.get(), base_sha, path);
    if (!text.ok()) return text.error();
    if (*text) return BaseCodeowners{path, ParseCodeowners(**text)};
  }
  return BaseCodeowners{};
}

Result<Permission> GitHubReviewerDirectory::PermissionOf(const std::string& login) {
  auto known = permissions_.find(login);
  if (known == permissions_.end()) {
    known = permissions_.emplace(login, client_.GetCollaboratorPermission(login)).first;
  }
  return known->second;
}

Result<TeamMembership> GitHubReviewerDirectory::MembershipOf(const std::string& org,
                                                             const std::string& team_slug,
                                                             const std::string& login) {
  const auto key = std::make_tuple(org, team_slug, login);
  auto known = teams_.find(key);
  if (known == teams_.end()) {
    known = teams_.emplace(key, client_.GetTeamMembership(org, team_slug, login)).first;
  }
  return known->second;
}

RequirementReader::RequirementReader(FlowContext& context, const PullRequest& pull)
    : context_(context), directory_(*context.client) {
  facts_.pull = pull;
}

const RequirementFacts& RequirementReader::For(const Environment& environment) {
  if (NeedsReviews(environment)) ReadReviews();
  if (NeedsCodeowners(environment)) ReadCodeowners();
  if (NeedsBaseComparison(environment)) ReadBaseComparison();
  return facts_;
}

void RequirementReader::ReadReviews() {
  if (reviews_read_) return;
  reviews_read_ = true;
  facts_.reviews = context_.client->ListPullRequestReviews(facts_.pull.number);
  if (!facts_.reviews.ok())
    context_.Log("could not list reviews: " + facts_.reviews.error().message);
}

void RequirementReader::ReadCodeowners() {
  if (codeowners_read_) return;
  codeowners_read_ = true;
  facts_.changed_paths =
      PullRequestChangedPaths(context_.client.get(), context_.workspace, facts_.pull);
  facts_.codeowners = ReadBaseCodeowners(context_, facts_.pull.base_sha);
  if (facts_.codeowners.ok()) {
    context_.Log(facts_.codeowners->path.empty()
                     ? "no CODEOWNERS in the base commit"
                     : "code owners from " + facts_.codeowners->path + " of the base commit " +
                           ShortSha(facts_.pull.base_sha));
  }
}

void RequirementReader::ReadBaseComparison() {
  if (base_read_) return;
  base_read_ = true;
  facts_.base = CompareWithBase(*context_.client, facts_.pull);
}

}  // namespace infra_flash
