// config: `.infra-flash.yml` -> Config. The published contract of the file is
// schemas/infra-flash.schema.json; LoadConfig checks everything the schema says and
// what a schema cannot (unknown layers in depends_on, cycles, duplicate dirs, a layer
// named like an environment). Every error points at FILE:LINE:COL.
//
// Errors: the loader stops at the first problem and returns one Error (one line, see
// Error::ToString: "FILE:LINE:COL: message"). Problems of shape and type are found in
// file order; then, once the whole file is read: duplicate dirs, unknown layers in
// depends_on, unknown environments, layer/environment name clashes, cycles, unknown layers
// in triggers, unknown layers in health checks. Hostile files are refused, not crashed on:
// over 1 MiB, nested over 64 levels, over 100,000 values with aliases expanded, duplicate
// keys, several documents (src/config/yaml_tree.h). Keys and their docs come from one table
// per section (config/keys.h); globs are described in config/glob.h.
//
// Values: plain YAML 1.2 scalars (true/false, integers); a quoted "true" or "1" is text,
// so `auto_apply: "yes"` and `version: "1"` are refused. Text fields accept any scalar
// (`dir: 2024` is the directory "2024"). An empty value reads as an empty list or map.
// A layer's dir is normalised ("./a//b/" -> "a/b"); the repository root is ".".
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/permission.h"
#include "common/result.h"

namespace infra_flash {

enum class Engine { kTerragrunt, kTerraform, kTofu };

const char* EngineName(Engine engine);  // "terragrunt" | "terraform" | "tofu"
std::optional<Engine> ParseEngine(std::string_view name);

// Where a value stood in the config file, for errors found after loading.
struct Position {
  int line = 0;
  int column = 0;
};

// One step of a layer's sequence, as the config overrides it: either a built-in
// step of the runner ("init", "fmt", "lint", "validate", "plan", "show", "apply", "destroy")
// with optional extra argv appended, or a custom argv run as-is (no shell).
struct StepSpec {
  std::string builtin;                  // empty for a custom step
  std::vector<std::string> extra_args;  // appended to the built-in's argv
  std::vector<std::string> run;         // custom argv; argv[0] found on PATH

  bool operator==(const StepSpec&) const = default;
};

// verb ("ci", "plan", "apply", "verify", "destroy") -> the steps replacing the defaults.
using StepOverrides = std::map<std::string, std::vector<StepSpec>>;

// The linter a layer opts into (`lint:`); its result is the dashboard's Lint column.
enum class Linter { kNone, kTflint };

struct Layer {
  std::string name;
  std::string dir;                      // repo-relative, normalised, no trailing '/'
  Engine engine = Engine::kTerragrunt;  // the file's `engine` unless overridden
  std::vector<std::string> depends_on;  // layer names
  std::string environment;              // empty: none
  // `environments: [staging, prod]`: the promotion path, in order. The loader turns such a
  // layer into one target per environment (see "Targets" below); each target keeps the
  // whole path here and its own environment in `environment`.
  std::vector<std::string> environments;
  // For a target of a promoted layer: the layer's name in the file ("app" for "app@prod").
  // Empty for every other layer.
  std::string base;
  bool auto_apply = true;                  // applied by push convergence
  std::vector<std::string> when_modified;  // extra globs that affect this layer
  StepOverrides steps;                     // per-layer step overrides
  bool test_env = false;        // applied into a per-PR `test` environment while the PR is open
  Linter lint = Linter::kNone;  // `lint: tflint`: the PR check runs tflint on the code
  // Its own remote state key (`{layer}`, `{dir}`, `{pr}` are replaced); wins over its
  // environment's, except in the ephemeral `test` environment (one state per PR). Empty:
  // the environment's.
  std::string state_key;
  Position position;  // of the layer's key
  // Found in the layer's own files, not written in the config (discovery/discovery.h):
  // files and directories it reads outside `dir` (a directory covers all under it), and
  // where each `depends_on` edge came from ("depends_on", or "FILE:LINE: dependency
  // \"x\"" for a terragrunt dependency block). Empty until discovery ran.
  std::vector<std::string> reads;
  std::map<std::string, std::vector<std::string>> depends_on_from;
  // The directory of the .tf files terraform runs for it: `dir`, or for a terragrunt unit
  // the local module its `terraform { source }` names. Empty when discovery has not run,
  // or when that source is not a local directory (a git or registry module).
  std::string code_dir;

