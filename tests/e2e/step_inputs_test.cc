// The step's own inputs (`with:` in the workflow), end to end: `command`, `environment`
// and `layers` on workflow_dispatch and on events without a pull request, their refusal on
// pull request events, and `config` relative to the workspace whatever the
// `working-directory`.
#include <algorithm>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

using StepInputsTest = FlowsTest;

const char kSchedulePayload[] =
    R"({"schedule":"23 5 * * 1","repository":{"full_name":"o/r","default_branch":"main"}})";

TEST_F(StepInputsTest, OnADispatchTheStepFillsWhatTheDispatchLeavesOut) {
  ProcessResult run = RunEvent("workflow_dispatch", DispatchPayload("{}"),
                               {{"INPUT_COMMAND", "verify"}, {"INPUT_LAYERS", "platform"}});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Contains(outputs, "verify")) << outputs;
  EXPECT_TRUE(Contains(outputs, R"({"platform":true})")) << "never applied: drift. " << outputs;
  EXPECT_TRUE(SimRan("plan", "/platform"));
  EXPECT_FALSE(SimRan("apply", "/platform")) << "a scan never applies";
  EXPECT_FALSE(SimRan("plan", "/bootstrap")) << "only the layers the step names";

  // What the person typed into the dispatch form wins over the workflow's default.
  ClearSimLog();
  run = RunEvent("workflow_dispatch", DispatchPayload(R"({"command":"plan","layers":"bootstrap"})"),
                 {{"INPUT_COMMAND", "verify"}, {"INPUT_LAYERS", "platform"}});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Contains(outputs, "has-changes")) << "a plan ran, not a scan: " << outputs;
  EXPECT_TRUE(SimRan("plan", "/bootstrap"));
  EXPECT_FALSE(SimRan("plan", "/platform"));
}

TEST_F(StepInputsTest, AScheduledStepWithACommandScansEveryLayer) {
  // (A scan of every layer keeps the drift issue: DriftIssueTest.)
  github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"}})");
  ProcessResult run = RunEvent("schedule", kSchedulePayload,
                               {{"INPUT_COMMAND", "verify"}, {"INPUT_LAYERS", "all"}});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  for (const char* layer : {"bootstrap", "platform", "data-staging", "data-prod"}) {
    EXPECT_TRUE(Contains(outputs, "\"" + std::string(layer) + "\":true")) << layer << outputs;
  }
  EXPECT_FALSE(SimRan("apply", "")) << "a scan never applies";
  EXPECT_TRUE(Contains(run.out, "the step's `command` input runs `verify`")) << run.out;

  // Without a command, a scheduled run is the same scan of every layer.
  ClearSimLog();
  run = RunEvent("schedule", kSchedulePayload);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Contains(run.out, "a scheduled run scans every layer for drift")) << run.out;
  for (const char* layer : {"bootstrap", "platform", "data-staging", "data-prod"}) {
    EXPECT_TRUE(Contains(outputs, "\"" + std::string(layer) + "\":true")) << layer << outputs;
  }
  EXPECT_FALSE(SimRan("apply", "")) << "a scan never applies";

  // The step may choose another command for its schedule.
  ClearSimLog();
  run = RunEvent("schedule", kSchedulePayload,
                 {{"INPUT_COMMAND", "plan"}, {"INPUT_LAYERS", "bootstrap"}});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(SimRan("plan", "/bootstrap"));
  EXPECT_FALSE(SimRan("plan", "/platform"));
}

// A pull request's branch carries its own copy of the workflow: its `with: command: apply`
// must not turn the PR's plan into an apply.
TEST_F(StepInputsTest, APullRequestEventIgnoresTheStepsCommand) {
  work.Git({"checkout", "-q", "-b", "feature"});
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  ProcessResult run = RunEvent("pull_request", PullPayload("opened", head),
                               {{"INPUT_COMMAND", "apply"}, {"INPUT_LAYERS", "all"}});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Contains(run.out, "is not used on pull_request events")) << run.out;
  EXPECT_TRUE(SimRan("plan", "/platform")) << "the PR is planned as usual";
  EXPECT_FALSE(SimRan("apply", "")) << "nothing is applied";
  EXPECT_FALSE(SimRan("plan", "/bootstrap")) << "only what the PR changed";
}

// `config` is relative to the workspace ($GITHUB_WORKSPACE), as action.yml says, also
// when `working-directory` points the layers somewhere below it.
TEST_F(StepInputsTest, TheConfigIsRelativeToTheWorkspaceNotTheWorkingDirectory) {
  std::map<std::string, std::string> env = {{"GITHUB_WORKSPACE", work.dir.path()},
                                            {"INPUT_WORKING-DIRECTORY", work.root()},
                                            {"INPUT_CONFIG", "ws/.infra-flash.yml"},
                                            {"INPUT_COMMAND", "plan"},
                                            {"INPUT_LAYERS", "platform"}};
  ProcessResult run = RunEvent("workflow_dispatch", DispatchPayload("{}"), env);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(SimRan("plan", "/ws/platform")) << "the layers are the working directory's";

  env["INPUT_CONFIG"] = ".infra-flash.yml";  // the workspace has none at its top
  run = RunEvent("workflow_dispatch", DispatchPayload("{}"), env);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(Contains(run.out + run.err, work.dir.path() + "/.infra-flash.yml"))
      << "the error names the path it looked at: " << run.out << run.err;
}

// A broken config is an annotation on its line (GitHub shows it on the file in the run and
// the PR) and a line in the step summary, not only a log line.
TEST_F(StepInputsTest, AConfigErrorIsAnAnnotationOnItsLineAndInTheStepSummary) {
  std::string config = Slurp(work.root() + "/.infra-flash.yml");
  const std::size_t at = config.find("    engine: terraform\n");
  ASSERT_NE(at, std::string::npos) << config;
  config.replace(at, 22, "    engine: terrafrom\n");
  const int line = static_cast<int>(std::count(config.begin(), config.begin() + at, '\n')) + 1;
  std::ofstream(work.root() + "/.infra-flash.yml") << config;
  ProcessResult run = RunEvent("workflow_dispatch", DispatchPayload(R"({"command":"plan"})"));
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  const std::string annotation = "::error file=.infra-flash.yml,line=" + std::to_string(line) +
                                 ",col=13,title=infra-flash config::the infra-flash config is "
                                 "invalid: .infra-flash.yml:" +
                                 std::to_string(line) + ":13: unknown engine `terrafrom`";
  EXPECT_TRUE(Contains(run.out, annotation)) << run.out;
  EXPECT_TRUE(Contains(step_summary, "infra-flash stopped on errors")) << step_summary;
  EXPECT_TRUE(Contains(step_summary, "unknown engine `terrafrom`")) << step_summary;
  EXPECT_EQ(Slurp(SimLogPath()), "") << "nothing ran";
}

}  // namespace
}  // namespace infra_flash::testing
