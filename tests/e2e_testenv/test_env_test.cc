// The ephemeral `test` environment end to end: the real binary on pull_request events,
// the loopback GitHub, the simulator and a git workspace whose config (the example
// monorepo's) has `test_env: true` on platform and data-staging.
#include <chrono>
#include <thread>

#include "../e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

constexpr char kConfig[] = R"(version: 1
engine: terragrunt
layers:
  bootstrap:
    dir: bootstrap
    engine: terraform
    auto_apply: false
  platform:
    dir: platform
    depends_on: [bootstrap]
    test_env: true
  data-staging:
    dir: envs/staging/data
    depends_on: [platform]
    environment: staging
    test_env: true
  data-prod:
    dir: envs/prod/data
    depends_on: [platform]
    environment: prod
triggers:
  - paths: ["libs/**"]
    layers: all
ignore: ["docs/**", "**/*.md"]
environments:
  staging:
    state_key: staging/terraform.tfstate
    var_files: [envs/staging.tfvars]
  prod:
    state_key: prod/terraform.tfstate
    var_files: [envs/prod.tfvars]
)";

constexpr char kOutputs[] = R"(output "url" {
  value = "https://pr-1.example.test"
}

output "admin_token" {
  value     = "tok-sensitive-4242"
  sensitive = true
}
)";

constexpr char kPlatformKey[] = "test/pr-1/platform.tfstate";
constexpr char kStagingKey[] = "test/pr-1/data-staging.tfstate";

// The lines of `log` holding `needle` that are not between a `::stop-commands::TOKEN` line
// and its `::TOKEN::` line: the runner would obey a workflow command there.
std::vector<std::string> UnfencedLines(const std::string& log, const std::string& needle) {
  std::vector<std::string> unfenced;
  std::string token;  // of the fence we are in; empty outside
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    start = end + 1;
    if (token.empty() && line.rfind("::stop-commands::", 0) == 0) {
      token = line.substr(17);
    } else if (!token.empty() && line == "::" + token + "::") {
      token.clear();
    } else if (token.empty() && Contains(line, needle)) {
      unfenced.push_back(line);
    }
  }
  return unfenced;
}

class TestEnvTest : public FlowsTest {
 protected:
  void SetUp() override {
    FlowsTest::SetUp();
    work.dir.Write("ws/.infra-flash.yml", kConfig);
    work.dir.Write("ws/platform/outputs.tf", kOutputs);
    work.Git({"add", "-A"});
    work.Commit("test environments for platform and data-staging");
    work.base = work.Head();
    work.Branch("feature");
  }

  // Opens PR 1 with a change to platform (which data-staging and data-prod depend on).
  ProcessResult Open(std::map<std::string, std::string> extra = {}) {
    head = work.Change("platform/main.tf", "cache");
    SeedPull(head);
    return RunEvent("pull_request", PullPayload("opened", head), std::move(extra));
  }

  ProcessResult Close(std::map<std::string, std::string> extra = {}, bool merged = false) {
    return RunEvent("pull_request", PullPayload("closed", head, merged), std::move(extra));
  }

  std::string StatePath(const std::string& key) const { return work.dir.path() + "/state/" + key; }
  // The resource addresses in the simulator's state of `key` (none when absent).
  std::vector<std::string> Resources(const std::string& key) const {
    std::vector<std::string> names;
    Result<rapidjson::Document> state = json::Parse(Slurp(StatePath(key)), key);
    if (!state.ok()) return names;
    const rapidjson::Value* resources = json::Member(*state, "resources");
    if (resources == nullptr || !resources->IsObject()) return names;
    for (const auto& member : resources->GetObject()) names.push_back(member.name.GetString());
    return names;
  }

  // The starts of `subcommand` whose argv holds `argument`, in the order they ran, as
  // the directories they ran in.
  std::vector<std::string> Ran(const std::string& subcommand, const std::string& argument) const {
    std::vector<std::string> dirs;
    for (const SimRecord& record : SimLog()) {
      if (record.event != "start" || record.argv.empty() || record.argv[0] != subcommand) continue;
      for (const std::string& arg : record.argv) {
        if (Contains(arg, argument)) {
          dirs.push_back(record.cwd.substr(work.root().size()));
          break;
        }
      }
    }
    return dirs;
  }

