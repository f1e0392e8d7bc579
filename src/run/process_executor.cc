#include "run/process_executor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

#include "common/json.h"
#include "run/child_environment.h"
#include "run/interrupt.h"
#include "run/unique_fd.h"

extern char** environ;

namespace infra_flash {
namespace {

using namespace std::chrono_literals;
using TimePoint = Clock::TimePoint;

constexpr std::size_t kReadChunk = 64 * 1024;
// Read at most this much from one pipe per wake-up, so one chatty child cannot
// starve the others (or the timeouts).
constexpr std::size_t kReadPerWakeup = 1024 * 1024;
// A plan JSON larger than the JSON reader accepts is not kept at all.
constexpr std::size_t kMaxStdoutData = json::kMaxDocumentBytes;
// How often exits are checked while pipes stay open, and while a child has closed
// its pipes but its exit status is not there yet.
constexpr auto kIdlePoll = 100ms;
constexpr auto kExitPoll = 2ms;
constexpr auto kExitPollPeriod = 100ms;
constexpr auto kSlowExitPoll = 50ms;
// After a step's main process exited, how long its pipes may stay open (held by a
// process that escaped its group) before we stop reading them.
constexpr auto kDrainAfterExit = 2s;
constexpr TimePoint kNever = TimePoint::max();

// Signals whose disposition the child gets reset to default: we may ignore or catch
// them, and a child that inherits "ignore SIGPIPE" or our handlers misbehaves.
constexpr int kDefaultSignals[] = {SIGINT,  SIGTERM, SIGHUP,  SIGPIPE, SIGQUIT, SIGCHLD,
                                   SIGUSR1, SIGUSR2, SIGALRM, SIGTTIN, SIGTTOU};

struct Child {
  StepToken token = 0;
  pid_t pid = -1;
  StepOutput mode = StepOutput::kLog;
  UniqueFd out;  // stdout and stderr (kLog), or stdout alone (kPlanJson)
  UniqueFd err;  // stderr of a kPlanJson step
  OutputCapture capture;
  std::string stdout_data;
  bool stdout_overflow = false;
  TimePoint started;
  TimePoint deadline = kNever;
  TimePoint kill_at = kNever;
  TimePoint drain_until = kNever;
  TimePoint pipes_closed_at = kNever;
  StepEnd stop_reason = StepEnd::kExited;  // set once we signalled it
  bool exited = false;
  int status = 0;
  std::string error;

  Child(std::size_t head, std::size_t tail) : capture(head, tail) {}
  bool PipesOpen() const { return out.valid() || err.valid(); }
};

// Moves `fd` above the standard descriptors so that dup2 onto 0-2 in the child never
// meets itself (which would keep its close-on-exec flag).
UniqueFd AboveStdio(int fd) {
  if (fd > STDERR_FILENO) return UniqueFd(fd);
  UniqueFd original(fd);
  return UniqueFd(::fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1));
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Result<Pipe> MakePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return Error{std::string("cannot create a pipe: ") + std::strerror(errno)};
  }
  Pipe pipe{AboveStdio(fds[0]), AboveStdio(fds[1])};
  if (!pipe.read.valid() || !pipe.write.valid()) {
    return Error{std::string("cannot create a pipe: ") + std::strerror(errno)};
  }
  ::fcntl(pipe.read.get(), F_SETFL, ::fcntl(pipe.read.get(), F_GETFL) | O_NONBLOCK);
  return pipe;
}

// RAII owners of the posix_spawn attribute objects.
class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

