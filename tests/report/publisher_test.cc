#include "report/publisher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "support/wait.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Records what is published; fails on demand.
class RecordingSink final : public DashboardSink {
 public:
  Status Publish(const Dashboard& dashboard) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failures_left > 0) {
      --failures_left;
      return Error{"GitHub is down"};
    }
    published.push_back(dashboard.branch);
    return Ok();
  }
  Result<std::optional<std::string>> Load() override { return std::optional<std::string>(); }
  std::vector<std::string> Published() {
    std::lock_guard<std::mutex> lock(mutex_);
    return published;
  }
  int failures_left = 0;
  std::vector<std::string> published;

 private:
  std::mutex mutex_;
};

Dashboard Named(const std::string& name) {
  Dashboard dashboard;
  dashboard.branch = name;
  return dashboard;
}

class PublisherTest : public ::testing::Test {
 protected:
  steady_clock::time_point now_{};
  RecordingSink sink_;
  DashboardPublisher::NowFunction Now() {
    return [this] { return now_; };
  }
};

// Both intervals at one second: the plain throttle.
constexpr PublisherOptions kEverySecond{milliseconds(1000), milliseconds(1000)};

TEST_F(PublisherTest, FirstUpdateAtOnceThenAtMostOncePerInterval) {
  DashboardPublisher publisher(sink_, Now(), kEverySecond);
  struct Step {
    int advance_ms;
    const char* name;
    std::vector<std::string> expected;
  } steps[] = {
      {0, "a", {"a"}},        {100, "b", {"a"}},
      {100, "c", {"a"}},      {900, "d", {"a", "d"}},  // 1.1 s after the first write: due
      {999, "e", {"a", "d"}}, {1, "f", {"a", "d", "f"}},
  };
  for (const Step& step : steps) {
    now_ += milliseconds(step.advance_ms);
    ASSERT_TRUE(publisher.Update(Named(step.name)).ok());
    EXPECT_EQ(sink_.Published(), step.expected) << "after " << step.name;
  }
  EXPECT_FALSE(publisher.HasPending());
}

TEST_F(PublisherTest, PollWritesWhatBecameDueAndFlushWritesTheRest) {
  DashboardPublisher publisher(sink_, Now(), kEverySecond);
  ASSERT_TRUE(publisher.Update(Named("start")).ok());
  ASSERT_TRUE(publisher.Update(Named("middle")).ok());
  ASSERT_TRUE(publisher.Poll().ok());
  EXPECT_EQ(sink_.Published().size(), 1u) << "not due yet";
  now_ += milliseconds(1000);
  ASSERT_TRUE(publisher.Poll().ok());
  EXPECT_EQ(sink_.Published().back(), "middle");
  ASSERT_TRUE(publisher.Update(Named("end")).ok());
  EXPECT_TRUE(publisher.HasPending());
  ASSERT_TRUE(publisher.Flush().ok());
  EXPECT_EQ(sink_.Published(), (std::vector<std::string>{"start", "middle", "end"}));
  ASSERT_TRUE(publisher.Flush().ok());
  EXPECT_EQ(publisher.writes(), 3) << "nothing pending: flushing again writes nothing";
}

Dashboard WithPlan(const std::string& name, StageStatus status, NextStep next = {}) {
  Dashboard dashboard = Named(name);
  LayerRow layer;
  layer.name = "platform";
  layer.plan.status = status;
  dashboard.layers.push_back(layer);
  dashboard.next_step = std::move(next);
  return dashboard;
}

