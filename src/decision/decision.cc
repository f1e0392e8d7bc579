#include "decision/decision.h"

#include <algorithm>
#include <array>
#include <utility>

#include "command/markdown.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::array<std::pair<Intent, const char*>, 6> kIntentNames = {{
    {Intent::kNone, "none"},
    {Intent::kAutoplan, "autoplan"},
    {Intent::kReleaseLocks, "release_locks"},
    {Intent::kCommand, "command"},
    {Intent::kReply, "reply"},
    {Intent::kConverge, "converge"},
}};

// Verbs a workflow_dispatch may ask for, by their names (config/verbs.h).
constexpr std::array<Verb, 4> kDispatchVerbs = {Verb::kPlan, Verb::kApply, Verb::kVerify,
                                                Verb::kUnlock};

void SetLayers(Decision& decision, const Config& config, const std::vector<std::string>& names) {
  decision.waves = Waves(config, names);
  decision.layers.clear();
  for (const auto& wave : decision.waves) {
    decision.layers.insert(decision.layers.end(), wave.begin(), wave.end());
  }
}

void SetResolution(Decision& decision, Resolution resolution) {
  decision.layers = std::move(resolution.layers);
  decision.waves = std::move(resolution.waves);
  decision.unowned_paths = std::move(resolution.unowned_paths);
}

// Whether a verb acts on layers at all (unlock acts on the PR's locks instead).
bool TouchesLayers(Verb verb) {
  return verb == Verb::kPlan || verb == Verb::kApply || verb == Verb::kVerify ||
         verb == Verb::kRevert;
}

// The layers a command names, or the affected ones, narrowed to its environment.
void SelectLayersForRequest(Decision& decision, const Request& request, const Config& config,
                            const LayerIndex& index, const std::vector<std::string>& changed) {
  if (!TouchesLayers(request.verb)) return;
  std::vector<std::string> names;
  if (request.all_layers || (request.verb == Verb::kVerify && request.layers.empty())) {
    names = config.LayerNames();
  } else if (!request.layers.empty()) {
    names = request.layers;
  } else if (!request.environment.empty() && changed.empty()) {
    names = config.LayerNames();
  } else {
    Resolution resolution = index.Resolve(changed);
    decision.unowned_paths = std::move(resolution.unowned_paths);
    names = std::move(resolution.layers);
  }
  if (!request.environment.empty()) {
    std::erase_if(names, [&](const std::string& name) {
      const Layer* layer = config.FindLayer(name);
      return layer == nullptr || layer->environment != request.environment;
    });
  }
  SetLayers(decision, config, names);
}

void DecideComment(Decision& decision, const Config& config, const LayerIndex& index,
                   const std::vector<std::string>& changed) {
  CommentResult parsed = ParseComment(decision.event.comment_body, config);
  switch (parsed.kind) {
    case CommentKind::kIgnored:
      decision.reason = "comment is not an infra-flash command: " + parsed.reason;
      return;
    case CommentKind::kReply:
      decision.intent = Intent::kReply;
      decision.reply = std::move(parsed.reply);
      return;
    case CommentKind::kCommand:
      break;
  }
  if (parsed.request.verb == Verb::kHelp) {
    decision.intent = Intent::kReply;
    decision.reply = HelpText(config);
    decision.command = std::move(parsed.request);
    return;
  }
  decision.intent = Intent::kCommand;
  SelectLayersForRequest(decision, parsed.request, config, index, changed);
  decision.command = std::move(parsed.request);
}

void DecideDispatch(Decision& decision, const Config& config, const LayerIndex& index,
                    const std::vector<std::string>& changed) {
  Result<Request> request = RequestFromDispatch(decision.event, config);
  if (!request.ok()) {
    decision.intent = Intent::kReply;
    decision.reply = request.error().message;
    return;
  }
  decision.intent = Intent::kCommand;
  SelectLayersForRequest(decision, *request, config, index, changed);
  decision.command = std::move(request).value();
}

std::string Known(const std::vector<std::string>& names) {
  return names.empty() ? "none are configured" : "known: " + Join(names, ", ");
}

std::string InputOr(const Event& event, const std::string& name, std::string fallback) {
  auto it = event.inputs.find(name);
  return it == event.inputs.end() ? fallback : std::string(Trim(it->second));
}

}  // namespace

const char* IntentName(Intent intent) {
  for (const auto& [value, name] : kIntentNames) {
    if (value == intent) return name;
  }
  return "none";
}

Result<Request> RequestFromDispatch(const Event& event, const Config& config) {
  const std::string command = ToLowerAscii(InputOr(event, "command", "plan"));
  Request request;
  auto verb = std::find_if(kDispatchVerbs.begin(), kDispatchVerbs.end(),
                           [&](Verb candidate) { return VerbName(candidate) == command; });
  if (verb == kDispatchVerbs.end()) {
    std::vector<std::string> names;
    for (Verb candidate : kDispatchVerbs) names.emplace_back(VerbName(candidate));
    // Code(): the input is shown, cut and made safe, never pasted raw into markdown.
    return Error{"workflow_dispatch input `command` must be one of " + Join(names, ", ") +
                 "; got " + Code(command)};
  }
  request.verb = *verb;
  request.environment = InputOr(event, "environment", "");
  if (!request.environment.empty() && config.FindEnvironment(request.environment) == nullptr) {
    return Error{"workflow_dispatch input `environment` names no configured environment (" +
                 Known(config.EnvironmentNames()) + ")"};
  }
  for (std::string& word : SplitNames(InputOr(event, "layers", ""))) {
    if (word == "all") {
      request.all_layers = true;
      continue;
    }
    // A promoted layer's name is each of its targets (the environment input narrows them).
    const std::vector<const Layer*> named = config.LayersNamed(word);
    if (named.empty()) {
      return Error{"workflow_dispatch input `layers` names an unknown layer (" +
                   Known(config.ConfigLayerNames()) + ")"};
    }
    for (const Layer* layer : named) request.layers.push_back(layer->name);
  }
  request.alias = "workflow_dispatch";
  return request;
}

Decision Decide(const Event& event, const Config& config, const LayerIndex& index,
                const std::vector<std::string>& changed_paths) {
  Decision decision;
  decision.event = event;
  switch (event.trigger) {
    case Trigger::kIgnored:
      decision.reason = event.reason;
      break;
    case Trigger::kPullRequest:
      if (!config.autoplan) {
        decision.reason = "autoplan is turned off in the config; comment `/plan` to plan";
        break;
      }
      decision.intent = Intent::kAutoplan;
      SetResolution(decision, index.Resolve(changed_paths));
      break;
    case Trigger::kPullRequestClosed:
      decision.intent = Intent::kReleaseLocks;
      break;
    case Trigger::kPush:
      decision.intent = Intent::kConverge;
      if (event.branch_created) {
        SetLayers(decision, config, config.LayerNames());
      } else {
        SetResolution(decision, index.Resolve(changed_paths));
      }
      break;
    case Trigger::kDispatch:
      DecideDispatch(decision, config, index, changed_paths);
      break;
    case Trigger::kComment:
      DecideComment(decision, config, index, changed_paths);
      break;
  }
  if (decision.intent == Intent::kNone) {
    decision.event.trigger = Trigger::kIgnored;
    if (decision.reason.empty()) decision.reason = "nothing to do";
  }
  return decision;
}

}  // namespace infra_flash
