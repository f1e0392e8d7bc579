// release_deploy: one signed deploy request of a version tag to an environment, from
// the flow's config and inputs, then its record (release_repo.h).
//
//   versions.deploy_url   where the request goes; `${VAR}` filled from the environment
//   input deploy-secret   the HMAC key (masked in every log line from the moment it is read)
//   INFRA_FLASH_DEPLOY_BACKOFF_MS   the first wait before a retry (default 2000, doubled
//                                   per retry); for tests and impatient receivers
//
// Without `deploy_url` the tag itself is the release (a GitOps tool that watches tags
// deploys it): nothing is sent and the deploy is recorded all the same.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "session/context.h"

namespace infra_flash {

struct DeployReport {
  std::string line;  // one line for the log and the step summary
};

// Errors: a bad URL template, a missing secret, a refusal or retries exhausted (each
// names the tag and says what to do), a record that could not be written.
Result<DeployReport> DeployAndRecord(FlowContext& context, std::string_view environment,
                                     const std::string& tag, const std::string& commit);

}  // namespace infra_flash
