#include "run/scheduler.h"

#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/mask.h"
#include "support/simulated_executor.h"

namespace infra_flash {
namespace {

using std::chrono::seconds;

struct StepSpecForTest {
  std::string name;
  int duration_seconds = 10;
  int exit_code = 0;
  ExitCodes codes = ExitCodes::kZeroIsSuccess;
  std::string output;
  StepLock lock = StepLock::kNone;
  StepOutput kind = StepOutput::kLog;
  std::string stdout_data;
  bool optional = false;
  std::string spawn_error;
};

struct LayerForTest {
  std::string name;
  std::vector<std::string> depends_on;
  std::vector<StepSpecForTest> steps;
};

// A run of simulated layers against a fake clock.
class SimulatedRun {
 public:
  explicit SimulatedRun(std::vector<LayerForTest> layers) : layers_(std::move(layers)) {
    for (const LayerForTest& layer : layers_) {
      LayerJob job{layer.name, layer.depends_on, {}};
      for (const StepSpecForTest& spec : layer.steps) {
        PlannedStep step;
        step.layer = layer.name;
        step.name = spec.name;
        step.argv = {"sim", spec.name};
        step.exit_codes = spec.codes;
        step.lock = spec.lock;
        step.output = spec.kind;
        step.optional = spec.optional;
        job.steps.push_back(step);
        behaviour_[layer.name + "/" + spec.name] = {seconds(spec.duration_seconds), spec.exit_code,
                                                    spec.output, spec.stdout_data,
                                                    spec.spawn_error};
      }
      jobs_.push_back(std::move(job));
    }
  }

  RunResult Run(int jobs, RunVerb verb = RunVerb::kPlan, seconds timeout = seconds(3600)) {
    SchedulerOptions options;
    options.jobs = jobs;
    options.step_timeout = timeout;
    return RunLayers(verb, jobs_, executor_, clock_, masker_, options, &observer_);
  }

  struct Observer : RunObserver {
    void LayerFinished(const LayerResult& result) override { finished.push_back(result.layer); }
    void Interrupted(int signal_number) override { interrupted = signal_number; }
    std::vector<std::string> finished;
    int interrupted = 0;
  };

  // Seconds since the start when `layer`'s `step` started, or -1.
  long StartOf(const std::string& layer, const std::string& step = "") const {
    for (const auto& record : executor_.records()) {
      if (record.layer == layer && (step.empty() || record.step == step)) {
        return std::chrono::duration_cast<seconds>(record.start - Clock::TimePoint{}).count();
      }
    }
    return -1;
  }

