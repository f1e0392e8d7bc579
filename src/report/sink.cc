#include "report/sink.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/strings.h"

namespace infra_flash {

FileSink::FileSink(std::string path, RenderOptions options)
    : path_(std::move(path)), options_(options) {}

Status FileSink::Publish(const Dashboard& dashboard) {
  const std::string text = RenderDashboard(dashboard, options_);
  // Written beside the target and renamed over it: a reader never sees half a file.
  const std::string temporary = path_ + ".infra-flash.tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.good()) {
      return Error{"could not write the dashboard to " + temporary + ": " + std::strerror(errno)};
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path_, error);
  if (error) {
    return Error{"could not write the dashboard to " + path_ + ": " + error.message()};
  }
  return Ok();
}

Result<std::optional<std::string>> FileSink::Load() {
  std::error_code error;
  if (!std::filesystem::exists(path_, error)) return std::optional<std::string>();
  auto text = ReadFile(path_);
  if (!text.ok()) return text.error();
  return std::optional<std::string>(std::move(text).value());
}

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
