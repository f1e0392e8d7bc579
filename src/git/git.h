// git: the git commands the flows run in the workspace. Argv only, no
// shell; `safe.directory=*` because the Action's container runs as another user than the
// checkout's owner (git would refuse it: "dubious ownership"); GIT_TERMINAL_PROMPT=0 so
// that a fetch needing credentials fails at once instead of waiting for a password.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "run/process_executor.h"

namespace infra_flash {

inline constexpr std::chrono::seconds kGitTimeout{300};

// `git ARGUMENTS...` in `cwd`, stopped after `timeout`.
ProcessOutput Git(const std::string& cwd, const std::vector<std::string>& arguments,
                  std::chrono::seconds timeout = kGitTimeout);

// It ran and exited 0.
bool GitSucceeded(const ProcessOutput& output);

// What git said, for a message: the first line of its error output ("fatal: …"),
// at most 600 bytes; "exit N" when it said nothing.
std::string GitSaid(const ProcessOutput& output);

}  // namespace infra_flash