  // The dashboard's check row of the test environment of `layer` ("" when absent).
  std::string TestEnvRow(const std::string& dashboard, const std::string& layer) {
    const std::string cell = "| Test env `" + layer + "` |";
    const std::size_t at = dashboard.find(cell);
    if (at == std::string::npos) return "";
    return dashboard.substr(at, dashboard.find('\n', at) - at);
  }

  // Merges the PR and expects both test environments destroyed, what stands on platform
  // first, with platform's destroy given its per-PR key.
  void MergeAndExpectDestroyed() {
    ClearSimLog();
    ProcessResult run = Close({}, true);
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(Ran("destroy", ""), (std::vector<std::string>{"/envs/staging/data", "/platform"}));
    EXPECT_EQ(Ran("init", std::string("-backend-config=key=") + kPlatformKey),
              std::vector<std::string>{"/platform"});
  }

  // The layer table's row of `layer`.
  std::string LayerRow(const std::string& dashboard, const std::string& layer) {
    const std::size_t at = dashboard.find("** " + layer + " |");
    if (at == std::string::npos) return "";
    const std::size_t start = dashboard.rfind('\n', at) + 1;
    return dashboard.substr(start, dashboard.find('\n', at) - start);
  }

  std::string head;
};

// Opened -> deployed with its outputs; a new commit -> applied again into the same
// state; merged -> destroyed, dependents first.
TEST_F(TestEnvTest, DeployedWhileOpenReappliedOnPushDestroyedOnClose) {
  ProcessResult run = Open();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  std::string dashboard = DashboardOf(1);

  // Applied into test/pr-1/…, dependencies first, the key given at every init.
  EXPECT_EQ(Ran("init", std::string("-backend-config=key=") + kPlatformKey),
            (std::vector<std::string>{"/platform", "/platform"}))
      << "the plan's init and the apply's";
  EXPECT_EQ(Ran("init", std::string("-backend-config=key=") + kStagingKey),
            (std::vector<std::string>{"/envs/staging/data", "/envs/staging/data"}));
  EXPECT_EQ(Ran("apply", "tfplan-test"),
            (std::vector<std::string>{"/platform", "/envs/staging/data"}));
  EXPECT_EQ(Resources(kPlatformKey),
            (std::vector<std::string>{"null_resource.cache", "null_resource.cluster",
                                      "null_resource.network"}));
  EXPECT_EQ(Resources(kStagingKey), std::vector<std::string>{"null_resource.database"});
  // Nothing else is ever applied on a PR: not the layers without test_env, not the
  // test_env layers' lasting environments.
  EXPECT_EQ(Ran("apply", ""), (std::vector<std::string>{"/platform", "/envs/staging/data"}));
  EXPECT_FALSE(std::filesystem::exists(StatePath("staging/terraform.tfstate")));

  // The dashboard: one row per environment with its outputs, the secret nowhere.
  EXPECT_TRUE(
      Contains(TestEnvRow(dashboard, "platform"),
               "| ✅ deployed · admin\\_token = (sensitive) · cluster\\_name = example · url = "
               "[https\\://pr-1.example.test](https://pr-1.example.test) |"))
      << dashboard;
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "data-staging"), "| ✅ deployed |")) << dashboard;
  for (const std::string& where : {RepositoryState(), run.out, run.err, step_summary}) {
    EXPECT_FALSE(Contains(where, "tok-sensitive-4242")) << where;
  }
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  // The PR's own plans are as before: reviewed, not applied.
  EXPECT_TRUE(Contains(LayerRow(dashboard, "platform"), "📝")) << dashboard;
  EXPECT_FALSE(Contains(LayerRow(dashboard, "platform"), "applied")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "/apply platform")) << dashboard;

  // A new commit: planned and applied again, into the same state.
  ClearSimLog();
  head = work.Change("platform/main.tf", "queue");
  SeedPull(head);
  run = RunEvent("pull_request", PullPayload("synchronize", head));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Ran("plan", "tfplan-test"),
            (std::vector<std::string>{"/platform", "/envs/staging/data"}));
  EXPECT_EQ(Ran("apply", "tfplan-test"), std::vector<std::string>{"/platform"})
      << "data-staging's test environment has no changes";
  EXPECT_EQ(Ran("init", std::string("-backend-config=key=") + kPlatformKey),
            (std::vector<std::string>{"/platform", "/platform"}));
  const std::vector<std::string> resources = Resources(kPlatformKey);
  EXPECT_NE(std::find(resources.begin(), resources.end(), "null_resource.queue"), resources.end())
      << "the new commit's resource is in the same state";
  dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "platform"), "✅ deployed · ")) << dashboard;
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "data-staging"), "✅ deployed")) << dashboard;

  // Merged: destroyed, what stands on platform first.
  MergeAndExpectDestroyed();
  EXPECT_TRUE(Ran("apply", "").empty());
  EXPECT_TRUE(std::filesystem::exists(StatePath(kPlatformKey)));
  EXPECT_TRUE(Resources(kPlatformKey).empty());
  EXPECT_TRUE(Resources(kStagingKey).empty());
  dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "platform"), "| ✅ destroyed |")) << dashboard;
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "data-staging"), "| ✅ destroyed |")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
}

