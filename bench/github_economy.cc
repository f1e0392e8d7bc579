// Benchmark (not a test): how many GitHub requests the dashboard costs, against the
// loopback GitHub (tests/github_server) with the real libcurl client.
//
//   BM_PlanCycle/<progress interval ms>: one PR plan cycle of 4 layers (find the
//     dashboard, create it, then every stage change of a realistic timeline, then the
//     final flush), in simulated time. Goal: <= 6 requests. The default publisher
//     (progress every 20 s) is the 20000 row; the others show the trade-off.
//   BM_FailingCycle: the same with a validate failure, which is news: written within
//     a second, not batched.
//   BM_RacingWriters: 100 runs of two jobs publishing to the same new PR at once.
//     Goal: 0 duplicate dashboards, 0 missing.
//
//   cmake -DINFRA_FLASH_BENCH=ON … && ninja github_economy_bench && ./bench/github_economy_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "common/json.h"
#include "github/client.h"
#include "github/dashboard_comment.h"
#include "http/curl_transport.h"
#include "report/publisher.h"
#include "support/github_server.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

constexpr char kToken[] = "bench-token-0123456789";

testing::LoopbackGitHub& Server() {
  static testing::LoopbackGitHub* server = [] {
    auto* started = new testing::LoopbackGitHub(INFRA_FLASH_SOURCE_DIR, {kToken});
    started->Seed(R"({"repo": "octo/infra"})");
    return started;
  }();
  return *server;
}

// A clock that only moves when told; retries never sleep for real.
class ManualClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() const override { return now_; }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::time_point(now_.time_since_epoch());
  }
  void SleepFor(milliseconds duration) override { now_ += duration; }
  void SleepUntil(TimePoint when) override { now_ = std::max(now_, when); }
  void AdvanceTo(milliseconds t) { now_ = std::chrono::steady_clock::time_point(t); }

 private:
  std::chrono::steady_clock::time_point now_{};
};

std::unique_ptr<GitHubClient> Client(HttpTransport& transport, Clock& clock) {
  GitHubClientOptions options;
  options.api_url = Server().base_url();
  options.token = kToken;
  options.repository = "octo/infra";
  return std::move(GitHubClient::Create(options, transport, clock)).value();
}

// One stage change at `at_ms` of simulated time.
struct Event {
  int at_ms;
  int layer;
  Stage stage;
  StageStatus status;
  const char* note;
};

// Four layers of the example monorepo: format and validate run in parallel for all,
// plans run in dependency waves (bootstrap, platform, then both data layers).
const std::vector<Event> kTimeline = {
    {800, 0, Stage::kFormat, StageStatus::kPassed, ""},
    {900, 1, Stage::kFormat, StageStatus::kPassed, ""},
    {1000, 2, Stage::kFormat, StageStatus::kPassed, ""},
    {1100, 3, Stage::kFormat, StageStatus::kPassed, ""},
    {6500, 0, Stage::kValidate, StageStatus::kPassed, ""},
    {7000, 1, Stage::kValidate, StageStatus::kPassed, ""},
    {7400, 2, Stage::kValidate, StageStatus::kPassed, ""},
    {8200, 3, Stage::kValidate, StageStatus::kPassed, ""},
    {20000, 0, Stage::kPlan, StageStatus::kSkipped, "no changes"},
    {38000, 1, Stage::kPlan, StageStatus::kChanges, "+1 ~0 −0"},
    {55000, 2, Stage::kPlan, StageStatus::kChanges, "+2 ~1 −0"},
    {57000, 3, Stage::kPlan, StageStatus::kChanges, "+2 ~1 −0"},
};

