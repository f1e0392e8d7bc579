// flows: one function per trigger (flow.cc picks one).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "decision/decision.h"
#include "session/context.h"
#include "session/plan_stage.h"
#include "session/pr_session.h"

namespace infra_flash {

int PullRequestFlow(FlowContext& context, const Decision& decision);  // pull_request_flow.cc
int ClosedFlow(FlowContext& context, const Decision& decision);       // pull_request_flow.cc
int CommentFlow(FlowContext& context);                                // comment_flow.cc
int PushFlow(FlowContext& context);                                   // push_flow.cc
int DispatchFlow(FlowContext& context, const Decision& decision);     // dispatch_flow.cc

// A fanned-out plan (fan_out_flow.cc; docs/action.md, "Fan out"): the resolve job (the
// `fan-out` input) shows every row pending and outputs the legs as a matrix; a leg (the
// `layer` input) plans its layers into result files; the gather job (`collect`) merges them
// into the dashboard. `role` is which one this job is; an Error for a contradiction.
enum class FanOutRole { kNone, kResolve, kLeg, kGather };
Result<FanOutRole> FanOutRoleOf(const FlowSettings& settings);
int FanOutResolveFlow(FlowContext& context, const Decision& decision);
int FanOutLegFlow(FlowContext& context, const Decision& decision);
int FanOutGatherFlow(FlowContext& context, const Decision& decision);

// The pull request flow's parts, shared with the fanned-out plan (pull_request_flow.cc).
struct PullPlan {
  PlanStage stage;
  bool checks_failed = false;
  bool refused = false;  // the checkout is not the PR head: nothing ran
};

// The parts of a fanned-out plan that the pull_request and the `/plan` comment flows share
// (fan_out_flow.cc). `FanOutPull` is the pull request and the commit the plan is of.
struct FanOutPull {
  std::int64_t number = 0;
  std::string head_sha;
  std::string head_ref;
  std::string title;
};
FanOutPull FanOutPullOf(const Event& event);  // a pull_request event's
// The output `matrix`: `layers` (dependency order) in at most `max-legs` legs; an empty
// `include` for none.
void OutputLegs(FlowContext& context, const std::vector<std::string>& layers,
                const std::vector<std::vector<std::string>>& waves);
// A leg: its `layer` input must name layers of `planned` (else nothing runs); plans them
// with `plan` in a session that shows nothing, then writes their result files.
using LegPlan = std::function<PullPlan(PrSession&, const std::vector<std::string>&)>;
int RunFanOutLeg(FlowContext& context, const FanOutPull& pull,
                 const std::vector<std::string>& planned, const LegPlan& plan);
// The gather: the usable result files in the `collect` directory (this PR, this commit,
// a layer of `expected`) into `session`'s rows; rows without one fail as "no result".
// Notes on the dashboard say what was missing and what was not used.
PullPlan GatherLegResults(FlowContext& context, PrSession& session, const FanOutPull& pull,
                          const std::vector<std::string>& expected);
// Begins a pull_request job's dashboard for its commit: a new commit replaces every row,
// paths in no layer are logged, and when no layer is affected a note says so and this is
// false.
bool BeginCommitDashboard(FlowContext& context, PrSession& session, const Decision& decision);
// Empty when the checkout is the PR head; else why not, with `layers`' rows ⛔ (a note and
// an error say it).
std::string RefuseOtherCheckout(FlowContext& context, PrSession& session,
                                const std::vector<std::string>& layers);
// True when the PR is a fork whose code must not run (the base branch's `forks`): the
// rows of `layers` show ⛔ and a note says why.
bool BlockForkCode(FlowContext& context, PrSession& session,
                   const std::vector<std::string>& layers);
// The checks, then locks and plans, of `layers` at the PR head, into `session`'s rows.
PullPlan PlanPullRequestLayers(FlowContext& context, PrSession& session,
                               const std::vector<std::string>& layers);
// After the plans: test environments, the review request, the last dashboard write, the
// has-changes output and the flow's status.
int FinishPullRequestPlan(FlowContext& context, PrSession& session, const PullPlan& plan);

// What the layers' own files read and depend on (discovery/discovery.h), written into
// `config` from the workspace; its notes go to the log. An Error on a dependency cycle.
Status DiscoverLayers(FlowContext& context, Config& config);  // flow.cc

// Reads the governing config from commit `base_sha` (the PR's base) and puts the PR's
// copy under its rules: context.config, context.index and context.policy change, and
// the base's masked variables are registered. An Error when the base's config cannot be
// read or is invalid: a PR's run must not go on under rules it wrote itself
// (base_policy.cc).
Status AdoptBasePolicy(FlowContext& context, const std::string& base_sha);

}  // namespace infra_flash
