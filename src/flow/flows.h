// flows: one function per trigger (flow.cc picks one).
#pragma once

#include <string>

#include "common/result.h"
#include "decision/decision.h"
#include "session/context.h"

namespace infra_flash {

int PullRequestFlow(FlowContext& context, const Decision& decision);  // pull_request_flow.cc
int ClosedFlow(FlowContext& context, const Decision& decision);       // pull_request_flow.cc
int CommentFlow(FlowContext& context);                                // comment_flow.cc
int PushFlow(FlowContext& context);                                   // push_flow.cc
int DispatchFlow(FlowContext& context, const Decision& decision);     // dispatch_flow.cc

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
