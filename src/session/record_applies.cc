#include "session/record_applies.h"

#include <chrono>

#include "common/strings.h"
#include "run/steps.h"
#include "store/apply_log.h"

namespace infra_flash {
namespace {

std::string LayerEnvironment(const FlowContext& context, const std::string& run_environment,
                             const std::string& layer) {
  const Layer* config_layer = context.config.FindLayer(layer);
  if (config_layer == nullptr) return run_environment;
  StepContext steps;
  steps.environment = run_environment;
  return EffectiveEnvironment(*config_layer, steps);
}

}  // namespace

void RecordApplies(FlowContext& context, const std::string& environment,
                   const std::vector<std::string>& layers, const std::string& sha,
                   std::int64_t pr) {
  if (layers.empty()) return;
  if (!context.client) {
    context.Log("the apply log was not written (no GitHub token): `/revert` will not know that " +
                Join(layers, ", ") + " were applied from " + ShortSha(sha));
    return;
  }
  if (sha.empty()) {
    context.Error("the apply log was not written for " + Join(layers, ", ") +
                  ": the applied commit is unknown (is the workspace a git checkout?)");
    return;
  }
  const auto now = context.clock->WallNow();
  for (const std::string& layer : layers) {
    const std::string layer_environment = LayerEnvironment(context, environment, layer);
    // Per environment and layer as the file names it ("app" for "app@prod"), so that the
    // log outlives a change between `environment:` and `environments:`.
    Result<ApplyLogWrite> write = WriteApplyLogEntry(
        *context.client, layer_environment, context.config.ConfigNameOf(layer), sha, pr, now);
    if (!write.ok()) {
      context.Error("the apply of `" + layer + "` stands, but the apply log was not written: " +
                    write.error().message + ". `/revert` will not know about this apply.");
      continue;
    }
    context.Log("apply log: " + write->ref + " -> " + ShortSha(sha) +
                (write->pruned > 0 ? " (pruned " + std::to_string(write->pruned) + " older)" : ""));
    for (const std::string& problem : write->problems) context.Log("apply log: " + problem);
  }
}

}  // namespace infra_flash
