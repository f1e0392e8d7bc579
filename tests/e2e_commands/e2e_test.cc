// `/e2e [suite]` end to end: suites are small python scripts run without a shell in the
// workspace; the dashboard's E2E row goes ⏳ then ✅ or ❌ with the tail of the output;
// secrets are masked, a hanging suite is stopped by the step timeout, an unknown suite
// gets the list, a checkout at another commit runs nothing; e2e_on_push runs the default
// suite after push convergence applied something.
#include <signal.h>

#include <filesystem>
#include <thread>

#include "commands_fixture.h"

namespace infra_flash::testing {
namespace {

constexpr char kSecret[] = "e2e-s3cret-value-77";

const std::map<std::string, std::string> kScripts = {
    {"e2e/pass.py",
     "import os\nprint('suite:', os.environ.get('SUITE_NAME', 'smoke'), 'cwd:', os.getcwd())\n"
     "for i in range(400): print('check', i, 'ok')\nprint('ALL 400 CHECKS PASSED')\n"},
    {"e2e/fail.py",
     "import os, sys\nprint('using key', os.environ['E2E_SECRET'])\n"
     "print('::add-mask::announced-secret-99')\nprint('token announced-secret-99 in use')\n"
     "for i in range(400): print('filler line', i)\n"
     "print('FAILED: checkout returned 500', file=sys.stderr)\nsys.exit(3)\n"},
    {"e2e/hang.py",
     "import os, time\nprint('waiting forever', flush=True)\n"
     "if os.environ.get('E2E_STARTED'): open(os.environ['E2E_STARTED'], 'w').write('x')\n"
     "time.sleep(120)\n"},
};

// The step timeout is generous: engines and suites share it, and a loaded CI machine
// must not turn a slow start into a failure. The hanging suite's test sets its own.
constexpr char kConfig[] = R"(run:
  step_timeout: 60s
  mask_env: [E2E_SECRET]
commands:
  e2e:
    smoke: [python3, e2e/pass.py]
    broken: [python3, e2e/fail.py]
    stuck: [python3, e2e/hang.py]
  e2e_default: smoke
)";

// The log without its `::add-mask::` lines (which name a secret so that GitHub hides it).
std::string WithoutAddMask(const std::string& log) {
  std::string kept;
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    if (line.find("::add-mask::") == std::string::npos) kept += line + "\n";
    start = end + 1;
  }
  return kept;
}

class E2eTest : public CommandsTest {
 protected:
  // A tag of this test's processes (tests run in parallel, with the same secret).
  std::string Tag() const { return "E2E_TEST_TAG=" + work.dir.path(); }
  std::map<std::string, std::string> Env() const {
    return {{"E2E_SECRET", kSecret}, {"E2E_TEST_TAG", work.dir.path()}};
  }
};

TEST_F(E2eTest, DefaultSuitePassesWithItsRowAndTail) {
  OpenPull(kConfig, kScripts);
  ProcessResult run = Comment("/e2e", 901, Env());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "rocket"}));
  EXPECT_TRUE(Contains(CheckLine("E2E `smoke`"), "✅ passed in")) << DashboardOf(1);
  const std::string dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(dashboard, "<details><summary>✅ E2E smoke output</summary>")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "ALL 400 CHECKS PASSED")) << "the tail is shown";
  EXPECT_FALSE(Contains(dashboard, "check 0 ok")) << "only the tail";
  EXPECT_TRUE(Contains(run.out, "cwd: " + work.root())) << "runs in the workspace: " << run.out;
  EXPECT_TRUE(Contains(run.out, "check 0 ok")) << "the whole output is in the log";
  // ⏳ was shown first: the first dashboard write has the running row.
  const std::vector<std::string> writes = RequestBodies("POST", "/issues/1/comments");
  ASSERT_FALSE(writes.empty());
  EXPECT_TRUE(Contains(writes[0], "| E2E `smoke` | ⏳ running |")) << writes[0];
  EXPECT_EQ(RepliesOn(1), "") << "a pass needs no reply";
}

TEST_F(E2eTest, FailingSuiteIsRedWithItsMaskedTail) {
  OpenPull(kConfig, kScripts);
  ProcessResult run = Comment("/e2e broken", 901, Env());
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "confused"}));
  EXPECT_TRUE(Contains(CheckLine("E2E `broken`"), "❌ exit code 3 after")) << DashboardOf(1);
  const std::string dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(dashboard, "FAILED: checkout returned 500")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "cut here")) << "a long output is cut from the top";
  EXPECT_TRUE(Contains(RepliesOn(1), "did not pass: exit code 3")) << RepliesOn(1);
  for (const char* secret : {kSecret, "announced-secret-99"}) {
    EXPECT_FALSE(Contains(RepositoryState(), secret)) << secret;
    EXPECT_FALSE(Contains(github.Requests(), secret)) << secret;
    EXPECT_FALSE(Contains(WithoutAddMask(run.out + run.err), secret)) << secret;
    EXPECT_FALSE(Contains(step_summary, secret)) << secret;
  }
  EXPECT_TRUE(Contains(run.out, "using key ***")) << run.out;
}

