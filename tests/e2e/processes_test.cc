// What terragrunt does to a run, through `infra-flash run` as the Action runs it: floods
// of output, secrets in it, a process killed from outside, exit codes nobody expects.
// Each run must keep its memory bounded, mask what it shows, and leave every dashboard
// row truthful (harness: flows_fixture.h; the simulator's knobs: tests/sim/tfsim.py).
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "common/strings.h"
#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

constexpr std::size_t kCommentLimit = 65536;

// Characters (not bytes) of `text`, as GitHub counts a comment's length.
std::size_t Characters(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

class ProcessesTest : public FlowsTest {
 protected:
  // Opens PR #1 changing the platform layer and runs its autoplan with `extra` in the
  // simulator's environment.
  ProcessResult Autoplan(std::map<std::string, std::string> extra, int timeout_seconds = 120) {
    work.Git({"checkout", "-q", "-b", "feature"});
    head = work.Change("platform/main.tf", "cache");
    SeedPull(head);
    return RunEvent("pull_request", PullPayload("opened", head), std::move(extra), timeout_seconds);
  }
  // A plan that exits with `code` (neither 0, 1 nor 2 of -detailed-exitcode).
  void ExpectFailedWithCode(const std::string& code) {
    ProcessResult run = Autoplan({{"SIM_EXIT_CODE", "plan:" + code + ":/platform"}});
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    const std::string dashboard = DashboardOf(1);
    EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
    EXPECT_TRUE(Contains(dashboard, "❌")) << dashboard;
    EXPECT_TRUE(Contains(run.out + dashboard, "exit " + code) ||
                Contains(run.out + dashboard, "exited with " + code) ||
                Contains(run.out + dashboard, "code " + code))
        << "the code is named: " << dashboard;
    EXPECT_FALSE(Contains(dashboard, "📝")) << "an unknown code is never read as a plan";
  }

  std::string head;
};

// The run's log without the `::add-mask::` commands, which name secrets so that the
// runner hides them (GitHub never shows these lines).
std::string WithoutMaskCommands(const std::string& log) {
  std::string out;
  for (std::string_view line : SplitLines(log)) {
    if (!line.starts_with("::add-mask::")) out += std::string(line) + "\n";
  }
  return out;
}

TEST_F(ProcessesTest, HundredMegabytesOfOutputKeepMemoryBoundedAndTheCommentInBudget) {
  work.Git({"checkout", "-q", "-b", "feature"});
  head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  std::map<std::string, std::string> env = Environment("pull_request", PullPayload("opened", head));
  env["SIM_OUTPUT_BYTES"] = std::to_string(100 << 20);
  env["SIM_FAIL_AT"] = "plan:/platform";  // a failed plan's output is what the dashboard shows
  ProcessOptions options;
  options.env = env;
  options.unset_env = {"INPUT_GITHUB-TOKEN", "GH_TOKEN"};
  options.timeout_seconds = 600;
  // The peak resident size of the run and everything it started, from the kernel's
  // accounting of waited-for children: 100 MB held anywhere would show.
  const char* measure =
      "import resource, subprocess, sys\n"
      "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
      "print('maxrss_kib=%d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
      "sys.exit(code)\n";
  ProcessResult run =
      RunProcess({"/usr/bin/python3", "-c", measure, BinaryUnderTest(), "run"}, options);
  ASSERT_EQ(run.exit_code, 1) << run.err.substr(0, 4000);
  const std::size_t at = run.out.find("maxrss_kib=");
  ASSERT_NE(at, std::string::npos) << run.out;
  const long maxrss_kib = std::stol(run.out.substr(at + 11));
  std::printf("peak RSS with 100 MiB of engine output: %ld KiB\n", maxrss_kib);
  // AddressSanitizer's allocator keeps freed memory (quarantine, size-class caches) and
  // its shadow: the resident size says nothing about our buffers there. The bound is
  // checked on the plain binary; the rest of this test runs on both.
  if (!BinaryUnderTestIsSanitized()) {
    EXPECT_LT(maxrss_kib, 64 * 1024) << "output must be streamed and capped, not held";
  }

  const std::string dashboard = DashboardOf(1);
  EXPECT_LE(Characters(dashboard), kCommentLimit);
  EXPECT_TRUE(Contains(dashboard, "❌")) << "the failed plan is shown failed";
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard.substr(0, 3000);
  EXPECT_LT(Slurp(summary_path).size(), std::size_t{1} << 20)
      << "GitHub rejects a step summary over 1 MiB";
}

TEST_F(ProcessesTest, SecretsInEngineOutputAreMaskedEverywhere) {
  const std::string token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
  ProcessResult run = Autoplan({{"SIM_PRINT_SECRET", token},
                                {"SIM_ADD_MASK", "added-at-runtime-7"},
                                {"SIM_FAIL_AT", "plan:/platform"}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const std::string everything =
      WithoutMaskCommands(run.out) + run.err + github.State(kRepo) + step_summary + outputs;
  EXPECT_FALSE(Contains(everything, token)) << "a token-shaped string leaked";
  EXPECT_FALSE(Contains(everything, "tok-e2e-123")) << "the GitHub token leaked";
  EXPECT_TRUE(Contains(DashboardOf(1), "***")) << "the masked output is still shown";
}

TEST_F(ProcessesTest, WorkflowCommandsInEngineOutputAreNotObeyed) {
  // A PR's terraform can print anything: a forged annotation, a mask, a stop-commands of
  // its own. The runner must read none of it as a command.
  ProcessResult run = Autoplan(
      {{"SIM_PRINT_SECRET", "::error::forged by the PR"}, {"SIM_FAIL_AT", "plan:/platform"}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const std::size_t forged = run.out.find("::error::forged by the PR");
  ASSERT_NE(forged, std::string::npos) << run.out;
  const std::size_t stop = run.out.rfind("::stop-commands::", forged);
  ASSERT_NE(stop, std::string::npos) << "the output is fenced: " << run.out;
  const std::size_t token_end = run.out.find('\n', stop);
  const std::string token = run.out.substr(stop + 17, token_end - stop - 17);
  EXPECT_EQ(token.size(), 32u) << token;
  const std::size_t resume = run.out.find("::" + token + "::", forged);
  EXPECT_NE(resume, std::string::npos) << "commands resume after the output: " << run.out;
  EXPECT_EQ(run.out.find("::" + token + "::", stop + 17 + token.size()), resume)
      << "nothing in between resumes them";
}

TEST_F(ProcessesTest, AnEngineKilledFromOutsideIsAFailedRowNotAHang) {
  std::atomic<bool> done{false};
  std::atomic<int> killed{0};
  // The simulator hangs in platform's plan; kill it the way the OOM killer would.
  std::thread killer([&] {
    WaitUntil([&] {
      for (pid_t pid : ProcessesWithEnvironment("SIM_HANG_AT=plan:/platform")) {
        const std::string cmdline = CommandLineOf(pid);
        const bool engine = Contains(cmdline, "tfsim") || Contains(cmdline, "terragrunt");
        if (engine && Contains(cmdline, "plan") && ::kill(pid, SIGKILL) == 0) ++killed;
      }
      return done || killed > 0;
    });
  });
  ProcessResult run = Autoplan({{"SIM_HANG_AT", "plan:/platform"}});
  done = true;
  killer.join();
  ASSERT_GT(killed.load(), 0) << "the hanging plan was never found: " << run.out;
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const std::string dashboard = DashboardOf(1);
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "❌")) << dashboard;
  EXPECT_TRUE(Contains(run.out + dashboard, "signal 9") || Contains(run.out + dashboard, "SIGKILL"))
      << "says how it ended: " << run.out;
  EXPECT_TRUE(ProcessesWithEnvironment("SIM_HANG_AT=plan:/platform").empty())
      << "nothing of the killed step lives on";
}

// The PR's code runs in every child: terraform, providers, custom steps. None of them may
// get the GitHub token, the Action's inputs or the runner's tokens, under their own names
// or copied under another; only an environment with `oidc: true` gets the OIDC request
// variables, which a cloud login needs.
TEST_F(ProcessesTest, ChildProcessesGetNoGitHubTokenInputsOrRunnerTokens) {
  // Each layer's plan starts with a step that writes its whole environment to a file.
  const std::string dump =
      "        - run: [python3, -c, \"import json, os, sys; "
      "open(os.path.join(os.environ['ENVDUMP_DIR'], sys.argv[1] + '.json'), 'w')"
      ".write(json.dumps(dict(os.environ)))\", NAME]\n"
      "        - init\n        - plan\n        - show\n";
  const auto steps_for = [&](const std::string& name) {
    std::string text = dump;
    text.replace(text.find("NAME"), 4, name);
    return "    steps:\n      plan:\n" + text;
  };
  std::string config = Slurp(work.root() + "/.infra-flash.yml");
  const auto insert_after = [&](const std::string& anchor, const std::string& text) {
    const std::size_t at = config.find(anchor);
    ASSERT_NE(at, std::string::npos) << anchor;
    config.insert(at + anchor.size(), text);
  };
  insert_after("    depends_on: [bootstrap]\n", steps_for("platform"));
  insert_after("    environment: staging\n", steps_for("staging"));
  insert_after("    state_key: staging/terraform.tfstate\n", "    oidc: true\n");
  // On the base branch: steps and environments are the base's to decide.
  work.dir.Write("ws/.infra-flash.yml", config);
  work.Git({"add", "-A"});
  work.Commit("dump the environment of each plan");
  work.base = work.Head();
  work.Branch("feature");
  work.Change("platform/main.tf", "cache");
  head = work.Change("envs/staging/data/main.tf", "cache");
  SeedPull(head);

  const std::string dumps = work.dir.path() + "/dumps";
  std::filesystem::create_directories(dumps);
  const std::map<std::string, std::string> secrets = {
      {"INPUT_GITHUB-TOKEN", "tok-e2e-123"},
      {"GITHUB_TOKEN", "tok-e2e-123"},
      {"GH_TOKEN", "gh-token-value-6789"},
      {"INPUT_DEPLOY-SECRET", "deploy-secret-value-4242"},
      {"ACTIONS_RUNTIME_TOKEN", "runtime-token-value-4343"},
      {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "oidc-request-token-4444"},
      {"COPY_OF_THE_TOKEN", "tok-e2e-123"},
  };
  std::map<std::string, std::string> env = secrets;
  env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://oidc.example.test/token?audience=x";
  env["ACTIONS_RUNTIME_URL"] = "https://runtime.example.test/";
  env["ACTIONS_RESULTS_URL"] = "https://results.example.test/";
  env["ACTIONS_CACHE_URL"] = "https://cache.example.test/";
  env["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLEEXAMPLE00";
  env["TF_VAR_region"] = "eu-west-1";
  env["ENVDUMP_DIR"] = dumps;
  ProcessResult run = RunEvent("pull_request", PullPayload("opened", head), env, 120);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  const std::string platform = Slurp(dumps + "/platform.json");
  const std::string staging = Slurp(dumps + "/staging.json");
  ASSERT_TRUE(Contains(platform, "ENVDUMP_DIR")) << "the platform step ran: " << run.out;
  ASSERT_TRUE(Contains(staging, "ENVDUMP_DIR")) << "the staging step ran: " << run.out;
  for (const auto& [name, value] : secrets) {
    if (name == "ACTIONS_ID_TOKEN_REQUEST_TOKEN") continue;  // staging opted in
    EXPECT_FALSE(Contains(platform, value)) << name << " reached platform's step";
    EXPECT_FALSE(Contains(staging, value)) << name << " reached staging's step";
  }
  for (const char* name :
       {"INPUT_", "GITHUB_TOKEN", "GH_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_RUNTIME_URL",
        "ACTIONS_RESULTS_URL", "ACTIONS_CACHE_URL", "COPY_OF_THE_TOKEN"}) {
    EXPECT_FALSE(Contains(platform, name)) << name << " reached platform's step";
    EXPECT_FALSE(Contains(staging, name)) << name << " reached staging's step";
  }
  EXPECT_FALSE(Contains(platform, "ACTIONS_ID_TOKEN_REQUEST")) << "ci has no `oidc: true`";
  EXPECT_FALSE(Contains(platform, "oidc-request-token-4444"));
  EXPECT_TRUE(Contains(staging, R"("ACTIONS_ID_TOKEN_REQUEST_TOKEN": "oidc-request-token-4444")"))
      << staging;
  EXPECT_TRUE(Contains(staging, "https://oidc.example.test/token?audience=x")) << staging;
  for (const std::string& dumped : {platform, staging}) {
    EXPECT_TRUE(Contains(dumped, R"("AWS_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE00")"))
        << "cloud credentials pass";
    EXPECT_TRUE(Contains(dumped, R"("TF_VAR_region": "eu-west-1")"));
    EXPECT_TRUE(Contains(dumped, R"("PATH": )"));
  }
  EXPECT_TRUE(Contains(DashboardOf(1), "📝")) << "the plans ran through: " << DashboardOf(1);
}

TEST_F(ProcessesTest, ExitCode3IsAFailureWithItsCode) { ExpectFailedWithCode("3"); }

TEST_F(ProcessesTest, ExitCode137IsAFailureWithItsCode) { ExpectFailedWithCode("137"); }

}  // namespace
}  // namespace infra_flash::testing
