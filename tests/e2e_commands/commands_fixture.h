// The harness of the command tests: FlowsTest (../e2e/flows_fixture.h) plus a PR whose
// head carries extra config and files, outputs read back by name, the check rows of the
// dashboard and the requests the loopback GitHub received.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "../e2e/flows_fixture.h"

namespace infra_flash::testing {

class CommandsTest : public FlowsTest {
 protected:
  // Appends `config_yaml` to .infra-flash.yml on the base branch (the rules that judge
  // the PR are the base's); then on branch `feature` writes `files` (path -> content),
  // commits and seeds PR #1 at the new head. Returns the head.
  std::string OpenPull(const std::string& config_yaml,
                       const std::map<std::string, std::string>& files = {}) {
    work.AppendOnBase(".infra-flash.yml", config_yaml);
    work.Branch("feature");
    for (const auto& [path, content] : files) work.dir.Write("ws/" + path, content);
    work.Git({"add", "-A"});
    work.Commit("the PR's files");
    head = work.Head();
    SeedPull(head);
    return head;
  }

  // Comments `body` as `login` (comment id `id`) and runs the job.
  ProcessResult Comment(const std::string& body, int id,
                        std::map<std::string, std::string> env = {},
                        const std::string& login = "alice") {
    SeedComment(id);
    return RunEvent("issue_comment", CommentPayload(body, login, id), std::move(env));
  }

  // The line of the dashboard's checks table that starts with `title` ("| E2E `smoke` |").
  std::string CheckLine(const std::string& title) {
    const std::string dashboard = DashboardOf(1);
    const std::size_t at = dashboard.find("| " + title + " |");
    if (at == std::string::npos) return "";
    return dashboard.substr(at, dashboard.find('\n', at) - at);
  }

  // The comment bodies (`body` of the JSON sent) of the requests with `method` whose path
  // contains `path_part`, in order.
  std::vector<std::string> RequestBodies(const std::string& method, const std::string& path_part) {
    std::vector<std::string> bodies;
    Result<rapidjson::Document> requests = json::Parse(github.Requests(), "requests");
    if (!requests.ok() || !requests->IsArray()) return bodies;
    for (const rapidjson::Value& request : requests->GetArray()) {
      if (json::StringOr(json::Member(request, "method")) != method) continue;
      if (!Contains(json::StringOr(json::Member(request, "path")), path_part)) continue;
      const rapidjson::Value* body = json::Member(request, "body");
      if (body != nullptr && body->IsObject()) body = json::Member(*body, "body");  // a comment's
      bodies.push_back(json::StringOr(body));
    }
    return bodies;
  }

  // The labels of PR #1 as the loopback GitHub holds them.
  std::vector<std::string> Labels() {
    std::vector<std::string> names;
    Result<rapidjson::Document> state = json::Parse(github.State(kRepo), "state");
    if (!state.ok()) return names;
    const rapidjson::Value* list = json::Find(*state, {"labels", "1"});
    if (list == nullptr || !list->IsArray()) return names;
    for (const rapidjson::Value& name : list->GetArray()) {
      names.push_back(name.IsString() ? name.GetString()
                                      : json::StringOr(json::Member(name, "name")));
    }
    return names;
  }

  std::string head;
};

}  // namespace infra_flash::testing