class SpawnAttributes {
 public:
  SpawnAttributes() { posix_spawnattr_init(&attributes_); }
  ~SpawnAttributes() { posix_spawnattr_destroy(&attributes_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  posix_spawnattr_t* get() { return &attributes_; }

 private:
  posix_spawnattr_t attributes_;
};

// Our environment as child_environment.h takes it.
std::vector<std::string_view> ParentEnvironment() {
  std::vector<std::string_view> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    entries.emplace_back(*entry);
  }
  return entries;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

std::string SpawnError(const PlannedStep& step, int error) {
  const std::string& program = step.argv.front();
  if (error == ENOENT && program.find('/') == std::string::npos) {
    return "`" + program +
           "` was not found on PATH: install it, or point run.binaries at it "
           "in .infra-flash.yml";
  }
  if (error == ENOENT) return "`" + program + "` does not exist";
  if (error == EACCES) return "`" + program + "` is not executable (permission denied)";
  return "cannot start `" + program + "`: " + std::strerror(error);
}

Result<pid_t> Spawn(const PlannedStep& step, int out_fd, int err_fd) {
  if (step.argv.empty() || step.argv.front().empty()) return Error{"the step has an empty argv"};
  std::error_code ignored;
  if (!std::filesystem::is_directory(step.cwd, ignored)) {
    return Error{"the layer's directory " + step.cwd + " does not exist"};
  }
  SpawnActions actions;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions.get(), out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), err_fd, STDERR_FILENO);
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 34)
  posix_spawn_file_actions_addclosefrom_np(actions.get(), STDERR_FILENO + 1);
#endif
  posix_spawn_file_actions_addchdir_np(actions.get(), step.cwd.c_str());

  SpawnAttributes attributes;
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal_number : kDefaultSignals) sigaddset(&defaults, signal_number);
  posix_spawnattr_setflags(attributes.get(),
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(attributes.get(), 0);  // its own group, led by itself
  posix_spawnattr_setsigmask(attributes.get(), &empty);
  posix_spawnattr_setsigdefault(attributes.get(), &defaults);

  std::vector<std::string> argv_strings = step.argv;
  std::vector<std::string> env_strings = ChildEnvironment(ParentEnvironment(), step.env, step.oidc);
  std::vector<char*> argv = Pointers(argv_strings);
  std::vector<char*> envp = Pointers(env_strings);
  pid_t pid = -1;
  const int error =
      ::posix_spawnp(&pid, argv[0], actions.get(), attributes.get(), argv.data(), envp.data());
  if (error != 0) return Error{SpawnError(step, error)};
  return pid;
}

void SignalGroup(pid_t leader, int signal_number) { ::kill(-leader, signal_number); }

class ProcessExecutor final : public StepExecutor {
 public:
  ProcessExecutor(Clock& clock, ProcessOptions options)
      : clock_(clock), options_(options), pid1_(::getpid() == 1) {}

  ~ProcessExecutor() override {
    // Nobody waits for these any more: make sure none survives us.
    for (auto& child : children_) {
      if (child->pid > 0 && !child->exited) {
        SignalGroup(child->pid, SIGKILL);
        int status = 0;
        while (::waitpid(child->pid, &status, 0) < 0 && errno == EINTR) {
        }
      }
    }
  }

  void Start(StepToken token, const PlannedStep& step, Duration timeout) override {
    auto child = std::make_unique<Child>(options_.head_bytes, options_.tail_bytes);
    child->token = token;
    child->mode = step.output;
    child->started = clock_.Now();
    child->deadline = child->started + timeout;
    Status started = Launch(step, *child);
    if (!started.ok()) {
      child->error = started.error().message;
      child->exited = true;
      child->status = -1;
    }
    children_.push_back(std::move(child));
  }

  WaitResult Wait() override {
    WaitResult result;
    for (;;) {
      const TimePoint now = clock_.Now();
      EnforceDeadlines(now);
      Reap();
      CollectFinished(now, result.completions);
      if (!result.completions.empty() || children_.empty()) return result;
      if (int signal_number = PollOnce(now); signal_number != 0) {
        result.interrupt_signal = signal_number;
        return result;
      }
    }
  }

  void CancelAll(int signal_number) override {
    const TimePoint now = clock_.Now();
    for (auto& child : children_) {
      if (child->exited) continue;
      SignalGroup(child->pid, signal_number);
      if (child->stop_reason == StepEnd::kExited) child->stop_reason = StepEnd::kCancelled;
      child->kill_at =
          signal_number == SIGKILL ? kNever : std::min(child->kill_at, now + options_.kill_grace);
    }
  }

