#include "commands/e2e.h"

#include <chrono>
#include <cstdio>
#include <string_view>

#include "common/strings.h"
#include "report/budget.h"
#include "report/markdown.h"
#include "run/process_run.h"
#include "status/check_row.h"

namespace infra_flash {
namespace {

// The dashboard shows the end of the output (where a suite says what failed); the job
// log has all of it.
constexpr std::size_t kTailBytes = 3000;
constexpr char kWhereFull[] = "the job log has all of it";

std::string Took(Duration duration) {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(duration + std::chrono::milliseconds(500))
          .count();
  if (seconds < 60) return std::to_string(seconds) + "s";
  return std::to_string(seconds / 60) + "m " + std::to_string(seconds % 60) + "s";
}

// The row's note, from how the suite's one step ended.
std::string NoteFor(const LayerResult& layer) {
  if (layer.steps.empty()) return layer.reason.empty() ? "did not run" : layer.reason;
  const StepResult& step = layer.steps.front();
  const std::string after = " after " + Took(step.duration);
  switch (step.end) {
    case StepEnd::kExited:
      if (step.exit_code == 0) return "passed in " + Took(step.duration);
      return "exit code " + std::to_string(step.exit_code) + after;
    case StepEnd::kTimedOut:
      return "timed out" + after + " (`run.step_timeout_seconds`) and was stopped";
    case StepEnd::kCancelled:
      return "cancelled" + after + ": the job was stopped";
    case StepEnd::kSignalled:
      return "killed by signal " + std::to_string(step.signal) + after;
    case StepEnd::kSpawnFailed:
      return "could not start: " + step.error;
  }
  return layer.reason;
}

StageStatus StatusFor(const LayerResult& layer) {
  switch (layer.outcome) {
    case Outcome::kSucceeded:
      return StageStatus::kPassed;
    case Outcome::kCancelled:
      return StageStatus::kBlocked;
    default:
      return StageStatus::kFailed;
  }
}

// Prints a suite's output as it arrives, a line at a time, masked (an `::add-mask::` line
// masks what comes after it), between stop-commands lines so that the runner obeys
// none of it: a long suite shows its progress in the job log while it runs.
class LiveLog {
 public:
  explicit LiveLog(FlowContext& context) : context_(context), token_(action::NewCommandToken()) {
    std::fputs(action::StopCommands(token_).c_str(), stdout);
    std::fflush(stdout);
  }
  ~LiveLog() {
    if (!pending_.empty()) Line(pending_);
    std::fputs(action::ResumeCommands(token_).c_str(), stdout);
    std::fflush(stdout);
  }
  LiveLog(const LiveLog&) = delete;
  LiveLog& operator=(const LiveLog&) = delete;

  void Add(std::string_view data) {
    pending_.append(data);
    std::size_t start = 0;
    for (std::size_t end; (end = pending_.find('\n', start)) != std::string::npos;
         start = end + 1) {
      Line(std::string_view(pending_).substr(start, end - start));
    }
    pending_.erase(0, start);
    // A line without an end (a progress bar) is shown in pieces rather than held.
    if (pending_.size() > kLongestLine) {
      Line(pending_);
      pending_.clear();
    }
    std::fflush(stdout);
  }

 private:
  static constexpr std::size_t kLongestLine = 64 * 1024;

  void Line(std::string_view line) {
    context_.masker.ConsumeAddMaskCommand(line);
    const std::string shown = context_.masker.Mask(line);
    std::fwrite(shown.data(), 1, shown.size(), stdout);
    std::fputc('\n', stdout);
  }

  FlowContext& context_;
  std::string token_;
  std::string pending_;
};

}  // namespace

E2eResult RunE2eSuite(FlowContext& context, const std::string& suite,
                      const std::vector<std::string>& argv) {
  PlannedStep step;
  step.layer = suite;
  step.name = "e2e";
  step.cwd = context.workspace;
  step.argv = argv;
  LayerJob job;
  job.layer = suite;
  job.steps = {step};
  context.Log(action::GroupStart("e2e " + suite + ": " + Join(argv, " ")));
  RunResult run;
  {
    LiveLog live(context);
    ProcessRun processes(context.interrupts, [&live](std::string_view data) { live.Add(data); });
    run = processes.Run(RunVerb::kCi, {job}, SchedulingFor(context.config, RunVerb::kCi, 1),
                        context.masker, nullptr);
  }
  const LayerResult& layer = run.layers.front();
  const std::string output = layer.steps.empty() ? "" : layer.steps.front().output;
  context.Log(action::GroupEnd());

  E2eResult result;
  result.status = StatusFor(layer);
  result.note = context.masker.Mask(NoteFor(layer));
  result.tail = context.masker.Mask(CutHead(output, kTailBytes, kWhereFull));
  context.Log("e2e " + suite + ": " + result.note);
  return result;
}

void MarkE2eRunning(Dashboard& dashboard, const std::string& suite) {
  SetCheck(dashboard, CheckKind::kE2e, suite, StageStatus::kPending, "running");
}

void RecordE2e(Dashboard& dashboard, const std::string& suite, const E2eResult& result) {
  SetCheck(dashboard, CheckKind::kE2e, suite, result.status, result.note);
  CheckRowFor(dashboard, CheckKind::kE2e, suite).detail = result.tail;
}

bool RunE2eAfterPush(FlowContext& context, PrSession* session,
                     const std::vector<std::string>& applied) {
  const CommandsConfig& commands = context.config.commands;
  if (!commands.e2e_on_push || applied.empty()) return true;
  const std::string suite = commands.DefaultE2eSuite();
  const auto found = commands.e2e.find(suite);
  if (found == commands.e2e.end()) {
    context.Log("commands.e2e_on_push is set but there is no default e2e suite; nothing ran");
    return true;
  }
  context.Log("running the e2e suite " + suite + " after applying " + Join(applied, ", "));
  if (session != nullptr) {
    MarkE2eRunning(session->dashboard(), suite);
    session->Show();
  }
  const E2eResult result = RunE2eSuite(context, suite, found->second);
  if (session != nullptr) {
    RecordE2e(session->dashboard(), suite, result);
  } else {
    context.summary += "\n### " + std::string(result.passed() ? "✅" : "❌") + " E2E " +
                       MarkdownCodeSpan(suite) + " after deploying\n\n" +
                       MarkdownText(result.note) + "\n";
    if (!result.tail.empty()) {
      context.summary += "\n<details><summary>output</summary>\n\n" + MarkdownFence(result.tail) +
                         "\n</details>\n";
    }
  }
  if (!result.passed()) {
    context.Error("the e2e suite " + suite + " failed after deploying " + Join(applied, ", ") +
                  ": " + result.note);
  }
  return result.passed();
}

}  // namespace infra_flash
