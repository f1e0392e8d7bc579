// `infra-flash health`: probes the services of the config's `health:` list and prints
// the status table (the `/health` comment's markdown, or JSON).
#pragma once

#include <string>
#include <vector>

namespace infra_flash::cli {

// Exit status: 0 every service up (healthy or auth required; also when none is
// configured), 1 any service down or not checked, 2 usage or config error (one line on
// stderr).
int RunHealth(const std::vector<std::string>& args);
std::string HealthUsage();

}  // namespace infra_flash::cli
