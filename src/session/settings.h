// settings: what a run is told from outside (the runner's environment, the action's
// inputs, test knobs), read once at the edge (cli/run_command.cc, flow.cc) so that no code
// below asks the process environment for a setting.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "github/environment.h"

namespace infra_flash {

// The waits a slow installation (or a test) tunes through environment variables; nullopt
// keeps the default. A value that is not a whole number of milliseconds in range is not
// guessed at: it is left out and named in `problems`, which the run logs.
struct Knobs {
  // INFRA_FLASH_HTTP_TIMEOUT_MS: one API request's time limit, connecting included
  // (a slow GitHub Enterprise; tests that make GitHub hang). 1 s to 10 min; default 60 s.
  std::optional<std::chrono::milliseconds> http_timeout;
  // INFRA_FLASH_HEALTH_TIMEOUT_MS: one `/health` probe's limit. 100 ms to 2 min; default 5 s.
  std::optional<std::chrono::milliseconds> health_timeout;
  // INFRA_FLASH_DEPLOY_BACKOFF_MS: the first wait between deploy request attempts
  // (later waits grow to 8 times it). 0 to 60 s; default deploy/deploy_request.h's.
  std::optional<std::chrono::milliseconds> deploy_backoff;
  std::vector<std::string> problems;
};

// The knobs as the process environment sets them (settings.cc).
Knobs ReadKnobs();

struct FlowSettings {
  std::string event_name;  // GITHUB_EVENT_NAME
  std::string event_path;  // GITHUB_EVENT_PATH
  std::string workspace;   // GITHUB_WORKSPACE (or the `working-directory` input)
  // Relative paths are relative to GITHUB_WORKSPACE (`config_root`), as action.yml says,
  // not to `workspace`: `working-directory: infra` and `config: infra/.infra-flash.yml`.
  std::string config_path;
  std::string config_root;  // GITHUB_WORKSPACE; empty: `workspace`
  // The step's `command`, `environment` and `layers` inputs (empty: not given). They fill
  // what a workflow_dispatch's own inputs leave out, and make any event without a pull
  // request (push, schedule, …) run that command (flow.cc, ApplyStepInputs).
  std::string command;
  std::string environment;
  std::string layers;
  GitHubEnvironment github;
  int jobs = 0;             // the `jobs` input; 0: the config's
  std::string runner_temp;  // RUNNER_TEMP: where worktrees go (empty: the system's temp)
  // A fanned-out plan (docs/action.md, "Fan out"): at most one of the three roles.
  bool fan_out = false;     // `fan-out: true`: the resolve job
  int max_legs = 64;        // `max-legs`: the resolve job's most legs
  std::string leg_layers;   // `layer`: a leg, planning these layers (space-separated)
  std::string results_dir;  // `results-dir`: where a leg writes its result files
  std::string collect;      // `collect`: the gather job, reading the result files there
  Knobs knobs;
};

}  // namespace infra_flash
