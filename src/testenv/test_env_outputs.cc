#include "testenv/test_env_outputs.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "common/clock.h"
#include "common/json.h"
#include "common/strings.h"
#include "report/budget.h"
#include "run/process_executor.h"

namespace infra_flash {
namespace {

// A dashboard cell is one line: a few short outputs fit, a certificate does not.
constexpr std::size_t kMaxShownOutputs = 6;
constexpr std::size_t kMaxValueBytes = 160;
constexpr std::size_t kMaxErrorBytes = 300;
// Deeper values are not written out (the cell shows 160 bytes of them anyway).
constexpr std::size_t kMaxShownDepth = 64;
constexpr char kSeparator[] = " · ";

std::string Cut(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, Utf8PrefixLength(text, limit))) + "…";
}

std::string ValueText(const rapidjson::Value& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  // The PR's code chooses the value; writing it out recurses once per level.
  if (json::NestingDepth(value) > kMaxShownDepth) return "(nested too deeply to show)";
  return json::Serialize(value);
}

// The end of stderr, where terraform's error box is.
std::string StderrTail(std::string_view text, const Masker& masker) {
  std::string tail(Trim(text));
  if (tail.size() > kMaxErrorBytes) tail = "…" + tail.substr(tail.size() - kMaxErrorBytes);
  for (char& c : tail) {
    if (c == '\n') c = ' ';
  }
  return masker.Mask(tail);
}

Error OutputError(const PlannedStep& step, const std::string& why) {
  return Error{"`" + (step.argv.empty() ? std::string("output") : step.argv.front()) +
               " output -json` " + why};
}

}  // namespace

Result<std::vector<TestEnvOutput>> ParseTestEnvOutputs(std::string_view json_text) {
  Result<rapidjson::Document> document = json::Parse(json_text, "the outputs");
  if (!document.ok()) return document.error();
  if (!document->IsObject()) return Error{"the outputs are not a JSON object"};
  std::vector<TestEnvOutput> outputs;
  for (const auto& member : document->GetObject()) {
    const rapidjson::Value* value = json::Member(member.value, "value");
    if (value == nullptr) continue;
    TestEnvOutput output;
    output.name.assign(member.name.GetString(), member.name.GetStringLength());
    // Anything but an explicit `false` is treated as sensitive: better hidden than leaked.
    const std::optional<bool> sensitive = json::Bool(json::Member(member.value, "sensitive"));
    output.sensitive = !sensitive.has_value() || *sensitive;
    output.value = ValueText(*value);
    outputs.push_back(std::move(output));
  }
  return outputs;
}

std::string FormatTestEnvOutputs(const std::vector<TestEnvOutput>& outputs, const Masker& masker) {
  std::string line;
  const std::size_t shown = std::min(outputs.size(), kMaxShownOutputs);
  for (std::size_t i = 0; i < shown; ++i) {
    const TestEnvOutput& output = outputs[i];
    if (!line.empty()) line += kSeparator;
    line += Cut(output.name, kMaxValueBytes) + " = ";
    line += output.sensitive ? "(sensitive)" : Cut(masker.Mask(output.value), kMaxValueBytes);
  }
  if (outputs.size() > shown) {
    line += std::string(kSeparator) + "… " + std::to_string(outputs.size() - shown) + " more";
  }
  return line;
}

Result<std::vector<TestEnvOutput>> ReadTestEnvOutputs(const PlannedStep& like, int timeout_seconds,
                                                      const Masker& masker,
                                                      InterruptSignals* interrupts) {
  if (like.argv.empty()) return OutputError(like, "has no engine to run");
  PlannedStep step = like;
  step.name = "output";
  step.argv = {like.argv.front(), "output", "-json"};
  step.output = StepOutput::kPlanJson;  // stdout whole and apart from stderr (the log)
  step.exit_codes = ExitCodes::kZeroIsSuccess;
  step.lock = StepLock::kNone;
  Clock& clock = SystemClock();
  ProcessOptions options;
  options.interrupts = interrupts;
  std::unique_ptr<StepExecutor> executor = MakeProcessExecutor(clock, options);
  executor->Start(1, step, std::chrono::seconds(std::max(timeout_seconds, 1)));
  for (bool cancelled = false;;) {
    WaitResult waited = executor->Wait();
    if (waited.interrupt_signal != 0 && !cancelled) {
      executor->CancelAll(waited.interrupt_signal);
      cancelled = true;
    }
    if (waited.completions.empty()) continue;
    const StepCompletion& done = waited.completions.front();
    switch (done.end) {
      case StepEnd::kExited:
        if (done.exit_code != 0) {
          return OutputError(step, "failed (exit " + std::to_string(done.exit_code) +
                                       "): " + StderrTail(done.output, masker));
        }
        return ParseTestEnvOutputs(done.stdout_data);
      case StepEnd::kTimedOut:
        return OutputError(step, "timed out");
      case StepEnd::kCancelled:
        return OutputError(step, "was cancelled");
      case StepEnd::kSignalled:
        return OutputError(step, "was killed by signal " + std::to_string(done.signal));
      case StepEnd::kSpawnFailed:
        return OutputError(step, "could not start: " + masker.Mask(done.error));
    }
    return OutputError(step, "ended in an unknown way");
  }
}

}  // namespace infra_flash
