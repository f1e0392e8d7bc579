#include "github/dashboard_output.h"

#include "github/dashboard_comment.h"
#include "http/curl_transport.h"

namespace infra_flash {

Result<DashboardOutput> OpenDashboardOutput(const GitHubEnvironment& environment,
                                            std::int64_t pr_number, std::ostream& terminal,
                                            Clock& clock, const Masker* masker) {
  DashboardOutput output;
  if (environment.token.empty() || environment.repository.empty() || pr_number <= 0) {
    RenderOptions render{Surface::kTerminal};
    render.masker = masker;
    output.sink = std::make_unique<TerminalSink>(terminal, render);
    return output;
  }
  output.transport = std::make_unique<CurlTransport>();
  GitHubClientOptions options;
  options.api_url = environment.api_url;
  options.token = environment.token;
  options.repository = environment.repository;
  options.masker = masker;
  auto client = GitHubClient::Create(std::move(options), *output.transport, clock);
  if (!client.ok()) return client.error();
  output.client = std::move(client).value();
  GitHubSinkOptions sink_options;
  sink_options.render.masker = masker;
  output.sink = std::make_unique<GitHubSink>(*output.client, pr_number, sink_options);
  output.destination = DashboardDestination::kPullRequestComment;
  return output;
}

}  // namespace infra_flash
