// End-to-end tests of `infra-flash explain`: the real binary on vendored payloads,
// the example monorepo's config, and changed-file lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "common/json.h"
#include "support/subprocess.h"

namespace infra_flash {
namespace {

using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

const std::string kSource = INFRA_FLASH_SOURCE_DIR;
const std::string kBinary = testing::BinaryUnderTest();
const std::string kExampleConfig = kSource + "/examples/monorepo/.infra-flash.yml";

std::string Fixture(const std::string& name) { return kSource + "/tests/fixtures/events/" + name; }

std::vector<std::string> Strings(const rapidjson::Value* array) {
  std::vector<std::string> out;
  if (array == nullptr || !array->IsArray()) return out;
  for (const auto& item : array->GetArray())
    out.push_back(item.IsString() ? item.GetString() : "?");
  return out;
}

std::vector<std::vector<std::string>> Waves(const rapidjson::Value* array) {
  std::vector<std::vector<std::string>> out;
  if (array == nullptr || !array->IsArray()) return out;
  for (const auto& wave : array->GetArray()) out.push_back(Strings(&wave));
  return out;
}

struct ExplainCase {
  const char* name;
  std::string event_name;
  std::string payload;        // fixture path
  std::string changed_files;  // newline-separated; written to a file when non-empty
  std::string trigger;
  std::string intent;
  std::vector<std::vector<std::string>> waves;
  std::string verb;  // command.verb, or "" when command is null
};

ProcessResult Explain(const ExplainCase& c, const TempDir& dir) {
  std::vector<std::string> argv = {kBinary,        "explain", "--event-name", c.event_name,
                                   "--event-path", c.payload, "--config",     kExampleConfig};
  if (!c.changed_files.empty()) {
    argv.push_back("--changed-files");
    argv.push_back(dir.Write(std::string(c.name) + ".txt", c.changed_files));
  }
  return RunProcess(argv);
}

TEST(Explain, DecidesForEachEvent) {
  const std::string examples = kSource + "/examples/events/";
  const ExplainCase cases[] = {
      {"pr touching platform",
       "pull_request",
       examples + "pull_request.json",
       "platform/main.tf\ndocs/runbook.md\n",
       "pull_request",
       "autoplan",
       {{"platform"}, {"data-staging", "data-prod", "app@staging"}, {"app@prod"}},
       ""},
      {"pr touching only docs",
       "pull_request",
       examples + "pull_request.json",
       "docs/runbook.md\nREADME.md\n",
       "pull_request",
       "autoplan",
       {},
       ""},
      {"pr touching shared libs",
       "pull_request",
       examples + "pull_request.json",
       "libs/modules/network/main.tf\n",
       "pull_request",
       "autoplan",
       {{"bootstrap"}, {"platform"}, {"data-staging", "data-prod", "app@staging"}, {"app@prod"}},
       ""},
      {"pr touching one data layer",
       "pull_request",
       Fixture("pull_request.synchronize.22.json"),
       "envs/prod/data/main.tf\n",
       "pull_request",
       "autoplan",
       {{"data-prod"}},
       ""},
      {"labeled pr is ignored",
       "pull_request",
       Fixture("pull_request.labeled.8.json"),
       "platform/main.tf\n",
       "ignored",
       "none",
       {},
       ""},
      {"draft pr is not autoplanned",
       "pull_request",
       Fixture("pull_request.opened.draft.edited.json"),
       "platform/main.tf\n",
       "ignored",
       "none",
       {},
       ""},
      {"closed pr releases locks",
       "pull_request",
       Fixture("pull_request.closed.merged.edited.json"),
       "",
       "pull_request",
       "release_locks",
       {},
       ""},
      {"apply staging comment",
       "issue_comment",
       examples + "issue_comment.json",
       "platform/main.tf\nenvs/staging/data/main.tf\n",
       "comment",
       "command",
       {{"data-staging", "app@staging"}},
       "apply"},
      {"comment on a plain issue is ignored",
       "issue_comment",
       Fixture("issue_comment.created.0.json"),
       "",
       "ignored",
       "none",
       {},
       ""},
      {"edited comment is ignored",
       "issue_comment",
       Fixture("issue_comment.edited.7.json"),
       "",
       "ignored",
       "none",
       {},
       ""},
      {"review event is ignored",
       "pull_request_review",
       Fixture("pull_request_review.submitted.0.json"),
       "",
       "ignored",
       "none",
       {},
       ""},
  };
  TempDir dir;
  for (const ExplainCase& c : cases) {
    ProcessResult result = Explain(c, dir);
    ASSERT_EQ(result.exit_code, 0) << c.name << ": " << result.err;
    auto parsed = json::Parse(result.out, "explain output");
    ASSERT_TRUE(parsed.ok()) << c.name << ": " << result.out;
    const auto& out = *parsed;
    EXPECT_EQ(json::StringOr(json::Member(out, "trigger")), c.trigger) << c.name << "\n"
                                                                       << result.out;
    EXPECT_EQ(json::StringOr(json::Member(out, "intent")), c.intent) << c.name << "\n"
                                                                     << result.out;
    EXPECT_EQ(Waves(json::Member(out, "waves")), c.waves) << c.name << "\n" << result.out;
    std::vector<std::string> flat;
    for (const auto& wave : c.waves) flat.insert(flat.end(), wave.begin(), wave.end());
    EXPECT_EQ(Strings(json::Member(out, "layers")), flat) << c.name;
    EXPECT_EQ(json::StringOr(json::Find(out, {"command", "verb"})), c.verb) << c.name;
    if (c.trigger == "ignored") {
      EXPECT_FALSE(json::StringOr(json::Member(out, "reason")).empty()) << c.name << ": no reason";
    }
  }
}

TEST(Explain, PrintsThePullRequestFields) {
  ProcessResult result =
      RunProcess({kBinary, "explain", "--event-name", "pull_request", "--event-path",
                  kSource + "/examples/events/pull_request.json", "--config", kExampleConfig});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto parsed = json::Parse(result.out, "explain output");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(json::IntOr(json::Member(*parsed, "pr")), 42);
  EXPECT_EQ(json::StringOr(json::Member(*parsed, "head_sha")),
            "9f2c1e7a4b3d5c6e8f0a1b2c3d4e5f6a7b8c9d0e");
  EXPECT_TRUE(json::Member(*parsed, "command")->IsNull());
  EXPECT_TRUE(json::Member(*parsed, "reply")->IsNull());
}

TEST(Explain, HelpCommentGetsTheGeneratedHelp) {
  TempDir dir;
  std::string payload = RunProcess({"sed", "s#/apply staging#/help#",
                                    kSource + "/examples/events/issue_comment.json"})
                            .out;
  ProcessResult result =
      RunProcess({kBinary, "explain", "--event-name", "issue_comment", "--event-path",
                  dir.Write("help.json", payload), "--config", kExampleConfig});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto parsed = json::Parse(result.out, "explain output");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(json::StringOr(json::Member(*parsed, "intent")), "reply");
  const std::string reply = json::StringOr(json::Member(*parsed, "reply"));
  for (const char* expected : {"/plan", "/apply", "data-staging", "bootstrap"}) {
    EXPECT_NE(reply.find(expected), std::string::npos) << "help lacks " << expected << ":\n"
                                                       << reply;
  }
}

struct BadInputCase {
  const char* name;
  std::vector<std::string> args;
  std::string stderr_contains;
};

TEST(Explain, UnusableInputExitsTwoWithOneLine) {
  TempDir dir;
  const std::string good = kSource + "/examples/events/pull_request.json";
  const std::string bad_json = dir.Write("bad.json", "{\"action\": \"opened\", ");
  const std::string bad_config = dir.Write("bad.yml", "version: 1\nlayers:\n  a: {dirr: x}\n");
  const std::string shared_state = dir.Write(
      "shared.yml",
      "version: 1\nlayers:\n  a: {dir: a, environment: prod}\n  b: {dir: b, environment: prod}\n"
      "environments:\n  prod: {state_key: prod/terraform.tfstate}\n");
  const BadInputCase cases[] = {
      {"missing payload file",
       {"--event-name", "pull_request", "--event-path", dir.path() + "/none.json"},
       "none.json"},
      {"malformed payload", {"--event-name", "pull_request", "--event-path", bad_json}, "JSON"},
      {"invalid config",
       {"--event-name", "pull_request", "--event-path", good, "--config", bad_config},
       "bad.yml:3:"},
      {"missing config",
       {"--event-name", "pull_request", "--event-path", good, "--config", dir.path() + "/no.yml"},
       "no.yml"},
      {"two layers of one environment with one state key",
       {"--event-name", "pull_request", "--event-path", good, "--config", shared_state},
       "shared.yml:6:21: layers `a` and `b` would share the state key `prod/terraform.tfstate`"},
      {"unknown flag",
       {"--event-name", "pull_request", "--event-path", good, "--bogus"},
       "--bogus"},
      {"flag without value", {"--event-name"}, "needs a value"},
      {"no event name", {"--event-path", good}, "GITHUB_EVENT_NAME"},
      {"missing changed files",
       {"--event-name", "pull_request", "--event-path", good, "--changed-files",
        dir.path() + "/x.txt"},
       "x.txt"},
  };
  for (const BadInputCase& c : cases) {
    std::vector<std::string> argv = {kBinary, "explain"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    testing::ProcessOptions options;
    options.unset_env = {"GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH"};
    options.cwd = dir.path();
    ProcessResult result = RunProcess(argv, options);
    EXPECT_EQ(result.exit_code, 2) << c.name << ": " << result.out << result.err;
    EXPECT_NE(result.err.find(c.stderr_contains), std::string::npos)
        << c.name << ": " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1)
        << c.name << ": " << result.err;
    EXPECT_TRUE(result.out.empty()) << c.name;
  }
}

TEST(Explain, ReadsTheEventFromTheActionsEnvironment) {
  testing::ProcessOptions options;
  options.env = {{"GITHUB_EVENT_NAME", "pull_request"},
                 {"GITHUB_EVENT_PATH", kSource + "/examples/events/pull_request.json"}};
  options.stdin_text = "platform/main.tf\n";
  ProcessResult result =
      RunProcess({kBinary, "explain", "--config", kExampleConfig, "--changed-files", "-"}, options);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto parsed = json::Parse(result.out, "explain output");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(Strings(json::Member(*parsed, "layers")),
            (std::vector<std::string>{"platform", "data-staging", "data-prod", "app@staging",
                                      "app@prod"}));
}

TEST(Cli, HelpAndVersion) {
  ProcessResult help = RunProcess({kBinary, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("explain"), std::string::npos) << help.out;
  ProcessResult explain_help = RunProcess({kBinary, "explain", "--help"});
  EXPECT_EQ(explain_help.exit_code, 0);
  EXPECT_NE(explain_help.out.find("--changed-files"), std::string::npos) << explain_help.out;
  ProcessResult version = RunProcess({kBinary, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("infra-flash ", 0), 0u) << version.out;
  ProcessResult unknown = RunProcess({kBinary, "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command"), std::string::npos);
}

}  // namespace
}  // namespace infra_flash

namespace infra_flash {
namespace {

TEST(Explain, StepsListEveryProcessWithoutAShell) {
  ProcessResult result = RunProcess(
      {kBinary, "explain", "--event-name", "pull_request", "--event-path",
       kSource + "/examples/events/pull_request.json", "--config", kExampleConfig,
       "--changed-files", kSource + "/examples/events/pull_request.changed-files.txt", "--steps"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto parsed = json::Parse(result.out, "explain output");
  ASSERT_TRUE(parsed.ok());
  const rapidjson::Value* steps = json::Member(*parsed, "steps");
  ASSERT_NE(steps, nullptr);
  ASSERT_TRUE(steps->IsArray());
  std::vector<std::string> seen;  // "verb layer name"
  for (const auto& step : steps->GetArray()) {
    const std::string verb = json::StringOr(json::Member(step, "verb"));
    const std::string layer = json::StringOr(json::Member(step, "layer"));
    seen.push_back(verb + " " + layer + " " + json::StringOr(json::Member(step, "name")));
    std::vector<std::string> argv = Strings(json::Member(step, "argv"));
    ASSERT_FALSE(argv.empty()) << seen.back();
    // app, promoted through staging and prod, is plain terraform.
    EXPECT_EQ(argv[0], layer.starts_with("app@") ? "terraform" : "terragrunt") << seen.back();
    EXPECT_NE(json::StringOr(json::Member(step, "cwd")).find("/examples/monorepo/"),
              std::string::npos);
    if (verb == "plan" && layer == "data-prod" && argv[1] == "init") {
      EXPECT_NE(std::find(argv.begin(), argv.end(), "-backend-config=key=prod/terraform.tfstate"),
                argv.end())
          << "the prod state key reaches init";
    }
  }
  // ci then plan, each over the five affected layers and targets in dependency order.
  const std::vector<std::string> expected_prefix = {"ci platform fmt", "ci platform init",
                                                    "ci platform validate"};
  ASSERT_GE(seen.size(), 30u);
  EXPECT_EQ(std::vector<std::string>(seen.begin(), seen.begin() + 3), expected_prefix);
  EXPECT_EQ(seen[15], "plan platform init");
  EXPECT_EQ(seen.back(), "plan app@prod show");
}

// A push runs what `run` does on the default branch: the drift scan of every layer, even
// one the push did not touch, then the apply of each whose scan finds changes, except the
// `auto_apply: false` ones (bootstrap in the example).
TEST(Explain, StepsOfAPushAreTheScanOfEveryLayerThenTheAutoApplies) {
  TempDir dir;
  const std::string payload =
      dir.Write("push.json", R"({"ref":"refs/heads/main","before":")" + std::string(40, '1') +
                                 R"(","after":")" + std::string(40, '2') +
                                 R"(","repository":{"full_name":"o/r","default_branch":"main"},)"
                                 R"("sender":{"login":"alice","type":"User"}})");
  ProcessResult result =
      RunProcess({kBinary, "explain", "--event-name", "push", "--event-path", payload, "--config",
                  kExampleConfig, "--changed-files",
                  dir.Write("changed.txt", "envs/prod/data/main.tf\n"), "--steps"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto parsed = json::Parse(result.out, "explain output");
  ASSERT_TRUE(parsed.ok());
  std::vector<std::string> scanned;
  std::vector<std::string> applied;
  for (const auto& step : json::Member(*parsed, "steps")->GetArray()) {
    const std::string verb = json::StringOr(json::Member(step, "verb"));
    const std::string layer = json::StringOr(json::Member(step, "layer"));
    const std::string name = json::StringOr(json::Member(step, "name"));
    if (verb == "verify" && name == "plan") scanned.push_back(layer);
    if (verb == "apply" && name == "apply") {
      applied.push_back(layer);
      EXPECT_EQ(json::StringOr(json::Member(step, "when")), "the layer's drift scan finds changes");
    }
  }
  EXPECT_EQ(scanned, (std::vector<std::string>{"bootstrap", "platform", "data-staging", "data-prod",
                                               "app@staging", "app@prod"}));
  EXPECT_EQ(applied, (std::vector<std::string>{"platform", "data-staging", "data-prod",
                                               "app@staging", "app@prod"}))
      << "bootstrap has auto_apply: false";
}

// A layer's own `state_key` reaches its `init`, instead of its environment's; the other
// layers keep their environment's.
TEST(Explain, ALayersOwnStateKeyReachesItsInit) {
  TempDir dir;
  std::ifstream in(kExampleConfig);
  std::string config((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string anchor = "    dir: envs/prod/data\n";
  ASSERT_NE(config.find(anchor), std::string::npos);
  config.insert(config.find(anchor) + anchor.size(),
                "    state_key: \"prod/{layer}/own.tfstate\"\n");
  const std::string payload =
      dir.Write("push.json", R"({"ref":"refs/heads/main","before":")" + std::string(40, '1') +
                                 R"(","after":")" + std::string(40, '2') +
                                 R"(","repository":{"full_name":"o/r","default_branch":"main"},)"
                                 R"("sender":{"login":"alice","type":"User"}})");
  ProcessResult result = RunProcess(
      {kBinary, "explain", "--event-name", "push", "--event-path", payload, "--config",
       dir.Write(".infra-flash.yml", config), "--workspace", kSource + "/examples/monorepo",
       "--changed-files", dir.Write("changed.txt", "envs/prod/data/main.tf\n"), "--steps"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto parsed = json::Parse(result.out, "explain output");
  ASSERT_TRUE(parsed.ok());
  std::map<std::string, std::string> keys;  // layer -> the key its apply's init is given
  for (const auto& step : json::Member(*parsed, "steps")->GetArray()) {
    if (json::StringOr(json::Member(step, "verb")) != "apply" ||
        json::StringOr(json::Member(step, "name")) != "init") {
      continue;
    }
    for (const std::string& arg : Strings(json::Member(step, "argv"))) {
      if (arg.rfind("-backend-config=key=", 0) == 0) {
        keys[json::StringOr(json::Member(step, "layer"))] = arg.substr(20);
      }
    }
  }
  EXPECT_EQ(keys, (std::map<std::string, std::string>{{"data-prod", "prod/data-prod/own.tfstate"},
                                                      {"data-staging", "staging/terraform.tfstate"},
                                                      {"app@staging", "staging/app.tfstate"},
                                                      {"app@prod", "prod/app.tfstate"}}));
}

// The policy checks a plan would get: after each covered target's plan steps, with their
// placeholders replaced (the plan JSON's path is known only when it runs).
TEST(Explain, StepsListThePolicyChecksOfEachCoveredPlan) {
  TempDir dir;
  std::ifstream in(kExampleConfig);
  std::string config((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  config += R"yaml(policies:
  - name: prod-rules
    argv: [conftest, test, --policy, policy/, "--namespace={layer}", "{plan_json}"]
    files: [policy/plan.rego]
    environments: [prod]
    timeout: 90s
)yaml";
  ProcessResult result = RunProcess(
      {kBinary, "explain", "--event-name", "pull_request", "--event-path",
       kSource + "/examples/events/pull_request.json", "--config",
       dir.Write(".infra-flash.yml", config), "--workspace", kSource + "/examples/monorepo",
       "--changed-files", kSource + "/examples/events/pull_request.changed-files.txt", "--steps"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto parsed = json::Parse(result.out, "explain output");
  ASSERT_TRUE(parsed.ok());
  std::vector<std::string> order;  // "layer name" of the plan steps and checks
  for (const auto& step : json::Member(*parsed, "steps")->GetArray()) {
    if (json::StringOr(json::Member(step, "verb")) != "plan") continue;
    const std::string layer = json::StringOr(json::Member(step, "layer"));
    const std::string name = json::StringOr(json::Member(step, "name"));
    order.push_back(layer + " " + name);
    if (name != "policy") continue;
    EXPECT_EQ(json::StringOr(json::Member(step, "check")), "prod-rules");
    EXPECT_EQ(Strings(json::Member(step, "argv")),
              (std::vector<std::string>{"conftest", "test", "--policy", "policy/",
                                        "--namespace=" + layer, "{plan_json}"}));
    EXPECT_EQ(Strings(json::Member(step, "files")), std::vector<std::string>{"policy/plan.rego"});
    EXPECT_EQ(json::IntOr(json::Member(step, "timeout_seconds")), 90);
  }
  // Only the prod targets: data-prod (bound to prod) and app@prod, each after its show.
  std::vector<std::string> checks;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (!order[i].ends_with(" policy")) continue;
    checks.push_back(order[i]);
    ASSERT_GT(i, 0u);
    EXPECT_TRUE(order[i - 1].ends_with(" show")) << order[i - 1];
  }
  EXPECT_EQ(checks, (std::vector<std::string>{"data-prod policy", "app@prod policy"}));
}

}  // namespace
}  // namespace infra_flash
