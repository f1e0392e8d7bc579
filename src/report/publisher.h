// publisher: turns a stream of dashboard states into few writes. The flows call
// Update() on every state change (from any thread) and Flush() at the end; the
// publisher decides when a write is worth a request:
//   - the first state is written at once (the PR shows ⏳ right away);
//   - a state with news a person must act on (a stage newly failed or blocked, a new
//     next step) is written as soon as `min_interval` since the last write allows;
//   - routine progress (⏳ → ✅, plan results) waits until `progress_interval` since the
//     last write, so a burst, or a whole phase of a pipeline, becomes one write;
//   - Flush() writes what is pending now, whatever the interval: call it before the
//     process exits, after a failure too, and after SIGTERM (from the main thread, not
//     from the signal handler). The destructor flushes as a last resort.
// Why so frugal: every edit is a content-creating request, and GitHub allows 80 of
// those a minute and 500 an hour per repository, shared by every job (DESIGN §9).
// Poll() writes a pending state that became due; the scheduler's wait loop calls it
// (or BackgroundFlush::kOn does). Time comes from a `now` function (the Clock seam),
// so tests drive it by hand.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "common/result.h"
#include "report/sink.h"
#include "status/dashboard.h"

namespace infra_flash {

enum class BackgroundFlush {
  kOff,  // writes happen only inside Update / Poll / Flush
  kOn,   // a thread also calls Poll() every min_interval (real time), so a state that
         // arrived during a quiet spell (a long apply) is not held back
};

struct PublisherOptions {
  std::chrono::milliseconds min_interval{1000};         // never two writes closer (GitHub: 1/s)
  std::chrono::milliseconds progress_interval{20'000};  // routine progress waits this long
  BackgroundFlush background = BackgroundFlush::kOff;
};

class DashboardPublisher {
 public:
  using NowFunction = std::function<std::chrono::steady_clock::time_point()>;

  // `sink` must outlive the publisher.
  DashboardPublisher(DashboardSink& sink, NowFunction now, PublisherOptions options = {});
  ~DashboardPublisher();
  DashboardPublisher(const DashboardPublisher&) = delete;
  DashboardPublisher& operator=(const DashboardPublisher&) = delete;

  // Records `dashboard` as the state to show; writes it if a write is due. An error is
  // the sink's: the state stays pending and the next call tries again.
  Status Update(const Dashboard& dashboard);
  Status Poll();
  Status Flush();

  bool HasPending() const;
  int writes() const;  // successful writes so far

 private:
  enum class Timing { kWhenDue, kNow };
  Status WriteIfDue(Timing timing);
  void RunBackground();

  DashboardSink& sink_;
  NowFunction now_;
  PublisherOptions options_;

  mutable std::mutex mutex_;  // guards the fields below
  std::optional<Dashboard> pending_;
  bool pending_is_news_ = false;           // the pending state has news to act on
  std::optional<Dashboard> last_written_;  // what the reader sees now
  std::optional<std::chrono::steady_clock::time_point> last_write_;
  int writes_ = 0;
  bool stopping_ = false;
  std::condition_variable wake_;

  std::mutex write_mutex_;  // one write at a time, without blocking Update meanwhile
  std::thread background_;
};

}  // namespace infra_flash
