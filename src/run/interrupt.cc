#include "run/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>

namespace infra_flash {
namespace {

constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};

// Shared with the handler: only lock-free atomics are touched there.
std::atomic<int> g_write_fd{-1};
std::atomic<int> g_first_signal{0};
std::array<struct sigaction, kSignals.size()> g_previous;

void OnSignal(int signal_number) {
  const int saved_errno = errno;
  int expected = 0;
  g_first_signal.compare_exchange_strong(expected, signal_number);
  const int fd = g_write_fd.load();
  if (fd >= 0) {
    const unsigned char byte = static_cast<unsigned char>(signal_number);
    // A full pipe already holds a pending signal: losing this byte loses nothing.
    [[maybe_unused]] ssize_t written = ::write(fd, &byte, 1);
  }
  errno = saved_errno;
}

}  // namespace

Result<std::unique_ptr<InterruptSignals>> InterruptSignals::Install() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    return Error{std::string("cannot create the signal pipe: ") + std::strerror(errno)};
  }
  UniqueFd read_end(fds[0]);
  UniqueFd write_end(fds[1]);
  int expected = -1;
  if (!g_write_fd.compare_exchange_strong(expected, write_end.get())) {
    return Error{"signal handlers are already installed by another run in this process"};
  }
  g_first_signal = 0;
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    ::sigaction(kSignals[i], &action, &g_previous[i]);
  }
  return std::unique_ptr<InterruptSignals>(
      new InterruptSignals(std::move(read_end), std::move(write_end)));
}

InterruptSignals::InterruptSignals(UniqueFd read_end, UniqueFd write_end)
    : read_end_(std::move(read_end)), write_end_(std::move(write_end)) {}

InterruptSignals::~InterruptSignals() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    ::sigaction(kSignals[i], &g_previous[i], nullptr);
  }
  g_write_fd = -1;
}

int InterruptSignals::Consume() {
  int last = 0;
  unsigned char buffer[64];
  for (;;) {
    const ssize_t n = ::read(read_end_.get(), buffer, sizeof buffer);
    if (n > 0) {
      last = buffer[n - 1];
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return last;
  }
}

int InterruptSignals::first_signal() const { return g_first_signal.load(); }

}  // namespace infra_flash
