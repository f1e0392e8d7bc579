#include "flow/flow.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "common/clock.h"
#include "common/strings.h"
#include "discovery/discovery.h"
#include "flow/flows.h"
#include "git/changed_paths.h"
#include "github/client.h"
#include "http/curl_transport.h"
#include "release/release.h"
#include "report/markdown.h"

namespace infra_flash {
namespace {

namespace fs = std::filesystem;

// One API request's time limit (Knobs::http_timeout), connecting included.
TransportTimeouts ApiTimeouts(const FlowContext& context) {
  TransportTimeouts timeouts;
  if (const auto& limit = context.settings->knobs.http_timeout) {
    timeouts.transfer = *limit;
    timeouts.connect = std::min(timeouts.connect, timeouts.transfer);
  }
  return timeouts;
}

Status OpenClient(FlowContext& context) {
  const GitHubEnvironment& github = context.settings->github;
  if (github.token.empty()) {
    context.Log(
        "no GitHub token (input github-token / GITHUB_TOKEN): the dashboard goes to the "
        "step summary only, and commands that need the API cannot run");
    return Ok();
  }
  context.transport = std::make_unique<CurlTransport>(ApiTimeouts(context));
  GitHubClientOptions options;
  options.api_url = github.api_url;
  options.token = github.token;
  options.repository = github.repository.empty() ? context.event.repository : github.repository;
  options.masker = &context.masker;
  options.log = [&context](const std::string& line) { context.Log(line); };
  Result<std::unique_ptr<GitHubClient>> client =
      GitHubClient::Create(options, *context.transport, SystemClock());
  if (!client.ok()) return client.error();
  context.client = std::move(client).value();
  return Ok();
}

// The step's `command`, `environment` and `layers` inputs (a `schedule` event without a
// command scans every layer for drift: `verify` of `all`). On workflow_dispatch they fill
// what the dispatch's own inputs leave out (those win: they are what the person chose). On
// an event without a pull request (push, schedule, workflow_run, …) a `command` makes the
// run that command, as a dispatch: a nightly `verify`, a `plan` of every layer on push. On
// pull request and comment events the event decides: a PR's branch carries its own copy of
// the workflow, which must not turn a plan into an apply.
void ApplyStepInputs(FlowContext& context, const FlowSettings& settings) {
  Event& event = context.event;
  const bool pull_request = event.trigger == Trigger::kPullRequest ||
                            event.trigger == Trigger::kPullRequestClosed ||
                            event.trigger == Trigger::kComment || event.pr_number != 0;
  std::string command = settings.command;
  std::string layers = settings.layers;
  if (event.event_name == "schedule" && command.empty()) {
    command = "verify";  // a scheduled run is a drift scan of every layer, unless the step
    if (layers.empty()) layers = "all";  // says otherwise
  }
  if (event.trigger != Trigger::kDispatch) {
    if (command.empty()) return;
    if (pull_request) {
      context.Log("the step's `command` input (" + command + ") is not used on " +
                  event.event_name +
                  " events: a pull request's runs do what its event or comment asks");
      return;
    }
    context.Log(settings.command.empty()
                    ? std::string("a scheduled run scans every layer for drift (`verify`; the "
                                  "step's `command` input chooses another)")
                    : "the step's `command` input runs `" + command + "` on this " +
                          event.event_name + " event");
    event.trigger = Trigger::kDispatch;
    event.reason.clear();
    event.inputs.clear();
  }
  for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"command", command},
                                    {"environment", settings.environment},
                                    {"layers", layers}}) {
    auto it = event.inputs.find(name);
    if (!value.empty() && (it == event.inputs.end() || Trim(it->second).empty())) {
      event.inputs[name] = value;
    }
  }
}

// A pull request's own events run under its base branch's rules.
int Dispatch(FlowContext& context) {
  const Event& event = context.event;
  Result<FanOutRole> role = FanOutRoleOf(*context.settings);
  if (!role.ok()) {
    context.Error(role.error().message);
    return kFlowUnusable;
  }
  if (*role != FanOutRole::kNone && event.trigger == Trigger::kPullRequestClosed) {
    // The resolve job of a fanned-out workflow is its pull_request job: it releases the
    // locks of a closed PR, as the one-job flow does, and gives the others nothing to do.
    if (*role != FanOutRole::kResolve) {
      context.Log("nothing to do: the pull request is closed");
      return kFlowOk;
    }
    context.Output("matrix", "{\"include\":[]}");
  } else if (*role != FanOutRole::kNone && event.trigger != Trigger::kPullRequest &&
             event.trigger != Trigger::kComment) {
    context.Error(
        "the inputs fan-out, layer and collect fan out a pull request's plan: they "
        "are for pull_request events and `/plan` comments, and this run is " +
        (event.event_name.empty() ? std::string("another event") : event.event_name));
    return kFlowUnusable;
  }
  if (event.trigger == Trigger::kPullRequest || event.trigger == Trigger::kPullRequestClosed) {
    if (Status adopted = AdoptBasePolicy(context, event.base_sha); !adopted.ok()) {
      context.Error(adopted.error().message);
      return kFlowFailed;
    }
  }
  switch (event.trigger) {
    case Trigger::kPullRequest: {
      PullRequest pull;
      pull.number = event.pr_number;
      pull.base_sha = event.base_sha;
      pull.head_sha = event.head_sha;
      Result<std::vector<std::string>> changed =
          PullRequestChangedPaths(context.client.get(), context.workspace, pull);
      if (!changed.ok()) {
        context.Error("cannot tell which files the PR changed: " + changed.error().message);
        return kFlowFailed;
      }
      const Decision decision = Decide(event, context.config, *context.index, *changed);
      switch (*role) {
        case FanOutRole::kResolve:
          return FanOutResolveFlow(context, decision);
        case FanOutRole::kLeg:
          return FanOutLegFlow(context, decision);
        case FanOutRole::kGather:
          return FanOutGatherFlow(context, decision);
        case FanOutRole::kNone:
          break;
      }
      return PullRequestFlow(context, decision);
    }
    case Trigger::kPullRequestClosed:
      return ClosedFlow(context, Decide(event, context.config, *context.index, {}));
    case Trigger::kComment:
      return CommentFlow(context);
    case Trigger::kPush:
      return PushFlow(context);
    case Trigger::kDispatch:
      if (IsPromotion(event)) return PromoteFlow(context);
      return DispatchFlow(context, Decide(event, context.config, *context.index, {}));
    case Trigger::kIgnored:
      context.Log("nothing to do: " + event.reason);
      return kFlowOk;
  }
  return kFlowOk;
}

