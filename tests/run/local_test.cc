// End-to-end tests of `infra-flash plan|apply|verify|ci` on a copy of the example
// monorepo, with terraform and terragrunt played by tests/sim/tfsim.py. The sim logs
// every invocation (SIM_LOG), from which order, parallelism and environment are read.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/strings.h"
#include "support/processes.h"
#include "support/subprocess.h"
#include "support/wait.h"

namespace infra_flash {
namespace {

namespace fs = std::filesystem;

const std::string kSource = INFRA_FLASH_SOURCE_DIR;
const std::string kBinary = testing::BinaryUnderTest();

struct SimEvent {
  std::string event;  // start, end, hang, interrupted
  std::string tool;
  std::vector<std::string> argv;
  std::string cwd;
  double start = 0;
  double end = 0;
  int exit_code = -1;
  int pid = 0;
  int plugin_pid = 0;
  std::map<std::string, std::string> env;

  std::string subcommand() const { return argv.empty() ? "" : argv.front(); }
  std::string Env(const std::string& name) const {
    auto it = env.find(name);
    return it == env.end() ? "(unset)" : it->second;
  }
};

std::vector<std::string> Strings(const rapidjson::Value* array) {
  std::vector<std::string> values;
  if (array == nullptr || !array->IsArray()) return values;
  for (const auto& item : array->GetArray()) values.push_back(json::StringOr(&item));
  return values;
}

class LocalCommand : public ::testing::Test {
 public:
  void SetUp() override {
    repo_ = dir_.path() + "/repo";
    fs::copy(kSource + "/examples/monorepo", repo_, fs::copy_options::recursive);
    const char* path = std::getenv("PATH");
    env_ = {{"PATH", kSource + "/tests/sim/bin:" + (path ? path : "/usr/bin:/bin")},
            {"SIM_STATE_DIR", dir_.path() + "/state"},
            {"SIM_LOG", log_path()}};
  }

  std::string log_path() const { return dir_.path() + "/sim.log"; }
  std::string layer_dir(const std::string& dir) const { return repo_ + "/" + dir; }

  testing::ProcessResult Run(const std::string& verb, std::vector<std::string> args = {},
                             std::map<std::string, std::string> extra_env = {},
                             std::string cwd = "") {
    std::vector<std::string> argv = {kBinary, verb};
    argv.insert(argv.end(), args.begin(), args.end());
    testing::ProcessOptions options;
    options.env = env_;
    for (auto& [name, value] : extra_env) options.env[name] = value;
    options.unset_env = {"SIM_FAIL_AT",  "SIM_HANG_AT",      "SIM_EXIT_CODE",   "SIM_PRINT_SECRET",
                         "SIM_ADD_MASK", "SIM_OUTPUT_BYTES", "SIM_IGNORE_TERM", "TERM"};
    options.cwd = cwd.empty() ? repo_ : cwd;
    options.timeout_seconds = 120;
    return testing::RunProcess(argv, options);
  }

  std::vector<SimEvent> ReadLog() const {
    std::vector<SimEvent> events;
    Result<std::string> text = ReadFile(log_path());
    if (!text.ok()) return events;
    // The simulator appends each record with one write(), but a reader polling the log
    // while a record is written may see part of it: a line is complete once its newline is.
    std::string_view complete = *text;
    complete = complete.substr(0, complete.rfind('\n') + 1);
    for (std::string_view line : SplitLines(complete)) {
      if (Trim(line).empty()) continue;
      auto document = json::Parse(line, "sim log");
      if (!document.ok()) {
        ADD_FAILURE() << "bad sim log line: " << line;
        continue;
      }
      SimEvent event;
      event.event = json::StringOr(json::Member(*document, "event"));
      event.tool = json::StringOr(json::Member(*document, "tool"));
      event.argv = Strings(json::Member(*document, "argv"));
      event.cwd = json::StringOr(json::Member(*document, "cwd"));
      if (auto* start = json::Member(*document, "start"); start && start->IsNumber())
        event.start = start->GetDouble();
      if (auto* end = json::Member(*document, "end"); end && end->IsNumber())
        event.end = end->GetDouble();
      event.exit_code = static_cast<int>(json::IntOr(json::Member(*document, "exit_code"), -1));
      event.pid = static_cast<int>(json::IntOr(json::Member(*document, "pid")));
      event.plugin_pid = static_cast<int>(json::IntOr(json::Member(*document, "plugin_pid")));
      if (auto* env = json::Member(*document, "env"); env && env->IsObject()) {
        for (const auto& member : env->GetObject()) {
          event.env[member.name.GetString()] = json::StringOr(&member.value);
        }
      }
      events.push_back(std::move(event));
    }
    return events;
  }

