// test_env_steps: how a layer runs in the ephemeral `test` environment of a pull
// request. Pure: no I/O.
//
// - State: one per PR and layer. `environments.test.state_key` when the config has
//   one (it must contain `{pr}`, else every PR would share, and destroy, one state),
//   else kDefaultTestStateKey. `{pr}`, `{layer}` and `{dir}` are replaced (run/steps.h).
// - Everything else of a configured `test` environment (var_files, env, steps) applies;
//   without one, the layer runs with the defaults: no var files, TF_VAR_env=test.
// - TF_DATA_DIR is kTestDataDir unless `test.env` sets it: the PR's plan in `ci` has
//   already initialised the layer's directory with another backend key, and terraform
//   refuses a second `init` with a changed backend in the same data directory.
// - A layer pinned to an environment (`environment: staging`) still runs in `test`
//   here: its test copy is the point, and its lasting environment is never touched.
// - The saved plan is kTestPlanfile, apart from the PR's own `tfplan`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "run/steps.h"

namespace infra_flash {

inline constexpr char kDefaultTestStateKey[] = "test/pr-{pr}/{layer}.tfstate";
inline constexpr char kTestDataDir[] = ".terraform-test";
inline constexpr char kTestPlanfile[] = "tfplan-test";

// `config` as the test environment runs `layers` (see the top of this file). Errors:
// a configured `environments.test.state_key` without `{pr}`.
Result<Config> TestEnvironmentConfig(const Config& config, const std::vector<std::string>& layers);

// The StepContext of PR `number`'s test environment in `workspace_root`.
StepContext TestEnvironmentContext(const std::string& workspace_root, std::int64_t number);

// The layers among `names` in dependency order (names that are not layers dropped).
std::vector<std::string> InDependencyOrder(const Config& config,
                                           const std::vector<std::string>& names);
// The same, only those with `test_env: true`.
std::vector<std::string> TestEnvironmentLayers(const Config& config,
                                               const std::vector<std::string>& names);

// One shell line a person runs from the repository's root to do by hand what `steps`
// (one layer's, in order) do: `cd DIR && export VAR=… && init … && destroy …`, with
// paths inside the workspace written relative to the layer's directory and arguments
// quoted for a POSIX shell. Variables infra-flash sets only for automation
// (TF_IN_AUTOMATION, TF_INPUT, TG_NON_INTERACTIVE, TG_NO_COLOR, TF_PLUGIN_CACHE_DIR) are left
// out.
std::string ManualCommand(const std::vector<PlannedStep>& steps, const std::string& workspace_root,
                          const std::string& layer_dir);

}  // namespace infra_flash