TEST_F(PublisherTest, NewsIsWrittenWithinASecondProgressWaitsForTheProgressInterval) {
  DashboardPublisher publisher(sink_, Now());  // defaults: 1 s and 20 s
  struct Step {
    int advance_ms;
    Dashboard dashboard;
    std::size_t expected_writes;
    const char* why;
  } steps[] = {
      {0, WithPlan("start", StageStatus::kPending), 1, "the first state at once"},
      {5000, WithPlan("progress", StageStatus::kPassed), 1, "progress waits"},
      {5000, WithPlan("failed", StageStatus::kFailed), 2, "a new failure goes out"},
      {500, WithPlan("still failed", StageStatus::kFailed), 2, "not twice within a second"},
      {5000, WithPlan("same failure", StageStatus::kFailed), 2, "an old failure is not news"},
      {5000, WithPlan("next", StageStatus::kFailed, {"/plan", "to retry."}), 3,
       "a new next step goes out"},
      {19'000, WithPlan("progress 2", StageStatus::kFailed, {"/plan", "to retry."}), 3,
       "progress waits 20 s"},
      {1000, WithPlan("progress 3", StageStatus::kFailed, {"/plan", "to retry."}), 4,
       "20 s after the last write"},
  };
  for (const Step& step : steps) {
    now_ += milliseconds(step.advance_ms);
    ASSERT_TRUE(publisher.Update(step.dashboard).ok());
    EXPECT_EQ(sink_.Published().size(), step.expected_writes) << step.why;
  }
}

TEST_F(PublisherTest, AFailedWriteKeepsTheStateForTheNextTry) {
  DashboardPublisher publisher(sink_, Now());
  sink_.failures_left = 1;
  EXPECT_FALSE(publisher.Update(Named("x")).ok());
  EXPECT_TRUE(publisher.HasPending());
  ASSERT_TRUE(publisher.Flush().ok());
  EXPECT_EQ(sink_.Published(), std::vector<std::string>{"x"});
}

TEST_F(PublisherTest, DestructorFlushesTheFinalState) {
  {
    DashboardPublisher publisher(sink_, Now());
    ASSERT_TRUE(publisher.Update(Named("first")).ok());
    ASSERT_TRUE(publisher.Update(Named("last")).ok());
  }
  EXPECT_EQ(sink_.Published(), (std::vector<std::string>{"first", "last"}));
}

TEST_F(PublisherTest, ConcurrentUpdatesEndWithTheLastState) {
  // Time moves 1 ms each time the publisher looks at it, whichever thread asks: writes
  // happen while other threads update, yet how many there are does not depend on how
  // fast the machine is.
  std::atomic<std::int64_t> ticks{0};
  DashboardPublisher publisher(
      sink_, [&ticks] { return steady_clock::time_point(milliseconds(ticks.fetch_add(1))); },
      {milliseconds(5), milliseconds(5)});
  constexpr int kThreads = 4;
  constexpr int kUpdates = 200;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&publisher, &failed, t] {
      for (int i = 0; i < kUpdates; ++i) failed += !publisher.Update(Named(std::to_string(t))).ok();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0) << "the sink never fails, so no update may";
  ASSERT_TRUE(publisher.Update(Named("final")).ok());
  ASSERT_TRUE(publisher.Flush().ok());
  const std::vector<std::string> published = sink_.Published();
  EXPECT_EQ(published.back(), "final");
  EXPECT_FALSE(publisher.HasPending());
  // A write needs 5 ticks since the last one, and every update looks at the clock at
  // most once: at most one write per 5 updates, plus the first and the flush.
  EXPECT_LE(published.size(), std::size_t{kThreads * kUpdates / 5 + 2}) << "coalesced";
  EXPECT_GE(published.size(), 2u) << "written while the threads ran, and at the end";
}

TEST_F(PublisherTest, BackgroundFlushWritesAStateLeftDuringAQuietSpell) {
  DashboardPublisher publisher(sink_, [] { return steady_clock::now(); },
                               {milliseconds(20), milliseconds(20), BackgroundFlush::kOn});
  ASSERT_TRUE(publisher.Update(Named("a")).ok());
  ASSERT_TRUE(publisher.Update(Named("b")).ok());  // pending, unless 20 ms passed already
  EXPECT_TRUE(testing::WaitUntil([&] { return !publisher.HasPending(); }))
      << "the background thread writes what Update left pending";
  EXPECT_EQ(sink_.Published().back(), "b");
}

}  // namespace
}  // namespace infra_flash
