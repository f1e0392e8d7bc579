// `infra-flash run` end to end: env vars as GitHub sets them, payload files, the
// loopback GitHub (tests/github_server), the simulator on PATH (tests/sim/bin) and a
// git repository copied from examples/monorepo as the workspace.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "support/github_server.h"
#include "support/subprocess.h"

namespace infra_flash::testing {
namespace {

const std::string kSource = INFRA_FLASH_SOURCE_DIR;
const std::string kRepo = "o/r";

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class Workspace {
 public:
  Workspace() {
    dir.Write("ws/.keep", "");
    Git({"init", "-q", "-b", "main"});
    Run({"cp", "-r", kSource + "/examples/monorepo/.", root()});
    Git({"add", "-A"});
    Commit("base");
    base = Head();
  }
  std::string root() const { return dir.path() + "/ws"; }
  void Git(std::vector<std::string> args) {
    std::vector<std::string> argv = {
        "git", "-C", root(), "-c", "user.name=t", "-c", "user.email=t@example.com"};
    argv.insert(argv.end(), args.begin(), args.end());
    Run(argv);
  }
  void Run(const std::vector<std::string>& argv) {
    ProcessResult result = RunProcess(argv);
    ASSERT_EQ(result.exit_code, 0) << argv[0] << " " << argv[1] << ": " << result.err;
  }
  void Commit(const std::string& message) { Git({"commit", "-q", "--allow-empty", "-m", message}); }
  std::string Head() {
    ProcessResult result = RunProcess({"git", "-C", root(), "rev-parse", "HEAD"});
    return result.out.substr(0, 40);
  }
  // Appends a resource to `file` on the current branch and commits it.
  std::string Change(const std::string& file, const std::string& name) {
    std::ofstream out(root() + "/" + file, std::ios::app);
    out << "\nresource \"null_resource\" \"" << name << "\" {\n  triggers = { v = \"" << name
        << "\" }\n}\n";
    out.close();
    Git({"add", "-A"});
    Commit("change " + name);
    return Head();
  }
  TempDir dir;
  std::string base;
};

class FlowsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(github.ok()) << github.error(); }

  // Runs `infra-flash run` for one event; outputs and step summary are read back.
  ProcessResult RunEvent(const std::string& name, const std::string& payload,
                         std::map<std::string, std::string> extra = {}) {
    const std::string event_path = work.dir.Write("event.json", payload);
    const std::string output = work.dir.Write("output.txt", "");
    const std::string summary = work.dir.Write("summary.md", "");
    std::map<std::string, std::string> env = {
        {"GITHUB_EVENT_NAME", name},
        {"GITHUB_EVENT_PATH", event_path},
        {"GITHUB_WORKSPACE", work.root()},
        {"GITHUB_REPOSITORY", kRepo},
        {"GITHUB_API_URL", github.base_url()},
        {"GITHUB_SERVER_URL", "https://github.com"},
        {"GITHUB_RUN_ID", "42"},
        {"GITHUB_TOKEN", "tok-e2e-123"},
        {"GITHUB_OUTPUT", output},
        {"GITHUB_STEP_SUMMARY", summary},
        {"SIM_STATE_DIR", work.dir.path() + "/state"},
        {"SIM_LOG", work.dir.path() + "/sim.log"},
        {"PATH", kSource + "/tests/sim/bin:" + std::string(std::getenv("PATH"))},
    };
    for (auto& [key, value] : extra) env[key] = value;
    ProcessOptions options;
    options.env = env;
    options.unset_env = {"INPUT_GITHUB-TOKEN", "GH_TOKEN"};
    options.timeout_seconds = 60;
    ProcessResult result = RunProcess({INFRA_FLASH_BINARY, "run"}, options);
    outputs = Slurp(output);
    step_summary = Slurp(summary);
    return result;
  }