  // Completed invocations ("end" events) in `dir`, in the order they finished.
  std::vector<SimEvent> Finished(const std::string& dir = "") const {
    std::vector<SimEvent> finished;
    for (SimEvent& event : ReadLog()) {
      if (event.event == "end" && (dir.empty() || event.cwd == layer_dir(dir))) {
        finished.push_back(std::move(event));
      }
    }
    return finished;
  }

  void ClearLog() const { fs::remove(log_path()); }

  testing::TempDir dir_;
  std::string repo_;
  std::map<std::string, std::string> env_;
};

// The layers of the example and their directories.
const std::vector<std::pair<std::string, std::string>> kLayers = {
    {"bootstrap", "bootstrap"},
    {"platform", "platform"},
    {"data-staging", "envs/staging/data"},
    {"data-prod", "envs/prod/data"},
};
const std::map<std::string, std::vector<std::string>> kDependsOn = {
    {"bootstrap", {}},
    {"platform", {"bootstrap"}},
    {"data-staging", {"platform"}},
    {"data-prod", {"platform"}},
};

std::string DirOf(const std::string& layer) {
  for (const auto& [name, dir] : kLayers) {
    if (name == layer) return dir;
  }
  return "";
}

// Every step of a layer started after every step of each of its dependencies ended.
void ExpectDependencyOrder(const LocalCommand& test, const std::string& what) {
  for (const auto& [layer, dependencies] : kDependsOn) {
    std::vector<SimEvent> own = test.Finished(DirOf(layer));
    for (const std::string& dependency : dependencies) {
      for (const SimEvent& before : test.Finished(DirOf(dependency))) {
        for (const SimEvent& after : own) {
          EXPECT_GE(after.start, before.end)
              << what << ": " << layer << " " << after.subcommand() << " started before "
              << dependency << " " << before.subcommand() << " ended";
        }
      }
    }
  }
}

bool Overlap(const std::vector<SimEvent>& a, const std::vector<SimEvent>& b) {
  for (const SimEvent& x : a) {
    for (const SimEvent& y : b) {
      if (x.start < y.end && y.start < x.end) return true;
    }
  }
  return false;
}

TEST_F(LocalCommand, PlansAppliesAndVerifiesTheExampleMonorepo) {
  // From a subdirectory: the config is found by walking up.
  testing::ProcessResult plan =
      Run("plan", {"--jobs", "4"}, {{"SIM_DELAY_PLAN", "0.4"}}, layer_dir("envs/staging"));
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  for (const auto& [layer, dir] : kLayers) {
    EXPECT_TRUE(fs::exists(layer_dir(dir) + "/tfplan")) << layer;
    EXPECT_EQ(Finished(dir).size(), 3u) << layer << ": init, plan, show";
  }
  EXPECT_NE(plan.out.find("platform      has changes"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("+ null_resource.cluster (create)"), std::string::npos) << plan.out;
  ExpectDependencyOrder(*this, "plan");
  EXPECT_TRUE(Overlap(Finished("envs/staging/data"), Finished("envs/prod/data")))
      << "the two data layers plan in parallel";
  for (const SimEvent& event : Finished("bootstrap")) {
    EXPECT_EQ(event.Env("TF_VAR_env"), "dev") << event.subcommand();
    EXPECT_EQ(event.Env("TF_IN_AUTOMATION"), "(unset)") << "dev: a terminal";
    EXPECT_EQ(event.Env("TF_INPUT"), "0");
  }
  // data-staging belongs to staging whatever the run's environment.
  for (const SimEvent& event : Finished("envs/staging/data")) {
    EXPECT_EQ(event.Env("TF_VAR_env"), "staging") << event.subcommand();
    EXPECT_EQ(event.Env("TF_IN_AUTOMATION"), "1");
    if (event.subcommand() == "init") {
      EXPECT_EQ(event.argv.back(), "-backend-config=key=staging/terraform.tfstate");
    }
  }
  for (const SimEvent& event : Finished("bootstrap")) EXPECT_EQ(event.tool, "terraform");
  for (const SimEvent& event : Finished("platform")) EXPECT_EQ(event.tool, "terragrunt");
  // app is promoted through staging and prod: one plan per environment, each with its own
  // plan file, data directory, var file and state key, staging first.
  const std::vector<SimEvent> app = Finished("app");
  ASSERT_EQ(app.size(), 6u);
  for (const SimEvent& event : app) {
    const std::string environment = event.Env("TF_VAR_env");
    EXPECT_EQ(event.Env("TF_DATA_DIR"), ".terraform-" + environment);
    if (event.subcommand() == "init") {
      EXPECT_EQ(event.argv.back(), "-backend-config=key=" + environment + "/app.tfstate");
    }
  }
  EXPECT_EQ(app[0].Env("TF_VAR_env"), "staging");
  EXPECT_EQ(app[5].Env("TF_VAR_env"), "prod");
  EXPECT_TRUE(fs::exists(layer_dir("app") + "/tfplan-staging"));
  EXPECT_TRUE(fs::exists(layer_dir("app") + "/tfplan-prod"));
  EXPECT_FALSE(fs::exists(layer_dir("app") + "/tfplan"));

  // `--env staging` plans app's staging target only.
  ClearLog();
  testing::ProcessResult staging_only = Run("plan", {"app", "--env", "staging"});
  ASSERT_EQ(staging_only.exit_code, 0) << staging_only.out << staging_only.err;
  for (const SimEvent& event : Finished("app")) EXPECT_EQ(event.Env("TF_VAR_env"), "staging");
  EXPECT_EQ(Finished("app").size(), 3u) << staging_only.out;

  ClearLog();
  testing::ProcessResult apply = Run("apply", {"--jobs", "4"});
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  ExpectDependencyOrder(*this, "apply");
  std::vector<SimEvent> applies;
  for (const SimEvent& event : Finished()) {
    if (event.subcommand() == "apply") applies.push_back(event);
  }
  ASSERT_EQ(applies.size(), 6u) << "four layers, and app in staging then prod";
  for (std::size_t i = 1; i < applies.size(); ++i) {
    EXPECT_GE(applies[i].start, applies[i - 1].end) << "apply is sequential by default";
  }
  EXPECT_EQ(applies[0].cwd, layer_dir("bootstrap"));
  EXPECT_EQ(applies[1].cwd, layer_dir("platform"));
  EXPECT_EQ(applies[0].argv.back(), layer_dir("bootstrap") + "/tfplan") << "the saved plan";

  testing::ProcessResult verify = Run("verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("platform      no changes"), std::string::npos) << verify.out;

  // An edit nobody applied is drift.
  const std::string main_tf = layer_dir("platform") + "/main.tf";
  std::string text = *ReadFile(main_tf);
  text.replace(text.find("\"1.30\""), 6, "\"1.31\"");
  testing::TempDir scratch;
  fs::copy_file(scratch.Write("main.tf", text), main_tf, fs::copy_options::overwrite_existing);
  testing::ProcessResult drift = Run("verify");
  EXPECT_EQ(drift.exit_code, 2) << drift.out << drift.err;
  EXPECT_NE(drift.out.find("platform      drift"), std::string::npos) << drift.out;
  EXPECT_NE(drift.out.find("bootstrap     no changes"), std::string::npos) << drift.out;

  // Applied plans are spent: a second apply asks for a new plan.
  testing::ProcessResult again = Run("apply", {"platform"});
  EXPECT_EQ(again.exit_code, 1) << again.out;
  EXPECT_NE(again.err.find("no saved plan for platform"), std::string::npos) << again.err;

  // A plan made stale by another change to the state is refused (by terraform).
  ASSERT_EQ(Run("plan", {"platform"}).exit_code, 0);
  testing::ProcessOptions sim;
  sim.env = env_;
  sim.cwd = layer_dir("platform");
  ASSERT_EQ(
      testing::RunProcess(
          {kSource + "/tests/sim/bin/terragrunt", "apply", "-input=false", "-auto-approve"}, sim)
          .exit_code,
      0);
  testing::ProcessResult stale = Run("apply", {"platform"});
  EXPECT_EQ(stale.exit_code, 1) << stale.out;
  EXPECT_NE(stale.out.find("Saved plan is stale"), std::string::npos) << stale.out;
  EXPECT_NE(stale.out.find("skipped because platform failed"), std::string::npos) << stale.out;
}

TEST_F(LocalCommand, AFailingLayerSkipsExactlyItsDependents) {
  testing::ProcessResult platform = Run("plan", {}, {{"SIM_FAIL_AT", "plan:/platform"}});
  EXPECT_EQ(platform.exit_code, 1) << platform.out;
  EXPECT_NE(platform.out.find("platform      failed"), std::string::npos) << platform.out;
  EXPECT_NE(platform.out.find("data-staging  skipped"), std::string::npos) << platform.out;
  EXPECT_NE(platform.out.find("skipped because platform failed"), std::string::npos)
      << platform.out;
  EXPECT_NE(platform.out.find("Simulated failure"), std::string::npos)
      << "the failing step's output is shown: " << platform.out;
  EXPECT_TRUE(Finished("envs/staging/data").empty());
  EXPECT_TRUE(Finished("envs/prod/data").empty());

  ClearLog();
  testing::ProcessResult staging = Run("plan", {}, {{"SIM_FAIL_AT", "plan:staging/data"}});
  EXPECT_EQ(staging.exit_code, 1) << staging.out;
  EXPECT_NE(staging.out.find("data-staging  failed"), std::string::npos) << staging.out;
  EXPECT_NE(staging.out.find("data-prod     has changes"), std::string::npos)
      << "an unrelated layer goes on: " << staging.out;
  EXPECT_EQ(Finished("envs/prod/data").size(), 3u);
}

// `infra-flash plan` runs the config's policy checks on the plans with changes, with the
// checkout's copy of their files, and exits 1 when one fails.
TEST_F(LocalCommand, PlanRunsThePolicyChecks) {
  std::ofstream(repo_ + "/.infra-flash.yml", std::ios::app) << R"yaml(policies:
  - name: only-staging
    argv: [python3, checks/deny.py, "{layer}", "{environment}"]
    files: [checks/deny.py]
    layers: [data-staging, data-prod]
)yaml";
  fs::create_directories(repo_ + "/checks");
  std::ofstream(repo_ + "/checks/deny.py")
      << "import sys\nif sys.argv[2] == 'prod':\n    print('FAIL - ' + sys.argv[1] + ' is "
         "frozen')\n    sys.exit(1)\n";
  testing::ProcessResult plan = Run("plan", {"data-staging", "data-prod"});
  EXPECT_EQ(plan.exit_code, 1) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("policy checks:\n"
                          "  ✅ data-staging: policy check only-staging passed\n"
                          "  ❌ data-prod: policy check only-staging failed\n"
                          "      FAIL - data-prod is frozen\n"),
            std::string::npos)
      << plan.out;
}

TEST_F(LocalCommand, SigtermReportsEveryLayerAndLeavesNoChildren) {
  const std::string out_path = dir_.path() + "/out.txt";
  std::vector<std::string> args = {kBinary, "plan", "--jobs", "2"};
  std::vector<std::string> env;
  for (const auto& [name, value] : env_) env.push_back(name + "=" + value);
  env.push_back("SIM_HANG_AT=plan:/platform");
  env.push_back("SIM_ORPHAN_PLUGIN=1");  // only our signal to its group stops the plugin
  env.push_back("HOME=/tmp");
  std::vector<char*> argv_pointers, env_pointers;
  for (std::string& arg : args) argv_pointers.push_back(arg.data());
  argv_pointers.push_back(nullptr);
  for (std::string& entry : env) env_pointers.push_back(entry.data());
  env_pointers.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addchdir_np(&actions, repo_.c_str());
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv_pointers.data(),
                        env_pointers.data()),
            0);
  posix_spawn_file_actions_destroy(&actions);

