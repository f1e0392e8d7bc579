// The harness of the GitOps version tests: the e2e harness (flows_fixture.h) with a
// one-layer config that versions `services/**`, a deploy receiver on loopback that
// checks X-Hub-Signature-256 (tests/support/http_stub.py), and readers for the tags,
// deploy records and releases the loopback GitHub holds.
#pragma once

#include <memory>

#include "../e2e/flows_fixture.h"
#include "support/http_stub.h"

namespace infra_flash::testing {

inline constexpr char kDeploySecret[] = "dep-s3cret-7f2a91";

class ReleaseTest : public FlowsTest {
 protected:
  // A config with one layer and `versions:` (`extra` is added under it), plus a
  // versioned service; committed as the new base.
  void Configure(const std::string& extra = "",
                 const std::string& deploy_url = "\"http://${DEPLOY_HOST}/deploy\"") {
    github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"}})");
    work.dir.Write("ws/.infra-flash.yml",
                   "version: 1\n"
                   "engine: terragrunt\n"
                   "layers:\n"
                   "  platform:\n"
                   "    dir: platform\n"
                   "versions:\n"
                   "  paths: [\"services/**\"]\n" +
                       (deploy_url.empty() ? "" : "  deploy_url: " + deploy_url + "\n") + extra);
    work.dir.Write("ws/services/app/values.yaml", "replicas: 1\n");
    work.Git({"add", "-A"});
    work.Commit("versions");
    work.base = work.Head();
  }

  // A deploy receiver answering /deploy with `answers` (http_stub.py ANSWERs, each
  // checking the signature).
  void StartReceiver(const std::string& answers = R"([{"status": 200, "body": "queued"}])") {
    std::string script = R"({"secret": ")" + std::string(kDeploySecret) +
                         R"(", "routes": {"/deploy": )" + answers + "}}";
    receiver = std::make_unique<HttpStub>(kSource, script);
    ASSERT_TRUE(receiver->ok()) << receiver->error();
  }

  std::map<std::string, std::string> DeployEnv(bool with_secret = true) {
    std::map<std::string, std::string> env = {{"INFRA_FLASH_DEPLOY_BACKOFF_MS", "20"}};
    if (receiver) env["DEPLOY_HOST"] = "127.0.0.1:" + std::to_string(receiver->port());
    if (with_secret) env["INPUT_DEPLOY-SECRET"] = kDeploySecret;
    return env;
  }

  // A push of main from `before` to the workspace's head.
  ProcessResult Push(const std::string& before, bool with_secret = true) {
    return PushRange(before, work.Head(), with_secret);
  }
  ProcessResult PushRange(const std::string& before, const std::string& after,
                          bool with_secret = true) {
    const std::string payload = R"({"ref":"refs/heads/main","before":")" + before +
                                R"(","after":")" + after +
                                R"(","created":false,"repository":{"full_name":"o/r",)"
                                R"("default_branch":"main"},"sender":{"login":"alice"}})";
    ProcessResult result = RunEvent("push", payload, DeployEnv(with_secret));
    ExpectNoSecret(result);
    return result;
  }

  // A workflow_dispatch `promote` with these inputs (JSON object members).
  ProcessResult Promote(const std::string& inputs, bool with_secret = true) {
    ProcessResult result =
        RunEvent("workflow_dispatch", DispatchPayload(R"({"command":"promote",)" + inputs + "}"),
                 DeployEnv(with_secret));
    ExpectNoSecret(result);
    return result;
  }

  void ExpectNoSecret(const ProcessResult& result) {
    // The runner hides ::add-mask:: values itself; anywhere else the secret must not appear.
    std::string out = result.out;
    const std::string mask_command = std::string("::add-mask::") + kDeploySecret;
    for (std::size_t at; (at = out.find(mask_command)) != std::string::npos;) {
      out.erase(at, mask_command.size());
    }
    EXPECT_FALSE(Contains(out, kDeploySecret)) << "the deploy secret leaked into the log";
    EXPECT_FALSE(Contains(result.err, kDeploySecret)) << "the deploy secret leaked to stderr";
    EXPECT_FALSE(Contains(step_summary, kDeploySecret)) << "the deploy secret leaked";
    EXPECT_FALSE(Contains(outputs, kDeploySecret)) << "the deploy secret leaked";
  }

  Result<rapidjson::Document> StateJson() { return json::Parse(github.State(kRepo), "state"); }

  // The commit refs/tags/<tag> names (through its annotated tag object when it is one).
  std::string TagCommit(const std::string& tag) {
    const std::string sha = Ref("refs/tags/" + tag);
    const std::string object = TagObjectField(sha, "object");
    return object.empty() ? sha : object;
  }
  // The message of the annotated tag <tag> ("" for none).
  std::string TagMessage(const std::string& tag) {
    return TagObjectField(Ref("refs/tags/" + tag), "message");
  }
  std::string TagObjectField(const std::string& sha, const std::string& field) {
    Result<rapidjson::Document> state = StateJson();
    if (!state.ok() || sha.empty()) return "";
    const rapidjson::Value* tag = json::Find(*state, {"tags", sha});
    if (tag == nullptr) return "";
    if (field == "object") return json::StringOr(json::Find(*tag, {"object", "sha"}));
    return json::StringOr(json::Member(*tag, field));
  }
  // How many refs/tags/ refs exist.
  int TagCount() {
    Result<rapidjson::Document> state = StateJson();
    const rapidjson::Value* refs = state.ok() ? json::Member(*state, "refs") : nullptr;
    int count = 0;
    if (refs == nullptr || !refs->IsObject()) return 0;
    for (const auto& member : refs->GetObject()) {
      count += std::string(member.name.GetString()).rfind("refs/tags/", 0) == 0;
    }
    return count;
  }
  // The body of the GitHub Release of `tag` ("" when none), and how many releases exist.
  std::string ReleaseBody(const std::string& tag) {
    Result<rapidjson::Document> state = StateJson();
    const rapidjson::Value* releases = state.ok() ? json::Member(*state, "releases") : nullptr;
    if (releases == nullptr || !releases->IsArray()) return "";
    for (const rapidjson::Value& release : releases->GetArray()) {
      if (json::StringOr(json::Member(release, "tag_name")) == tag) {
        return json::StringOr(json::Member(release, "body"));
      }
    }
    return "";
  }
  int ReleaseCount() {
    Result<rapidjson::Document> state = StateJson();
    const rapidjson::Value* releases = state.ok() ? json::Member(*state, "releases") : nullptr;
    return releases != nullptr && releases->IsArray() ? static_cast<int>(releases->Size()) : 0;
  }

  std::string Deployed(const std::string& environment, const std::string& tag) {
    return Ref("refs/infra-flash/deployed/" + environment + "/" + tag);
  }

  // Seeds refs (JSON object members: "refs/...": "sha").
  void SeedRefs(const std::string& members) {
    github.Seed(R"({"repo":"o/r","refs":{)" + members + "}}");
  }

  std::unique_ptr<HttpStub> receiver;
};

}  // namespace infra_flash::testing
