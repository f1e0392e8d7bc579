#include "run/process_executor.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "common/strings.h"
#include "run/interrupt.h"
#include "support/processes.h"
#include "support/subprocess.h"
#include "support/wait.h"

namespace infra_flash {
namespace {

using namespace std::chrono_literals;

PlannedStep Python(const std::string& code, const std::string& cwd = "/") {
  PlannedStep step;
  step.layer = "test";
  step.name = "python";
  step.cwd = cwd;
  step.argv = {"python3", "-c", code};
  return step;
}

// Runs steps to completion and returns their completions by token.
std::map<StepToken, StepCompletion> RunAll(StepExecutor& executor, std::size_t count) {
  std::map<StepToken, StepCompletion> done;
  while (done.size() < count) {
    WaitResult waited = executor.Wait();
    for (StepCompletion& completion : waited.completions) done[completion.token] = completion;
  }
  return done;
}

StepCompletion RunOne(const PlannedStep& step, ProcessOptions options = {},
                      Duration timeout = 30s) {
  Clock& clock = SystemClock();
  auto executor = MakeProcessExecutor(clock, options);
  executor->Start(7, step, timeout);
  auto done = RunAll(*executor, 1);
  EXPECT_EQ(done.begin()->first, 7u);
  return done.begin()->second;
}

TEST(ProcessExecutor, CapturesOutputAndExitCode) {
  StepCompletion done =
      RunOne(Python("import sys\nprint('to stdout', flush=True)\nprint('to stderr', "
                    "file=sys.stderr)\nsys.exit(3)"));
  EXPECT_EQ(done.end, StepEnd::kExited);
  EXPECT_EQ(done.exit_code, 3);
  EXPECT_NE(done.output.find("to stdout\n"), std::string::npos) << done.output;
  EXPECT_NE(done.output.find("to stderr\n"), std::string::npos) << done.output;
  EXPECT_GT(done.duration.count(), 0);
}

TEST(ProcessExecutor, OutputIsHandedOverWhileTheStepRuns) {
  // The child prints, then waits for a file that only the output callback creates: it
  // ends well only if the callback saw the line while the child was still running.
  testing::TempDir dir;
  const std::string go = dir.path() + "/go";
  PlannedStep step = Python(
      "import os, sys, time\n"
      "print('waiting for go', flush=True)\n"
      "deadline = time.time() + 20\n"
      "while not os.path.exists(sys.argv[1]) and time.time() < deadline:\n"
      "    time.sleep(0.02)\n"
      "sys.exit(0 if os.path.exists(sys.argv[1]) else 9)");
  step.argv.push_back(go);
  std::string seen;
  ProcessOptions options;
  options.on_output = [&](std::string_view data) {
    seen.append(data);
    if (seen.find("waiting for go\n") != std::string::npos) dir.Write("go", "");
  };
  StepCompletion done = RunOne(step, options);
  EXPECT_EQ(done.end, StepEnd::kExited);
  EXPECT_EQ(done.exit_code, 0) << "the callback never saw the line while the child ran";
  EXPECT_EQ(seen, "waiting for go\n");
  EXPECT_EQ(done.output, seen) << "the capture keeps it too";
}

TEST(ProcessExecutor, ChildGetsDevNullStdinItsDirectoryEnvironmentAndGroup) {
  testing::TempDir dir;
  PlannedStep step = Python(
      "import os, sys\n"
      "print(repr(sys.stdin.read()))\n"
      "print(os.getcwd())\n"
      "print(os.environ['RUN_TEST_VALUE'], os.environ.get('PATH') is not None)\n"
      "print(os.getpgid(0) == os.getpid())\n",
      dir.path());
  step.env = {{"RUN_TEST_VALUE", "hello there"}};
  StepCompletion done = RunOne(step);
  ASSERT_EQ(done.exit_code, 0) << done.output;
  const std::string canonical = std::filesystem::canonical(dir.path()).string();
  EXPECT_EQ(done.output, "''\n" + canonical + "\nhello there True\nTrue\n");
}

TEST(ProcessExecutor, PlanJsonStepsKeepStdoutApart) {
  PlannedStep step = Python(
      "import sys\nsys.stderr.write('INFO terragrunt log\\n')\nprint('{\"format_version\": "
      "\"1.2\"}')");
  step.output = StepOutput::kPlanJson;
  StepCompletion done = RunOne(step);
  EXPECT_EQ(done.stdout_data, "{\"format_version\": \"1.2\"}\n");
  EXPECT_EQ(done.output, "INFO terragrunt log\n");
}

TEST(ProcessExecutor, ProgramsThatCannotStartSaySo) {
  struct Case {
    std::vector<std::string> argv;
    std::string cwd;
    std::string error_contains;
  };
  const std::vector<Case> cases = {
      {{"infra-flash-no-such-program"}, "/", "`infra-flash-no-such-program` was not found on PATH"},
      {{"/nonexistent/terraform"}, "/", "`/nonexistent/terraform` does not exist"},
      {{"python3", "-c", "pass"},
       "/nonexistent-layer-dir",
       "directory /nonexistent-layer-dir does not exist"},
  };
  testing::TempDir dir;
  const std::string not_executable = dir.Write("terraform", "#!/bin/sh\n");  // mode 0644
  std::vector<Case> all = cases;
  all.push_back({{not_executable}, "/", "is not executable (permission denied)"});
  for (const Case& c : all) {
    PlannedStep step;
    step.argv = c.argv;
    step.cwd = c.cwd;
    StepCompletion done = RunOne(step);
    EXPECT_EQ(done.end, StepEnd::kSpawnFailed) << c.argv[0];
    EXPECT_NE(done.error.find(c.error_contains), std::string::npos)
        << c.argv[0] << ": " << done.error;
  }
}

// The timeouts leave python ample time to start (and to ignore SIGTERM) on a busy
// machine: what is checked is which signal ended each step, not how fast.
TEST(ProcessExecutor, ATimeoutSendsSigtermThenSigkillToTheGroup) {
  ProcessOptions options;
  options.kill_grace = 300ms;
  // Exits on SIGTERM (python's default).
  StepCompletion polite =
      RunOne(Python("import time\nprint('working', flush=True)\ntime.sleep(120)"), options, 6s);
  EXPECT_EQ(polite.end, StepEnd::kTimedOut);
  EXPECT_EQ(polite.signal, SIGTERM);
  EXPECT_EQ(polite.output, "working\n");
  // Ignores SIGTERM: SIGKILL after the grace period.
  StepCompletion stubborn =
      RunOne(Python("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                    "print('ready', flush=True)\ntime.sleep(120)"),
             options, 6s);
  EXPECT_EQ(stubborn.end, StepEnd::kTimedOut);
  EXPECT_EQ(stubborn.signal, SIGKILL);
  EXPECT_EQ(stubborn.output, "ready\n") << "it had ignored SIGTERM before the timeout";
}

TEST(ProcessExecutor, NothingOutlivesItsStep) {
  testing::TempDir dir;
  const std::string pid_file = dir.path() + "/straggler.pid";
  // The step starts a background process that keeps our pipe open, then exits. The
  // background process would outlast the step's timeout (30 s): had the executor waited
  // for it, the step would end timed out.
  StepCompletion done =
      RunOne(Python("import subprocess, sys\n"
                    "child = subprocess.Popen(['python3', '-c', 'import time; time.sleep(600)'])\n"
                    "open('" +
                    pid_file +
                    "', 'w').write(str(child.pid))\n"
                    "print('leaving', flush=True)\n"));
  EXPECT_EQ(done.end, StepEnd::kExited) << "did not wait for the background process";
  EXPECT_EQ(done.exit_code, 0);
  EXPECT_EQ(done.output, "leaving\n");
  Result<std::string> pid_text = ReadFile(pid_file);
  ASSERT_TRUE(pid_text.ok());
  const pid_t straggler = static_cast<pid_t>(std::stol(*pid_text));
  ASSERT_GT(straggler, 0);
  EXPECT_TRUE(testing::WaitUntil([straggler] { return !testing::Alive(straggler); }))
      << "the background process of the step was left running";
}

TEST(ProcessExecutor, LongOutputKeepsHeadAndTail) {
  ProcessOptions options;
  options.head_bytes = 4096;
  options.tail_bytes = 4096;
  StepCompletion done = RunOne(
      Python("import sys\nfor i in range(200000): sys.stdout.write('line %d\\n' % i)\n"), options);
  EXPECT_EQ(done.exit_code, 0);
  EXPECT_LT(done.output.size(), 8192u + 100u);
  EXPECT_EQ(done.output.rfind("line 0\nline 1\n", 0), 0u);
  EXPECT_NE(done.output.find("bytes omitted"), std::string::npos);
  EXPECT_EQ(done.output.substr(done.output.size() - 12), "line 199999\n");
}

// Each step waits until all eight have started: run one at a time, the first would wait
// for the others until its timeout. No clock decides the outcome.
TEST(ProcessExecutor, ManyStepsAtOnce) {
  testing::TempDir dir;
  Clock& clock = SystemClock();
  auto executor = MakeProcessExecutor(clock, {});
  for (StepToken token = 0; token < 8; ++token) {
    executor->Start(token,
                    Python("import os, time\n"
                           "open('" +
                           dir.path() + "/started-" + std::to_string(token) +
                           "', 'w').close()\n"
                           "while len(os.listdir('" +
                           dir.path() +
                           "')) < 8: time.sleep(0.05)\n"
                           "print(" +
                           std::to_string(token) + ")"),
                    120s);
  }
  auto done = RunAll(*executor, 8);
  for (StepToken token = 0; token < 8; ++token) {
    EXPECT_EQ(done[token].end, StepEnd::kExited) << "step " << token << " waited in vain";
    EXPECT_EQ(done[token].output, std::to_string(token) + "\n");
  }
}

TEST(ProcessExecutor, AnInterruptIsReportedAndForwarded) {
  testing::TempDir dir;
  const std::string started = dir.path() + "/started";
  auto interrupts = InterruptSignals::Install();
  ASSERT_TRUE(interrupts.ok()) << interrupts.error().message;
  EXPECT_FALSE(InterruptSignals::Install().ok()) << "one at a time";
  Clock& clock = SystemClock();
  ProcessOptions options;
  options.interrupts = interrupts->get();
  options.kill_grace = 2s;
  auto executor = MakeProcessExecutor(clock, options);
  executor->Start(1,
                  Python("import time\nprint('started', flush=True)\nopen('" + started +
                         "', 'w').close()\ntime.sleep(300)"),
                  600s);
  // The signal comes once the step has printed, however slow the machine is.
  std::thread([started] {
    if (testing::WaitUntil([&] { return std::filesystem::exists(started); })) {
      ::kill(::getpid(), SIGTERM);
    }
  }).detach();
  WaitResult waited = executor->Wait();
  EXPECT_EQ(waited.interrupt_signal, SIGTERM);
  EXPECT_TRUE(waited.completions.empty());
  EXPECT_EQ((*interrupts)->first_signal(), SIGTERM);
  executor->CancelAll(SIGTERM);
  auto done = RunAll(*executor, 1);
  EXPECT_EQ(done[1].end, StepEnd::kCancelled);
  EXPECT_EQ(done[1].signal, SIGTERM);
  EXPECT_EQ(done[1].output, "started\n");
}

TEST(RunProcess, ReturnsStdoutWholeAndStderrApart) {
  ProcessOutput output = RunProcess(
      {"python3", "-c", "import sys\nprint('a.tf\\nb/c.tf')\nprint('warning', file=sys.stderr)"},
      "/", 30s);
  EXPECT_EQ(output.exit_code, 0);
  EXPECT_EQ(output.stdout_text, "a.tf\nb/c.tf\n");
  EXPECT_EQ(output.stderr_text, "warning\n");
  ProcessOutput missing = RunProcess({"infra-flash-no-such-git"}, "/", 30s);
  EXPECT_EQ(missing.end, StepEnd::kSpawnFailed);
}

}  // namespace
}  // namespace infra_flash
