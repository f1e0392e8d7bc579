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
  for (std::size_t at = text.find("<!--"); at != std::string::npos; at = text.find("<!--", at)) {
    text.replace(at, 4, "&lt;!--");
  }
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
  const std::string head_ref = "`refs/pull/" + std::to_string(job.pull.number) + "/head`";
  // Fail closed: a checkout nobody can name may hold anything, not what was reviewed.
  Result<std::string> checked_out = HeadCommit(job.context.workspace);
  if (!checked_out.ok()) {
    return "infra-flash cannot tell which commit the checkout is, so nothing was run (" +
           checked_out.error().message + "). Check out the PR head (" + head_ref +
           ") with actions/checkout before the infra-flash step, then comment again.";
  }
  if (*checked_out == job.pull.head_sha) return "";
  return "The checkout is at `" + ShortSha(*checked_out) + "` but the PR's head is `" +
         ShortSha(job.pull.head_sha) + "`. Check out the PR head (" + head_ref +
         ") in the workflow; nothing was run.";
}

}  // namespace infra_flash
