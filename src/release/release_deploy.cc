#include "release/release_deploy.h"

#include <algorithm>
#include <chrono>

#include "deploy/deploy_request.h"
#include "health/url_template.h"
#include "store/release_repo.h"

namespace infra_flash {
namespace {

DeployRetryPolicy DeployPolicy(const FlowContext& context) {
  DeployRetryPolicy policy;
  if (const auto& backoff = context.settings->knobs.deploy_backoff) {
    policy.initial_backoff = *backoff;
    policy.max_backoff = std::max(policy.initial_backoff, *backoff * 8);
  }
  return policy;
}

Result<DeployEndpoint> Endpoint(FlowContext& context, const std::string& tag) {
  Result<ExpandedUrl> url =
      ExpandUrlTemplate(context.config.versions.deploy_url, ProcessEnvironment());
  if (!url.ok()) {
    return Error{"`versions.deploy_url` cannot be filled in: " + url.error().message +
                 ". Set the variable in the job's `env:`; `" + tag +
                 "` was not deployed. Re-run the job once it is set"};
  }
  std::optional<std::string> secret = action::Input("deploy-secret");
  if (!secret) {
    return Error{
        "`versions.deploy_url` is set but the input `deploy-secret` is empty, so the "
        "deploy request for `" +
        tag +
        "` could not be signed and was not sent. Pass it from a secret "
        "(`deploy-secret: ${{ secrets.DEPLOY_SECRET }}`), then re-run the job"};
  }
  context.masker.AddSecret(*secret);
  std::fputs(action::AddMask(*secret).c_str(), stdout);
  return DeployEndpoint{url->url, *secret};
}

}  // namespace

Result<DeployReport> DeployAndRecord(FlowContext& context, std::string_view environment,
                                     const std::string& tag, const std::string& commit) {
  DeployReport report;
  if (context.config.versions.deploy_url.empty()) {
    report.line = "`" + tag + "` is released to " + std::string(environment) +
                  " (no `versions.deploy_url`: the tag is the release)";
  } else {
    Result<DeployEndpoint> endpoint = Endpoint(context, tag);
    if (!endpoint.ok()) return endpoint.error();
    DeployRequest request{std::string(environment), tag, context.event.actor};
    if (request.triggered_by.empty()) request.triggered_by = "infra-flash";
    context.Log("deploy request: `" + tag + "` to " + std::string(environment));
    Result<DeployReceipt> receipt = SendDeployRequest(request, *endpoint, DeployPolicy(context));
    if (!receipt.ok()) return receipt.error();
    report.line = "deploy request for `" + tag + "` to " + std::string(environment) +
                  " delivered (HTTP " + std::to_string(receipt->status) + ", " +
                  std::to_string(receipt->attempts) +
                  (receipt->attempts == 1 ? " attempt)" : " attempts)");
  }
  if (Status recorded = RecordDeploy(*context.client, environment, tag, commit); !recorded.ok()) {
    return recorded.error();
  }
  return report;
}

}  // namespace infra_flash
