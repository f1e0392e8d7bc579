// revert_source: which tree `/apply` plans again and applies. A layer whose reviewed plan
// is a `/revert` (its row's plan_source_sha) is planned and applied in a tree of that older
// commit (revert_tree.h), so the plan compared with the reviewed one, and the planfile
// applied, are the old configuration's; every other layer is planned at the PR's head.
// One `/apply` works in one tree: when the requested layers mix sources, the PR head's
// layers go first and the others are refused with a reason that says how to apply them
// (on their own). Internal to flow/.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "git/revert_tree.h"
#include "status/state.h"

namespace infra_flash {

struct ApplySource {
  std::string sha;                  // empty: the PR's head
  std::vector<std::string> layers;  // the layers planned and applied from it (order kept)
  std::vector<std::pair<std::string, std::string>> refused;  // layer, reason for people
  std::unique_ptr<RevertTree> tree;                          // set when `sha` is

  // The commit whose configuration an apply from this source puts in place.
  const std::string& AppliedCommit(const std::string& head_sha) const {
    return sha.empty() ? head_sha : sha;
  }
  // " (a revert to `abc1234`)" or "": for the reply.
  std::string Describe() const;
};

// Pure: the source of `runnable` (dependency order) from the reviewed state, without a tree.
ApplySource SplitBySource(const DashboardState& shown, const std::vector<std::string>& runnable);

// SplitBySource, then the old commit's tree when the source is one; when that tree cannot
// be made, its layers are refused with the reason (e.g. the commit cannot be fetched).
// The tree goes under `temporary_base` (see RevertTree::Create).
ApplySource ChooseApplySource(const std::string& workspace, const std::string& temporary_base,
                              const DashboardState& shown,
                              const std::vector<std::string>& runnable);

}  // namespace infra_flash
