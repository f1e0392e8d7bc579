// dashboard_comment: the dashboard as one comment on the pull request, found by its
// hidden marker among the PR's comments, edited in place, never duplicated.
//
// Whose comments count: only those written by the account infra-flash acts as (the
// `author` option, else GraphQL's viewer for the token). Anyone can paste the marker
// and a forged hidden state into a comment of their own; such a comment is never read,
// edited or deleted. When GitHub cannot say who the token is, no existing comment is
// trusted: the sink creates its own and learns the author from it.
//
// Why it converges to one comment, even with jobs racing: GitHub gives comments
// increasing ids, and every writer treats its own dashboard-marked comment with the
// lowest id as THE dashboard. A writer that found none creates one, then lists again:
// if an older dashboard exists, it deletes its own and writes into the older one. The
// writer that created the oldest keeps it; every other writer sees that one on its
// second listing (it was created first) and removes theirs. Nobody ever deletes the
// oldest, so exactly one remains. A create whose answer was lost can still land later,
// after those listings, as a newer duplicate: Settle, at the end of a job, lists once
// more and removes it (and a duplicate that lands even later is removed by the next
// job that looks).
//
// Economy: one listing finds the dashboard (and its hidden state, for Load); a write
// whose body would not change is skipped; a comment someone deleted meanwhile (404 on
// edit) is looked for again once before a new one is created.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "github/api.h"
#include "report/comment_body.h"
#include "report/render.h"
#include "report/sink.h"

namespace infra_flash {

struct GitHubSinkOptions {
  // Whose comments are dashboards (e.g. "github-actions[bot]"). Empty: the account the
  // token acts as, asked of GitHub (GitHub::Viewer, api.h).
  std::string author;
  RenderOptions render;  // surface is always kComment
};

class GitHubSink final : public DashboardSink {
 public:
  // `client` must outlive the sink.
  GitHubSink(GitHub& client, std::int64_t issue_number, GitHubSinkOptions options = {});

  Status Publish(const Dashboard& dashboard) override;
  // The current dashboard comment's body, or nullopt when the PR has none.
  Result<std::optional<std::string>> Load() override;

  // The id of the comment this sink writes to, once known.
  std::optional<std::int64_t> comment_id() const;

  // Lists once more and leaves exactly one dashboard: the oldest of ours, holding what
  // was last published (written into it when it is not the one this sink wrote to).
  // Call after the last Publish of a job.
  Status Settle();

 private:
  void ResolveAuthor();
  Status Discover();
  Status CreateAndSettle(const Dashboard& dashboard);
  Result<std::vector<IssueComment>> ListDashboards();
  bool Counts(const IssueComment& comment) const;

  GitHub& client_;
  std::int64_t issue_number_;
  GitHubSinkOptions options_;
  bool discovered_ = false;
  bool author_resolved_ = false;
  std::optional<IssueComment> comment_;  // the dashboard comment as last seen
  std::optional<Dashboard> published_;   // what was last published
};

}  // namespace infra_flash
