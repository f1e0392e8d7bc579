// run/child_environment: what a child process (terraform, terragrunt, providers, custom
// steps, e2e suites, git) inherits from infra-flash's environment. The PR controls what
// these children run, so they must not get what only infra-flash needs: the GitHub token,
// the deploy secret, the Actions runtime's tokens. Everything else (AWS_*, GOOGLE_*, ARM_*,
// TF_VAR_*, PATH, HOME, ...) passes, because cloud credentials travel that way.
//
// The rule, one table (kWithheldVariables in the .cc, listed by WithheldVariables()):
//   - every INPUT_* variable (the Action's inputs: INPUT_GITHUB-TOKEN, INPUT_DEPLOY-SECRET);
//   - GitHub tokens under the names tools read them: GITHUB_TOKEN, GH_TOKEN, GITHUB_PAT, ...;
//   - the runner's ACTIONS_RUNTIME_TOKEN and the service URLs it is spent at;
//   - ACTIONS_ID_TOKEN_REQUEST_TOKEN / _URL (they mint OIDC tokens clouds trust), unless
//     the step's environment opted in with `oidc: true`;
//   - any variable, whatever its name, whose value equals the value of a withheld
//     variable that carries a secret (the token copied into `MY_TOKEN` stays behind).
// Names are compared without regard to case. The rule covers the step's own variables
// (`env:` in the config) too. Pure: the caller passes the environment in.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

// Whether a step may mint GitHub OIDC tokens (its environment's `oidc: true`).
enum class OidcAccess { kWithheld, kGranted };

// How a row of the table matches a variable name.
enum class NameMatch { kExact, kPrefix };

// Whether the withheld variable's value is itself a secret, so that the same value under
// another name is withheld too. INPUT_JOBS=2 is not: a child's `X=2` must pass.
enum class SecretValue { kNo, kYes };

// When a row does not apply.
enum class Waiver {
  kNone,
  kWhenOidcGranted,  // the step's environment has `oidc: true`
};

struct WithheldVariable {
  std::string_view name;  // upper case
  NameMatch match;
  SecretValue secret;
  Waiver waiver;
  std::string_view why;  // for docs and tests
};

// The table, in the order rows are tried (the first match decides).
const std::vector<WithheldVariable>& WithheldVariables();

// The row that withholds `name` for a step with `oidc`, or nullptr when it passes by name.
const WithheldVariable* WithheldBy(std::string_view name, OidcAccess oidc);

// The child's environment as "NAME=VALUE" entries: `parent` (entries "NAME=VALUE", as in
// `environ`; an entry without '=' is dropped) with `overrides` set over it, minus what the
// rule above withholds. Order: the parent's entries in order, then the overrides by name.
std::vector<std::string> ChildEnvironment(const std::vector<std::string_view>& parent,
                                          const std::map<std::string, std::string>& overrides,
                                          OidcAccess oidc);

}  // namespace infra_flash