 private:
  Status Launch(const PlannedStep& step, Child& child) {
    Result<Pipe> out = MakePipe();
    if (!out.ok()) return out.error();
    Pipe err;
    if (step.output == StepOutput::kPlanJson) {
      Result<Pipe> made = MakePipe();
      if (!made.ok()) return made.error();
      err = std::move(made).value();
    }
    const int err_fd = err.write.valid() ? err.write.get() : out->write.get();
    Result<pid_t> pid = Spawn(step, out->write.get(), err_fd);
    if (!pid.ok()) return pid.error();
    child.pid = *pid;
    child.out = std::move(out->read);
    child.err = std::move(err.read);
    return Ok();
  }

  void EnforceDeadlines(TimePoint now) {
    for (auto& child : children_) {
      if (child->exited) {
        if (child->PipesOpen() && now >= child->drain_until) {
          child->out.Reset();
          child->err.Reset();
          child->error =
              "its output may be incomplete: a process it started kept the output "
              "open after it exited";
        }
        continue;
      }
      if (child->stop_reason == StepEnd::kExited && now >= child->deadline) {
        SignalGroup(child->pid, SIGTERM);
        child->stop_reason = StepEnd::kTimedOut;
        child->kill_at = now + options_.kill_grace;
      }
      if (now >= child->kill_at) {
        SignalGroup(child->pid, SIGKILL);
        child->kill_at = kNever;
      }
    }
  }

  Child* FindChild(pid_t pid) {
    for (auto& child : children_) {
      if (child->pid == pid && !child->exited) return child.get();
    }
    return nullptr;
  }

  // Records an exit. The group is killed before the leader is reaped: until then its
  // pid (the group's id) cannot be reused, so the signal reaches only leftovers.
  void Reap() {
    for (auto& child : children_) {
      if (child->exited) continue;
      siginfo_t info{};
      if (::waitid(P_PID, child->pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0) continue;
      if (info.si_pid != child->pid) continue;
      SignalGroup(child->pid, SIGKILL);
      int status = 0;
      while (::waitpid(child->pid, &status, 0) < 0 && errno == EINTR) {
      }
      MarkExited(*child, status);
    }
    // As PID 1 we inherit every orphan in the container; reap them, or they stay zombies.
    if (!pid1_) return;
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
      Child* child = FindChild(pid);
      if (child == nullptr) continue;  // an orphan we adopted
      SignalGroup(pid, SIGKILL);       // it exited between the two loops: its leftovers
      MarkExited(*child, status);
    }
  }

  void MarkExited(Child& child, int status) {
    child.exited = true;
    child.status = status;
    child.drain_until = clock_.Now() + kDrainAfterExit;
  }

  void CollectFinished(TimePoint now, std::vector<StepCompletion>& completions) {
    for (auto it = children_.begin(); it != children_.end();) {
      Child& child = **it;
      if (!child.exited || child.PipesOpen()) {
        ++it;
        continue;
      }
      completions.push_back(Completion(child, now));
      it = children_.erase(it);
    }
  }

  StepCompletion Completion(Child& child, TimePoint now) {
    StepCompletion completion;
    completion.token = child.token;
    completion.duration = now - child.started;
    completion.output = child.capture.Text();
    completion.mask_lines = child.capture.mask_lines();
    completion.stdout_data = std::move(child.stdout_data);
    completion.error = child.error;
    if (child.pid < 0) {
      completion.end = StepEnd::kSpawnFailed;
      return completion;
    }
    if (WIFEXITED(child.status)) {
      completion.exit_code = WEXITSTATUS(child.status);
      completion.end = child.stop_reason;
    } else if (WIFSIGNALED(child.status)) {
      completion.signal = WTERMSIG(child.status);
      completion.end =
          child.stop_reason == StepEnd::kExited ? StepEnd::kSignalled : child.stop_reason;
    }
    if (child.stdout_overflow) {
      completion.error = "its JSON output is larger than " + std::to_string(kMaxStdoutData >> 20) +
                         " MiB and was not kept";
    }
    return completion;
  }

