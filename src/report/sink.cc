#include "report/sink.h"

namespace infra_flash {

TerminalSink::TerminalSink(std::ostream& out, RenderOptions options)
    : out_(out), options_(options) {}

Status TerminalSink::Publish(const Dashboard& dashboard) {
  out_ << "──── infra-flash dashboard ────\n" << RenderDashboard(dashboard, options_);
  out_.flush();
  if (!out_.good()) return Error{"could not print the dashboard to the terminal"};
  return Ok();
}

Result<std::optional<std::string>> TerminalSink::Load() { return std::optional<std::string>(); }

}  // namespace infra_flash
