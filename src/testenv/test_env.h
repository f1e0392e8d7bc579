// test_env: the ephemeral `test` environment of a pull request. Layers with
// `test_env: true` are, after this commit's plan of them succeeded, planned and applied
// (test_env_steps.h: state key `test/pr-<n>/<layer>.tfstate` unless
// `environments.test.state_key` says otherwise) one at a time in dependency order; one
// whose test_env dependency failed is skipped. A dependency without `test_env` is not
// copied: the layer uses the shared one as it is. The dashboard has a "Test env" row per
// layer (⏳ deploying, ✅ deployed with its outputs, ❌ with why) and keeps the rows of
// earlier commits: they are how the close knows what to destroy. Closing the PR destroys
// each of them, dependents first. Fork PRs never get one, whatever `forks:` allows: it
// would run the fork's code with this repository's credentials. An interrupted job
// leaves no row on ⏳ (PrSession::Finish closes them as ⛔).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "session/context.h"
#include "session/pr_session.h"

namespace infra_flash {

// After the autoplan of PR `number` at `head_sha`: deploys the test_env layers among
// `planned` whose plan succeeded (as the session's dashboard shows). Returns false when
// one failed, was skipped or the environment's config is refused (each row and a note
// say why); true when there was nothing to do.
bool DeployTestEnvironments(FlowContext& context, PrSession& session, std::int64_t number,
                            const std::string& head_sha, const std::vector<std::string>& planned);

// When PR `number` closes (merged or not): destroys the test environments its dashboard
// lists. Returns false when one remains (a destroy failed, was cancelled, or something
// standing on it failed): the dashboard says which, and the command to finish by hand.
// Without a dashboard or rows, nothing runs and nothing is written.
bool DestroyTestEnvironments(FlowContext& context, std::int64_t number);

}  // namespace infra_flash