// Platform fails validation at 7 s: its plan and its dependents' are skipped.
const std::vector<Event> kFailingTimeline = {
    {800, 0, Stage::kFormat, StageStatus::kPassed, ""},
    {900, 1, Stage::kFormat, StageStatus::kPassed, ""},
    {1000, 2, Stage::kFormat, StageStatus::kPassed, ""},
    {1100, 3, Stage::kFormat, StageStatus::kPassed, ""},
    {6500, 0, Stage::kValidate, StageStatus::kPassed, ""},
    {7000, 1, Stage::kValidate, StageStatus::kFailed, "2 errors"},
    {7000, 1, Stage::kPlan, StageStatus::kSkipped, "validate failed"},
    {7000, 2, Stage::kPlan, StageStatus::kSkipped, "platform failed"},
    {7000, 3, Stage::kPlan, StageStatus::kSkipped, "platform failed"},
    {7400, 2, Stage::kValidate, StageStatus::kPassed, ""},
    {8200, 3, Stage::kValidate, StageStatus::kPassed, ""},
    {20000, 0, Stage::kPlan, StageStatus::kSkipped, "no changes"},
};
constexpr int kPollEveryMs = 200;  // the scheduler's wait loop

Dashboard Start() {
  Dashboard dashboard;
  dashboard.branch = "feature";
  dashboard.sha = "0123456789abcdef0123456789abcdef01234567";
  dashboard.commit_message = "feat: add redis";
  for (const char* name : {"bootstrap", "platform", "data-staging", "data-prod"}) {
    LayerRow row;
    row.name = name;
    row.format.status = row.validate.status = row.plan.status = StageStatus::kPending;
    dashboard.layers.push_back(row);
  }
  return dashboard;
}

struct Counts {
  int total = 0, get = 0, post = 0, patch = 0, del = 0;
};

Counts CountRequests() {
  Counts counts;
  auto requests = json::Parse(Server().Requests(), "requests");
  if (!requests.ok()) return counts;
  for (const auto& request : requests->GetArray()) {
    const std::string method = json::StringOr(json::Member(request, "method"));
    ++counts.total;
    if (method == "GET") ++counts.get;
    if (method == "POST") ++counts.post;
    if (method == "PATCH") ++counts.patch;
    if (method == "DELETE") ++counts.del;
  }
  return counts;
}

// Passes writes on, noting when the first failure reached the reader.
class WatchingSink final : public DashboardSink {
 public:
  WatchingSink(DashboardSink& inner, const ManualClock& clock) : inner_(inner), clock_(clock) {}
  Status Publish(const Dashboard& dashboard) override {
    Status status = inner_.Publish(dashboard);
    if (status.ok() && !failure_shown_at && HasFailure(dashboard)) {
      failure_shown_at = std::chrono::duration_cast<milliseconds>(clock_.Now().time_since_epoch());
    }
    return status;
  }
  Result<std::optional<std::string>> Load() override { return inner_.Load(); }
  std::optional<milliseconds> failure_shown_at;

 private:
  static bool HasFailure(const Dashboard& dashboard) {
    for (const LayerRow& layer : dashboard.layers) {
      if (layer.validate.status == StageStatus::kFailed) return true;
    }
    return false;
  }
  DashboardSink& inner_;
  const ManualClock& clock_;
};

struct CycleResult {
  Counts counts;
  std::optional<milliseconds> failure_shown_at;
};

CycleResult RunCycle(const std::vector<Event>& timeline, int issue, PublisherOptions options) {
  Server().ClearRequests();
  CurlTransport transport;
  ManualClock clock;
  auto client = Client(transport, clock);
  GitHubSink github(*client, issue);
  WatchingSink sink(github, clock);
  DashboardPublisher publisher(
      sink, [&clock] { return clock.Now(); }, options);
  (void)sink.Load();  // the previous state, if any
  Dashboard dashboard = Start();
  (void)publisher.Update(dashboard);
  std::size_t next = 0;
  const int end = timeline.back().at_ms + kPollEveryMs;
  for (int t = 0; t <= end; t += kPollEveryMs) {
    clock.AdvanceTo(milliseconds(t));
    while (next < timeline.size() && timeline[next].at_ms <= t) {
      const Event& event = timeline[next++];
      dashboard.layers[event.layer].Cell(event.stage) = {event.status, event.note};
      (void)publisher.Update(dashboard);
    }
    (void)publisher.Poll();
  }
  dashboard.next_step = {"/apply", "to deploy."};
  (void)publisher.Flush();
  return {CountRequests(), sink.failure_shown_at};
}