  SimEvent hang;
  const bool hanging = testing::WaitUntil([&] {
    for (const SimEvent& event : ReadLog()) {
      if (event.event == "hang") hang = event;
    }
    return hang.pid != 0;
  });
  if (!hanging) ::kill(pid, SIGKILL);
  ASSERT_TRUE(hanging) << "platform's plan never started";
  ASSERT_TRUE(testing::Alive(hang.plugin_pid));
  ::kill(pid, SIGTERM);
  int status = 0;
  pid_t waited = 0;
  testing::WaitUntil([&] {
    waited = ::waitpid(pid, &status, WNOHANG);
    return waited != 0;
  });
  if (waited == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "infra-flash did not exit after SIGTERM";
  }
  const std::string out = *ReadFile(out_path);
  ASSERT_TRUE(WIFEXITED(status)) << "it exits, it is not killed by the signal\n" << out;
  EXPECT_NE(WEXITSTATUS(status), 0) << out;
  EXPECT_NE(out.find("bootstrap     has changes"), std::string::npos) << out;
  EXPECT_NE(out.find("platform      cancelled"), std::string::npos) << out;
  EXPECT_NE(out.find("data-staging  cancelled"), std::string::npos) << out;
  EXPECT_NE(out.find("data-prod     cancelled"), std::string::npos) << out;
  EXPECT_NE(out.find("not started: the run was cancelled (SIGTERM)"), std::string::npos) << out;
  EXPECT_TRUE(testing::WaitUntil([&] { return !testing::Alive(hang.pid); }))
      << "the hanging terragrunt survived";
  EXPECT_TRUE(testing::WaitUntil([&] { return !testing::Alive(hang.plugin_pid); }))
      << "its plugin survived";
  bool interrupted = false;
  for (const SimEvent& event : ReadLog()) interrupted |= event.event == "interrupted";
  EXPECT_TRUE(interrupted) << "the signal was forwarded to the step";
}

