// run/interrupt: SIGINT, SIGTERM and SIGHUP turned into data. While an
// InterruptSignals object lives, those signals are caught (explicitly: as PID 1 in a
// container, a signal without a handler is ignored) and the handler does the only
// things that are safe there: it records the signal and writes its number to a
// self-pipe. The process executor polls that pipe, forwards the signal to every
// running child's process group, and the run ends with every layer accounted for.
#pragma once

#include <memory>

#include "common/result.h"
#include "run/unique_fd.h"

namespace infra_flash {

class InterruptSignals {
 public:
  // Installs the handlers. One instance at a time: a second Install() fails.
  static Result<std::unique_ptr<InterruptSignals>> Install();
  ~InterruptSignals();  // restores the previous handlers
  InterruptSignals(const InterruptSignals&) = delete;
  InterruptSignals& operator=(const InterruptSignals&) = delete;

  // Readable when a signal has arrived and not been consumed.
  int fd() const { return read_end_.get(); }
  // Drains the pipe; the last signal number read, or 0 when none was pending.
  int Consume();
  // The first signal received since Install(), or 0.
  int first_signal() const;

 private:
  InterruptSignals(UniqueFd read_end, UniqueFd write_end);
  UniqueFd read_end_;
  UniqueFd write_end_;
};

}  // namespace infra_flash
