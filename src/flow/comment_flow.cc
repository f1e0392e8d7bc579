// The comment flow: 👀, the base branch's rules, authorize, then the command
// (commands/comment_job.h lists them, one file each in commands/).
#include "command/command.h"
#include "commands/comment_job.h"
#include "commands/review.h"
#include "common/json.h"
#include "common/strings.h"
#include "flow/flows.h"
#include "git/changed_paths.h"
#include "policy/authorization.h"
#include "session/plan_stage.h"
#include "status/dashboard_update.h"

namespace infra_flash {
namespace {

FanOutPull FanOutPullOf(const PullRequest& pull) {
  return {pull.number, pull.head_sha, pull.head_ref, pull.title};
}

// `/plan` fanned out, the resolve job: what PlanCommand does up to the plans: the rows of
// the layers it plans show ⏳ (the others stay as they are), and the legs go to `matrix`.
// The gather job concludes the comment (🚀 or 😕).
int ResolvePlanComment(const CommentJob& job) {
  FlowContext& context = job.context;
  if (std::string mismatch = CheckoutMismatch(job); !mismatch.empty()) {
    return Conclude(context, Conclusion::kFailed, mismatch);
  }
  PrSession session(context, job.pull.number);
  session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
  if (job.decision.layers.empty()) {
    session.Finish();
    return Conclude(context, Conclusion::kSucceeded,
                    "No layer is affected by this PR: nothing to plan.");
  }
  MarkPending(session.dashboard(), context.config, job.decision.layers, {Stage::kPlan});
  // Until the gather job, these rows have no plan to apply: an `/apply` written meanwhile
  // (its job can start before the gather job does) is refused, never given the old plan.
  for (const std::string& layer : job.decision.layers) {
    RowFor(session.dashboard(), context.config, layer).plan_digest.clear();
  }
  OutputLegs(context, job.decision.layers, job.decision.waves);
  session.Finish(PendingRows::kLeaveForLegs);
  return kFlowOk;
}

// A leg of `/plan`: locks and plans, as PlanCommand does, without a word on the PR.
int PlanCommentLeg(const CommentJob& job) {
  FlowContext& context = job.context;
  return RunFanOutLeg(context, FanOutPullOf(job.pull), job.decision.layers,
                      [&](PrSession& session, const std::vector<std::string>& layers) {
                        PullPlan plan;
                        if (std::string mismatch = CheckoutMismatch(job); !mismatch.empty()) {
                          for (const std::string& layer : layers) {
                            SetCell(session.dashboard(), context.config, layer, Stage::kPlan,
                                    StageStatus::kBlocked, "not the PR head");
                          }
                          context.Error(mismatch);
                          plan.refused = true;
                          return plan;
                        }
                        plan.stage = LockAndPlan(context, session, job.pull.number,
                                                 job.pull.head_sha, layers, StepsFor(job));
                        return plan;
                      });
}

// The gather job of `/plan`: the legs' rows into the dashboard, then the comment's answer.
int GatherPlanComment(const CommentJob& job) {
  FlowContext& context = job.context;
  PrSession session(context, job.pull.number);
  session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
  PullPlan plan = GatherLegResults(context, session, FanOutPullOf(job.pull), job.decision.layers);
  RequestReviewAfterPlan(context, session, job.pull.number);
  session.Finish();
  context.Output("has-changes", LayersWithChanges(session.dashboard()).empty() ? "false" : "true");
  const bool ok = !plan.stage.failed && plan.stage.locked_out.empty() && !context.Interrupted();
  if (ok) return Conclude(context, Conclusion::kSucceeded, "");
  return Conclude(context, Conclusion::kFailed,
                  "`/plan` did not complete:\n- " + Join(plan.stage.problems, "\n- ") +
                      "\n\nDetails are in the dashboard.");
}

// A leg or the gather job of a fanned-out `/plan`: the same checks as the resolve job
// (the base branch's rules, the command, the commenter's permission), but silent: the
// resolve job already reacted, and refused what it refused, once.
int QuietFanOutComment(FlowContext& context, FanOutRole role) {
  const Event& event = context.event;
  if (!context.client) {
    context.Error("a fanned-out `/plan` needs the GitHub API; pass `github-token`");
    return kFlowUnusable;
  }
  Result<PullRequest> pull = context.client->GetPullRequest(event.pr_number);
  if (!pull.ok()) {
    context.Error("could not read this PR from GitHub: " + pull.error().message);
    return kFlowFailed;
  }
  if (Status adopted = AdoptBasePolicy(context, pull->base_sha); !adopted.ok()) {
    context.Error(adopted.error().message);
    return kFlowFailed;
  }
  CommentResult parsed = ParseComment(event.comment_body, context.config);
  std::vector<std::string> changed;
  if (Result<std::vector<std::string>> paths =
          PullRequestChangedPaths(context.client.get(), context.workspace, *pull);
      paths.ok()) {
    changed = std::move(paths).value();
  }
  const Decision decision = Decide(event, context.config, *context.index, changed);
  if (parsed.kind == CommentKind::kIgnored || decision.intent != Intent::kCommand ||
      !decision.command || decision.command->verb != Verb::kPlan) {
    context.Log("nothing to do: only `/plan` fans out, and this comment is not one");
    return kFlowOk;
  }
  Result<Permission> permission = context.client->GetCollaboratorPermission(event.actor);
  if (!permission.ok()) {
    context.Error("could not check @" + event.actor +
                  "'s permission: " + permission.error().message);
    return kFlowFailed;
  }
  const Authorization authorization = Authorize(
      context.config, Verb::kPlan, event.actor, *permission,
      pull->head_repository != pull->base_repository ? PullRequestOrigin::kFork
                                                     : PullRequestOrigin::kSameRepository);
  if (!authorization.reply.empty()) {
    context.Log("refused (the resolve job said so on the PR): " + authorization.reply);
    return kFlowOk;
  }
  context.Output("command", "plan");
  const CommentJob job{context, decision, *decision.command, *pull};
  return role == FanOutRole::kLeg ? PlanCommentLeg(job) : GatherPlanComment(job);
}

}  // namespace

int CommentFlow(FlowContext& context) {
  const Event& event = context.event;
  Result<FanOutRole> role = FanOutRoleOf(*context.settings);
  const FanOutRole fan_out = role.ok() ? *role : FanOutRole::kNone;
  if (fan_out == FanOutRole::kLeg || fan_out == FanOutRole::kGather) {
    return QuietFanOutComment(context, fan_out);
  }
  // Legs only for a `/plan` that runs (ResolvePlanComment); every other comment, and a
  // refused `/plan`, runs or ends here.
  if (fan_out == FanOutRole::kResolve) OutputLegs(context, {}, {});
  if (!context.client) {
    CommentResult parsed = ParseComment(event.comment_body, context.config);
    if (parsed.kind == CommentKind::kIgnored) {
      context.Log("not an infra-flash command: " + parsed.reason);
      return kFlowOk;
    }
    context.Error("comment commands need the GitHub API; pass `github-token`");
    return kFlowFailed;
  }
  // The PR first: its base branch's rules decide even what counts as a command (the
  // aliases are theirs), so a PR cannot turn an innocent word into `/apply`.
  Result<PullRequest> pull = context.client->GetPullRequest(event.pr_number);
  if (!pull.ok()) {
    if (ParseComment(event.comment_body, context.config).kind == CommentKind::kIgnored) {
      context.Log("not an infra-flash command (and the PR is unreadable: " + pull.error().message +
                  ")");
      return kFlowOk;
    }
    React(context, Reaction::kEyes);
    return Conclude(context, Conclusion::kFailed,
                    "Could not read this PR from GitHub: " + pull.error().message);
  }
  if (Status adopted = AdoptBasePolicy(context, pull->base_sha); !adopted.ok()) {
    if (ParseComment(event.comment_body, context.config).kind == CommentKind::kIgnored) {
      context.Log("not an infra-flash command (and the base branch's rules are unreadable: " +
                  adopted.error().message + ")");
      return kFlowOk;
    }
    React(context, Reaction::kEyes);
    return Conclude(context, Conclusion::kFailed, adopted.error().message + ".");
  }
  CommentResult parsed = ParseComment(event.comment_body, context.config);
  if (parsed.kind == CommentKind::kIgnored) {
    context.Log("not an infra-flash command: " + parsed.reason);
    return kFlowOk;
  }
  React(context, Reaction::kEyes);
  std::vector<std::string> changed;
  if (Result<std::vector<std::string>> paths =
          PullRequestChangedPaths(context.client.get(), context.workspace, *pull);
      paths.ok()) {
    changed = std::move(paths).value();
  } else {
    context.Log("cannot tell which files the PR changed: " + paths.error().message);
  }
  const Decision decision = Decide(event, context.config, *context.index, changed);
  if (decision.intent == Intent::kReply) {
    // A reply (help, usage) is the whole job. Help succeeded (🚀); a usage error
    // declines (😕) without failing the job.
    const bool help = decision.command.has_value() && decision.command->verb == Verb::kHelp;
    return Conclude(context, help ? Conclusion::kSucceeded : Conclusion::kDeclined, decision.reply);
  }
  if (decision.intent != Intent::kCommand || !decision.command) {
    context.Log("nothing to do: " + decision.reason);
    return kFlowOk;
  }
  const Request& request = *decision.command;
  context.Output("command", VerbName(request.verb));
  context.Output("layers", json::StringArray(decision.layers));
  Result<Permission> permission = context.client->GetCollaboratorPermission(event.actor);
  if (!permission.ok()) {
    return Conclude(context, Conclusion::kFailed,
                    "Could not check @" + event.actor + "'s permission: " +
                        permission.error().message + ". Nothing was run; try again.");
  }
  const Authorization authorization = Authorize(
      context.config, request.verb, event.actor, *permission,
      pull->head_repository != pull->base_repository ? PullRequestOrigin::kFork
                                                     : PullRequestOrigin::kSameRepository);
  std::string refusal = authorization.reply;
  if (refusal.empty() && request.verb == Verb::kApply && context.policy.base_missing) {
    refusal = "Nothing was applied: the base branch `" + pull->base_ref +
              "` has no infra-flash config yet, so there are no rules to judge an apply. "
              "Merge this PR first; after that, applies follow the rules it adds.";
  } else if (!refusal.empty() && context.policy.base_missing) {
    refusal +=
        " (The base branch has no infra-flash config yet, so the default rules apply: "
        "people with write access may plan; nobody may apply before the merge.)";
  }
  if (!refusal.empty()) {
    context.Log("refused: " + refusal);
    return Conclude(context, Conclusion::kDeclined, refusal);  // policy said no: nothing failed
  }
  const CommentJob job{context, decision, request, *pull};
  if (fan_out == FanOutRole::kResolve) {
    if (request.verb == Verb::kPlan) return ResolvePlanComment(job);
  }
  return RunCommand(job);
}

}  // namespace infra_flash
