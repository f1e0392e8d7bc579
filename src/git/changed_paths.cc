#include "git/changed_paths.h"

#include "common/strings.h"
#include "git/git.h"

namespace infra_flash {

bool HasCommit(const std::string& workspace, const std::string& sha) {
  if (sha.empty()) return false;
  return GitSucceeded(Git(workspace, {"cat-file", "-e", sha + "^{commit}"}));
}

std::string CheckedOutCommit(const std::string& workspace) {
  Result<std::string> head = HeadCommit(workspace);
  return head.ok() ? *head : "";
}

Result<std::string> HeadCommit(const std::string& workspace) {
  ProcessOutput output = Git(workspace, {"rev-parse", "--verify", "HEAD^{commit}"});
  const std::string sha(Trim(output.stdout_text));
  if (!GitSucceeded(output) || sha.empty()) {
    return Error{"`git rev-parse HEAD` failed in " + workspace + ": " + GitSaid(output)};
  }
  return sha;
}

Result<std::vector<std::string>> GitChangedPaths(const std::string& workspace,
                                                 const std::string& from, const std::string& to,
                                                 DiffRange range) {
  const std::string spec = from + (range == DiffRange::kMergeBase ? "..." : "..") + to;
  ProcessOutput output = Git(workspace, {"diff", "--name-only", "--no-renames", spec, "--"});
  if (!GitSucceeded(output)) {
    return Error{"`git diff " + spec + "` failed in " + workspace + ": " + GitSaid(output)};
  }
  std::vector<std::string> paths;
  for (std::string_view line : SplitLines(output.stdout_text)) {
    if (!Trim(line).empty()) paths.emplace_back(Trim(line));
  }
  return paths;
}

namespace {

// Renames count as both paths: the old directory's layer changed too.
std::vector<std::string> PathsOf(const PullRequestFiles& files) {
  std::vector<std::string> paths;
  for (const PullRequestFile& file : files.files) {
    paths.push_back(file.filename);
    if (!file.previous_filename.empty()) paths.push_back(file.previous_filename);
  }
  return paths;
}

}  // namespace

Result<std::vector<std::string>> PullRequestChangedPaths(PullsApi* client,
                                                         const std::string& workspace,
                                                         const PullRequest& pull_request) {
  if (HasCommit(workspace, pull_request.base_sha) && HasCommit(workspace, pull_request.head_sha)) {
    return GitChangedPaths(workspace, pull_request.base_sha, pull_request.head_sha,
                           DiffRange::kMergeBase);
  }
  if (client == nullptr) {
    return Error{
        "the checkout lacks the PR's commits and there is no GitHub token to ask the "
        "API; check out with `fetch-depth: 0`"};
  }
  Result<PullRequestFiles> files =
      client->ListPullRequestFiles(pull_request.number, pull_request.changed_files);
  if (!files.ok()) return files.error();
  if (files->completeness == Completeness::kTruncated) {
    return Error{
        "GitHub lists only the first 3,000 files of this PR and the checkout lacks its "
        "commits; check out with `fetch-depth: 0` so infra-flash can diff them"};
  }
  return PathsOf(*files);
}

Result<std::vector<std::string>> PushChangedPaths(PullsApi* client, const std::string& workspace,
                                                  const std::string& before,
                                                  const std::string& after) {
  if (HasCommit(workspace, before) && HasCommit(workspace, after)) {
    return GitChangedPaths(workspace, before, after, DiffRange::kDirect);
  }
  if (client == nullptr) {
    return Error{
        "the checkout lacks the commit before the push and there is no GitHub token to ask "
        "the API; check out with `fetch-depth: 0`"};
  }
  Result<CommitComparison> comparison = client->CompareCommits(before, after);
  if (!comparison.ok()) {
    return Error{"the checkout lacks the commit before the push and GitHub could not compare (" +
                 comparison.error().message + "); check out with `fetch-depth: 0`"};
  }
  const PullRequestFiles& files = comparison->files;
  if (files.completeness == Completeness::kTruncated) {
    return Error{
        "GitHub's compare lists only the first 300 files of this push and the checkout lacks "
        "the commit before it; check out with `fetch-depth: 0` so infra-flash can diff them"};
  }
  return PathsOf(files);
}

std::string CheckoutMismatch(const std::string& workspace, const std::string& head_sha,
                             std::int64_t number) {
  const std::string head_ref = "`refs/pull/" + std::to_string(number) + "/head`";
  const std::string how = "Check out the PR head (" + head_ref +
                          ", or `ref: ${{ github.event.pull_request.head.sha }}` on "
                          "`pull_request`) with actions/checkout before the infra-flash step";
  // Fail closed: a checkout nobody can name may hold anything, not what was reviewed.
  Result<std::string> checked_out = HeadCommit(workspace);
  if (!checked_out.ok()) {
    return "infra-flash cannot tell which commit the checkout is, so nothing was run (" +
           checked_out.error().message + "). " + how + ".";
  }
  if (*checked_out == head_sha) return "";
  return "The checkout is at `" + ShortSha(*checked_out) + "` but the PR's head is `" +
         ShortSha(head_sha) + "`: plans and applies are of the PR head, the commit `/apply` " +
         "applies. " + how + "; nothing was run.";
}

}  // namespace infra_flash
