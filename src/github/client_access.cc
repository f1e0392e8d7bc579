// client_access: who is asking and what they may do: a collaborator's permission on the
// repository, a user's membership of an organization's team, and the login the token
// acts as (GraphQL's `viewer`).
#include "common/json.h"
#include "github/client.h"
#include "github/client_decode.h"
#include "github/client_internal.h"

namespace infra_flash {

Result<Permission> GitHubClient::GetCollaboratorPermission(const std::string& login) {
  Call call{HttpMethod::kGet,
            repo_path_ + "/collaborators/" + EncodePath(login, Slashes::kEncode) + "/permission"};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 404) return Permission::kNone;
  if (answer->response.status != 200) return Failure(call, *answer);
  return ParseCollaboratorPermission(answer->json);
}

Result<TeamMembership> GitHubClient::GetTeamMembership(const std::string& org,
                                                       const std::string& team_slug,
                                                       const std::string& login) {
  Call call{HttpMethod::kGet, "/orgs/" + EncodePath(org, Slashes::kEncode) + "/teams/" +
                                  EncodePath(team_slug, Slashes::kEncode) + "/memberships/" +
                                  EncodePath(login, Slashes::kEncode)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  const int status = answer->response.status;
  if (status == 404) return TeamMembership::kNotMember;
  if (status == 401 || status == 403) return TeamMembership::kHidden;
  if (status != 200) return Failure(call, *answer);
  return ParseTeamMembershipState(answer->json);
}

Result<std::string> GitHubClient::Viewer() {
  std::lock_guard<std::mutex> lock(viewer_mutex_);
  if (!viewer_.empty()) return viewer_;
  Call call{HttpMethod::kPost, "/graphql",
            JsonBody().Add("query", std::string("query { viewer { login } }")).Finish()};
  call.url = graphql_url_;
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  const std::string login = json::StringOr(json::Find(answer->json, {"data", "viewer", "login"}));
  if (login.empty()) {
    return Error{"GitHub's GraphQL API did not say which account the token acts as" +
                 std::string(answer->json.IsObject() && json::Member(answer->json, "errors")
                                 ? " (it answered with errors)"
                                 : "")};
  }
  viewer_ = login;
  return login;
}

}  // namespace infra_flash