int Finish(FlowContext& context, int status) {
  if (context.dashboard_unwritten && status == kFlowOk) status = kFlowFailed;
  if (Status written = action::WriteOutputs(context.outputs); !written.ok()) {
    context.Error("could not write the outputs: " + written.error().message);
    status = status == kFlowOk ? kFlowFailed : status;
  }
  if (!context.errors.empty()) {
    context.summary += "\n### ❌ infra-flash stopped on errors\n\n";
    for (const std::string& error : context.errors) {
      context.summary += "- " + MarkdownTextWithCode(error) + "\n";
    }
  }
  if (!context.summary.empty()) {
    if (Status appended = action::AppendStepSummary(context.masker.Mask(context.summary));
        !appended.ok()) {
      context.Log("could not write the step summary: " + appended.error().message);
    }
  }
  std::fflush(stdout);
  return status;
}

}  // namespace

Status DiscoverLayers(FlowContext& context, Config& config) {
  // The files are the checkout's, the same for every config of this run: read them once.
  if (!context.discovery) {
    context.discovery = DiscoverLayerInputs(config, context.workspace);
    const std::vector<std::string>& notes = context.discovery->notes;
    if (!notes.empty()) {
      context.Log(
          action::GroupStart("what the layers read: " + std::to_string(notes.size()) + " notes"));
      for (const std::string& note : notes) context.Log(note);
      context.Log(action::GroupEnd());
    }
  }
  return ApplyDiscovery(config, *context.discovery);
}

int RunFlow(const FlowSettings& settings) {
  FlowContext context;
  context.settings = &settings;
  std::error_code error;
  context.workspace = fs::absolute(settings.workspace.empty() ? "." : settings.workspace, error);
  if (settings.event_name.empty() || settings.event_path.empty()) {
    std::fprintf(stderr,
                 "infra-flash run: GITHUB_EVENT_NAME and GITHUB_EVENT_PATH must be set; "
                 "`infra-flash run` is what the Action's container runs. On a "
                 "checkout, use `infra-flash plan` instead.\n");
    return kFlowUnusable;
  }
  for (const std::string& problem : settings.knobs.problems) context.Log(problem);
  Result<std::string> payload = ReadFile(settings.event_path);
  if (!payload.ok()) {
    context.Error("cannot read the event payload: " + payload.error().message);
    return Finish(context, kFlowUnusable);
  }
  fs::path config_path = settings.config_path.empty() ? ".infra-flash.yml" : settings.config_path;
  if (config_path.is_relative()) {
    const fs::path root = settings.config_root.empty() ? fs::path(context.workspace)
                                                       : fs::absolute(settings.config_root, error);
    config_path = root / config_path;
  }
  Result<Config> config = LoadConfig(config_path.string());
  // From here every exit goes through Finish: the step summary says why, not only the log.
  const std::string repository_root =
      settings.config_root.empty() ? context.workspace : settings.config_root;
  if (!config.ok()) {
    context.ErrorAt(config.error(), "the infra-flash config is invalid: ", repository_root);
    return Finish(context, kFlowUnusable);
  }
  context.config = std::move(config).value();
  if (!settings.github.token.empty()) {
    context.masker.AddSecret(settings.github.token);
    std::fputs(action::AddMask(settings.github.token).c_str(), stdout);
  }
  RegisterSecrets(context, context.config.run.mask_env);
  Result<Event> event =
      ParseEvent(settings.event_name, *payload, EventOptions{context.config.autoplan_drafts});
  if (!event.ok()) {
    context.Error("cannot read the " + settings.event_name + " event: " + event.error().message);
    return Finish(context, kFlowUnusable);
  }
  context.event = std::move(event).value();
  ApplyStepInputs(context, settings);
  context.Output("trigger",
                 TriggerName(context.event.trigger) == std::string_view("pull_request_closed")
                     ? "pull_request"
                     : TriggerName(context.event.trigger));
  if (Status discovered = DiscoverLayers(context, context.config); !discovered.ok()) {
    context.ErrorAt(discovered.error(), "", repository_root);
    return Finish(context, kFlowUnusable);
  }
  Result<LayerIndex> index = LayerIndex::Build(context.config);
  if (!index.ok()) {
    context.ErrorAt(index.error(), "", repository_root);
    return Finish(context, kFlowUnusable);
  }
  context.index.emplace(std::move(index).value());
  Result<std::unique_ptr<InterruptSignals>> interrupts = InterruptSignals::Install();
  if (interrupts.ok()) context.interrupts = interrupts->get();
  if (Status opened = OpenClient(context); !opened.ok()) {
    context.Error("cannot use the GitHub API: " + opened.error().message);
    return Finish(context, kFlowUnusable);
  }
  return Finish(context, Dispatch(context));
}

}  // namespace infra_flash
