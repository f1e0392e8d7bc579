// release: GitOps versions (config `versions:`, deploy/ for the rules and the signing).
//   push to the default branch changing `versions.paths`
//       -> next patch tag vX.Y.Z+1 through the API -> deploy request for `staging`
//   workflow_dispatch `command: promote` with `staging_tag` and `confirm: deploy`
//       -> the tag must exist and have run in staging -> next minor tag vX.Y+1.0
//       -> deploy request for `production` -> a GitHub Release
// Deploy requests are signed POSTs to `versions.deploy_url` with the `deploy-secret`
// input; an unchanged configuration fingerprint skips the deploy and says so.
//
// Decisions (README "GitOps versions"):
//   - the fingerprint covers `versions.fingerprint` (default `paths`) as committed at the
//     pushed commit, and is recorded in the tag's message (deploy/tag_message.h);
//   - a hotfix tag vX.Y.Z-hotfix.N is promoted under its own name (no minor bump: it is
//     cut from production, not from the default branch);
//   - every delivered deploy is the ref refs/infra-flash/deployed/<env>/<tag> -> commit,
//     which "no skipping staging" is checked against (release_repo.h);
//   - re-runs are safe: a tag already on the commit is reused, a recorded deploy is not
//     sent again, a promotion finds the tag it cut (`promoted-from`). Tags never move.
// Exit: kFlowOk when done or nothing was needed; kFlowFailed with a message otherwise.
#pragma once

#include <string>
#include <vector>

#include "event/event.h"
#include "session/context.h"

namespace infra_flash {

// After push convergence on the default branch, with the paths the push changed.
// Does nothing (kFlowOk) without `versions:` or when no changed path matches.
int ReleaseAfterPush(FlowContext& context, const std::vector<std::string>& changed);

// A workflow_dispatch asking for `promote` (input `command`).
bool IsPromotion(const Event& event);
int PromoteFlow(FlowContext& context);

}  // namespace infra_flash
