// The Lint column end to end: a layer with `lint: tflint` on the base branch, the
// simulated tflint (tests/sim/tfsim.py, as v0.64.0 answers) on PATH or not.
#include <unistd.h>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

class LintTest : public FlowsTest {
 protected:
  // platform lints, as the base branch says (the PR's copy cannot switch it off).
  void SetUp() override {
    FlowsTest::SetUp();
    const std::string path = work.root() + "/.infra-flash.yml";
    std::string config = Slurp(path);
    const std::string layer = "  platform:\n    dir: platform\n";
    const std::size_t at = config.find(layer);
    ASSERT_NE(at, std::string::npos) << config;
    config.insert(at + layer.size(), "    lint: tflint\n");
    std::ofstream(path) << config;
    work.Git({"add", "-A"});
    work.Commit("lint platform");
    work.base = work.Head();
  }

  // The tflint runs the simulator logged, by the directory each was given.
  std::vector<std::string> LintedDirs() const {
    std::vector<std::string> dirs;
    for (const SimRecord& record : SimLog()) {
      if (record.event == "start" && !record.argv.empty() &&
          record.argv[0].starts_with("--chdir=")) {
        dirs.push_back(record.argv[0].substr(8));
      }
    }
    return dirs;
  }

  // A PATH with the engines but no tflint.
  std::string PathWithoutTflint() {
    for (const char* tool : {"terraform", "terragrunt", "tofu"}) {
      const std::string link = tools_.path() + "/" + tool;
      EXPECT_EQ(::symlink((kSource + "/tests/sim/tfsim.py").c_str(), link.c_str()), 0) << link;
    }
    return tools_.path() + ":/usr/bin:/bin";
  }

  TempDir tools_;
};

TEST_F(LintTest, IssuesFailTheChecksAndAFixPlans) {
  work.Branch("feature");
  std::string head = work.Append("platform/main.tf", "\nvariable \"loose\" {\n  default = 1\n}\n");
  SeedPull(head);
  ProcessResult run = RunEvent("pull_request", PullPayload("opened", head));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "| Layer | Format | Lint | Validate | Plan | Apply |"))
      << dashboard;
  EXPECT_TRUE(Contains(dashboard, "❌ 1 issue (tflint; see the job log)")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "⏭️ lint failed")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "⏭️ checks failed")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  EXPECT_EQ(LintedDirs(), std::vector<std::string>{work.root() + "/platform"});
  EXPECT_FALSE(SimRan("plan", "/platform")) << "a layer that fails lint is not planned";
  EXPECT_TRUE(Contains(run.out, "`loose` variable has no type")) << "the issue is in the log";

  ClearSimLog();
  // The loose variable gets its type: tflint is clean, the plan runs.
  std::string text = Slurp(work.root() + "/platform/main.tf");
  text.replace(text.find("  default = 1\n"), 14, "  type    = number\n  default = 1\n");
  std::ofstream(work.root() + "/platform/main.tf") << text;
  work.Git({"add", "-A"});
  work.Commit("type the variable");
  head = work.Head();
  SeedPull(head);
  run = RunEvent("pull_request", PullPayload("synchronize", head));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "platform | ✅ | ✅ | ✅ | 📝")) << dashboard;
  EXPECT_TRUE(SimRan("plan", "/platform"));
}

TEST_F(LintTest, WithoutTflintTheCellSaysSoAndThePlanRuns) {
  work.Branch("feature");
  const std::string head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  ProcessResult run =
      RunEvent("pull_request", PullPayload("opened", head), {{"PATH", PathWithoutTflint()}});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "platform | ✅ | — not linted: tflint is not installed |"))
      << dashboard;
  EXPECT_FALSE(Contains(dashboard, "platform | ✅ | ✅")) << "never a ✅ for no lint";
  EXPECT_TRUE(LintedDirs().empty());
  EXPECT_TRUE(SimRan("plan", "/platform")) << "a missing linter blocks nothing";
}

}  // namespace
}  // namespace infra_flash::testing
