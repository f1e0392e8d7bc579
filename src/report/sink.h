// sink: where a rendered dashboard goes. The PR comment (GitHubSink, in github/) or the
// terminal (TerminalSink, the default when there is no token). The DashboardPublisher
// (publisher.h) drives one.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "common/result.h"
#include "report/render.h"
#include "status/dashboard.h"

namespace infra_flash {

class DashboardSink {
 public:
  virtual ~DashboardSink() = default;
  // Shows `dashboard` in place of whatever this sink showed before.
  virtual Status Publish(const Dashboard& dashboard) = 0;
  // The body last published by anyone (the previous job's dashboard, for its hidden
  // state), or nullopt when there is none yet.
  virtual Result<std::optional<std::string>> Load() = 0;
};

// Writes the rendering to a stream (std::cout), after a separator line.
class TerminalSink final : public DashboardSink {
 public:
  explicit TerminalSink(std::ostream& out, RenderOptions options = {Surface::kTerminal});
  Status Publish(const Dashboard& dashboard) override;
  Result<std::optional<std::string>> Load() override;  // nothing: always nullopt

 private:
  std::ostream& out_;
  RenderOptions options_;
};

}  // namespace infra_flash
