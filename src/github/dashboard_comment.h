// dashboard_comment: the dashboard as one comment on the pull request, found by its
// hidden marker among the PR's comments, edited in place, never duplicated.
//
// Why it converges to one comment, even with jobs racing: GitHub gives comments
// increasing ids, and every writer treats the dashboard-marked comment with the
// lowest id as THE dashboard. A writer that found none creates one, then lists again:
// if an older dashboard exists, it deletes its own (only its own) and writes into the
// older one. The writer that created the oldest keeps it; every other writer sees that
// one on its second listing (it was created first) and removes theirs. Nobody ever
// deletes the oldest, so exactly one remains. Leftovers from a crashed job are deleted
// by the next job that finds them.
//
// Economy: one listing finds the dashboard (and its hidden state, for Load); a write
// whose body would not change is skipped; a comment someone deleted meanwhile (404 on
// edit) is looked for again once before a new one is created.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "github/client.h"
#include "report/comment_body.h"
#include "report/render.h"
#include "report/sink.h"

namespace infra_flash {

struct GitHubSinkOptions {
  // When set (e.g. "github-actions[bot]"), only that author's comments count as
  // dashboards, so a person pasting the marker cannot capture the dashboard.
  std::string author;
  RenderOptions render;  // surface is always kComment
};

class GitHubSink final : public DashboardSink {
 public:
  // `client` must outlive the sink.
  GitHubSink(GitHubClient& client, std::int64_t issue_number, GitHubSinkOptions options = {});

  Status Publish(const Dashboard& dashboard) override;
  // The current dashboard comment's body, or nullopt when the PR has none.
  Result<std::optional<std::string>> Load() override;

  // The id of the comment this sink writes to, once known.
  std::optional<std::int64_t> comment_id() const;

 private:
  Status Discover();
  Status CreateAndSettle(const Dashboard& dashboard);
  Result<std::vector<IssueComment>> ListDashboards();
  bool Counts(const IssueComment& comment) const;

  GitHubClient& client_;
  std::int64_t issue_number_;
  GitHubSinkOptions options_;
  bool discovered_ = false;
  std::optional<IssueComment> comment_;  // the dashboard comment as last seen
};

}  // namespace infra_flash
