#include "commands/comment_job.h"

#include "common/strings.h"
#include "git/changed_paths.h"

namespace infra_flash {

void React(FlowContext& context, Reaction reaction) {
  if (Status added = context.client->AddReaction(context.event.comment_id, reaction); !added.ok()) {
    context.Log("could not add a reaction: " + added.error().message);
  }
}

// A reply may quote what someone wrote; it must never carry one of our markers, or a
// later job could read our own reply as a dashboard or health comment.
std::string WithoutMarkers(std::string text) {
  ReplaceAll(text, "<!--", "&lt;!--");
  return text;
}

void Reply(FlowContext& context, const std::string& markdown) {
  Result<IssueComment> posted = context.client->CreateIssueComment(
      context.event.pr_number, WithoutMarkers(context.masker.Mask(markdown)));
  if (!posted.ok()) context.Error("could not post the reply: " + posted.error().message);
}

int Conclude(FlowContext& context, Conclusion conclusion, const std::string& reply) {
  React(context, conclusion == Conclusion::kSucceeded ? Reaction::kRocket : Reaction::kConfused);
  if (!reply.empty()) Reply(context, reply);
  return conclusion == Conclusion::kFailed ? kFlowFailed : kFlowOk;
}

StepContext StepsFor(const CommentJob& job) {
  StepContext steps;
  steps.environment = job.request.environment.empty() ? "ci" : job.request.environment;
  steps.workspace_root = job.context.workspace;
  steps.extra_args = job.request.extra_args;
  steps.pr_number = job.pull.number;
  return steps;
}

std::string CheckoutMismatch(const CommentJob& job) {
  return CheckoutMismatch(job.context.workspace, job.pull.head_sha, job.pull.number);
}

int RunCommand(const CommentJob& job) {
  switch (job.request.verb) {
    case Verb::kPlan:
      return PlanCommand(job);
    case Verb::kApply:
      return ApplyCommand(job);
    case Verb::kUnlock:
      return UnlockCommand(job);
    case Verb::kVerify:
      return VerifyCommand(job);
    case Verb::kHealth:
      return HealthCommand(job);
    case Verb::kE2e:
      return E2eCommand(job);
    case Verb::kReview:
      return ReviewCommand(job);
    case Verb::kRevert:
      return RevertCommand(job);
    case Verb::kApprovePolicies:
      return ApprovePoliciesCommand(job);
    case Verb::kHelp:
      break;  // answered as a reply before authorization
  }
  return Conclude(job.context, Conclusion::kFailed,
                  std::string("`/") + VerbName(job.request.verb) + "` cannot run here.");
}

}  // namespace infra_flash
