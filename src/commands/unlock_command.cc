// /unlock: releases every lock the PR holds.
#include "commands/comment_job.h"
#include "common/strings.h"
#include "store/locks.h"

namespace infra_flash {

int UnlockCommand(const CommentJob& job) {
  Result<std::vector<std::string>> released =
      ReleaseLocks(*job.context.client, job.pull.number, job.context.config.LayerNames());
  if (!released.ok()) {
    return Conclude(job.context, Conclusion::kFailed,
                    "Could not release the locks: " + released.error().message);
  }
  return Conclude(job.context, Conclusion::kSucceeded,
                  released->empty() ? "This PR held no locks."
                                    : "Released the locks of " + Join(*released, ", ") + ".");
}

}  // namespace infra_flash
