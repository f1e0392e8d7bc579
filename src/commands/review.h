// review: the hand-off to a review job. infra-flash does not review code itself: it
// records the request on the dashboard, adds the configured label (`review.label`) and
// sets the output `review-requested=true`, so that a following job (an AI review action)
// runs. With `review.auto`, a plan with changes requests review by itself.
#pragma once

#include <cstdint>

#include "session/context.h"
#include "session/pr_session.h"

namespace infra_flash {

// After a plan on PR `number`: requests review when `review.auto` is on and the
// dashboard shows a plan with changes. Failures are logged; the plan's outcome stands.
void RequestReviewAfterPlan(FlowContext& context, PrSession& session, std::int64_t number);

}  // namespace infra_flash
