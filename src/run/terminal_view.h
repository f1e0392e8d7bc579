// run/terminal_view: what a developer sees while `infra-flash plan|apply|verify|ci`
// runs. On a terminal, one row per layer redrawn in place as layers move along; when
// the output is not a terminal (CI logs, pipes) or there are too many layers to
// redraw, plain timestamped lines. At the end, a summary table and, for each failed
// layer, the end of the failing step's (masked) output.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "common/clock.h"
#include "run/results.h"
#include "run/scheduler.h"

namespace infra_flash {

enum class ViewStyle {
  kLive,   // rows redrawn in place with ANSI escapes
  kLines,  // one line per event
};

class TerminalView final : public RunObserver {
 public:
  // `layers` in the order to show them. kLive falls back to kLines above 40 layers.
  TerminalView(std::FILE* out, ViewStyle style, const Clock& clock,
               const std::vector<std::string>& layers);

  void LayerStarted(const std::string& layer) override;
  void StepStarted(const PlannedStep& step) override;
  void StepFinished(const PlannedStep& step, const StepResult& result) override;
  void LayerFinished(const LayerResult& result) override;
  void Interrupted(int signal_number) override;

 private:
  struct Row {
    std::string layer;
    std::string status;
  };
  void SetStatus(const std::string& layer, std::string status);
  void Redraw();
  void Line(const std::string& layer, const std::string& text);
  std::string Elapsed() const;

  std::FILE* out_;
  ViewStyle style_;
  const Clock& clock_;
  Clock::TimePoint started_;
  std::vector<Row> rows_;
  std::size_t name_width_ = 0;
  std::size_t drawn_ = 0;  // rows printed by the last Redraw
};

// "no changes", "has changes", "timed out", ... for people.
std::string OutcomeLabel(Outcome outcome);
// "1.2s", "2m03s".
std::string FormatDuration(Duration duration);

// The table and the details after a run: changed resources of layers with changes,
// and the last `tail_lines` lines of each failed step's output.
std::string RenderSummary(const RunResult& result, std::size_t tail_lines);

}  // namespace infra_flash