void Report(benchmark::State& state, const Counts& counts) {
  state.counters["requests"] = counts.total;
  state.counters["GET"] = counts.get;
  state.counters["POST"] = counts.post;
  state.counters["PATCH"] = counts.patch;
  state.counters["DELETE"] = counts.del;
}

void BM_PlanCycle(benchmark::State& state) {
  if (!Server().ok()) {
    state.SkipWithError(Server().error().c_str());
    return;
  }
  static int issue = 1000;
  CycleResult result;
  for (auto _ : state) {
    result = RunCycle(kTimeline, ++issue, {milliseconds(1000), milliseconds(state.range(0))});
  }
  Report(state, result.counts);
}
BENCHMARK(BM_PlanCycle)
    ->ArgName("progress_interval_ms")
    ->Arg(1000)
    ->Arg(5000)
    ->Arg(10000)
    ->Arg(20000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_FailingCycle(benchmark::State& state) {
  if (!Server().ok()) {
    state.SkipWithError(Server().error().c_str());
    return;
  }
  static int issue = 2000;
  CycleResult result;
  for (auto _ : state) result = RunCycle(kFailingTimeline, ++issue, PublisherOptions{});
  Report(state, result.counts);
  // The failure happened at 7.0 s of simulated time.
  state.counters["failure_shown_after_ms"] =
      result.failure_shown_at ? static_cast<double>(result.failure_shown_at->count() - 7000) : -1;
}
BENCHMARK(BM_FailingCycle)->Iterations(1)->Unit(benchmark::kMillisecond);

int DashboardsOn(int issue) {
  auto state = json::Parse(Server().State("octo/infra"), "state");
  if (!state.ok()) return -1;
  int count = 0;
  for (const auto& comment : json::Member(*state, "comments")->GetArray()) {
    if (json::IntOr(json::Member(comment, "issue")) == issue &&
        IsDashboardComment(json::StringOr(json::Member(comment, "body")))) {
      ++count;
    }
  }
  return count;
}

void BM_RacingWriters(benchmark::State& state) {
  if (!Server().ok()) {
    state.SkipWithError(Server().error().c_str());
    return;
  }
  int duplicates = 0, missing = 0, errors = 0, requests = 0;
  const int runs = static_cast<int>(state.range(0));
  for (auto _ : state) {
    for (int run = 0; run < runs; ++run) {
      const int issue = 50'000 + run;
      Server().ClearRequests();
      std::atomic<int> ready{0};
      std::atomic<int> failed{0};
      auto job = [&](int index) {
        CurlTransport transport;
        ManualClock clock;
        auto client = Client(transport, clock);
        GitHubSink sink(*client, issue);
        DashboardPublisher publisher(sink, [&clock] { return clock.Now(); });
        Dashboard dashboard = Start();
        dashboard.branch = "job-" + std::to_string(index);
        ++ready;
        while (ready.load() < 2) std::this_thread::yield();
        if (!publisher.Update(dashboard).ok()) ++failed;
        clock.AdvanceTo(milliseconds(1500));
        dashboard.layers[0].plan.status = StageStatus::kPassed;
        if (!publisher.Update(dashboard).ok()) ++failed;
        if (!publisher.Flush().ok()) ++failed;
      };
      std::thread a(job, 0), b(job, 1);
      a.join();
      b.join();
      const int count = DashboardsOn(issue);
      duplicates += count > 1 ? count - 1 : 0;
      missing += count == 0 ? 1 : 0;
      errors += failed.load();
      requests += CountRequests().total;
    }
  }
  state.counters["runs"] = runs;
  state.counters["duplicate_dashboards"] = duplicates;
  state.counters["missing_dashboards"] = missing;
  state.counters["publish_errors"] = errors;
  state.counters["requests_per_run"] = static_cast<double>(requests) / runs;
}
BENCHMARK(BM_RacingWriters)->Arg(100)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace infra_flash

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  infra_flash::Server().Stop();  // the loopback GitHub goes with us
  return 0;
}
