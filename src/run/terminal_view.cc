#include "run/terminal_view.h"

#include <string.h>

#include <algorithm>
#include <array>
#include <utility>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMaxLiveRows = 40;

constexpr std::array<std::pair<Outcome, const char*>, 8> kLabels = {{
    {Outcome::kSucceeded, "succeeded"},
    {Outcome::kNoChanges, "no changes"},
    {Outcome::kHasChanges, "has changes"},
    {Outcome::kDrift, "drift"},
    {Outcome::kFailed, "failed"},
    {Outcome::kSkipped, "skipped"},
    {Outcome::kCancelled, "cancelled"},
    {Outcome::kTimedOut, "timed out"},
}};

constexpr std::array<std::pair<ResourceAction, char>, 5> kActionSymbols = {{
    {ResourceAction::kCreate, '+'},
    {ResourceAction::kUpdate, '~'},
    {ResourceAction::kDelete, '-'},
    {ResourceAction::kReplace, '!'},
    {ResourceAction::kForget, '.'},
}};

std::string Pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

char ActionSymbol(ResourceAction action) {
  for (const auto& [value, symbol] : kActionSymbols) {
    if (value == action) return symbol;
  }
  return '~';
}

std::string Details(const LayerResult& layer) {
  if (!layer.reason.empty()) return layer.reason;
  if (layer.plan && layer.outcome != Outcome::kNoChanges) return FormatPlanCounts(*layer.plan);
  return "";
}

std::string FinishedStatus(const LayerResult& result) {
  std::string status = OutcomeLabel(result.outcome);
  if (result.outcome != Outcome::kSkipped &&
      !(result.outcome == Outcome::kCancelled && result.steps.empty())) {
    status += " in " + FormatDuration(result.duration);
  }
  std::string details = Details(result);
  if (details.empty()) return status;
  // "skipped because X failed" says it all already.
  if (details.rfind(OutcomeLabel(result.outcome), 0) == 0) return details;
  return status + ": " + details;
}

std::string Tail(const std::string& text, std::size_t lines) {
  std::vector<std::string_view> all = SplitLines(text);
  while (!all.empty() && Trim(all.back()).empty()) all.pop_back();
  const std::size_t first = all.size() > lines ? all.size() - lines : 0;
  std::string tail;
  for (std::size_t i = first; i < all.size(); ++i) {
    tail += "    ";
    tail += all[i];
    tail += '\n';
  }
  return tail;
}

void AppendTable(const RunResult& result, std::string& out) {
  std::size_t width = 5;
  for (const LayerResult& layer : result.layers) width = std::max(width, layer.layer.size());
  out += Pad("LAYER", width + 2) + Pad("RESULT", 13) + Pad("TIME", 9) + "DETAILS\n";
  for (const LayerResult& layer : result.layers) {
    const std::string time = layer.steps.empty() ? "-" : FormatDuration(layer.duration);
    out += Pad(layer.layer, width + 2) + Pad(OutcomeLabel(layer.outcome), 13) + Pad(time, 9) +
           Details(layer);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
}

void AppendChanges(const RunResult& result, std::string& out) {
  for (const LayerResult& layer : result.layers) {
    if (!layer.plan || layer.plan->resources.empty()) continue;
    out += "\n" + layer.layer + " (" + FormatPlanCounts(*layer.plan) + "):\n";
    for (const ResourceChange& change : layer.plan->resources) {
      out += "  ";
      out += ActionSymbol(change.action);
      out += " " + change.address + " (" + ResourceActionName(change.action) + ")\n";
    }
  }
}

void AppendFailures(const RunResult& result, std::size_t tail_lines, std::string& out) {
  for (const LayerResult& layer : result.layers) {
    if (layer.outcome != Outcome::kFailed && layer.outcome != Outcome::kTimedOut) continue;
    if (layer.steps.empty()) continue;
    const StepResult& step = layer.steps.back();
    out += "\n── " + layer.layer + ": " + Join(step.argv, " ") + " ──\n";
    if (!step.error.empty()) out += "    " + step.error + "\n";
    out += Tail(step.output, tail_lines);
  }
}

}  // namespace

