// dashboard_output: where this run's dashboard goes. The pull request's comment when
// a token, a repository and a pull request are known; otherwise the terminal (a
// developer running infra-flash on a checkout, or a job without a token).
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>

#include "common/mask.h"
#include "common/result.h"
#include "github/client.h"
#include "github/environment.h"
#include "http/http_transport.h"
#include "report/sink.h"

namespace infra_flash {

enum class DashboardDestination { kPullRequestComment, kTerminal };

struct DashboardOutput {
  DashboardDestination destination = DashboardDestination::kTerminal;
  std::unique_ptr<HttpTransport> transport;  // null for the terminal
  std::unique_ptr<GitHubClient> client;      // null for the terminal
  std::unique_ptr<DashboardSink> sink;       // never null
};

// `pr_number` 0 means there is no pull request (a push, a terminal run). Errors are
// settings that are present but wrong (a malformed GITHUB_API_URL or repository).
// `clock` and `masker` (may be null) must outlive the output.
Result<DashboardOutput> OpenDashboardOutput(const GitHubEnvironment& environment,
                                            std::int64_t pr_number, std::ostream& terminal,
                                            Clock& clock, const Masker* masker);

}  // namespace infra_flash