  testing::FakeRunClock clock_;
  Masker masker_;
  std::vector<LayerForTest> layers_;
  std::vector<LayerJob> jobs_;
  std::map<std::string, testing::SimulatedStep> behaviour_;
  testing::SimulatedExecutor executor_{clock_, [this](const PlannedStep& step) {
                                         return behaviour_.at(step.layer + "/" + step.name);
                                       }};
  Observer observer_;
};

const LayerResult& Find(const RunResult& result, const std::string& layer) {
  for (const LayerResult& candidate : result.layers) {
    if (candidate.layer == layer) return candidate;
  }
  static const LayerResult none;
  ADD_FAILURE() << "no result for " << layer;
  return none;
}

std::vector<StepSpecForTest> OneStep(int duration = 10, int exit_code = 0) {
  return {{"apply", duration, exit_code}};
}

long Seconds(Duration duration) { return std::chrono::duration_cast<seconds>(duration).count(); }

TEST(Scheduler, ChainRunsInDependencyOrder) {
  SimulatedRun run({{"c", {"b"}, OneStep()}, {"b", {"a"}, OneStep()}, {"a", {}, OneStep()}});
  RunResult result = run.Run(4, RunVerb::kApply);
  EXPECT_EQ(run.StartOf("a"), 0);
  EXPECT_EQ(run.StartOf("b"), 10);
  EXPECT_EQ(run.StartOf("c"), 20);
  EXPECT_EQ(Seconds(result.duration), 30);
  ASSERT_EQ(result.layers.size(), 3u);
  EXPECT_EQ(result.layers[0].layer, "c") << "results keep the order the layers were given";
  for (const LayerResult& layer : result.layers) {
    EXPECT_EQ(layer.outcome, Outcome::kSucceeded) << layer.layer;
  }
  EXPECT_EQ(RunExitCode(result), 0);
}

TEST(Scheduler, IndependentLayersRunInParallelUpToJobs) {
  std::vector<LayerForTest> layers = {{"root", {}, OneStep()}};
  for (int i = 0; i < 6; ++i) layers.push_back({"leaf" + std::to_string(i), {"root"}, OneStep()});
  struct Case {
    int jobs;
    int max_concurrent;
    long total_seconds;
  };
  for (const Case& c : std::vector<Case>{{1, 1, 70}, {3, 3, 30}, {6, 6, 20}, {100, 6, 20}}) {
    SimulatedRun run(layers);
    RunResult result = run.Run(c.jobs);
    EXPECT_EQ(run.executor_.max_concurrent(), c.max_concurrent) << "jobs " << c.jobs;
    EXPECT_EQ(Seconds(result.duration), c.total_seconds) << "jobs " << c.jobs;
  }
}

TEST(Scheduler, AFailureSkipsExactlyItsDependents) {
  //   a -> b -> c -> f,  a -> d,  e alone,  g depends on d and c
  SimulatedRun run(
      {{"a", {}, OneStep()},
       {"b", {"a"}, {{"init", 5}, {"plan", 5, 1, ExitCodes::kPlanChanges, "Error: boom\n"}}},
       {"c", {"b"}, OneStep()},
       {"d", {"a"}, OneStep()},
       {"e", {}, OneStep()},
       {"f", {"c"}, OneStep()},
       {"g", {"d", "c"}, OneStep()}});
  RunResult result = run.Run(2);
  struct Expect {
    std::string layer;
    Outcome outcome;
    std::string reason;
  };
  const std::vector<Expect> expected = {
      {"a", Outcome::kSucceeded, ""},
      {"b", Outcome::kFailed, "plan failed (exit code 1)"},
      {"c", Outcome::kSkipped, "skipped because b failed"},
      {"d", Outcome::kSucceeded, ""},
      {"e", Outcome::kSucceeded, ""},
      {"f", Outcome::kSkipped, "skipped because b failed"},
      {"g", Outcome::kSkipped, "skipped because b failed"},
  };
  for (const Expect& e : expected) {
    const LayerResult& layer = Find(result, e.layer);
    EXPECT_EQ(layer.outcome, e.outcome) << e.layer << ": " << OutcomeName(layer.outcome);
    EXPECT_EQ(layer.reason, e.reason) << e.layer;
  }
  EXPECT_EQ(Find(result, "c").skipped_because, "b");
  EXPECT_TRUE(Find(result, "c").steps.empty());
  ASSERT_EQ(Find(result, "b").steps.size(), 2u);
  EXPECT_EQ(Find(result, "b").steps[1].output, "Error: boom\n");
  EXPECT_EQ(run.observer_.finished.size(), 7u) << "every layer is reported once";
  EXPECT_EQ(RunExitCode(result), 1);
}

TEST(Scheduler, AnOptionalToolThatIsNotInstalledIsSkippedAndTheLayerGoesOn) {
  StepSpecForTest lint{"lint"};
  lint.optional = true;
  lint.spawn_error = "`tflint` was not found on PATH";
  StepSpecForTest required{"validate"};
  required.spawn_error = "`terraform` was not found on PATH";
  SimulatedRun run({{"linted", {}, {{"fmt", 1}, lint, {"validate", 2}}},
                    {"after", {"linted"}, OneStep()},
                    {"broken", {}, {required}}});
  RunResult result = run.Run(2, RunVerb::kCi);
  const LayerResult& linted = Find(result, "linted");
  EXPECT_EQ(linted.outcome, Outcome::kSucceeded);
  ASSERT_EQ(linted.steps.size(), 3u) << "the step after the missing linter still runs";
  EXPECT_EQ(linted.steps[1].end, StepEnd::kSpawnFailed);
  EXPECT_EQ(linted.steps[1].error, "`tflint` was not found on PATH");
  EXPECT_EQ(Find(result, "after").outcome, Outcome::kSucceeded);
  // A step that is not optional still fails its layer when it cannot start.
  EXPECT_EQ(Find(result, "broken").outcome, Outcome::kFailed);
  EXPECT_EQ(Find(result, "broken").reason,
            "validate could not start: `terraform` was not found on PATH");
}

TEST(Scheduler, OutcomesFromDetailedExitCodes) {
  struct Case {
    RunVerb verb;
    ExitCodes codes;
    int exit_code;
    Outcome outcome;
    int run_exit;
  };
  const std::vector<Case> cases = {
      {RunVerb::kPlan, ExitCodes::kPlanChanges, 0, Outcome::kNoChanges, 0},
      {RunVerb::kPlan, ExitCodes::kPlanChanges, 2, Outcome::kHasChanges, 0},
      {RunVerb::kPlan, ExitCodes::kPlanChanges, 1, Outcome::kFailed, 1},
      {RunVerb::kVerify, ExitCodes::kDrift, 0, Outcome::kNoChanges, 0},
      {RunVerb::kVerify, ExitCodes::kDrift, 2, Outcome::kDrift, 2},
      {RunVerb::kVerify, ExitCodes::kDrift, 3, Outcome::kFailed, 1},
      {RunVerb::kCi, ExitCodes::kZeroIsSuccess, 0, Outcome::kSucceeded, 0},
      {RunVerb::kCi, ExitCodes::kZeroIsSuccess, 2, Outcome::kFailed, 1},
  };
  for (const Case& c : cases) {
    SimulatedRun run({{"x", {}, {{"init", 1}, {"main", 1, c.exit_code, c.codes}, {"after", 1}}}});
    RunResult result = run.Run(1, c.verb);
    const std::string name =
        std::string(RunVerbName(c.verb)) + " exit " + std::to_string(c.exit_code);
    EXPECT_EQ(result.layers[0].outcome, c.outcome) << name;
    EXPECT_EQ(RunExitCode(result), c.run_exit) << name;
    // A failing step ends its layer: the step after it does not run.
    EXPECT_EQ(result.layers[0].steps.size(), c.outcome == Outcome::kFailed ? 2u : 3u) << name;
  }
  // Drift in one layer and a failure in another: the failure decides.
  SimulatedRun mixed({{"x", {}, {{"plan", 1, 2, ExitCodes::kDrift}}},
                      {"y", {}, {{"plan", 1, 1, ExitCodes::kDrift}}}});
  EXPECT_EQ(RunExitCode(mixed.Run(2, RunVerb::kVerify)), 1);
}

TEST(Scheduler, ATimedOutStepStopsItsLayerAndSkipsDependents) {
  SimulatedRun run(
      {{"slow", {}, {{"plan", 100}}}, {"after", {"slow"}, OneStep()}, {"other", {}, OneStep()}});
  RunResult result = run.Run(2, RunVerb::kPlan, seconds(30));
  EXPECT_EQ(Find(result, "slow").outcome, Outcome::kTimedOut);
  EXPECT_EQ(Find(result, "slow").reason, "plan timed out after 30 s and was stopped");
  EXPECT_EQ(Find(result, "slow").steps[0].end, StepEnd::kTimedOut);
  EXPECT_EQ(Find(result, "after").reason, "skipped because slow timed out");
  EXPECT_EQ(Find(result, "other").outcome, Outcome::kSucceeded);
  EXPECT_EQ(Seconds(result.duration), 30);
}

TEST(Scheduler, AnInterruptCancelsRunningAndPendingLayersTruthfully) {
  SimulatedRun run({{"a", {}, OneStep()},
                    {"b", {"a"}, {{"init", 10}, {"plan", 10}}},
                    {"c", {"b"}, OneStep()},
                    {"d", {}, OneStep(30)}});
  run.executor_.InterruptAt(Clock::TimePoint{} + seconds(15), SIGTERM);
  run.executor_.set_stop_delay(seconds(2));
  RunResult result = run.Run(2);
  EXPECT_EQ(result.interrupt_signal, SIGTERM);
  EXPECT_EQ(run.observer_.interrupted, SIGTERM);
  EXPECT_EQ(Find(result, "a").outcome, Outcome::kSucceeded) << "it finished before the signal";
  EXPECT_EQ(Find(result, "b").outcome, Outcome::kCancelled);
  EXPECT_EQ(Find(result, "b").reason, "cancelled during init");
  EXPECT_EQ(Find(result, "b").steps.size(), 1u) << "plan never started";
  EXPECT_EQ(Find(result, "d").outcome, Outcome::kCancelled);
  EXPECT_EQ(Find(result, "c").outcome, Outcome::kCancelled);
  EXPECT_EQ(Find(result, "c").reason, "not started: the run was cancelled (SIGTERM)");
  EXPECT_EQ(Seconds(result.duration), 17) << "waits for the running steps to stop";
  EXPECT_EQ(run.observer_.finished.size(), 4u);
  EXPECT_EQ(RunExitCode(result), 1);
}

TEST(Scheduler, PluginCacheInitsNeverOverlap) {
  std::vector<LayerForTest> layers;
  for (int i = 0; i < 4; ++i) {
    layers.push_back(
        {"l" + std::to_string(i),
         {},
         {{"init", 10, 0, ExitCodes::kZeroIsSuccess, "", StepLock::kPluginCache}, {"plan", 10}}});
  }
  SimulatedRun run(layers);
  RunResult result = run.Run(4);
  std::vector<std::pair<Clock::TimePoint, Clock::TimePoint>> inits;
  for (const auto& record : run.executor_.records()) {
    if (record.step == "init") inits.emplace_back(record.start, record.end);
  }
  ASSERT_EQ(inits.size(), 4u);
  std::sort(inits.begin(), inits.end());
  for (std::size_t i = 1; i < inits.size(); ++i) {
    EXPECT_GE(inits[i].first, inits[i - 1].second) << "init " << i << " overlaps the one before";
  }
  EXPECT_EQ(Seconds(result.duration), 50) << "plans overlap the later inits";
}

TEST(Scheduler, TheLongestChainStartsFirst) {
  // "short" comes first in the file, but "long" has two layers waiting behind it.
  SimulatedRun run({{"short", {}, OneStep()},
                    {"long", {}, OneStep()},
                    {"long2", {"long"}, OneStep()},
                    {"long3", {"long2"}, OneStep()}});
  RunResult result = run.Run(1);
  EXPECT_EQ(run.StartOf("long"), 0);
  EXPECT_EQ(run.StartOf("long2"), 10);
  EXPECT_EQ(run.StartOf("short"), 20) << "ready ties go by chain length, then file order";
}

TEST(Scheduler, EstimatesPutTheLongestWorkFirst) {
  SimulatedRun run({{"quick", {}, OneStep()}, {"slow", {}, OneStep()}, {"unknown", {}, OneStep()}});
  run.jobs_[0].estimate = seconds(1);
  run.jobs_[1].estimate = seconds(100);  // "unknown" counts as the average, 50.5 s
  run.Run(1);
  EXPECT_EQ(run.StartOf("slow"), 0);
  EXPECT_EQ(run.StartOf("unknown"), 10);
  EXPECT_EQ(run.StartOf("quick"), 20);
}

TEST(Scheduler, SecretsAreMaskedEverywhereEvenWhenAnnouncedLate) {
  SimulatedRun run({{"first",
                     {},
                     {{"plan", 1, 0, ExitCodes::kZeroIsSuccess,
                       "password=late-secret-value\nenv token: env-secret-value\n"}}},
                    {"second",
                     {"first"},
                     {{"plan", 1, 1, ExitCodes::kZeroIsSuccess,
                       "::add-mask::late-secret-value\n"
                       "again late-secret-value, ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"}}}});
  run.masker_.AddSecret("env-secret-value");  // as from run.mask_env
  RunResult result = run.Run(1);
  for (const LayerResult& layer : result.layers) {
    for (const StepResult& step : layer.steps) {
      EXPECT_EQ(step.output.find("late-secret-value"), std::string::npos)
          << layer.layer << step.output;
      EXPECT_EQ(step.output.find("env-secret-value"), std::string::npos)
          << layer.layer << step.output;
      EXPECT_EQ(step.output.find("ghp_abc"), std::string::npos) << layer.layer << step.output;
    }
  }
  EXPECT_NE(Find(result, "first").steps[0].output.find("password=***"), std::string::npos)
      << Find(result, "first").steps[0].output;
}

TEST(Scheduler, ShowJsonBecomesThePlanSummary) {
  const std::string plan =
      R"({"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[)"
      R"({"address":"null_resource.a","mode":"managed","change":{"actions":["create"]}},)"
      R"({"address":"null_resource.b","mode":"managed","change":{"actions":["delete","create"]}}]})";
  SimulatedRun run({{"x",
                     {},
                     {{"plan", 1, 2, ExitCodes::kPlanChanges},
                      {"show", 1, 0, ExitCodes::kZeroIsSuccess, "", StepLock::kNone,
                       StepOutput::kPlanJson, plan}}},
                    {"broken",
                     {},
                     {{"plan", 1, 2, ExitCodes::kPlanChanges},
                      {"show", 1, 0, ExitCodes::kZeroIsSuccess, "", StepLock::kNone,
                       StepOutput::kPlanJson, "not json"}}}});
  RunResult result = run.Run(2);
  const LayerResult& x = Find(result, "x");
  EXPECT_EQ(x.outcome, Outcome::kHasChanges);
  ASSERT_TRUE(x.plan.has_value());
  EXPECT_EQ(x.plan->adds, 2);
  EXPECT_EQ(x.plan->destroys, 1);
  EXPECT_EQ(x.plan->replaces, 1);
  const LayerResult& broken = Find(result, "broken");
  EXPECT_EQ(broken.outcome, Outcome::kHasChanges) << "the plan itself succeeded";
  EXPECT_FALSE(broken.plan.has_value());
  EXPECT_NE(broken.steps[1].error.find("could not read the plan summary"), std::string::npos);
}

TEST(Scheduler, DependenciesOutsideTheRunAreSatisfiedAndCyclesDoNotHang) {
  SimulatedRun outside({{"b", {"not-in-this-run"}, OneStep()}});
  EXPECT_EQ(outside.Run(1).layers[0].outcome, Outcome::kSucceeded);
  SimulatedRun cycle({{"a", {"b"}, OneStep()}, {"b", {"a"}, OneStep()}, {"c", {}, OneStep()}});
  RunResult result = cycle.Run(2);
  EXPECT_EQ(Find(result, "a").outcome, Outcome::kSkipped);
  EXPECT_NE(Find(result, "a").reason.find("cycle"), std::string::npos);
  EXPECT_EQ(Find(result, "c").outcome, Outcome::kSucceeded);
}

}  // namespace
}  // namespace infra_flash
