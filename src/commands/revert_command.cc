// `/revert [layer]`: plan each named (else affected) layer as it was when it was last
// applied before this PR, read from the apply log (apply_log.h). "Roll forward to the old
// configuration": the old commit's files are planned in a temporary tree (revert_tree.h)
// against the layer's real state, and the plan is shown as the layer's plan, marked as a
// revert, so that `/apply` applies that reviewed plan like any other (revert_source.h).
// Never state surgery: nothing here touches the state.
#include <algorithm>
#include <map>
#include <optional>

#include "commands/comment_job.h"
#include "common/strings.h"
#include "git/revert_tree.h"
#include "session/plan_stage.h"
#include "session/pr_session.h"
#include "status/dashboard_update.h"
#include "store/apply_log.h"

namespace infra_flash {
namespace {

// One old commit and the layers to plan at it, with the log entry of each.
struct RevertGroup {
  std::string sha;
  std::vector<AppliedEntry> entries;  // dependency order kept

  std::vector<std::string> Layers() const {
    std::vector<std::string> layers;
    for (const AppliedEntry& entry : entries) layers.push_back(entry.layer);
    return layers;
  }
};

struct RevertTargets {
  std::vector<RevertGroup> groups;  // in the order their first layer comes
  std::vector<std::string> nothing_to_revert;
  std::vector<std::string> problems;
};

// The environment whose log holds `layer`: its own, else the command's (`ci`).
std::string LogEnvironment(const CommentJob& job, const std::string& layer) {
  const Layer* config_layer = job.context.config.FindLayer(layer);
  const StepContext steps = StepsFor(job);
  return config_layer != nullptr ? EffectiveEnvironment(*config_layer, steps) : steps.environment;
}

RevertTargets FindTargets(const CommentJob& job) {
  RevertTargets targets;
  for (const std::string& layer : job.decision.layers) {
    const std::string environment = LogEnvironment(job, layer);
    // The log is kept per environment and layer as the file names it ("app" for "app@prod").
    Result<std::vector<AppliedEntry>> log =
        ReadApplyLog(*job.context.client, environment, job.context.config.ConfigNameOf(layer));
    if (!log.ok()) {
      targets.problems.push_back("`" + layer + "`: " + log.error().message);
      continue;
    }
    std::optional<AppliedEntry> target = LastAppliedBefore(*log, job.pull.number);
    if (!target) {
      targets.nothing_to_revert.push_back(layer);
      continue;
    }
    target->layer = layer;
    auto group = std::find_if(targets.groups.begin(), targets.groups.end(),
                              [&](const RevertGroup& g) { return g.sha == target->sha; });
    if (group == targets.groups.end()) {
      targets.groups.push_back({target->sha, {}});
      group = targets.groups.end() - 1;
    }
    group->entries.push_back(*target);
  }
  return targets;
}

std::string Describe(const AppliedEntry& entry) {
  return "`" + ShortSha(entry.sha) + "` (applied by " + entry.Origin() + " at " + entry.When() +
         ")";
}

// What happened to one group, for the reply.
struct GroupOutcome {
  std::vector<std::string> lines;
  std::vector<std::string> problems;
  bool failed = false;
};

GroupOutcome PlanGroup(const CommentJob& job, PrSession& session, const RevertGroup& group) {
  FlowContext& context = job.context;
  GroupOutcome outcome;
  const std::vector<std::string> layers = group.Layers();
  Result<std::unique_ptr<RevertTree>> tree =
      RevertTree::Create(context.workspace, group.sha, context.settings->runner_temp);
  if (!tree.ok()) {
    outcome.failed = true;
    outcome.problems.push_back("`" + Join(layers, "`, `") + "`: " + tree.error().message);
    for (const std::string& layer : layers) {
      SetCell(session.dashboard(), context.config, layer, Stage::kPlan, StageStatus::kFailed,
              "revert: old commit unavailable");
    }
    return outcome;
  }
  for (const AppliedEntry& entry : group.entries) {
    session.dashboard().notes.push_back("⏪ revert of `" + entry.layer + "` to " + Describe(entry) +
                                        ": the plan below rolls forward to that configuration.");
  }
  StepContext steps = StepsFor(job);
  steps.workspace_root = (*tree)->workspace_root();
  context.Log("revert: planning " + Join(layers, ", ") + " at " + ShortSha(group.sha) + " in " +
              steps.workspace_root);
  PlanStage stage =
      LockAndPlan(context, session, job.pull.number, job.pull.head_sha, layers, steps, group.sha);
  outcome.failed = stage.failed || !stage.locked_out.empty();
  outcome.problems = stage.problems;
  for (const AppliedEntry& entry : group.entries) {
    if (std::find(stage.planned.begin(), stage.planned.end(), entry.layer) == stage.planned.end()) {
      continue;
    }
    const LayerRow& row = RowFor(session.dashboard(), context.config, entry.layer);
    if (row.plan.status == StageStatus::kChanges) {
      outcome.lines.push_back("⏪ `" + entry.layer + "`: planned the revert to " + Describe(entry) +
                              ". Review the plan in the dashboard, then comment `/apply " +
                              entry.layer + "`.");
    } else if (row.plan.status == StageStatus::kNoChanges) {
      outcome.lines.push_back("`" + entry.layer + "` already matches " + Describe(entry) +
                              ": the revert plan has no changes, nothing to apply.");
    }
  }
  return outcome;
}

std::string NothingToRevert(const CommentJob& job, const std::string& layer) {
  return "Nothing to revert to for `" + layer + "`: no apply of it to " +
         LogEnvironment(job, layer) + " before this PR is recorded in the apply log (" +
         std::string(kApplyLogRoot) + LogEnvironment(job, layer) + "/" + layer + "/).";
}

}  // namespace

int RevertCommand(const CommentJob& job) {
  FlowContext& context = job.context;
  if (job.decision.layers.empty()) {
    return Conclude(context, Conclusion::kSucceeded,
                    "No layer is affected by this PR, so there is nothing to revert. Name one: "
                    "`/revert <layer>`.");
  }
  RevertTargets targets = FindTargets(job);
  std::vector<std::string> lines;
  std::vector<std::string> problems = targets.problems;
  bool failed = !targets.problems.empty();
  if (!targets.groups.empty()) {
    PrSession session(context, job.pull.number);
    session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
    for (const RevertGroup& group : targets.groups) {
      if (context.Interrupted()) break;
      GroupOutcome outcome = PlanGroup(job, session, group);  // its tree is gone on return
      lines.insert(lines.end(), outcome.lines.begin(), outcome.lines.end());
      problems.insert(problems.end(), outcome.problems.begin(), outcome.problems.end());
      failed = failed || outcome.failed;
    }
    session.Finish();
    context.Output("has-changes",
                   LayersWithChanges(session.dashboard()).empty() ? "false" : "true");
  }
  for (const std::string& layer : targets.nothing_to_revert) {
    lines.push_back(NothingToRevert(job, layer));
  }
  if (!problems.empty())
    lines.push_back("`/revert` did not complete:\n- " + Join(problems, "\n- "));
  failed = failed || context.Interrupted();
  const bool planned_something = !targets.groups.empty();
  if (!failed && planned_something) {
    return Conclude(context, Conclusion::kSucceeded, Join(lines, "\n"));
  }
  if (!failed) {
    // Only "nothing to revert to": a refusal, not a failed job.
    return Conclude(context, Conclusion::kDeclined, Join(lines, "\n"));
  }
  return Conclude(context, Conclusion::kFailed, Join(lines, "\n"));
}

}  // namespace infra_flash