  // The name the file gives the layer: `base` for a target, else `name`.
  const std::string& ConfigName() const { return base.empty() ? name : base; }
  bool IsTarget() const { return !base.empty(); }
};

// Targets. A layer with `environments: [staging, prod]` is one layer of the file and one
// target per environment of its path: the loader replaces it, in place, by layers named
// "app@staging" and "app@prod" (`@` is never part of a name in the file), each bound to
// its environment. Everything keyed by layer (plans, locks, plan digests, apply claims,
// dashboard rows, drift scans) is then per layer × environment. The targets share the
// layer's directory and never run at the same time: each one after the previous one on the
// path depends on it, so a failure in staging stops the path before prod. Each target
// keeps its own plan file and TF_DATA_DIR (`tfplan-prod`, `.terraform-prod`) beside the
// code. A layer that depends on a promoted one depends on its target in the same
// environment when there is one, else on all its targets.
//
// "app@prod": the target of `layer` in `environment`.
std::string TargetName(std::string_view layer, std::string_view environment);
// ShownLayerName (common/strings.h) is how people see a target: "app · prod".

struct PathTrigger {  // `triggers:` entries: paths that affect layers beyond their dirs
  std::vector<std::string> paths;   // globs
  bool all_layers = false;          // `layers: all`
  std::vector<std::string> layers;  // when not all
};

struct Environment {
  std::string name;
  std::string state_key;
  std::vector<std::string> var_files;
  std::vector<std::string> require;    // "approved", "mergeable", "undiverged"
  std::vector<std::string> approvers;  // logins, teams, `codeowners` (config/approvers.h)
  bool confirm = false;  // a workflow_dispatch apply needs the input `confirm: deploy`
  std::map<std::string, std::string> env;  // extra environment variables for the child
  StepOverrides steps;                     // per-environment step overrides
  // The layers' processes may request GitHub OIDC tokens (ACTIONS_ID_TOKEN_REQUEST_*),
  // for a cloud login from the engine; withheld from children otherwise.
  bool oidc = false;

  bool operator==(const Environment&) const = default;
};

// How processes run (`run:` in the file).
struct RunConfig {
  int jobs = 0;                     // parallel layers; 0 = number of cores
  bool sequential_apply = true;     // apply one layer at a time, in dependency order
  int step_timeout_seconds = 3600;  // per step; SIGTERM, then SIGKILL after a grace period
  std::string plugin_cache_dir;     // TF_PLUGIN_CACHE_DIR; when set, `init` is serialised
  std::map<std::string, std::string> binaries;  // engine or tflint -> path (default: on PATH)
  std::vector<std::string> mask_env;  // names of env vars whose values are masked in output
  // Terragrunt layers' `init` provisions the `remote_state` backend (S3 bucket, GCS
  // bucket, lock table) with `--backend-bootstrap`; terragrunt 1.x no longer does it by
  // itself.
  bool backend_bootstrap = false;

  bool operator==(const RunConfig&) const = default;
};

struct CommandsConfig {
  std::map<std::string, std::string> aliases;           // "infra dig" -> "/health"
  std::map<std::string, std::vector<std::string>> e2e;  // suite -> argv
  std::string e2e_default;   // the suite `/e2e` runs without a name; empty: see DefaultE2eSuite
  bool e2e_on_push = false;  // push convergence runs the default suite after applying

  // `e2e_default`, else the only suite when there is exactly one, else empty.
  std::string DefaultE2eSuite() const;

  bool operator==(const CommandsConfig&) const = default;
};

// `review:`: the hand-off to a review job (infra-flash does not review code itself).
struct ReviewConfig {
  std::string label = "ai-review";  // added to the PR on /review; empty: no label
  bool auto_request = false;        // `auto`: request review after a plan with changes

  bool operator==(const ReviewConfig&) const = default;
};

// `versions:`: GitOps version tags and signed deploy requests (see deploy/).
struct VersionsConfig {
  std::vector<std::string> paths;        // globs; a push to the default branch touching
                                         // them tags the next patch. Empty: no versioning
  std::vector<std::string> fingerprint;  // globs of the files whose content decides whether
                                         // a deploy is needed; empty: `paths`
  std::string deploy_url;  // where deploy requests go (`${VAR}` allowed); empty: tags only
  bool release = true;     // a GitHub Release for each promotion to production

  bool enabled() const { return !paths.empty(); }

  bool operator==(const VersionsConfig&) const = default;
};

struct HealthCheck {
  std::string layer;
  std::string name;
  std::string url;
  std::vector<int> expect;  // healthy status codes; empty means 2xx

  bool operator==(const HealthCheck&) const = default;
};

// What `{…}` a policy check's argv may hold: the loader refuses any other, and
// policy/policy_checks.h replaces these, in this order of PolicySubject's fields.
inline constexpr std::array<std::string_view, 4> kPolicyPlaceholders = {"plan_json", "dir", "layer",
                                                                        "environment"};

// `policies:` entries: a checker run on each plan with changes (policy/policy_checks.h).
struct PolicyCheck {
  std::string name;
  // No shell. `{plan_json}`, `{dir}`, `{layer}` and `{environment}` are replaced by the
  // target's plan JSON file, directory, name and environment.
  std::vector<std::string> argv;
  // Repository-relative files the checker reads (policies, scripts). On a pull request
  // they are taken from the base branch, never from the pull request's own tree.
  std::vector<std::string> files;
  std::vector<std::string> layers;        // names in the file; empty: every layer
  std::vector<std::string> environments;  // empty: every environment
  // Who may approve a failure: logins, `@org/team`, `codeowners` (config/approvers.h).
  // Empty: the repository's admins.
  std::vector<std::string> owners;
  int timeout_seconds = 300;