std::string OutcomeLabel(Outcome outcome) {
  for (const auto& [value, label] : kLabels) {
    if (value == outcome) return label;
  }
  return "failed";
}

std::string FormatDuration(Duration duration) {
  const auto tenths = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count() / 100;
  if (tenths < 600) {
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "s";
  }
  const long long seconds = tenths / 10;
  std::string rest = std::to_string(seconds % 60);
  if (rest.size() < 2) rest = "0" + rest;
  return std::to_string(seconds / 60) + "m" + rest + "s";
}

TerminalView::TerminalView(std::FILE* out, ViewStyle style, const Clock& clock,
                           const std::vector<std::string>& layers)
    : out_(out),
      style_(layers.size() > kMaxLiveRows ? ViewStyle::kLines : style),
      clock_(clock),
      started_(clock.Now()) {
  for (const std::string& layer : layers) {
    rows_.push_back({layer, "waiting"});
    name_width_ = std::max(name_width_, layer.size());
  }
  if (style_ == ViewStyle::kLive) Redraw();
}

void TerminalView::LayerStarted(const std::string& layer) {
  if (style_ == ViewStyle::kLive) SetStatus(layer, "starting");
}

void TerminalView::StepStarted(const PlannedStep& step) {
  if (style_ == ViewStyle::kLive) {
    SetStatus(step.layer, "running " + step.name + " …");
  } else {
    Line(step.layer, step.name + " …");
  }
}

// An optional tool that could not start is not a failure, and not a silent pass either.
void TerminalView::StepFinished(const PlannedStep& step, const StepResult& result) {
  if (!step.optional || result.end != StepEnd::kSpawnFailed) return;
  const std::string line = step.name + " not run: " + result.error;
  if (style_ == ViewStyle::kLive) {
    SetStatus(step.layer, line);
  } else {
    Line(step.layer, line);
  }
}

void TerminalView::LayerFinished(const LayerResult& result) {
  if (style_ == ViewStyle::kLive) {
    SetStatus(result.layer, FinishedStatus(result));
  } else {
    Line(result.layer, FinishedStatus(result));
  }
}

void TerminalView::Interrupted(int signal_number) {
  const char* name = ::sigabbrev_np(signal_number);
  const std::string text =
      std::string("received SIG") + (name ? name : "?") + ": stopping the running steps…";
  if (style_ == ViewStyle::kLive) {
    std::fprintf(out_, "%s\n", text.c_str());
    drawn_ = 0;  // the rows are redrawn below the message
    Redraw();
  } else {
    std::fprintf(out_, "[%s] %s\n", Elapsed().c_str(), text.c_str());
  }
  std::fflush(out_);
}

void TerminalView::SetStatus(const std::string& layer, std::string status) {
  for (Row& row : rows_) {
    if (row.layer == layer) row.status = std::move(status);
  }
  Redraw();
}

void TerminalView::Redraw() {
  if (drawn_ > 0) std::fprintf(out_, "\x1b[%zuA", drawn_);
  for (const Row& row : rows_) {
    std::fprintf(out_, "\x1b[2K  %s  %s\n", Pad(row.layer, name_width_).c_str(),
                 row.status.c_str());
  }
  drawn_ = rows_.size();
  std::fflush(out_);
}

void TerminalView::Line(const std::string& layer, const std::string& text) {
  std::fprintf(out_, "[%7s] %s  %s\n", Elapsed().c_str(), Pad(layer, name_width_).c_str(),
               text.c_str());
  std::fflush(out_);
}

std::string TerminalView::Elapsed() const { return FormatDuration(clock_.Now() - started_); }

std::string RenderSummary(const RunResult& result, std::size_t tail_lines) {
  std::string out = "\ninfra-flash " + std::string(RunVerbName(result.verb)) + ": " +
                    std::to_string(result.layers.size()) + " layer" +
                    (result.layers.size() == 1 ? "" : "s") + " in " +
                    FormatDuration(result.duration) + "\n\n";
  AppendTable(result, out);
  AppendChanges(result, out);
  AppendFailures(result, tail_lines, out);
  return out;
}

}  // namespace infra_flash
