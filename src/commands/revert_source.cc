#include "commands/revert_source.h"

#include "common/strings.h"

namespace infra_flash {

std::string ApplySource::Describe() const {
  return sha.empty() ? "" : " (a revert to `" + ShortSha(sha) + "`)";
}

ApplySource SplitBySource(const DashboardState& shown, const std::vector<std::string>& runnable) {
  const auto source_of = [&](const std::string& layer) {
    const LayerRow* row = shown.FindLayer(layer);
    return row != nullptr ? row->plan_source_sha : std::string();
  };
  ApplySource source;
  bool any_head = false;
  for (const std::string& layer : runnable) any_head = any_head || source_of(layer).empty();
  if (!any_head && !runnable.empty()) source.sha = source_of(runnable.front());
  for (const std::string& layer : runnable) {
    const std::string from = source_of(layer);
    if (from == source.sha) {
      source.layers.push_back(layer);
    } else {  // a revert plan while this apply goes elsewhere
      source.refused.emplace_back(layer, "its reviewed plan is a revert to `" + ShortSha(from) +
                                             "`, which is applied on its own: comment `/apply " +
                                             layer + "`");
    }
  }
  return source;
}

ApplySource ChooseApplySource(const std::string& workspace, const std::string& temporary_base,
                              const DashboardState& shown,
                              const std::vector<std::string>& runnable) {
  ApplySource source = SplitBySource(shown, runnable);
  if (source.sha.empty() || source.layers.empty()) return source;
  Result<std::unique_ptr<RevertTree>> tree =
      RevertTree::Create(workspace, source.sha, temporary_base);
  if (tree.ok()) {
    source.tree = std::move(tree).value();
    return source;
  }
  for (const std::string& layer : source.layers) {
    source.refused.emplace_back(
        layer, "its reviewed revert plan cannot be planned again: " + tree.error().message);
  }
  source.layers.clear();
  return source;
}

}  // namespace infra_flash
