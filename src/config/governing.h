// governing: the config that judges a pull request. A PR's copy of `.infra-flash.yml` is
// the PR's own proposal: it may add layers and change paths, which are planned, but the
// rules that decide who may do what to which environment come from its base branch, so
// that no PR can loosen the rules that judge it. Pure: both configs are already loaded.
//
// Policy (taken from the base, whatever the PR's copy says):
//   permissions, forks, commands (aliases, e2e suites), run (binaries, parallelism,
//   timeouts), health, versions, review, policies (the checks and who owns them; the files
//   a check reads are taken from the base commit too, policy/policy_checks.h);
//   each environment's rules: everything but `state_key` and `var_files` (require,
//   approvers, env, steps, and any rule added later), which the PR's copy may change;
//   each layer's binding: `environment`, `auto_apply`, `test_env` and `steps` of a layer
//   the base defines (by name, or by directory for a layer the PR renamed).
// Not policy (the PR's copy): layers and their directories and dependencies, new layers,
// triggers, ignore, engine, autoplan. `run.mask_env` is the union of both: masking more
// never loosens anything.
// An environment only the PR defines is *proposed*: its layers plan, but none applies
// before the merge. Without a base config (the PR that introduces infra-flash) every
// rule is the built-in default and every environment is proposed.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace infra_flash {

struct GoverningConfig {
  Config config;  // what the run uses: the PR's layers under the base's rules
  // The policy keys the PR's copy changes, for the dashboard ("permissions",
  // "environments.prod", "layers.data-prod.environment"); they take effect after merge.
  std::vector<std::string> changes;
  std::vector<std::string> proposed_environments;  // defined only by the PR: no apply
  bool base_missing = false;  // the base branch has no config: nobody applies yet

  bool IsProposed(const std::string& environment) const;
};

// `base` is the base branch's config, or nullptr when the base branch has none.
GoverningConfig Govern(const Config& head, const Config* base);

}  // namespace infra_flash
