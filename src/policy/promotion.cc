#include "policy/promotion.h"

#include <algorithm>
#include <map>

#include "common/strings.h"

namespace infra_flash {
namespace {

std::string ApplyCommandFor(const Layer& layer, const std::string& environment) {
  return "/apply " + layer.ConfigName() + " " + environment;
}

// Why `layer` may not go ahead yet ("" when it may): the first earlier environment on its
// path that `reached` denies, or whose record could not be read.
template <typename ReachedFn>
std::string Refusal(const Layer& layer, const std::string& sha, ReachedFn reached) {
  const std::vector<std::string>& path = layer.environments;
  const auto position = std::find(path.begin(), path.end(), layer.environment);
  for (auto earlier = path.begin(); earlier != position; ++earlier) {
    Result<bool> ok = reached(*earlier);
    if (!ok.ok()) {
      return "the apply log of `" + *earlier + "` could not be read (" + ok.error().message +
             "), so it is unknown whether this commit reached `" + *earlier + "` first; try again";
    }
    if (!*ok) {
      return "apply to `" + *earlier + "` first (`" + ApplyCommandFor(layer, *earlier) + "`): `" +
             layer.ConfigName() + "` is promoted " + Join(path, " → ") + ", and commit " +
             ShortSha(sha) + " has not been applied to `" + *earlier + "`";
    }
  }
  return "";
}

// Whether `sha` reached `environment` on `layer`'s path; an Error when the log could not
// say. A plan without changes there counts when the dashboard shows this head's plans.
Result<bool> Reached(const Layer& layer, const std::string& environment,
                     const DashboardState& shown, const std::string& head_sha,
                     const std::string& sha, const AppliedAt& applied) {
  if (sha == head_sha && shown.sha == head_sha) {
    const LayerRow* row = shown.FindLayer(TargetName(layer.ConfigName(), environment));
    if (row != nullptr && row->plan.status == StageStatus::kNoChanges) return true;
  }
  return applied(environment, layer.ConfigName(), sha);
}

}  // namespace

PromotionGate GateByPromotion(const Config& config, const std::vector<std::string>& candidates,
                              const DashboardState& shown, const std::string& head_sha,
                              const AppliedAt& applied) {
  PromotionGate gate;
  std::map<std::string, std::string> first;  // promoted layer -> its target going ahead
  for (const std::string& name : candidates) {
    const Layer* layer = config.FindLayer(name);
    if (layer == nullptr || !layer->IsTarget()) {
      gate.runnable.push_back(name);
      continue;
    }
    auto [ahead, inserted] = first.emplace(layer->base, name);
    if (!inserted) {
      const Layer* before = config.FindLayer(ahead->second);
      gate.deferred.emplace_back(name, "it is promoted after `" + before->environment +
                                           "`: once that is applied and "
                                           "verified, comment `" +
                                           ApplyCommandFor(*layer, layer->environment) + "`");
      continue;
    }
    // What the target would apply: this head, or the older commit a `/revert` plan is of.
    const LayerRow* row = shown.FindLayer(name);
    const std::string sha =
        row != nullptr && !row->plan_source_sha.empty() ? row->plan_source_sha : head_sha;
    const std::string refusal = Refusal(*layer, sha, [&](const std::string& earlier) {
      return Reached(*layer, earlier, shown, head_sha, sha, applied);
    });
    if (refusal.empty()) {
      gate.runnable.push_back(name);
    } else {
      gate.refused.emplace_back(name, refusal);
    }
  }
  return gate;
}

PromotionGate GateRunInOrder(const Config& config, const std::vector<std::string>& layers,
                             const std::string& sha, const AppliedAt& applied) {
  PromotionGate gate;
  for (const std::string& name : layers) {
    const Layer* layer = config.FindLayer(name);
    const std::string refusal =
        layer == nullptr || !layer->IsTarget()
            ? std::string()
            : Refusal(*layer, sha, [&](const std::string& earlier) -> Result<bool> {
                const std::string target = TargetName(layer->ConfigName(), earlier);
                if (std::find(layers.begin(), layers.end(), target) != layers.end()) return true;
                return applied(earlier, layer->ConfigName(), sha);
              });
    if (refusal.empty()) {
      gate.runnable.push_back(name);
    } else {
      gate.refused.emplace_back(name, refusal);
    }
  }
  return gate;
}

}  // namespace infra_flash