TEST_F(LocalCommand, SecretsNeverAppear) {
  {
    // A value in a variable named by run.mask_env.
    testing::TempDir scratch;
    std::string config = *ReadFile(repo_ + "/.infra-flash.yml");
    config += "run:\n  mask_env: [MY_DEPLOY_TOKEN]\n";
    fs::copy_file(scratch.Write("c.yml", config), repo_ + "/.infra-flash.yml",
                  fs::copy_options::overwrite_existing);
  }
  struct Case {
    std::string name;
    std::map<std::string, std::string> env;
    std::string secret;
  };
  const std::vector<Case> cases = {
      {"mask_env",
       {{"MY_DEPLOY_TOKEN", "tok-very-secret-1"}, {"SIM_PRINT_SECRET", "tok-very-secret-1"}},
       "tok-very-secret-1"},
      {"add-mask",
       {{"SIM_ADD_MASK", "added-secret-2"}, {"SIM_PRINT_SECRET", "added-secret-2"}},
       "added-secret-2"},
      {"token shape",
       {{"SIM_PRINT_SECRET", "ghp_0123456789abcdefghijABCDEFGHIJ012345"}},
       "ghp_0123456789abcdefghijABCDEFGHIJ012345"},
      // Announced only after a megabyte of output, in the part that is cut out.
      {"add-mask late",
       {{"SIM_ADD_MASK", "late-secret-3"},
        {"SIM_PRINT_SECRET", "late-secret-3"},
        {"SIM_OUTPUT_BYTES", "1200000"}},
       "late-secret-3"},
  };
  for (Case c : cases) {
    c.env["SIM_FAIL_AT"] = "plan:/platform";  // so that the output is printed
    testing::ProcessResult result = Run("plan", {"platform"}, c.env);
    EXPECT_EQ(result.exit_code, 1) << c.name;
    EXPECT_EQ(result.out.find(c.secret), std::string::npos) << c.name << ":\n" << result.out;
    EXPECT_EQ(result.err.find(c.secret), std::string::npos) << c.name << ":\n" << result.err;
    EXPECT_NE(result.out.find("the secret is still ***"), std::string::npos)
        << c.name << ": the output was shown, masked:\n"
        << result.out;
  }
}

