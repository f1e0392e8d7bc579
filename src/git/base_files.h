// base_files: files as they are in a commit the pull request cannot change (its base),
// for what judges the PR: the governing config and CODEOWNERS.
// From git when the checkout has that commit (no API request), else through the
// contents API. Git objects are addressed by SHA, so a checkout of the PR's code cannot
// pass its own files off as the base's.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "github/api.h"

namespace infra_flash {

// The text of repository-relative `path` in commit `sha`; nullopt when that commit has
// no such file. `client` may be null (then only git is asked). An Error when neither git
// (the commit is not in the checkout) nor the API (no client, or it failed) could tell.
Result<std::optional<std::string>> ReadFileAtCommit(const std::string& workspace,
                                                    ContentsApi* client, const std::string& sha,
                                                    const std::string& path);

}  // namespace infra_flash
