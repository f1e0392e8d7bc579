#include "testenv/test_env.h"

#include <algorithm>

#include "common/strings.h"
#include "layers/layers.h"
#include "session/layer_runner.h"
#include "testenv/test_env_outputs.h"
#include "testenv/test_env_steps.h"

namespace infra_flash {
namespace {

// The test environment row of `layer`, added after the others when missing.
CheckRow& TestEnvRow(Dashboard& dashboard, const std::string& layer) {
  for (CheckRow& row : dashboard.checks) {
    if (row.kind == CheckKind::kTestEnv && row.name == layer) return row;
  }
  dashboard.checks.push_back({CheckKind::kTestEnv, layer, {}});
  return dashboard.checks.back();
}

void SetRow(PrSession& session, const std::string& layer, StageStatus status,
            const std::string& note) {
  TestEnvRow(session.dashboard(), layer).cell = {status, note, -1};
}

// The layers the previous dashboard shows a test environment for.
std::vector<std::string> EarlierTestEnvironments(const PrSession& session) {
  std::vector<std::string> layers;
  if (!session.had_previous()) return layers;
  for (const CheckRow& check : session.previous().checks) {
    if (check.kind == CheckKind::kTestEnv && !Contains(layers, check.name)) {
      layers.push_back(check.name);
    }
  }
  return layers;
}

// A new commit starts a fresh dashboard, but the environments of the earlier one live
// on until the PR closes: their rows stay, so that people see them and the close knows
// what to destroy.
void KeepEarlierRows(PrSession& session) {
  if (!session.had_previous()) return;
  for (const CheckRow& check : session.previous().checks) {
    if (check.kind != CheckKind::kTestEnv) continue;
    CheckRow& row = TestEnvRow(session.dashboard(), check.name);
    if (row.cell.status == StageStatus::kNotRun) row.cell = check.cell;
  }
}

// Did this commit's plan of `layer` succeed (with or without changes)?
bool PlanSucceeded(const Dashboard& dashboard, const std::string& layer) {
  for (const LayerRow& row : dashboard.layers) {
    if (row.name != layer) continue;
    const bool finished =
        row.plan.status == StageStatus::kChanges || row.plan.status == StageStatus::kNoChanges;
    return finished && !row.plan_summary.empty();  // set only for a plan that ran through
  }
  return false;
}

// One verb on one layer in the test environment, logged in a group of its own.
Result<LayerResult> RunInTestEnvironment(FlowContext& context, const Config& config, RunVerb verb,
                                         const std::string& layer, const StepContext& steps) {
  LayerRunRequest request;
  request.verb = verb;
  request.layers = {layer};
  request.context = steps;
  request.requested_jobs = 1;
  context.Log(
      action::GroupStart(std::string("test environment: ") + RunVerbName(verb) + " " + layer));
  Result<LayerRun> run = RunLayersFor(context, config, request, nullptr);
  if (run.ok()) {
    for (const LayerResult& result : run->result.layers) {
      for (const StepResult& step : result.steps) {
        if (!step.output.empty()) context.LogUntrusted(step.output);
      }
    }
  }
  context.Log(action::GroupEnd());
  if (!run.ok()) return run.error();
  if (run->result.layers.empty()) return Error{"the run reported no result"};
  return run->result.layers.front();
}

// Why a verb's run did not go through, for the row: "apply failed (exit code 1)",
// "plan: init failed (exit code 1)".
std::string FailureNote(RunVerb verb, const LayerResult& result) {
  const std::string name = RunVerbName(verb);
  if (result.reason.empty()) return name + " " + OutcomeName(result.outcome);
  if (result.reason.rfind(name, 0) == 0) return result.reason;
  return name + ": " + result.reason;
}

bool Cancelled(const LayerResult& result) { return result.outcome == Outcome::kCancelled; }

// The first built-in step of the layer's apply in the test environment: its engine,
// directory and variables are what `output -json` needs to read the same state.
Result<PlannedStep> OutputTemplate(const Config& config, const std::string& layer,
                                   const StepContext& steps) {
  Result<std::vector<PlannedStep>> built =
      BuildSteps(config, *config.FindLayer(layer), RunVerb::kApply, steps);
  if (!built.ok()) return built.error();
  for (const PlannedStep& step : *built) {
    if (step.name == "init" || step.name == "apply") return step;
  }
  return Error{"its apply steps are all custom, so infra-flash does not know its engine"};
}

// "deployed · url = https://…", or why the outputs are not shown.
std::string DeployedNote(FlowContext& context, const Config& config, const std::string& layer,
                         const StepContext& steps) {
  Result<PlannedStep> like = OutputTemplate(config, layer, steps);
  Result<std::vector<TestEnvOutput>> outputs =
      like.ok() ? ReadTestEnvOutputs(*like, config.run.step_timeout_seconds, context.masker,
                                     context.interrupts)
                : Result<std::vector<TestEnvOutput>>(like.error());
  if (!outputs.ok()) {
    context.Log("test environment of " + layer + ": outputs not read: " + outputs.error().message);
    return "deployed (outputs not read: " + outputs.error().message + ")";
  }
  for (const TestEnvOutput& output : *outputs) {
    if (output.sensitive) context.masker.AddSecret(output.value);
  }
  const std::string shown = FormatTestEnvOutputs(*outputs, context.masker);
  return shown.empty() ? "deployed" : "deployed · " + shown;
}

// Plan, then apply when there are changes, then read the outputs. False when it failed.
bool DeployOne(FlowContext& context, PrSession& session, const Config& config,
               const std::string& layer, const StepContext& steps) {
  Result<LayerResult> plan = RunInTestEnvironment(context, config, RunVerb::kPlan, layer, steps);
  if (!plan.ok()) {
    SetRow(session, layer, StageStatus::kFailed, "could not start: " + plan.error().message);
    return false;
  }
  if (Cancelled(*plan)) return false;  // the row stays ⏳ and Finish closes it as ⛔
  if (plan->outcome != Outcome::kHasChanges && plan->outcome != Outcome::kNoChanges) {
    SetRow(session, layer, StageStatus::kFailed, FailureNote(RunVerb::kPlan, *plan));
    return false;
  }
  if (plan->outcome == Outcome::kHasChanges) {
    Result<LayerResult> apply =
        RunInTestEnvironment(context, config, RunVerb::kApply, layer, steps);
    if (!apply.ok()) {
      SetRow(session, layer, StageStatus::kFailed, "could not start: " + apply.error().message);
      return false;
    }
    if (Cancelled(*apply)) return false;
    if (apply->outcome != Outcome::kSucceeded) {
      SetRow(session, layer, StageStatus::kFailed, FailureNote(RunVerb::kApply, *apply));
      return false;
    }
  }
  SetRow(session, layer, StageStatus::kPassed, DeployedNote(context, config, layer, steps));
  return true;
}

// The failed layer `layer` waits for, if any: a test environment is not deployed on
// top of a dependency whose own test environment failed.
std::string FailedDependency(const Config& config, const std::string& layer,
                             const std::vector<std::string>& failed) {
  for (const std::string& broken : failed) {
    if (broken != layer && Contains(WithDependents(config, {broken}), layer)) return broken;
  }
  return "";
}

// The setup is wrong: every row of `layers` shows ❌ and a note on the PR says why.
bool RefuseAll(FlowContext& context, PrSession& session, const std::vector<std::string>& layers,
               const std::string& action, const std::string& why) {
  for (const std::string& layer : layers) {
    SetRow(session, layer, StageStatus::kFailed, "not " + action + ": see the note below");
  }
  session.dashboard().notes.push_back("The test environments were not " + action + ": " + why);
  context.Error("test environments not " + action + ": " + why);
  return false;
}

// The layer and the exact command to destroy its test environment by hand.
std::string ManualDestroyNote(FlowContext& context, const Config& config, const std::string& layer,
                              const StepContext& steps, const std::string& what_happened) {
  const Layer& found = *config.FindLayer(layer);
  Result<std::vector<PlannedStep>> built = BuildSteps(config, found, RunVerb::kDestroy, steps);
  std::string note = "The test environment of `" + layer + "` " + what_happened +
                     ", so its resources may still exist (and cost money).";
  if (built.ok()) {
    note += " Destroy it by hand from the repository's root: `" +
            ManualCommand(*built, context.workspace, found.dir) + "`";
  }
  return note;
}

// Destroys `layer`; false (with a note saying what to run by hand) when it failed.
bool DestroyOne(FlowContext& context, PrSession& session, const Config& config,
                const std::string& layer, const StepContext& steps) {
  Result<LayerResult> destroy =
      RunInTestEnvironment(context, config, RunVerb::kDestroy, layer, steps);
  if (destroy.ok() && destroy->outcome == Outcome::kSucceeded) {
    SetRow(session, layer, StageStatus::kPassed, "destroyed");
    context.Log("destroyed the test environment of " + layer);
    return true;
  }
  if (destroy.ok() && Cancelled(*destroy)) {
    session.dashboard().notes.push_back(ManualDestroyNote(
        context, config, layer, steps, "was not destroyed: the job was cancelled"));
    return false;
  }
  const std::string why =
      destroy.ok() ? FailureNote(RunVerb::kDestroy, *destroy) : destroy.error().message;
  SetRow(session, layer, StageStatus::kFailed, why);
  const std::string note =
      ManualDestroyNote(context, config, layer, steps, "could not be destroyed (" + why + ")");
  session.dashboard().notes.push_back(note);
  context.Error(note);
  return false;
}

// Rows of layers the config no longer has: nothing here can destroy them. False when
// there were any.
bool NoteLayersGone(const Config& config, PrSession& session,
                    const std::vector<std::string>& layers, std::int64_t number) {
  bool none = true;
  for (const std::string& layer : layers) {
    if (config.FindLayer(layer) != nullptr) continue;
    none = false;
    SetRow(session, layer, StageStatus::kFailed, "not destroyed: no longer in the config");
    session.dashboard().notes.push_back(
        "The test environment of `" + layer +
        "` was not destroyed: the layer is no longer in the config. Destroy it by hand: its "
        "state key is environments.test.state_key, else " +
        std::string(kDefaultTestStateKey) + ", with {pr} = " + std::to_string(number) + ".");
  }
  return none;
}

// Destroys `order` (dependents first). A layer something still stands on (its destroy
// failed) is kept: destroying it could strand what is left. False when any remains.
bool DestroyInOrder(FlowContext& context, PrSession& session, const Config& config,
                    const std::vector<std::string>& order, std::int64_t number) {
  for (const std::string& layer : order) {
    SetRow(session, layer, StageStatus::kPending, "destroying");
  }
  session.Show();
  const StepContext steps = TestEnvironmentContext(context.workspace, number);
  std::vector<std::string> standing;
  for (const std::string& layer : order) {
    if (context.Interrupted()) break;  // rows still ⏳ are closed as ⛔ by Finish
    const std::vector<std::string> above = WithDependents(config, {layer});
    auto on_top = std::find_if(standing.begin(), standing.end(),
                               [&](const std::string& other) { return Contains(above, other); });
    if (on_top != standing.end()) {
      SetRow(session, layer, StageStatus::kSkipped, "kept: " + *on_top + " still stands on it");
      session.dashboard().notes.push_back(ManualDestroyNote(
          context, config, layer, steps, "was kept because `" + *on_top + "` still stands on it"));
      standing.push_back(layer);
      continue;
    }
    if (!DestroyOne(context, session, config, layer, steps)) standing.push_back(layer);
    session.Show();
  }
  return standing.empty();
}

}  // namespace

bool DeployTestEnvironments(FlowContext& context, PrSession& session, std::int64_t number,
                            const std::string& head_sha, const std::vector<std::string>& planned) {
  KeepEarlierRows(session);
  if (context.Interrupted()) return true;  // the caller already counts the job as failed
  std::vector<std::string> ready;
  for (const std::string& layer : TestEnvironmentLayers(context.config, planned)) {
    if (PlanSucceeded(session.dashboard(), layer)) ready.push_back(layer);
  }
  if (ready.empty()) return true;
  if (context.event.is_fork) {
    session.dashboard().notes.push_back(
        "This PR comes from a fork: test environments are never deployed for forks (they "
        "would run the fork's code with this repository's credentials).");
    return true;
  }
  Result<Config> config = TestEnvironmentConfig(context.config, ready);
  if (!config.ok()) return RefuseAll(context, session, ready, "deployed", config.error().message);
  context.Log("deploying the test environments of PR #" + std::to_string(number) + " at " +
              ShortSha(head_sha) + ": " + Join(ready, ", "));
  for (const std::string& layer : ready) SetRow(session, layer, StageStatus::kPending, "deploying");
  session.Show();
  const StepContext steps = TestEnvironmentContext(context.workspace, number);
  std::vector<std::string> failed;
  for (const std::string& layer : ready) {
    if (context.Interrupted()) break;  // rows still ⏳ are closed as ⛔ by Finish
    if (std::string broken = FailedDependency(*config, layer, failed); !broken.empty()) {
      SetRow(session, layer, StageStatus::kSkipped, "skipped: " + broken + " failed");
      failed.push_back(layer);
      continue;
    }
    if (!DeployOne(context, session, *config, layer, steps)) failed.push_back(layer);
    session.Show();
  }
  if (!failed.empty() && !context.Interrupted()) {
    session.dashboard().notes.push_back(
        "Test environments not deployed: `" + Join(failed, "`, `") +
        "` (the Test env rows say why; the run's log has the output). The PR's plans are not "
        "affected; push a fix to deploy again.");
  }
  return failed.empty() && !context.Interrupted();
}

bool DestroyTestEnvironments(FlowContext& context, std::int64_t number) {
  if (context.event.is_fork) {
    context.Log("PR #" + std::to_string(number) +
                " comes from a fork: it has no test environments");
    return true;
  }
  PrSession session(context, number);
  session.Begin(context.event.head_ref, context.event.head_sha, context.event.title);
  const std::vector<std::string> earlier = EarlierTestEnvironments(session);
  if (earlier.empty()) return true;
  KeepEarlierRows(session);
  const bool all_known = NoteLayersGone(context.config, session, earlier, number);
  std::vector<std::string> order = InDependencyOrder(context.config, earlier);
  std::reverse(order.begin(), order.end());  // what stands on a layer goes before it
  Result<Config> config = TestEnvironmentConfig(context.config, order);
  bool ok = false;
  if (!config.ok()) {
    RefuseAll(context, session, order, "destroyed", config.error().message);
  } else {
    ok = DestroyInOrder(context, session, *config, order, number) && all_known;
  }
  session.Finish();
  return ok && !context.Interrupted();
}

}  // namespace infra_flash
