#include "run/jobs.h"

#include <algorithm>
#include <map>

namespace infra_flash {
namespace {

constexpr std::string_view kBackendKey = "-backend-config=key=";

// The state key a layer's init uses, or empty when it has none.
std::string StateKey(const std::vector<PlannedStep>& steps) {
  for (const PlannedStep& step : steps) {
    if (step.name != "init") continue;
    for (const std::string& arg : step.argv) {
      if (arg.rfind(kBackendKey, 0) == 0) return arg.substr(kBackendKey.size());
    }
  }
  return "";
}

Status CheckStateKeysDistinct(const std::vector<LayerJob>& jobs) {
  std::map<std::string, std::string> owner;  // key -> layer
  for (const LayerJob& job : jobs) {
    const std::string key = StateKey(job.steps);
    if (key.empty()) continue;
    auto [it, inserted] = owner.emplace(key, job.layer);
    if (inserted) continue;
    return Error{"layers " + it->second + " and " + job.layer + " would share the state key \"" +
                 key +
                 "\", so each would overwrite the other's state; put {layer} in the "
                 "environment's state_key (e.g. \"staging/{layer}/terraform.tfstate\")"};
  }
  return Ok();
}

}  // namespace

Result<std::vector<LayerJob>> PlanJobs(const Config& config, const std::vector<std::string>& layers,
                                       RunVerb verb, const StepContext& context) {
  for (const std::string& name : layers) {
    if (config.FindLayer(name) == nullptr) return Error{"there is no layer named \"" + name + "\""};
  }
  const auto selected = [&](const std::string& name) {
    return std::find(layers.begin(), layers.end(), name) != layers.end();
  };
  std::vector<LayerJob> jobs;
  for (const Layer& layer : config.layers) {
    if (!selected(layer.name)) continue;
    Result<std::vector<PlannedStep>> steps = BuildSteps(config, layer, verb, context);
    if (!steps.ok()) return steps.error();
    LayerJob job{layer.name, {}, std::move(steps).value()};
    for (const std::string& dependency : layer.depends_on) {
      if (selected(dependency)) job.depends_on.push_back(dependency);
    }
    jobs.push_back(std::move(job));
  }
  if (Status distinct = CheckStateKeysDistinct(jobs); !distinct.ok()) return distinct.error();
  return jobs;
}

int EffectiveJobs(const RunConfig& run, RunVerb verb, int requested, unsigned cores) {
  if (verb == RunVerb::kApply && run.sequential_apply) return 1;
  if (requested > 0) return requested;
  if (run.jobs > 0) return run.jobs;
  return std::max(1, static_cast<int>(cores));
}

}  // namespace infra_flash