TEST_F(LocalCommand, ChangedFromAGitRef) {
  const std::map<std::string, std::string> git_env = {{"GIT_AUTHOR_NAME", "t"},
                                                      {"GIT_AUTHOR_EMAIL", "t@example.com"},
                                                      {"GIT_COMMITTER_NAME", "t"},
                                                      {"GIT_COMMITTER_EMAIL", "t@example.com"}};
  for (std::vector<std::string> argv : std::vector<std::vector<std::string>>{
           {"git", "init", "-q"}, {"git", "add", "-A"}, {"git", "commit", "-q", "-m", "base"}}) {
    testing::ProcessOptions options;
    options.cwd = repo_;
    options.env = git_env;
    testing::ProcessResult git = testing::RunProcess(argv, options);
    ASSERT_EQ(git.exit_code, 0) << git.err;
  }
  testing::ProcessResult nothing = Run("plan", {"--changed-from", "HEAD"});
  EXPECT_EQ(nothing.exit_code, 0) << nothing.out << nothing.err;
  EXPECT_NE(nothing.out.find("nothing to do"), std::string::npos) << nothing.out;
  EXPECT_TRUE(Finished().empty());

  testing::TempDir scratch;
  fs::copy_file(
      scratch.Write(
          "main.tf",
          "resource \"null_resource\" \"database\" {\n  triggers = { size = \"huge\" }\n}\n"),
      layer_dir("envs/prod/data") + "/main.tf", fs::copy_options::overwrite_existing);
  testing::ProcessResult prod = Run("plan", {"--changed-from", "HEAD"});
  EXPECT_EQ(prod.exit_code, 0) << prod.out << prod.err;
  EXPECT_EQ(Finished().size(), 3u);
  EXPECT_EQ(Finished("envs/prod/data").size(), 3u) << "only data-prod";

  ClearLog();
  fs::copy_file(scratch.Write("extra.tf", "# new file\n"), layer_dir("platform") + "/extra.tf");
  testing::ProcessResult platform = Run("verify", {"--changed-from", "HEAD"});
  EXPECT_EQ(platform.exit_code, 2) << "nothing was applied: drift\n"
                                   << platform.out << platform.err;
  EXPECT_TRUE(Finished("bootstrap").empty());
  EXPECT_EQ(Finished("platform").size(), 2u) << "an untracked file counts";
  EXPECT_EQ(Finished("envs/staging/data").size(), 2u) << "dependents come along";

  testing::ProcessResult bad_ref = Run("plan", {"--changed-from", "no-such-ref"});
  EXPECT_EQ(bad_ref.exit_code, 2);
  EXPECT_NE(bad_ref.err.find("git diff"), std::string::npos) << bad_ref.err;
}

