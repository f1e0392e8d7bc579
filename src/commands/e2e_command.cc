// `/e2e [suite]`: runs a suite of `commands.e2e` (the named one, else the default) on the
// PR's head (e2e.h says how) with its row on the dashboard: ⏳ while it runs, then ✅ or
// ❌ with the time and the tail of the output. 🚀 when it passed; 😕 and exit 1 when it
// failed, timed out or was cancelled. An unknown suite, or none configured, gets a reply
// listing the suites (😕, exit 0: nothing ran, nothing failed).
#include "commands/comment_job.h"
#include "commands/e2e.h"
#include "common/strings.h"
#include "report/markdown.h"
#include "session/pr_session.h"

namespace infra_flash {
namespace {

constexpr char kHowToConfigure[] =
    "Add suites to `.infra-flash.yml`, each an argv run without a shell in the repository "
    "root:\n\n```yaml\ncommands:\n  e2e:\n    smoke: [make, e2e-smoke]\n  e2e_default: smoke\n```";

std::string SuiteList(const CommandsConfig& commands) {
  std::vector<std::string> names;
  for (const auto& [suite, argv] : commands.e2e) {
    names.push_back(MarkdownCodeSpan(suite) +
                    (suite == commands.DefaultE2eSuite() ? " (default)" : ""));
  }
  return Join(names, ", ");
}

// Why `suite` cannot run, for the reply; empty when it can.
std::string SuiteProblem(const CommandsConfig& commands, const std::string& requested,
                         const std::string& suite) {
  if (commands.e2e.empty()) {
    return "`/e2e` has nothing to run: no suites are configured. " + std::string(kHowToConfigure);
  }
  if (suite.empty()) {
    return "Which suite? There is no default (`commands.e2e_default`). Comment `/e2e NAME` "
           "with one of: " +
           SuiteList(commands) + ".";
  }
  if (!commands.e2e.contains(suite)) {
    return "There is no e2e suite " + MarkdownCodeSpan(requested) +
           ". Comment `/e2e NAME` with one of: " + SuiteList(commands) + ".";
  }
  return "";
}

}  // namespace

int E2eCommand(const CommentJob& job) {
  FlowContext& context = job.context;
  const CommandsConfig& commands = context.config.commands;
  const std::string suite =
      job.request.suite.empty() ? commands.DefaultE2eSuite() : job.request.suite;
  if (std::string problem = SuiteProblem(commands, job.request.suite, suite); !problem.empty()) {
    return Conclude(context, Conclusion::kDeclined, problem);
  }
  if (std::string mismatch = CheckoutMismatch(job); !mismatch.empty()) {
    return Conclude(context, Conclusion::kFailed, mismatch);
  }
  PrSession session(context, job.pull.number);
  session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
  MarkE2eRunning(session.dashboard(), suite);
  session.Show();
  const E2eResult result = RunE2eSuite(context, suite, commands.e2e.at(suite));
  RecordE2e(session.dashboard(), suite, result);
  session.Finish();
  if (result.passed()) return Conclude(context, Conclusion::kSucceeded, "");
  return Conclude(context, Conclusion::kFailed,
                  "The e2e suite " + MarkdownCodeSpan(suite) +
                      " did not pass: " + MarkdownText(result.note) +
                      ". The end of its output is in the dashboard; all of it is in the job log.");
}

}  // namespace infra_flash