  bool operator==(const PolicyCheck&) const = default;
};

struct Config {
  std::string file;  // the path it was loaded from, for messages
  int version = 1;
  Engine engine = Engine::kTerragrunt;
  std::vector<Layer> layers;  // in file order
  std::vector<PathTrigger> triggers;
  std::vector<std::string> ignore;  // globs
  std::map<std::string, Environment> environments;
  std::map<std::string, Permission> permissions;  // verb -> minimum level
  CommandsConfig commands;
  std::vector<HealthCheck> health;
  RunConfig run;
  ReviewConfig review;
  VersionsConfig versions;
  std::vector<PolicyCheck> policies;
  bool autoplan = true;           // `autoplan: { enabled: false }` turns PR autoplan off
  bool autoplan_drafts = false;   // `autoplan: { drafts: true }`
  bool allow_fork_plans = false;  // `forks: { plan: true }`

  // The layer named `name`, or nullptr.
  const Layer* FindLayer(std::string_view name) const;
  // The minimum permission for `verb` (config, else the verb's default in kVerbs,
  // config/verbs.h; write for a name that is no verb).
  Permission RequiredPermission(std::string_view verb) const;
  // The environment named `name`, or nullptr.
  const Environment* FindEnvironment(std::string_view name) const;
  // Every layer's name, in file order (targets by their own names, "app@prod").
  std::vector<std::string> LayerNames() const;
  // The names the file gives its layers, in file order: a promoted layer once ("app").
  std::vector<std::string> ConfigLayerNames() const;
  // The targets of the layer the file names `name`, in the order of its path; for a layer
  // that is not promoted, that layer alone. Empty when there is no such layer.
  std::vector<const Layer*> TargetsOf(std::string_view name) const;
  // What a word of a command names: the layer or target of that name ("app@prod"), else
  // every target of the promoted layer the file names so ("app"). Empty: neither.
  std::vector<const Layer*> LayersNamed(std::string_view word) const;
  // The name the file gives the layer or target `name` ("app" for "app@prod"); `name`
  // itself when there is no such layer.
  std::string ConfigNameOf(std::string_view name) const;
  // Every environment's name, in name order.
  std::vector<std::string> EnvironmentNames() const;
  // The policy check named `name`, or nullptr.
  const PolicyCheck* FindPolicy(std::string_view name) const;
};

// What depending on a layer means, for many names of one Config at once (it indexes the
// layers' names when it is made; the Config must outlive it, and keep its layers' names).
class DependencyResolver {
 public:
  explicit DependencyResolver(const Config& config);
  // What a layer deploying to `environment` ("" for none) depends on when it depends on
  // `name` (a layer's name in the file, or one of its targets'): that layer, or for a
  // promoted one its target in `environment` when it has one, else all of its targets.
  // Empty for a name that is neither.
  std::vector<std::string> On(std::string_view name, std::string_view environment) const;

 private:
  const Config& config_;
  std::unordered_map<std::string_view, std::size_t> by_name_;
  std::unordered_map<std::string_view, std::vector<std::size_t>> targets_;  // by config name
};

// The environment a pull request's ephemeral test deploys go to (one state per PR and
// layer, destroyed when the PR closes).
inline constexpr char kTestEnvironment[] = "test";
// The environment of pull requests' checks and of plans for layers bound to none. Never
// applied into when it gives a state of its own.
inline constexpr char kCiEnvironment[] = "ci";

// The state key `layer` uses in the environment named `environment_name` (`settings`: its
// configuration, nullptr when there is none): the layer's own `state_key`, else the
// environment's. In the ephemeral `test` environment always the environment's, so that a
// pull request's test deploy, and its destroy, never reach a layer's real state. `{layer}`
// and `{dir}` are replaced (`{layer}` by the name in the file, "app" for "app@prod"), and
// `{environment}` by `environment_name`; `{pr}` is left for the run. Empty: none (the engine's own
// backend configuration decides).
std::string StateKeyTemplate(const Layer& layer, std::string_view environment_name,
                             const Environment* settings);
// Whether that key is the layer's own `state_key` rather than the environment's.
bool UsesOwnStateKey(const Layer& layer, std::string_view environment_name);

// Parses YAML text. `file` names it in errors. Errors: "FILE:LINE:COL: message".
Result<Config> ParseConfig(std::string_view yaml_text, const std::string& file);
// Reads and parses a file.
Result<Config> LoadConfig(const std::string& path);

}  // namespace infra_flash