// A pull request that gives a test_env layer the state key of a lasting environment cannot
// make its test deploy, nor the destroy when it closes, use that state: the ephemeral test
// environment always takes its own per-PR key (a layer's own `state_key` is for the lasting
// environments only).
TEST_F(TestEnvTest, ALayersOwnStateKeyNeverReachesTheTestEnvironment) {
  std::string config = kConfig;
  const std::string anchor = "    dir: platform\n";
  config.insert(config.find(anchor) + anchor.size(), "    state_key: k3s/terraform.tfstate\n");
  work.dir.Write("ws/.infra-flash.yml", config);  // committed with the PR's change by Open()
  ProcessResult run = Open();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Ran("apply", "tfplan-test"),
            (std::vector<std::string>{"/platform", "/envs/staging/data"}));
  EXPECT_FALSE(Resources(kPlatformKey).empty()) << "deployed into its own per-PR state";
  MergeAndExpectDestroyed();
  EXPECT_TRUE(Ran("init", "-backend-config=key=k3s/terraform.tfstate").empty())
      << "the destroy's init was given the lasting state's key";
  EXPECT_TRUE(Resources(kPlatformKey).empty());
  // Nothing was ever written into the lasting state.
  EXPECT_FALSE(std::filesystem::exists(StatePath("k3s/terraform.tfstate")));
}

// The test environment's steps run the PR's code: a workflow command they print must
// reach the log only inside a stop-commands fence, or the runner would obey it.
TEST_F(TestEnvTest, WorkflowCommandsInItsOutputAreNotObeyed) {
  constexpr char kForged[] = "::warning::forged by the PR";
  const std::string print =
      "        - run: [python3, -c, \"print('" + std::string(kForged) + "')\"]\n";
  work.Git({"checkout", "-q", "main"});
  work.dir.Write("ws/.infra-flash.yml",
                 std::string(kConfig) + "  test:\n    steps:\n      plan:\n" + print +
                     "        - init\n        - plan\n" + "        - show\n      destroy:\n" +
                     print + "        - init\n        - destroy\n");
  work.Git({"add", "-A"});
  work.Commit("the test environment's steps print a workflow command");
  work.base = work.Head();
  work.Git({"checkout", "-q", "-B", "feature"});
  ProcessResult run = Open();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ProcessResult closed = Close();
  ASSERT_EQ(closed.exit_code, 0) << closed.out << closed.err;
  for (const ProcessResult* job : {&run, &closed}) {
    const std::size_t group = job->out.find("::group::test environment: ");
    ASSERT_NE(group, std::string::npos) << job->out;
    EXPECT_TRUE(Contains(job->out.substr(group), std::string("\n") + kForged))
        << "the test environment's output is in the log: " << job->out;
    const std::vector<std::string> unfenced = UnfencedLines(job->out, kForged);
    EXPECT_TRUE(unfenced.empty()) << unfenced.size() << " unfenced line(s), e.g. "
                                  << unfenced.front() << "\n"
                                  << job->out;
  }
}