TEST_F(E2eTest, HangingSuiteIsStoppedByTheStepTimeout) {
  std::string config = kConfig;
  config.replace(config.find("step_timeout: 60s"), 17, "step_timeout: 8s");
  OpenPull(config, kScripts);
  ProcessResult run = Comment("/e2e stuck", 901, Env());
  // The suite sleeps 120 s, past the harness's limit for the whole job: only the step
  // timeout can have ended it with a result.
  EXPECT_NE(run.signal, SIGKILL) << "stopped by the step timeout, not by the harness";
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(Contains(CheckLine("E2E `stuck`"), "❌ timed out after 8s")) << DashboardOf(1);
  EXPECT_TRUE(Contains(DashboardOf(1), "waiting forever")) << DashboardOf(1);
  EXPECT_TRUE(ProcessesWithEnvironment(Tag()).empty()) << "the suite's process is gone";
}

TEST_F(E2eTest, SigtermStopsTheSuiteAndTheRowSaysCancelled) {
  OpenPull(kConfig, kScripts);
  const std::string started = work.dir.path() + "/started";
  ProcessResult result;
  std::thread job([&] {
    std::map<std::string, std::string> env = Env();
    env["E2E_STARTED"] = started;
    result = Comment("/e2e stuck", 901, env);
  });
  ASSERT_TRUE(WaitUntil([&] { return std::filesystem::exists(started); }))
      << "the suite never started";
  EXPECT_TRUE(Contains(CheckLine("E2E `stuck`"), "⏳ running")) << DashboardOf(1);
  const pid_t flash = FindProcess(BinaryUnderTest(), Tag());
  ASSERT_NE(flash, 0) << "cannot find the infra-flash process";
  ASSERT_EQ(::kill(flash, SIGTERM), 0);
  job.join();
  EXPECT_NE(result.signal, SIGKILL) << "it stopped by itself, not by the harness' timeout";
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(Contains(CheckLine("E2E `stuck`"), "⛔ cancelled")) << DashboardOf(1);
  EXPECT_EQ(Reactions(901).back(), "confused");
  EXPECT_TRUE(WaitUntil([&] { return ProcessesWithEnvironment(Tag()).empty(); }))
      << "the suite went with the job";
}

TEST_F(E2eTest, RunningTwoSuitesKeepsTwoRowsAndASecondRunUpdatesOne) {
  OpenPull(kConfig, kScripts);
  Comment("/e2e broken", 901, Env());
  Comment("/e2e smoke", 902, Env());
  ProcessResult again = Comment("/e2e smoke", 903, Env());
  EXPECT_EQ(again.exit_code, 0) << again.out;
  const std::string dashboard = DashboardOf(1);
  EXPECT_TRUE(Contains(CheckLine("E2E `broken`"), "❌")) << dashboard;
  EXPECT_TRUE(Contains(CheckLine("E2E `smoke`"), "✅")) << dashboard;
  EXPECT_EQ(dashboard.find("| E2E `smoke` |"), dashboard.rfind("| E2E `smoke` |"))
      << "one row per suite: " << dashboard;
  EXPECT_TRUE(Contains(dashboard, "FAILED: checkout returned 500"))
      << "the earlier suite's tail is kept across jobs: " << dashboard;
}

TEST_F(E2eTest, UnknownSuiteListsTheSuitesAndRunsNothing) {
  OpenPull(kConfig, kScripts);
  ProcessResult run = Comment("/e2e nightly", 901, Env());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "confused"}));
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "no end-to-end suite `nightly`")) << replies;
  for (const char* suite : {"`broken`", "`smoke`", "`stuck`"}) {
    EXPECT_TRUE(Contains(replies, suite)) << suite << " missing: " << replies;
  }
  EXPECT_EQ(DashboardCount(1), 0) << "nothing ran";
  EXPECT_FALSE(Contains(run.out, "ALL 400 CHECKS PASSED"));
}

