// `infra-flash run`: what the Action's container executes. Reads the variables the
// runner sets (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_API_URL,
// GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, INPUT_*) and runs the flow for
// the event (flow/flow.h).
#pragma once

#include <string>
#include <vector>

namespace infra_flash::cli {

int RunAction(const std::vector<std::string>& args);
std::string RunUsage();

}  // namespace infra_flash::cli