  std::string PullPayload(const std::string& action, const std::string& head, bool merged = false) {
    return R"({"action":")" + action +
           R"(","number":1,"pull_request":{"number":1,"title":"add)"
           R"( cache","user":{"login":"alice","type":"User"},"draft":false,"merged":)" +
           (merged ? "true" : "false") + R"(,"head":{"sha":")" + head +
           R"(","ref":"feature","repo":{"full_name":"o/r"}},"base":{"sha":")" + work.base +
           R"(","ref":"main","repo":{"full_name":"o/r"}}},"repository":{"full_name":"o/r",)"
           R"("default_branch":"main"},"sender":{"login":"alice","type":"User"}})";
  }

  std::string CommentPayload(const std::string& body, const std::string& login, int id) {
    return R"({"action":"created","issue":{"number":1,"title":"add cache","pull_request":{}},)"
           R"("comment":{"id":)" +
           std::to_string(id) + R"(,"body":")" + body + R"(","user":{"login":")" + login +
           R"(","type":"User"}},"repository":{"full_name":)"
           R"("o/r","default_branch":"main"},"sender":{"login":")" +
           login + R"(","type":"User"}})";
  }

  void SeedPull(const std::string& head, const std::string& extra = "") {
    github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
                R"("permissions":{"alice":"write","bob":"admin","mallory":"read"},)"
                R"("commit_pulls":{")" +
                head +
                R"(":[1]},"pulls":[{"number":1,"user":"alice",)"
                R"("head_sha":")" +
                head + R"(","base_sha":")" + work.base +
                R"(","head_ref":"feature","title":"add cache",)"
                R"("reviews":[{"user":"bob","state":"APPROVED","commit_id":")" +
                head + R"("}])" + extra + "}]}");
  }

  void SeedComment(int id) {
    github.Seed(R"({"repo":"o/r","comments":[{"id":)" + std::to_string(id) +
                R"(,"issue":1,"body":"x","user":"alice"}]})");
  }

  std::string Dashboard() {
    std::string state = github.State(kRepo);
    return state;
  }

  LoopbackGitHub github{kSource, {"tok-e2e-123"}};
  Workspace work;
  std::string outputs;
  std::string step_summary;
};

TEST_F(FlowsTest, PullRequestPlanApplyMergeConvergesToNoOp) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);

  ProcessResult plan = RunEvent("pull_request", PullPayload("opened", head));
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(outputs.find("has-changes"), std::string::npos);
  EXPECT_NE(outputs.find("true"), std::string::npos) << outputs;
  std::string state = Dashboard();
  EXPECT_NE(state.find("infra-flash:dashboard"), std::string::npos) << state;
  EXPECT_NE(state.find("sha256:"), std::string::npos) << "plan digest in the hidden state";
  EXPECT_EQ(state.find("⏳"), std::string::npos) << "no row left on ⏳";
  EXPECT_NE(state.find("refs/infra-flash/locks/platform"), std::string::npos) << state;

  SeedComment(501);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "alice", 501));
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  state = Dashboard();
  EXPECT_NE(state.find("rocket"), std::string::npos) << state;
  EXPECT_NE(state.find("Applied: platform"), std::string::npos) << state;

  // Merge: main fast-forwards to the head; the push converges: nothing left to apply.
  work.Git({"checkout", "-q", "main"});
  work.Git({"merge", "-q", "--ff-only", "feature"});
  SeedPull(head, R"(,"merged":true,"state":"closed")");
  ProcessResult push = RunEvent(
      "push", R"({"ref":"refs/heads/main","before":")" + work.base + R"(","after":")" + head +
                  R"(","created":false,"repository":{"full_name":"o/r","default_branch":"main"},)"
                  R"("sender":{"login":"alice"}})");
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_NE(outputs.find("\"platform\":false"), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("has-changes"), std::string::npos);
  state = Dashboard();
  EXPECT_NE(state.find("nothing needed applying"), std::string::npos) << state;
  EXPECT_EQ(state.find("refs/infra-flash/locks/platform"), std::string::npos)
      << "the merged PR's locks are released: " << state;
}

TEST_F(FlowsTest, UnauthorizedApplyRunsNothing) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  SeedComment(601);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "mallory", 601));
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  const std::string state = Dashboard();
  EXPECT_NE(state.find("needs **write** permission"), std::string::npos) << state;
  EXPECT_NE(state.find("confused"), std::string::npos) << state;
  EXPECT_EQ(Slurp(work.dir.path() + "/sim.log"), "") << "no engine process ran";
  EXPECT_EQ(state.find("refs/infra-flash/locks"), std::string::npos) << "no lock taken";
}

TEST_F(FlowsTest, StalePlanAfterANewPushIsRefused) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string first = work.Change("platform/main.tf", "cache");
  SeedPull(first);
  ASSERT_EQ(RunEvent("pull_request", PullPayload("opened", first)).exit_code, 0);
  // A new commit lands and nobody saw its plan yet.
  const std::string second = work.Change("platform/main.tf", "queue");
  SeedPull(second);
  SeedComment(701);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "alice", 701));
  EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
  std::string state = Dashboard();
  EXPECT_NE(state.find("plan went stale"), std::string::npos) << state;
  EXPECT_EQ(state.find("Applied: platform"), std::string::npos) << state;
  // The new plan is now shown: a second /apply applies it.
  SeedComment(702);
  ProcessResult again = RunEvent("issue_comment", CommentPayload("/apply", "alice", 702));
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(Dashboard().find("Applied: platform"), std::string::npos);
}

}  // namespace
}  // namespace infra_flash::testing