TEST_F(E2eTest, NoSuitesConfiguredSaysHowToAddThem) {
  OpenPull("");
  ProcessResult run = Comment("/e2e", 901, Env());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "no suites are configured")) << RepliesOn(1);
  EXPECT_TRUE(Contains(RepliesOn(1), "smoke: [make, e2e-smoke]")) << RepliesOn(1);
}

// An e2e suite is the PR's code too: no GitHub token, no Action input, no runner token,
// and no OIDC (a suite belongs to no environment that could opt in).
TEST_F(E2eTest, SuiteGetsNoGitHubTokenInputsOrRunnerTokens) {
  const std::map<std::string, std::string> scripts = {
      {"e2e/envdump.py",
       "import json, os\nopen(os.environ['ENVDUMP'], 'w').write(json.dumps(dict(os.environ)))\n"}};
  OpenPull("commands:\n  e2e:\n    envdump: [python3, e2e/envdump.py]\n", scripts);
  const std::string dump = work.dir.path() + "/envdump.json";
  const std::map<std::string, std::string> secrets = {
      {"INPUT_GITHUB-TOKEN", "tok-e2e-123"},
      {"INPUT_DEPLOY-SECRET", "deploy-secret-value-4242"},
      {"ACTIONS_RUNTIME_TOKEN", "runtime-token-value-4343"},
      {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "oidc-request-token-4444"},
      {"ACTIONS_ID_TOKEN_REQUEST_URL", "https://oidc.example.test/token"},
      {"SAME_AS_DEPLOY_SECRET", "deploy-secret-value-4242"},
  };
  std::map<std::string, std::string> env = Env();
  env.insert(secrets.begin(), secrets.end());
  env["ENVDUMP"] = dump;
  env["AWS_PROFILE"] = "e2e-profile";
  ProcessResult run = Comment("/e2e envdump", 901, env);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string dumped = Slurp(dump);
  ASSERT_TRUE(Contains(dumped, "ENVDUMP")) << "the suite ran: " << run.out;
  for (const auto& [name, value] : secrets) {
    EXPECT_FALSE(Contains(dumped, name)) << name;
    EXPECT_FALSE(Contains(dumped, value)) << name;
  }
  EXPECT_FALSE(Contains(dumped, "GITHUB_TOKEN")) << dumped;
  EXPECT_TRUE(Contains(dumped, R"("AWS_PROFILE": "e2e-profile")")) << dumped;
  EXPECT_TRUE(Contains(dumped, R"("E2E_SECRET": ")")) << "other variables pass: " << dumped;
}

// A multi-line secret (a PEM key from `run.mask_env`, or one a suite announces with
// `::add-mask::`, its line breaks escaped as the runner reads them) is masked in the
// live log too, where the suite's output passes a line at a time.
TEST_F(E2eTest, MultiLineSecretsAreMaskedInTheLiveLog) {
  const std::vector<std::string> configured = {
      "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
      "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
      "kLoiMpcmqrGqQDIqIgw5EHoyW7hDB0RAMQ8kAvaGXpBExQ0KGn8bRCgU1eBvkg==",
  };
  const std::vector<std::string> announced = {
      "MC4CAQAwBQYDK2VwBCIEIHnOxv8d0ATq2aqBC0yo9jh1dC7lmvzyhq1N5YdzZSnf",
      "QLm3Xm7nbqVg0ZKv4xyHwCZlFJdWbCNOhy8YD7uyj0zC4pN5mPX0c2bqE1Zs6UYa",
  };
  const auto pem = [](const std::string& kind, const std::vector<std::string>& lines) {
    std::string text = "-----BEGIN " + kind + "PRIVATE KEY-----\n";
    for (const std::string& line : lines) text += line + "\n";
    return text + "-----END " + kind + "PRIVATE KEY-----\n";
  };
  // The suite prints the configured key, then announces a second one and prints it.
  std::string script =
      "import os\n"
      "print('deploy key:')\n"
      "print(os.environ['DEPLOY_KEY'], flush=True)\n"
      "second = os.environ['SECOND_KEY']\n"
      "print('::add-mask::' + second.replace('%', '%25').replace('\\n', '%0A'), flush=True)\n"
      "print('second key:')\n"
      "print(second, flush=True)\n";
  OpenPull("run:\n  mask_env: [DEPLOY_KEY]\ncommands:\n  e2e:\n    keys: [python3, e2e/keys.py]\n",
           {{"e2e/keys.py", script}});
  std::map<std::string, std::string> env = Env();
  env["DEPLOY_KEY"] = pem("RSA ", configured);
  env["SECOND_KEY"] = pem("", announced);  // not in mask_env: only the suite announces it
  ProcessResult run = Comment("/e2e keys", 901, env);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_TRUE(Contains(run.out, "second key:")) << "the suite ran: " << run.out;
  const std::string log = WithoutAddMask(run.out + run.err);
  std::vector<std::string> lines = configured;
  lines.insert(lines.end(), announced.begin(), announced.end());
  for (const std::string& line : lines) {
    EXPECT_FALSE(Contains(log, line)) << "a line of a key is in the log: " << line << "\n" << log;
    EXPECT_FALSE(Contains(RepositoryState(), line)) << "a line of a key is on the PR: " << line;
    EXPECT_FALSE(Contains(step_summary, line)) << line;
  }
}

TEST_F(E2eTest, CheckoutAtAnotherCommitRunsNothing) {
  OpenPull(kConfig, kScripts);
  PullSeed moved;
  moved.head = std::string(40, 'b');  // the PR moved on after the checkout
  SeedPull(moved);
  ProcessResult run = Comment("/e2e", 901, Env());
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "The checkout is at")) << RepliesOn(1);
  EXPECT_FALSE(Contains(run.out, "ALL 400 CHECKS PASSED")) << "nothing ran";
}

