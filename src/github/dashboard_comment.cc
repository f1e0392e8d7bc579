#include "github/dashboard_comment.h"

#include <algorithm>

namespace infra_flash {
namespace {

// A deleted comment, a race lost: how often Publish looks for the dashboard again
// before it reports an error.
constexpr int kMaxRediscoveries = 3;

}  // namespace

GitHubSink::GitHubSink(GitHub& client, std::int64_t issue_number, GitHubSinkOptions options)
    : client_(client), issue_number_(issue_number), options_(std::move(options)) {
  options_.render.surface = Surface::kComment;
}

std::optional<std::int64_t> GitHubSink::comment_id() const {
  if (!comment_) return std::nullopt;
  return comment_->id;
}

void GitHubSink::ResolveAuthor() {
  if (author_resolved_) return;
  author_resolved_ = true;
  if (!options_.author.empty()) return;
  Result<std::string> viewer = client_.Viewer();
  if (viewer.ok()) options_.author = *viewer;
}

// An unknown author trusts nothing: the comment this sink creates tells who it is.
bool GitHubSink::Counts(const IssueComment& comment) const {
  if (options_.author.empty() || comment.user_login != options_.author) return false;
  return IsDashboardComment(comment.body);
}

// Our dashboards among the PR's comments, oldest first.
Result<std::vector<IssueComment>> GitHubSink::ListDashboards() {
  ResolveAuthor();
  auto comments = client_.ListIssueComments(issue_number_);
  if (!comments.ok()) return comments.error();
  std::vector<IssueComment> dashboards;
  for (IssueComment& comment : *comments) {
    if (Counts(comment)) dashboards.push_back(std::move(comment));
  }
  std::sort(dashboards.begin(), dashboards.end(),
            [](const IssueComment& a, const IssueComment& b) { return a.id < b.id; });
  return dashboards;
}

// The oldest dashboard is the one. Newer ones are leftovers of a race, a crash or a
// create whose answer was lost, and are removed (a writer racing us removes its own
// too; whoever comes second gets a 404, which is fine).
Status GitHubSink::Discover() {
  auto dashboards = ListDashboards();
  if (!dashboards.ok()) return dashboards.error();
  discovered_ = true;
  comment_.reset();
  if (dashboards->empty()) return Ok();
  comment_ = dashboards->front();
  for (std::size_t i = 1; i < dashboards->size(); ++i) {
    auto removed = client_.DeleteIssueComment((*dashboards)[i].id);
    if (!removed.ok()) return removed.error();
  }
  return Ok();
}

Result<std::optional<std::string>> GitHubSink::Load() {
  if (!discovered_) {
    if (Status status = Discover(); !status.ok()) return status.error();
  }
  if (!comment_) return std::optional<std::string>();
  return std::optional<std::string>(comment_->body);
}

Status GitHubSink::CreateAndSettle(const Dashboard& dashboard) {
  auto created = client_.CreateIssueComment(
      issue_number_, ComposeDashboardComment(dashboard, nullptr, options_.render));
  if (!created.ok()) {
    // It may exist although the answer was lost: look before creating again.
    discovered_ = false;
    return created.error();
  }
  if (options_.author.empty()) {
    options_.author = created->user_login;  // GitHub would not say who we are; now it has
  } else if (created->user_login != options_.author) {
    // Our own comments would never be found again: one more per job. Undo and say so.
    (void)client_.DeleteIssueComment(created->id);
    return Error{"the github-token acts as \"" + created->user_login +
                 "\", but the dashboard is looked for among comments by \"" + options_.author +
                 "\"; make the two agree (or leave the author unset)"};
  }
  // The second look: if an older dashboard appeared meanwhile, it wins.
  auto dashboards = ListDashboards();
  if (!dashboards.ok()) {
    comment_ = *created;  // ours stands until the next listing says otherwise
    discovered_ = false;
    return dashboards.error();
  }
  if (!dashboards->empty() && dashboards->front().id < created->id) {
    // Only our own is removed here: the oldest stays, whoever made it.
    auto removed = client_.DeleteIssueComment(created->id);
    if (!removed.ok()) return removed.error();
    comment_ = dashboards->front();
    return Publish(dashboard);  // write our state into the dashboard that stays
  }
  comment_ = *created;
  return Ok();
}

Status GitHubSink::Settle() {
  if (!published_) return Ok();
  const std::optional<std::int64_t> written = comment_id();
  if (Status status = Discover(); !status.ok()) return status;
  if (comment_ && comment_->id == written) return Ok();
  // Ours was not the oldest (or is gone): the one that stays gets what we last showed.
  return Publish(*published_);
}

Status GitHubSink::Publish(const Dashboard& dashboard) {
  published_ = dashboard;
  for (int attempt = 0; attempt <= kMaxRediscoveries; ++attempt) {
    if (!discovered_) {
      if (Status status = Discover(); !status.ok()) return status;
    }
    if (!comment_) return CreateAndSettle(dashboard);
    auto parts = SplitDashboardComment(comment_->body);
    const std::string body =
        ComposeDashboardComment(dashboard, parts ? &*parts : nullptr, options_.render);
    if (body == comment_->body) return Ok();
    auto updated = client_.UpdateIssueComment(comment_->id, body);
    if (!updated.ok()) return updated.error();
    if (*updated) {
      comment_ = std::move(**updated);
      return Ok();
    }
    // Deleted since we saw it (a racing job settled on an older one, or a person).
    comment_.reset();
    discovered_ = false;
  }
  return Error{"the dashboard comment on #" + std::to_string(issue_number_) +
               " kept disappearing while infra-flash edited it; re-run the job"};
}

}  // namespace infra_flash
