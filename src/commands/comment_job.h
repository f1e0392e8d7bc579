// comment_job: what every comment command works with, and the ways it answers
//. A command ends with Conclude: 🚀 or 😕 on the comment and, when
// there is something to say, one short reply; longer results go to the dashboard.
#pragma once

#include <string>

#include "command/command.h"
#include "decision/decision.h"
#include "github/types.h"
#include "run/steps.h"
#include "session/context.h"

namespace infra_flash {

struct CommentJob {
  FlowContext& context;
  const Decision& decision;
  const Request& request;
  const PullRequest& pull;
};

void React(FlowContext& context, Reaction reaction);
// Posts `markdown` (masked) as a new comment on the PR; a failure is recorded as an error.
void Reply(FlowContext& context, const std::string& markdown);
// How a command ended, for the commenter (the reaction) and for the workflow (the job's
// exit status).
enum class Conclusion {
  kSucceeded,  // 🚀, kFlowOk
  kFailed,     // 😕, kFlowFailed: the command did not do its work
  kDeclined,   // 😕, kFlowOk: nothing failed, the command just did not run (policy said no,
               // a usage reply, nothing configured, another job is already doing it)
};
// Reacts as `conclusion` says and posts `reply` when it is not empty; returns the exit
// status for the conclusion.
int Conclude(FlowContext& context, Conclusion conclusion, const std::string& reply);

// The step context of the command: its environment (default `ci`), the workspace, the
// allowlisted extra args.
StepContext StepsFor(const CommentJob& job);
// The checkout must be the PR's head: issue_comment carries no SHA, and a push may land
// between the comment and the checkout. Empty when it is; else why not, for the reply,
// also when git cannot tell which commit is checked out (fails closed).
std::string CheckoutMismatch(const CommentJob& job);

// The command the request names (the comment router calls this once authorized).
int RunCommand(const CommentJob& job);

// The commands, one file each.
int PlanCommand(const CommentJob& job);             // plan_command.cc
int ApplyCommand(const CommentJob& job);            // apply_command.cc
int UnlockCommand(const CommentJob& job);           // unlock_command.cc
int VerifyCommand(const CommentJob& job);           // verify_command.cc
int HealthCommand(const CommentJob& job);           // health_command.cc
int E2eCommand(const CommentJob& job);              // e2e_command.cc
int ReviewCommand(const CommentJob& job);           // review.cc
int RevertCommand(const CommentJob& job);           // revert_command.cc
int ApprovePoliciesCommand(const CommentJob& job);  // approve_policies_command.cc

}  // namespace infra_flash
