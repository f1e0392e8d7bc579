// action: the GitHub Actions runtime as infra-flash sees it. Inputs come from
// INPUT_<NAME> variables (the one table kInputs, which action.yml must match),
// outputs go to $GITHUB_OUTPUT, the report to $GITHUB_STEP_SUMMARY, and log lines use
// workflow commands (::group::, ::error::, ::add-mask::) with GitHub's escaping.
// Outside Actions (no variables set) outputs and summary are skipped, not errors.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace infra_flash::action {

struct InputSpec {
  std::string_view name;           // kebab-case, as in action.yml
  std::string_view default_value;  // as action.yml declares it ("" when none)
  std::string_view description;
};

// Every input of action.yml, in its order.
const std::vector<InputSpec>& Inputs();
// Every output of action.yml, name -> description.
const std::vector<std::pair<std::string_view, std::string_view>>& Outputs();

// The environment variable GitHub sets for an input: upper-cased, spaces become
// '_', hyphens are kept ("github-token" -> "INPUT_GITHUB-TOKEN").
std::string InputVariable(std::string_view name);
// The input's value, trimmed; nullopt when unset or empty.
std::optional<std::string> Input(std::string_view name);

// Largest step summary GitHub accepts; a larger one is rejected whole.
inline constexpr std::size_t kStepSummaryLimit = 1024 * 1024;
// At most this many annotations of one type are shown per step.
inline constexpr int kAnnotationLimit = 10;

// `name<<DELIMITER\nvalue\nDELIMITER\n` with a delimiter that does not occur in the
// value, so that multi-line values cannot forge other outputs.
std::string FormatOutput(std::string_view name, std::string_view value);
// Appends outputs to $GITHUB_OUTPUT. Ok (and nothing written) when it is unset.
Status WriteOutputs(const std::vector<std::pair<std::string, std::string>>& outputs);
// Appends markdown to $GITHUB_STEP_SUMMARY, cut to fit the limit with a note.
Status AppendStepSummary(std::string_view markdown);
// `markdown` cut to at most `limit` bytes (keeping whole UTF-8 characters) with a note.
std::string FitStepSummary(std::string_view markdown, std::size_t limit = kStepSummaryLimit);

// Workflow command text, escaped as the runner expects.
std::string EscapeData(std::string_view message);    // % CR LF
std::string EscapeProperty(std::string_view value);  // % CR LF : ,
std::string GroupStart(std::string_view title);      // "::group::title\n"
std::string GroupEnd();                              // "::endgroup::\n"
std::string AddMask(std::string_view secret);        // "::add-mask::value\n"
// Text printed between these two lines is not read as workflow commands. Engine and
// suite output is written by the PR's own code: without them a `::add-mask::`,
// `::error::` or `::stop-commands::` it prints would act on the run. `token` must be
// unguessable (NewCommandToken), else the text could print the resume line itself.
std::string StopCommands(std::string_view token);    // "::stop-commands::token\n"
std::string ResumeCommands(std::string_view token);  // "::token::\n"
std::string NewCommandToken();                       // 32 random hex digits

enum class Severity { kNotice, kWarning, kError };
struct Annotation {
  Severity severity = Severity::kError;
  std::string message;
  std::string file;   // optional
  int line = 0;       // optional
  int column = 0;     // optional
  std::string title;  // optional
};
std::string FormatAnnotation(const Annotation& annotation);

// Counts annotations per severity and drops those past the limit, saying so once,
// so that the important first ones are never crowded out.
class AnnotationLog {
 public:
  // The text to print for `annotation`: the command, a one-time note that further ones
  // of this severity go to the log only, or the plain message.
  std::string Format(const Annotation& annotation);

 private:
  std::map<Severity, int> counts_;
};

}  // namespace infra_flash::action
