// policy_checks: the config's `policies:` (config.h PolicyCheck) applied to one target's
// plan, and who may approve a failure. Pure: the session runs the checkers
// (session/policy_stage.h) and hands their exit here.
//
// A check covers a target when its `layers` name the target's layer (by the name the file
// gives it: `app` covers app@staging and app@prod) or are empty, and its `environments`
// name the environment the target runs in or are empty. It runs after every plan of a
// covered target that has changes.
//   exit 0                                   ✅ passed
//   any other exit status                    ❌ failed (conftest exits 1 on a denial)
//   126 or 127 (the shell's "cannot execute" and "not found"), a program that cannot be
//   started, a timeout, a signal              ⚠️ error: the checker could not run, which
//                                               never counts as a pass
// A failed or errored check stops the target's `/apply` and the push convergence's
// apply, unless an owner of that check approved it for the same commit and plan digest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "policy/requirements.h"
#include "run/results.h"
#include "status/dashboard.h"

namespace infra_flash {

// What a check's placeholders stand for, for one target.
struct PolicySubject {
  std::string plan_json;    // {plan_json}: absolute path of the plan's `show -json` output
  std::string dir;          // {dir}: the layer's directory, repository-relative
  std::string layer;        // {layer}: the target's name ("app@prod")
  std::string environment;  // {environment}
};

// The checks that cover `layer` running in `environment`, in config order.
std::vector<const PolicyCheck*> ChecksCovering(const Config& config, const Layer& layer,
                                               std::string_view environment);

// `check.argv` with every placeholder replaced (each element stays one argument, whatever
// the values hold: no shell ever reads them).
std::vector<std::string> PolicyArgv(const PolicyCheck& check, const PolicySubject& subject);

// How a checker's exit reads (the table at the top).
StageStatus PolicyVerdict(StepEnd end, int exit_code);

// The lines a failure shows: the checker's output (stdout, then stderr), blank lines
// dropped, at most `max_lines` lines and `max_bytes` bytes (a note says how many were left
// out). For an error, why it could not run comes first.
std::string PolicyOutput(StepEnd end, int exit_code, const std::string& stdout_text,
                         const std::string& stderr_text, const std::string& error,
                         std::size_t max_lines = 40, std::size_t max_bytes = 4096);

// The Policy cell for a target's results: ✅ "2 passed", ❌ naming the failed checks (and
// "approved" when every failure is), ⚠️ naming those that could not run. kNotRun (a bare
// cell) for no results.
StageCell PolicyCell(const LayerRow& row, std::string_view sha);

// How messages name who may approve `check`: "@bob, @org/security or the code owners of
// envs/prod", or "a repository admin" for a check without owners.
std::string PolicyOwnersText(const PolicyCheck& check, std::string_view dir);

// Why a target's apply is refused for `blocking` (LayerRow::UnapprovedPolicies): the
// checks, and who may approve each with which command.
std::string PolicyRefusal(const Config& config, const Layer& layer,
                          const std::vector<const PolicyResult*>& blocking);

// Whether `login` owns `check` for a target in `dir` (repository-relative): a listed
// login (case-insensitive); an active member of a listed team; with `codeowners`, an owner
// of `dir` in the base commit's CODEOWNERS (`codeowners` holds its Error when it could
// not be read); without owners, an admin of the repository. An Error when GitHub could
// not say (a team the token may not read), never taken for "no".
Result<bool> IsPolicyOwner(const PolicyCheck& check, const std::string& login, std::string_view dir,
                           const Result<BaseCodeowners>& codeowners, ReviewerDirectory& directory);

}  // namespace infra_flash
