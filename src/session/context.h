// context: what every flow and command works with: the run's inputs, its services and
// what it has to say (outputs, log, errors, step summary).
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "action/action.h"
#include "common/clock.h"
#include "common/mask.h"
#include "config/config.h"
#include "config/governing.h"
#include "decision/decision.h"
#include "discovery/discovery.h"
#include "event/event.h"
#include "github/api.h"
#include "http/http_transport.h"
#include "layers/layers.h"
#include "run/executor.h"
#include "run/interrupt.h"
#include "session/settings.h"

namespace infra_flash {

inline constexpr int kFlowOk = 0;
inline constexpr int kFlowFailed = 1;
inline constexpr int kFlowUnusable = 2;

// What the `confirm` input must say before an apply to an environment with
// `confirm: true`, or a promotion to production, goes ahead.
inline constexpr std::string_view kConfirmWord = "deploy";

// Where the rules of this run came from (see config/governing.h).
struct PolicyOrigin {
  bool from_base = false;     // a PR's run: its base branch's rules govern
  bool base_missing = false;  // ... and the base branch has no config
  std::string base_sha;
  std::vector<std::string> changes;  // policy keys the PR's copy changes
  std::vector<std::string> proposed_environments;
};

struct FlowContext {
  const FlowSettings* settings = nullptr;
  Event event;
  Config config;  // for a PR: its layers under its base branch's rules (AdoptBasePolicy)
  PolicyOrigin policy;
  std::optional<LayerIndex> index;
  std::string workspace;  // absolute
  Masker masker;
  InterruptSignals* interrupts = nullptr;
  std::unique_ptr<HttpTransport> transport;
  // The services. RunFlow wires the real ones; a test hands in fakes.
  std::unique_ptr<GitHub> client;  // null without a token
  Clock* clock = &SystemClock();
  StepExecutor* processes = nullptr;  // null: real processes (see RunLayersFor)
  std::vector<std::pair<std::string, std::string>> outputs;
  std::string summary;              // markdown for GITHUB_STEP_SUMMARY
  std::vector<std::string> errors;  // every Error(), masked; the step summary lists them
  // A dashboard's last write failed: the PR shows something other than what happened,
  // so the job must not end green whatever the work did (RunFlow turns 0 into 1).
  bool dashboard_unwritten = false;
  // What the layers' files read and depend on, scanned once per run (flow.cc): a PR's
  // run applies it again to the config under its base's rules without reading twice.
  std::optional<Discovery> discovery;
  action::AnnotationLog annotations;

  void Output(const std::string& name, const std::string& value);
  void Log(const std::string& line);  // masked, to stdout
  // Output of a process the PR controls (engine, e2e suite): masked, and fenced so that
  // the runner reads no workflow command in it (action::StopCommands).
  void LogUntrusted(const std::string& text);
  // ::error:: annotation (limited), masked; also listed in the step summary, so that a
  // run that fails before any dashboard exists still says why where people look.
  void Error(const std::string& line);
  // The same for an error at a place in a file (a config error's FILE:LINE:COL): the
  // annotation carries file=, line=, col= with the file relative to `repository_root`, so
  // GitHub shows it on that line of the file.
  void ErrorAt(const struct Error& error, const std::string& prefix,
               const std::string& repository_root);
  bool Interrupted() const;
};

// The dashboard's note about the rules, empty when the PR changes none.
std::string PolicyNote(const FlowContext& context);
// Registers the values of `names` (environment variables) as secrets to mask.
void RegisterSecrets(FlowContext& context, const std::vector<std::string>& names);

// Shared by the flows and commands.
std::string RunUrlOf(const FlowContext& context);
// The workflow_dispatch input `event_name`, trimmed; when the event has none, or a blank
// one, the action input `action_name` (kebab-case, as in action.yml); "" when neither
// is set.
std::string InputOf(const Event& event, const std::string& event_name,
                    const std::string& action_name);

}  // namespace infra_flash
