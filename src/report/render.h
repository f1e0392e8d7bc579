// render: the dashboard model as GitHub markdown, in the shape of DESIGN §6:
//
//   <!-- infra-flash:dashboard -->
//   <!-- infra-dashboard:abc1234 -->                      the commit, as the seed design marks it
//   ## ⚡ infra-flash | `feature-branch`
//   Commit `abc1234` — feat: add redis
//   | Layer | Format | Validate | Plan | Apply | Time |      one row per layer
//   | Check | Status |                                     review / e2e / health, when used
//   <details><summary>📝 platform plan: +1 ~0 −0</summary> fenced plan </details>
//   > ⚠️ notes
//   <!-- next-step -->
//   👉 Comment `/apply platform` to deploy.
//   <!-- /next-step -->
//   <sub>full output link, updated …</sub>
//   <!-- infra-flash:state {…} -->
//   <!-- /infra-flash:dashboard -->
//
// Promises: every piece of text that is not ours is escaped (markdown.h); the result
// is at most the surface's byte limit (plans share what the rest leaves, cut from the
// middle with a note; if even that is not enough, plans are left out, then rows);
// rendering is deterministic (golden files) and pure.
#pragma once

#include <cstddef>
#include <string>

#include "common/mask.h"
#include "status/dashboard.h"

namespace infra_flash {

enum class Surface {
  kComment,      // the PR comment: markers and hidden state, 65,536 bytes
  kStepSummary,  // GITHUB_STEP_SUMMARY: no markers, full plans up to ~1 MiB
  kTerminal,     // a developer's terminal: like the step summary, no limit
};

struct RenderOptions {
  Surface surface = Surface::kComment;
  std::size_t max_bytes = 0;       // 0: the surface's limit (budget.h)
  std::size_t reserved_bytes = 0;  // kept free for text a person added around the dashboard
  // Applied to every text field (and each cut plan) before escaping, and to the
  // result. Plan text is expected to be masked already when captured. May be null.
  const Masker* masker = nullptr;
};

std::string RenderDashboard(const Dashboard& dashboard, const RenderOptions& options = {});

// The byte limit `options` stand for (max_bytes, else the surface's; 0: unlimited).
std::size_t RenderLimit(const RenderOptions& options);

}  // namespace infra_flash
