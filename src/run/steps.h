// run/steps: what infra-flash runs for a layer. A verb (ci, plan, apply, verify,
// destroy) x the layer's engine (terragrunt, terraform, tofu) x an environment gives
// the layer's sequence of argv lists, each with its working directory and the
// environment variables set for that child only. Pure: no I/O, nothing is run here.
//
// Defaults (ENGINE is the engine's binary; `-no-color` keeps escape codes out of the
// captured output, which ends up in a PR comment):
//   ci:      fmt check (terragrunt hcl fmt --check | ENGINE fmt -check -recursive)
//            [-> tflint --chdir=CODE_DIR --format=compact --no-color   (layers with `lint:
//                tflint`; an optional step: skipped, and said so, when tflint is absent)]
//            -> ENGINE init -backend=false -input=false -no-color -> ENGINE validate -no-color
//   plan:    ENGINE init -input=false -no-color [-backend-config=key=STATE_KEY]
//            -> ENGINE plan -input=false -no-color -lock-timeout=5m -out=PLANFILE
//               -detailed-exitcode [-var-file=...] [EXTRA...]
//            -> ENGINE show -json PLANFILE
//   apply:   init -> ENGINE apply -input=false -no-color -lock-timeout=5m [EXTRA...] PLANFILE
//            (only ever the saved plan: never a fresh -auto-approve of unseen changes)
//   verify:  init -> ENGINE plan -input=false -no-color -lock=false -detailed-exitcode
//               [-var-file=...] [EXTRA...]       (0 clean, 2 drift, 1 error)
//   destroy: init -> ENGINE destroy -input=false -no-color -auto-approve -lock-timeout=5m
//               [-var-file=...] [EXTRA...]       (only in the ephemeral `test` environment)
//
// Which environment a layer runs in: the layer's own `environment:` when it has one
// (its infrastructure belongs there, whatever the run's environment), else the run's
// (StepContext::environment, e.g. `dev` on a terminal, `ci` for PR checks). That
// environment's `state_key` becomes `-backend-config=key=...` (`{layer}` and `{dir}` in
// it are replaced by the layer's name and directory), its `var_files` (relative to the
// workspace root) become `-var-file=` arguments, and its `env` is added to the child's
// environment after the built-in TF_INPUT=0, TF_IN_AUTOMATION=1 (not in `dev`) and
// TF_VAR_env=NAME; its `oidc: true` lets the steps request GitHub OIDC tokens. `{pr}` in
// a state_key is replaced by StepContext::pr_number (the ephemeral `test` environment
// keeps one state per pull request, flow/test_env.h); a run for no pull request cannot
// use such a key.
//
// Overrides: the config's `steps:` for the verb replace the default sequence, the
// layer's taking precedence over its environment's. A step is a built-in (init, fmt, lint,
// validate, plan, show, apply, destroy; argv as above for the verb) with optional extra
// argv, or a custom argv run as-is. Extra args from a comment go to the verb's main step
// (plan, apply, destroy; verify's plan), each a separate argv element, before any
// positional argument.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "common/result.h"
#include "config/config.h"
#include "run/child_environment.h"

namespace infra_flash {

enum class RunVerb { kCi, kPlan, kApply, kVerify, kDestroy };

const char* RunVerbName(RunVerb verb);  // "ci" | "plan" | "apply" | "verify" | "destroy"
std::optional<RunVerb> ParseRunVerb(std::string_view name);

// How a step's exit status reads.
enum class ExitCodes {
  kZeroIsSuccess,  // 0 ok, anything else failed
  kPlanChanges,    // -detailed-exitcode of plan: 0 no changes, 2 changes, else failed
  kDrift,          // -detailed-exitcode of verify: 0 clean, 2 drift, else failed
};

// What the step's standard output is.
enum class StepOutput {
  kLog,       // for people: stdout and stderr captured together
  kPlanJson,  // `show -json`: stdout is the plan JSON, summarised; stderr is the log
};

// Steps that must not run at the same time as another step with the same lock.
enum class StepLock {
  kNone,
  kPluginCache,  // `init` with a shared TF_PLUGIN_CACHE_DIR: concurrent installs collide
};

struct PlannedStep {
  std::string layer;
  std::string name;  // the built-in's name ("init", "plan", ...) or "run" for a custom step
  std::string cwd;   // absolute: the workspace root joined with the layer's dir
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;  // set for the child only, over our environment
  // The environment's `oidc: true` lets the step mint GitHub OIDC tokens (cloud logins);
  // everything else run/child_environment.h withholds, it withholds regardless.
  OidcAccess oidc = OidcAccess::kWithheld;
  ExitCodes exit_codes = ExitCodes::kZeroIsSuccess;
  StepOutput output = StepOutput::kLog;
  StepLock lock = StepLock::kNone;
  // A linter: when its program cannot be started (not installed), the step is recorded as
  // not run and the layer goes on; the tool check before a run does not require it.
  bool optional = false;
};

struct StepContext {
  std::string environment = "dev";      // the run's environment
  std::string workspace_root;           // absolute; the directory of .infra-flash.yml
  std::vector<std::string> extra_args;  // allowlisted by the caller; appended to the main step
  // The saved plan. Relative paths are relative to the layer's directory; `{layer}` is
  // replaced by the layer's name.
  std::string planfile = "tfplan";
  // The pull request the run is for; replaces `{pr}` in the state key. 0: none.
  std::int64_t pr_number = 0;
};

inline constexpr char kTflint[] = "tflint";

// The directory `lint` runs tflint in (repository-relative): the layer's code_dir, or its
// dir for a terraform/tofu layer discovery has not seen. An error, saying why, for a
// terragrunt unit whose `source` is remote: there is nothing local to lint.
Result<std::string> LintDirectory(const Layer& layer);

// The environment a layer runs in (see the top of this file).
std::string EffectiveEnvironment(const Layer& layer, const StepContext& context);

// The layer's steps for `verb`. Errors (each naming the layer): an unknown built-in
// step name in `steps:`, an empty custom argv, extra args for `ci` (which takes none),
// `destroy` outside the `test` environment, `{pr}` in the state key of a run for no
// pull request.
Result<std::vector<PlannedStep>> BuildSteps(const Config& config, const Layer& layer, RunVerb verb,
                                            const StepContext& context);

// The absolute planfile path BuildSteps uses for `layer`.
std::string PlanfilePath(const Layer& layer, const StepContext& context);

// [{"layer", "name", "cwd", "argv": [...], "env": {...}}] for `explain --steps`.
rapidjson::Value StepsToJson(const std::vector<PlannedStep>& steps,
                             rapidjson::Document::AllocatorType& allocator);

}  // namespace infra_flash
