// The comment flow: 👀, the base branch's rules, authorize, then the command
// (commands/comment_job.h lists them, one file each in commands/).
#include "command/command.h"
#include "commands/comment_job.h"
#include "common/json.h"
#include "flow/flows.h"
#include "git/changed_paths.h"
#include "policy/authorization.h"

namespace infra_flash {

int CommentFlow(FlowContext& context) {
  const Event& event = context.event;
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
  return RunCommand(CommentJob{context, decision, request, *pull});
}

}  // namespace infra_flash