// A failed apply: ❌ on its row, what stands on it skipped, the PR's plans untouched.
// Closing it then: a failed destroy says which layer and what to run by hand.
TEST_F(TestEnvTest, FailuresAreShownAndADestroyLeftOverIsSpelledOut) {
  ProcessResult run = Open({{"SIM_FAIL_AT", "apply:platform"}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  std::string dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "platform"), "❌ apply failed")) << dashboard;
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "data-staging"), "⏭️ skipped: platform failed"))
      << dashboard;
  EXPECT_EQ(Ran("apply", ""), std::vector<std::string>{"/platform"});
  EXPECT_TRUE(Contains(LayerRow(dashboard, "platform"), "📝")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "/apply platform")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "Test environments not deployed: `platform`, `data-staging`"))
      << dashboard;
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;

  // The failed apply may have created something: closing destroys it, and that fails.
  ClearSimLog();
  run = Close({{"SIM_FAIL_AT", "destroy:platform"}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(Ran("destroy", ""), (std::vector<std::string>{"/envs/staging/data", "/platform"}));
  dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "platform"), "❌ destroy failed")) << dashboard;
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "data-staging"), "✅ destroyed")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "The test environment of `platform` could not be destroyed"))
      << dashboard;
  EXPECT_TRUE(Contains(dashboard,
                       "cd platform && export TF_DATA_DIR=.terraform-test TF_VAR_env=test && "
                       "terragrunt init -input=false -no-color "
                       "-backend-config=key=test/pr-1/platform.tfstate && terragrunt destroy "
                       "-input=false -no-color -auto-approve -lock-timeout=5m"))
      << dashboard;
  EXPECT_TRUE(Contains(run.out, "::error")) << run.out;
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
}

TEST_F(TestEnvTest, ForkPullRequestsNeverGetOne) {
  work.AppendOnBase(".infra-flash.yml", "forks:\n  plan: true\n");
  PullSeed pull;
  pull.head = work.Change("platform/main.tf", "cache");
  pull.head_repo = "mallory/r";
  SeedPull(pull);
  ProcessResult run = RunEvent("pull_request", PullPayload("opened", pull));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Ran("apply", "").empty());
  EXPECT_FALSE(Ran("plan", "").empty()) << "fork plans are on in this config";
  EXPECT_TRUE(Contains(DashboardOf(1), "test environments are never deployed for forks"))
      << DashboardOf(1);
  ProcessResult closed = RunEvent("pull_request", PullPayload("closed", pull));
  EXPECT_EQ(closed.exit_code, 0) << closed.out << closed.err;
  EXPECT_TRUE(Ran("destroy", "").empty());
}

TEST_F(TestEnvTest, SigtermDuringTheApplyLeavesNoRowRunning) {
  const std::string marker = "SIM_STATE_DIR=" + work.dir.path() + "/state";
  ProcessResult result;
  std::thread job([&] { result = Open({{"SIM_HANG_AT", "apply:platform"}}); });
  const bool hanging = WaitUntil([&] { return SimHangs("apply"); });
  const pid_t flash = FindProcess(BinaryUnderTest(), marker);
  if (hanging && flash != 0) ::kill(flash, SIGTERM);
  job.join();
  ASSERT_TRUE(hanging) << "the test environment's apply never started";
  ASSERT_NE(flash, 0) << "cannot find the infra-flash process";
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  const std::string dashboard = DashboardOf(1);
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "platform"), "⛔")) << dashboard;
  EXPECT_TRUE(Contains(TestEnvRow(dashboard, "data-staging"), "⛔")) << dashboard;
  EXPECT_TRUE(WaitUntil([&] { return ProcessesWithEnvironment(marker).empty(); }))
      << "leftover simulator processes";
}

}  // namespace
}  // namespace infra_flash::testing