  std::chrono::milliseconds PollTimeout(TimePoint now) const {
    Duration wait = kIdlePoll;
    for (const auto& child : children_) {
      // Pipes close a moment before the exit status is there; poll for it briefly,
      // then slowly for a process that closed its output but goes on running.
      if (!child->exited && !child->PipesOpen()) {
        const bool just_closed = now - child->pipes_closed_at < kExitPollPeriod;
        wait = std::min<Duration>(wait, just_closed ? kExitPoll : kSlowExitPoll);
      }
      if (child->exited) wait = std::min<Duration>(wait, child->drain_until - now);
      if (child->exited) continue;
      if (child->stop_reason == StepEnd::kExited)
        wait = std::min<Duration>(wait, child->deadline - now);
      wait = std::min<Duration>(wait, child->kill_at - now);
    }
    auto millis = std::chrono::ceil<std::chrono::milliseconds>(wait);
    return std::max(millis, std::chrono::milliseconds(0));
  }

  // One poll() over every pipe and the interrupt pipe; returns a signal number when
  // infra-flash was interrupted, else 0.
  int PollOnce(TimePoint now) {
    std::vector<pollfd> fds;
    std::vector<std::pair<Child*, UniqueFd*>> owners;
    const int interrupt_fd = options_.interrupts ? options_.interrupts->fd() : -1;
    if (interrupt_fd >= 0) fds.push_back({interrupt_fd, POLLIN, 0});
    for (auto& child : children_) {
      for (UniqueFd* fd : {&child->out, &child->err}) {
        if (!fd->valid()) continue;
        fds.push_back({fd->get(), POLLIN, 0});
        owners.emplace_back(child.get(), fd);
      }
    }
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(PollTimeout(now).count()));
    if (ready <= 0) return 0;  // timeout, or EINTR: the caller loops
    const std::size_t first_pipe = interrupt_fd >= 0 ? 1 : 0;
    for (std::size_t i = first_pipe; i < fds.size(); ++i) {
      if (fds[i].revents != 0) Drain(*owners[i - first_pipe].first, *owners[i - first_pipe].second);
    }
    if (interrupt_fd >= 0 && (fds[0].revents & POLLIN) != 0) return options_.interrupts->Consume();
    return 0;
  }

  void Store(Child& child, const UniqueFd& fd, std::string_view data) {
    if (child.mode == StepOutput::kPlanJson && &fd == &child.out) {
      if (child.stdout_data.size() + data.size() > kMaxStdoutData) {
        child.stdout_overflow = true;
        child.stdout_data.clear();
        child.stdout_data.shrink_to_fit();
      }
      if (!child.stdout_overflow) child.stdout_data.append(data);
      return;
    }
    child.capture.Append(data);
    if (options_.on_output) options_.on_output(data);
  }

  void Drain(Child& child, UniqueFd& fd) {
    char buffer[kReadChunk];
    for (std::size_t total = 0; total < kReadPerWakeup;) {
      const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
      if (n > 0) {
        Store(child, fd, std::string_view(buffer, static_cast<std::size_t>(n)));
        total += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      fd.Reset();  // end of output (or an error reading it)
      if (!child.PipesOpen()) child.pipes_closed_at = clock_.Now();
      return;
    }
  }

  Clock& clock_;
  ProcessOptions options_;
  bool pid1_;
  std::vector<std::unique_ptr<Child>> children_;
};

}  // namespace

std::unique_ptr<StepExecutor> MakeProcessExecutor(Clock& clock, ProcessOptions options) {
  return std::make_unique<ProcessExecutor>(clock, options);
}

ProcessOutput RunProcess(const std::vector<std::string>& argv, const std::string& cwd,
                         Duration timeout) {
  Clock& clock = SystemClock();
  ProcessOptions options;
  options.kill_grace = std::chrono::seconds(2);
  auto executor = MakeProcessExecutor(clock, options);
  PlannedStep step;
  step.name = argv.empty() ? "" : argv.front();
  step.cwd = cwd;
  step.argv = argv;
  step.output = StepOutput::kPlanJson;  // stdout whole and apart from stderr
  executor->Start(1, step, timeout);
  for (;;) {
    WaitResult waited = executor->Wait();
    if (waited.completions.empty()) continue;
    StepCompletion& done = waited.completions.front();
    return {done.end, done.exit_code, std::move(done.stdout_data), std::move(done.output),
            std::move(done.error)};
  }
}

}  // namespace infra_flash