TEST_F(LocalCommand, UsageErrorsAndMissingPieces) {
  struct Case {
    std::string verb;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    int exit_code;
    std::string message;  // in stderr
  };
  const std::vector<Case> cases = {
      {"plan",
       {"nope"},
       {},
       2,
       "no layer is named \"nope\" or lives in that directory; the layers are: bootstrap, "
       "platform, data-staging, data-prod"},
      {"plan", {"--jobs", "0"}, {}, 2, "--jobs takes a whole number from 1 to 1024"},
      {"plan",
       {"--env", "moon"},
       {},
       2,
       "unknown environment \"moon\"; the environments are: dev, ci, test, staging, prod"},
      {"plan", {"--frobnicate"}, {}, 2, "unknown flag `--frobnicate`"},
      {"plan", {"--config", "/nonexistent.yml"}, {}, 2, "does not exist"},
      {"plan",
       {},
       {{"PATH", "/nonexistent"}},
       1,
       "`terraform` is not installed (not found on PATH); install it from "
       "https://developer.hashicorp.com/terraform/install"},
      {"apply", {"platform"}, {}, 1, "no saved plan for platform (expected "},
  };
  for (const Case& c : cases) {
    testing::ProcessResult result = Run(c.verb, c.args, c.env);
    EXPECT_EQ(result.exit_code, c.exit_code) << c.verb << " " << Join(c.args, " ") << "\n"
                                             << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos)
        << c.verb << " " << Join(c.args, " ") << ":\n"
        << result.err;
  }
  testing::ProcessResult outside = Run("plan", {}, {}, dir_.path());
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_NE(outside.err.find("no .infra-flash.yml in"), std::string::npos) << outside.err;
  testing::ProcessResult help = Run("verify", {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.out.rfind("Usage: infra-flash verify [LAYER…]", 0), 0u) << help.out;
  EXPECT_NE(help.out.find("--changed-from GITREF"), std::string::npos) << help.out;
  EXPECT_TRUE(Finished().empty()) << "nothing ran";
}

