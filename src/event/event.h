// event: a GitHub event name and its webhook payload -> Event, a typed value that
// says what infra-flash should do (autoplan a PR, read a comment, converge a push,
// run a dispatch, release locks on close) or why it should do nothing.
// Pure: no I/O. Malformed input is an Error, never a crash.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"

namespace infra_flash {

enum class Trigger {
  kPullRequest,        // autoplan: opened / synchronize / reopened / ready_for_review
  kPullRequestClosed,  // release this PR's locks (merged or not)
  kComment,            // issue_comment created on a pull request
  kPush,               // push to the default branch: convergence
  kDispatch,           // workflow_dispatch
  kIgnored,            // nothing to do; `reason` says why
};

// The name used in `explain` output and action outputs:
// "pull_request" | "pull_request_closed" | "comment" | "push" | "dispatch" | "ignored".
const char* TriggerName(Trigger trigger);

struct Event {
  Trigger trigger = Trigger::kIgnored;
  std::string reason;      // why it is ignored; empty otherwise
  std::string event_name;  // as given, e.g. "pull_request"
  std::string action;      // payload "action", when there is one
  std::string repository;  // "owner/name"
  std::string default_branch;
  std::string actor;  // sender login

  // Pull request (pull_request and comment triggers). 0 when none.
  std::int64_t pr_number = 0;
  std::string head_sha;  // pull_request: PR head; push: `after`. Empty for comments
                         // (issue_comment carries no SHA; the flow looks it up).
  std::string base_sha;  // pull_request: PR base; push: `before`
  std::string head_ref;  // branch name: the PR's head; push: the pushed branch;
                         // dispatch: the branch the workflow runs on
  std::string base_ref;
  std::string title;
  bool is_draft = false;
  bool is_fork = false;  // head repository differs from the base repository
  bool merged = false;   // closed PRs

  // Comment trigger.
  std::int64_t comment_id = 0;
  std::string comment_body;
  std::string author_association;

  // Push trigger.
  bool branch_created = false;  // `before` is all zeros: every layer is affected

  // workflow_dispatch inputs (string values; booleans as "true"/"false").
  std::map<std::string, std::string> inputs;
};

struct EventOptions {
  bool autoplan_drafts = false;  // draft PRs are ignored unless set
};

// Parses `payload_json` for `event_name`. Unknown events and actions we do not act
// on are not errors: they come back as Trigger::kIgnored with a reason. Errors are
// for unusable input only (malformed JSON, a payload missing what its event needs).
// Every text field of the Event but comment_body, and every message, is valid UTF-8:
// payload bytes that are not (raw, or decoded from a lone "\udc00" escape) become
// U+FFFD. comment_body is kept byte for byte for the command parser to judge.
Result<Event> ParseEvent(std::string_view event_name, std::string_view payload_json,
                         const EventOptions& options = {});

}  // namespace infra_flash
