// RecordCi and MarkPending: what a `ci` run's step results put in the Format, Lint and
// Validate cells. The Lint cell never claims ✅ for a lint that did not run.
#include "status/dashboard_update.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace infra_flash {
namespace {

Config LintingConfig() {
  Config config;
  Layer app;
  app.name = "app";
  app.dir = "app";
  app.engine = Engine::kTerraform;
  app.lint = Linter::kTflint;
  Layer plain;
  plain.name = "plain";
  plain.dir = "plain";
  plain.engine = Engine::kTerraform;
  Layer remote;
  remote.name = "remote";
  remote.dir = "remote";
  remote.engine = Engine::kTerragrunt;
  remote.lint = Linter::kTflint;  // its `source` is a git module: code_dir stays empty
  config.layers = {app, plain, remote};
  return config;
}

StepResult Exited(std::string name, int exit_code, std::string output = "") {
  StepResult step;
  step.name = std::move(name);
  step.end = StepEnd::kExited;
  step.exit_code = exit_code;
  step.output = std::move(output);
  return step;
}

LayerResult Result(std::string layer, Outcome outcome, std::vector<StepResult> steps,
                   std::string reason = "") {
  LayerResult result;
  result.layer = std::move(layer);
  result.outcome = outcome;
  result.steps = std::move(steps);
  result.reason = std::move(reason);
  return result;
}

const LayerRow& Row(const Dashboard& dashboard, const std::string& name) {
  for (const LayerRow& row : dashboard.layers) {
    if (row.name == name) return row;
  }
  static const LayerRow none;
  ADD_FAILURE() << "no row " << name;
  return none;
}

TEST(RecordCi, TheLintCellSaysWhatTflintFound) {
  const Config config = LintingConfig();
  struct Case {
    const char* name;
    LayerResult result;
    StageStatus lint;
    std::string lint_note;
    StageStatus validate;
    std::string validate_note;
  };
  StepResult missing;
  missing.name = "lint";
  missing.end = StepEnd::kSpawnFailed;
  missing.error = "`tflint` was not found on PATH: install it, or point run.binaries at it";
  StepResult unstartable = missing;
  unstartable.error = "`/ws/tools/tflint` is not executable (permission denied)";
  const std::vector<Case> cases = {
      {"clean",
       Result("app", Outcome::kSucceeded,
              {Exited("fmt", 0), Exited("lint", 0), Exited("init", 0), Exited("validate", 0)}),
       StageStatus::kPassed, "", StageStatus::kPassed, ""},
      {"issues found (exit 2)",
       Result("app", Outcome::kFailed,
              {Exited("fmt", 0),
               Exited("lint", 2,
                      "2 issue(s) found:\n\nmain.tf:1:1: Warning - `a` variable has no type "
                      "(terraform_typed_variables)\nmain.tf:4:1: Warning - `b` variable has no "
                      "type (terraform_typed_variables)\n")},
              "lint failed (exit code 2)"),
       StageStatus::kFailed, "2 issues (tflint; see the job log)", StageStatus::kSkipped,
       "lint failed"},
      {"tflint could not lint (exit 1)",
       Result("app", Outcome::kFailed,
              {Exited("fmt", 0), Exited("lint", 1, "Plugin \"aws\" not found.")},
              "lint failed (exit code 1)"),
       StageStatus::kFailed, "tflint could not lint (exit code 1)", StageStatus::kSkipped,
       "lint failed"},
      {"tflint not installed: not linted, and the rest ran",
       Result("app", Outcome::kSucceeded,
              {Exited("fmt", 0), missing, Exited("init", 0), Exited("validate", 0)}),
       StageStatus::kNotRun, "not linted: tflint is not installed", StageStatus::kPassed, ""},
      {"tflint there but not executable",
       Result("app", Outcome::kSucceeded,
              {Exited("fmt", 0), unstartable, Exited("init", 0), Exited("validate", 0)}),
       StageStatus::kNotRun, "not linted: tflint could not start", StageStatus::kPassed, ""},
      {"the format check failed first",
       Result("app", Outcome::kFailed, {Exited("fmt", 3)}, "fmt failed (exit code 3)"),
       StageStatus::kSkipped, "format check failed", StageStatus::kSkipped, "format check failed"},
      {"a layer that does not lint",
       Result("plain", Outcome::kSucceeded,
              {Exited("fmt", 0), Exited("init", 0), Exited("validate", 0)}),
       StageStatus::kNotRun, "", StageStatus::kPassed, ""},
      {"a unit with a remote source",
       Result("remote", Outcome::kSucceeded,
              {Exited("fmt", 0), Exited("init", 0), Exited("validate", 0)}),
       StageStatus::kNotRun, "not linted: the terraform source is not local", StageStatus::kPassed,
       ""},
  };
  for (const Case& c : cases) {
    Dashboard dashboard;
    RecordCi(dashboard, config, c.result);
    const LayerRow& row = Row(dashboard, c.result.layer);
    EXPECT_EQ(row.lint.status, c.lint) << c.name << ": " << StageSymbol(row.lint.status);
    EXPECT_EQ(row.lint.note, c.lint_note) << c.name;
    EXPECT_EQ(row.validate.status, c.validate) << c.name;
    if (!c.validate_note.empty()) {
      EXPECT_EQ(row.validate.note, c.validate_note) << c.name;
    }
    EXPECT_NE(row.lint.status == StageStatus::kPassed, c.lint != StageStatus::kPassed)
        << c.name << ": ✅ only for a lint that ran clean";
  }
}

TEST(MarkPending, OnlyLayersThatLintGetAPendingLintCell) {
  const Config config = LintingConfig();
  Dashboard dashboard;
  MarkPending(dashboard, config, {"app", "plain"},
              {Stage::kFormat, Stage::kLint, Stage::kValidate, Stage::kPlan});
  EXPECT_EQ(Row(dashboard, "app").lint.status, StageStatus::kPending);
  EXPECT_EQ(Row(dashboard, "plain").lint.status, StageStatus::kNotRun);
  EXPECT_EQ(Row(dashboard, "plain").format.status, StageStatus::kPending);
}

// While a job runs, the next step says what it waits for, in pipeline order; a job that
// waits for nothing leaves the suggestion to SuggestNextStep.
TEST(WaitingStep, NamesTheFirstStageStillPending) {
  Dashboard dashboard;
  LayerRow platform;
  platform.name = "platform";
  platform.format.status = StageStatus::kPassed;
  platform.validate.status = StageStatus::kPassed;
  platform.plan.status = StageStatus::kPending;
  LayerRow data;
  data.name = "data";
  data.validate.status = StageStatus::kPending;
  data.plan.status = StageStatus::kPending;
  dashboard.layers = {platform, data};
  EXPECT_EQ(WaitingStep(dashboard).text, "⏳ Waiting for validate…");
  dashboard.layers[1].validate.status = StageStatus::kPassed;
  EXPECT_EQ(WaitingStep(dashboard).text, "⏳ Waiting for plan…");
  EXPECT_TRUE(WaitingStep(dashboard).command.empty());
  dashboard.layers[0].plan.status = StageStatus::kChanges;
  dashboard.layers[1].plan.status = StageStatus::kNoChanges;
  EXPECT_TRUE(WaitingStep(dashboard).text.empty());
  CheckRow e2e;
  e2e.kind = CheckKind::kE2e;
  e2e.cell.status = StageStatus::kPending;
  dashboard.checks.push_back(e2e);
  EXPECT_EQ(WaitingStep(dashboard).text, "⏳ Waiting for the checks…");
}

}  // namespace
}  // namespace infra_flash
