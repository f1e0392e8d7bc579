#include "git/revert_tree.h"

#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "common/strings.h"
#include "git/changed_paths.h"
#include "git/git.h"
#include "run/process_executor.h"

namespace infra_flash {
namespace {

namespace fs = std::filesystem;

std::string TemporaryBase(const std::string& preferred) {
  std::error_code error;
  if (!preferred.empty() && fs::is_directory(preferred, error)) return preferred;
  fs::path base = fs::temp_directory_path(error);
  return error ? "/tmp" : base.string();
}

// Brings `sha` into the checkout when it is not there (a shallow clone has one commit).
Status EnsureCommit(const std::string& workspace, const std::string& sha) {
  if (HasCommit(workspace, sha)) return Ok();
  const bool shallow =
      Trim(Git(workspace, {"rev-parse", "--is-shallow-repository"}).stdout_text) == "true";
  std::vector<std::string> fetch = {"fetch", "--no-tags", "--quiet"};
  if (shallow) fetch.push_back("--depth=1");
  fetch.insert(fetch.end(), {"origin", sha});
  const ProcessOutput fetched = Git(workspace, fetch);
  if (GitSucceeded(fetched) && HasCommit(workspace, sha)) return Ok();
  return Error{
      "commit `" + ShortSha(sha) +
      "` is not in this checkout and could not be fetched from `origin` (git: " + GitSaid(fetched) +
      "). Check out the repository with its history so older commits are there: "
      "`actions/checkout` with `fetch-depth: 0`."};
}

}  // namespace

Result<std::unique_ptr<RevertTree>> RevertTree::Create(const std::string& workspace,
                                                       const std::string& sha,
                                                       const std::string& temporary_base) {
  if (!IsFullSha(sha)) {
    return Error{"`" + sha + "` is not a full commit SHA, so there is no tree to plan"};
  }
  const ProcessOutput prefix = Git(workspace, {"rev-parse", "--show-prefix"});
  if (!GitSucceeded(prefix)) {
    return Error{"the workspace " + workspace + " is not a git checkout (git: " + GitSaid(prefix) +
                 "), so an older commit cannot be checked out"};
  }
  if (Status present = EnsureCommit(workspace, sha); !present.ok()) return present.error();
  const std::string base = TemporaryBase(temporary_base);
  std::string pattern = (fs::path(base) / "infra-flash-revert-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Error{"could not make a temporary directory under " + base + " for the old tree"};
  }
  const std::string directory = pattern;
  const std::string tree = (fs::path(directory) / "tree").string();
  const ProcessOutput added = Git(workspace, {"worktree", "add", "--detach", "--quiet", tree, sha});
  if (!GitSucceeded(added)) {
    std::error_code ignored;
    fs::remove_all(directory, ignored);
    Git(workspace, {"worktree", "prune"});
    return Error{"could not check out commit `" + ShortSha(sha) +
                 "` in a temporary tree (git: " + GitSaid(added) + ")"};
  }
  const std::string below(Trim(prefix.stdout_text));
  std::string root = below.empty() ? tree : (fs::path(tree) / below).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return std::unique_ptr<RevertTree>(new RevertTree(workspace, directory, tree, root));
}

RevertTree::RevertTree(std::string workspace, std::string directory, std::string tree,
                       std::string workspace_root)
    : workspace_(std::move(workspace)),
      directory_(std::move(directory)),
      tree_(std::move(tree)),
      workspace_root_(std::move(workspace_root)) {}

// The engines leave files in the tree (.terraform, planfiles): --force, then the
// directory itself, then prune in case `worktree remove` could not unregister it.
RevertTree::~RevertTree() {
  Git(workspace_, {"worktree", "remove", "--force", tree_});
  std::error_code ignored;
  fs::remove_all(directory_, ignored);
  Git(workspace_, {"worktree", "prune"});
}

}  // namespace infra_flash