std::string PushPayload(const std::string& before, const std::string& after) {
  return R"({"ref":"refs/heads/main","before":")" + before + R"(","after":")" + after +
         R"(","created":false,"repository":{"full_name":"o/r","default_branch":"main"},)"
         R"("sender":{"login":"alice"}})";
}

TEST_F(E2eTest, PushConvergenceRunsTheDefaultSuiteOnTheMergedPr) {
  OpenPull(std::string(kConfig) + "  e2e_on_push: true\n", kScripts);
  work.Change("platform/main.tf", "cache");
  const std::string merged_head = work.Head();
  work.Git({"checkout", "-q", "main"});
  work.Git({"merge", "-q", "--ff-only", "feature"});
  PullSeed merged;
  merged.head = merged_head;
  merged.state = "closed";
  merged.merged = true;
  SeedPull(merged);
  ProcessResult push = RunEvent("push", PushPayload(work.base, merged_head), Env());
  EXPECT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_TRUE(SimRan("apply", "/platform")) << "convergence applied something first";
  EXPECT_TRUE(Contains(CheckLine("E2E `smoke`"), "✅ passed in")) << DashboardOf(1);
  EXPECT_TRUE(Contains(DashboardOf(1), "ALL 400 CHECKS PASSED")) << DashboardOf(1);
}

TEST_F(E2eTest, PushWithoutAMergedPrReportsTheSuiteInTheStepSummary) {
  const std::string config = std::string(kConfig) + "  e2e_on_push: true\n";
  std::string yaml = config;
  yaml.replace(yaml.find("e2e_default: smoke"), 18, "e2e_default: broken");
  work.Git({"checkout", "-q", "-b", "direct"});
  for (const auto& [path, content] : kScripts) work.dir.Write("ws/" + path, content);
  work.Append(".infra-flash.yml", yaml);
  const std::string pushed = work.Change("platform/main.tf", "cache");
  work.Git({"checkout", "-q", "main"});
  work.Git({"merge", "-q", "--ff-only", "direct"});
  github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"}})");
  ProcessResult push = RunEvent("push", PushPayload(work.base, pushed), Env());
  EXPECT_EQ(push.exit_code, 1) << "the suite failed after deploying\n" << push.out << push.err;
  EXPECT_TRUE(Contains(step_summary, "❌ E2E `broken` after deploying")) << step_summary;
  EXPECT_TRUE(Contains(step_summary, "exit code 3")) << step_summary;
  EXPECT_TRUE(Contains(step_summary, "FAILED: checkout returned 500")) << step_summary;
  EXPECT_FALSE(Contains(step_summary, kSecret)) << step_summary;
}

TEST_F(E2eTest, PushWithoutE2eOnPushRunsNoSuite) {
  OpenPull(kConfig, kScripts);
  const std::string merged_head = work.Change("platform/main.tf", "cache");
  work.Git({"checkout", "-q", "main"});
  work.Git({"merge", "-q", "--ff-only", "feature"});
  PullSeed merged;
  merged.head = merged_head;
  merged.state = "closed";
  merged.merged = true;
  SeedPull(merged);
  ProcessResult push = RunEvent("push", PushPayload(work.base, merged_head), Env());
  EXPECT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_TRUE(SimRan("apply", "/platform"));
  EXPECT_EQ(CheckLine("E2E `smoke`"), "") << DashboardOf(1);
  EXPECT_FALSE(Contains(push.out, "ALL 400 CHECKS PASSED"));
}

}  // namespace
}  // namespace infra_flash::testing
