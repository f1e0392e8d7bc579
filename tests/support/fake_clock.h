// A Clock for tests: time stands still until SleepFor or Advance moves it, so a
// minute of backoff takes no time at all. Records every sleep for assertions.
#pragma once

#include <chrono>
#include <mutex>
#include <vector>

#include "common/clock.h"

namespace infra_flash::testing {

class FakeClock final : public Clock {
 public:
  FakeClock() : wall_(std::chrono::system_clock::now()) {}

  std::chrono::steady_clock::time_point Now() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return steady_;
  }
  std::chrono::system_clock::time_point WallNow() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return wall_;
  }
  void SleepFor(std::chrono::milliseconds duration) override {
    std::lock_guard<std::mutex> lock(mutex_);
    sleeps_.push_back(duration);
    if (duration.count() > 0) {
      steady_ += duration;
      wall_ += duration;
    }
  }
  void SleepUntil(TimePoint when) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (when > steady_) {
      wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(when - steady_);
      steady_ = when;
    }
  }
  void Advance(std::chrono::milliseconds duration) {
    std::lock_guard<std::mutex> lock(mutex_);
    steady_ += duration;
    wall_ += duration;
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sleeps_;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point steady_{};
  std::chrono::system_clock::time_point wall_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace infra_flash::testing