TEST_F(LocalCommand, CiChecksFormatAndValidatesWithoutABackend) {
  testing::ProcessResult clean = Run("ci", {"--env", "ci"});
  ASSERT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  std::vector<std::string> subcommands;
  for (const SimEvent& event : Finished("platform")) {
    subcommands.push_back(event.subcommand());
    EXPECT_EQ(event.Env("TF_IN_AUTOMATION"), "1");
  }
  EXPECT_EQ(subcommands, (std::vector<std::string>{"hcl", "init", "validate"}));
  std::string hcl = *ReadFile(layer_dir("platform") + "/terragrunt.hcl");
  testing::TempDir scratch;
  fs::copy_file(scratch.Write("t.hcl", hcl + "inputs = {}   \n"),
                layer_dir("platform") + "/terragrunt.hcl", fs::copy_options::overwrite_existing);
  testing::ProcessResult unformatted = Run("ci", {"platform"});
  EXPECT_EQ(unformatted.exit_code, 1);
  EXPECT_NE(unformatted.out.find("fmt failed (exit code 1)"), std::string::npos) << unformatted.out;
  EXPECT_NE(unformatted.out.find("terragrunt.hcl' needs formatting"), std::string::npos)
      << unformatted.out;
}

TEST_F(LocalCommand, APluginCacheSerialisesInit) {
  testing::TempDir scratch;
  std::string config = *ReadFile(repo_ + "/.infra-flash.yml");
  config += "run:\n  plugin_cache_dir: .terraform-plugins\n";
  fs::copy_file(scratch.Write("c.yml", config), repo_ + "/.infra-flash.yml",
                fs::copy_options::overwrite_existing);
  // The sim fails an init that finds the shared cache busy, as terraform does.
  testing::ProcessResult result =
      Run("verify", {"--jobs", "4"}, {{"SIM_DELAY_PLUGIN_INSTALL", "0.3"}});
  EXPECT_EQ(result.exit_code, 2) << "drift, as nothing was applied, and no failure\n" << result.out;
  std::vector<SimEvent> inits;
  for (const SimEvent& event : Finished()) {
    if (event.subcommand() == "init") inits.push_back(event);
    EXPECT_EQ(event.Env("TF_PLUGIN_CACHE_DIR"), repo_ + "/.terraform-plugins");
  }
  ASSERT_EQ(inits.size(), 6u) << "four layers, and app in staging and prod";
  for (std::size_t i = 0; i < inits.size(); ++i) {
    for (std::size_t j = i + 1; j < inits.size(); ++j) {
      EXPECT_FALSE(Overlap({inits[i]}, {inits[j]})) << inits[i].cwd << " and " << inits[j].cwd;
    }
  }
}

TEST(Simulator, ItsOwnTestsPass) {
  testing::ProcessOptions options;
  options.timeout_seconds = 120;
  testing::ProcessResult result =
      testing::RunProcess({"python3", kSource + "/tests/sim/tfsim_test.py"}, options);
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace
}  // namespace infra_flash
