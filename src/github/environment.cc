#include "github/environment.h"

#include <cstdlib>

#include "common/strings.h"

namespace infra_flash {
namespace {

std::string Variable(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(Trim(value));
}

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string FirstNonEmpty(std::string a, std::string b) { return a.empty() ? b : a; }

}  // namespace

GitHubEnvironment ReadGitHubEnvironment() {
  GitHubEnvironment environment;
  environment.api_url =
      WithoutTrailingSlash(FirstNonEmpty(Variable("GITHUB_API_URL"), "https://api.github.com"));
  environment.server_url =
      WithoutTrailingSlash(FirstNonEmpty(Variable("GITHUB_SERVER_URL"), "https://github.com"));
  // Action inputs keep their hyphen in the variable name.
  environment.token = FirstNonEmpty(Variable("INPUT_GITHUB-TOKEN"), Variable("GITHUB_TOKEN"));
  environment.repository = Variable("GITHUB_REPOSITORY");
  environment.run_id = Variable("GITHUB_RUN_ID");
  return environment;
}

std::string RunUrl(const GitHubEnvironment& environment) {
  if (environment.server_url.empty() || environment.repository.empty() ||
      environment.run_id.empty()) {
    return "";
  }
  return environment.server_url + "/" + environment.repository + "/actions/runs/" +
         environment.run_id;
}

}  // namespace infra_flash
