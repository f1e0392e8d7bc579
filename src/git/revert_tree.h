// revert_tree: the files of an older commit in a temporary directory, so that a layer can
// be planned "as it was" (`/revert`: roll forward to the old configuration, never state
// surgery) without touching the checkout. It is a detached `git worktree` of the
// workspace's repository (the objects are shared; nothing is copied), made under
// $RUNNER_TEMP (else the system's temporary directory). When the checkout lacks the commit
// (actions/checkout fetches one commit by default) it is fetched from `origin` first.
// The tree is removed, worktree registration included, when the object goes away,
// whatever happened in between.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace infra_flash {

class RevertTree {
 public:
  // `workspace` is the directory of .infra-flash.yml inside a git checkout; `sha` a full
  // commit SHA. Errors are written for the PR: a commit that cannot be fetched says the
  // workflow needs `fetch-depth: 0`. The worktree goes under `temporary_base` (the
  // runner's RUNNER_TEMP) when that is a directory, else under the system's temp.
  static Result<std::unique_ptr<RevertTree>> Create(const std::string& workspace,
                                                    const std::string& sha,
                                                    const std::string& temporary_base);
  ~RevertTree();
  RevertTree(const RevertTree&) = delete;
  RevertTree& operator=(const RevertTree&) = delete;

  // The workspace's counterpart in the tree (same path below the repository's top).
  const std::string& workspace_root() const { return workspace_root_; }
  // The temporary directory that holds the tree; gone after destruction.
  const std::string& directory() const { return directory_; }

 private:
  RevertTree(std::string workspace, std::string directory, std::string tree,
             std::string workspace_root);

  std::string workspace_;
  std::string directory_;
  std::string tree_;
  std::string workspace_root_;
};

}  // namespace infra_flash
