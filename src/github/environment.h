// environment: where the GitHub API is and how to talk to it, read from the
// variables the Actions runner sets. GITHUB_API_URL makes GitHub Enterprise Server
// work (and lets tests point at 127.0.0.1).
#pragma once

#include <string>

namespace infra_flash {

struct GitHubEnvironment {
  std::string api_url;     // GITHUB_API_URL, default https://api.github.com, no trailing '/'
  std::string server_url;  // GITHUB_SERVER_URL, default https://github.com
  std::string token;       // input `github-token` (INPUT_GITHUB-TOKEN), else GITHUB_TOKEN
  std::string repository;  // GITHUB_REPOSITORY, "owner/name"
  std::string run_id;      // GITHUB_RUN_ID
};

GitHubEnvironment ReadGitHubEnvironment();

// SERVER/REPOSITORY/actions/runs/RUN_ID, or "" when any part is missing.
std::string RunUrl(const GitHubEnvironment& environment);

}  // namespace infra_flash
