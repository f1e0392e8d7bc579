// How close the layer scheduler comes to the best possible wall time, and what it
// costs per layer. Graphs of 4, 50 and 500 layers (chains, wide fans, diamonds) whose
// steps (init, plan, show) take known, varied durations run through the real
// scheduler with a simulated executor:
//   - against a fake clock, the wall time is exact and shows the scheduling decisions
//     alone: `ratio` = wall time / max(critical path, total work / jobs);
//   - against the real clock (each unit a sleep of 1 ms), `ratio` also includes the
//     scheduler's own time and the operating system's wake-up latency;
//   - `per_layer` is the CPU time the scheduler (and the simulated executor) spends per
//     layer with the fake clock.
// `tight` divides by a lower bound that also counts what the graph forces: no layer
// starts before its dependencies could have finished (est), so for every s,
// wall >= s + (work of layers with est >= s) / jobs; likewise at the end. A fan's
// root runs alone, so no schedule reaches total work / jobs there.
// The `estimates` variants give the scheduler each layer's duration (as a caller
// could from the previous run); without them it orders by chain length alone.
// Run: scheduler_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/mask.h"
#include "run/scheduler.h"
#include "support/simulated_executor.h"

namespace infra_flash {
namespace {

enum Shape { kChain, kFan, kDiamonds };

const char* ShapeName(int shape) {
  switch (shape) {
    case kChain:
      return "chain";
    case kFan:
      return "fan";
    default:
      return "diamonds";
  }
}

struct Graph {
  std::vector<LayerJob> jobs;        // with estimates when asked for
  std::map<std::string, int> units;  // "layer/step" -> duration in units
  std::vector<int> layer_units;      // per layer, all steps
  std::vector<std::vector<int>> depends_on;
};

// Layer i depends only on layers before it, so the index order is topological.
std::vector<int> Dependencies(int shape, int i) {
  if (i == 0) return {};
  switch (shape) {
    case kChain:
      return {i - 1};
    case kFan:
      return {0};
    default: {
      // Diamonds: a top (4k) fans out to three layers (4k+1..4k+3) that join into the
      // next top.
      if (i % 4 != 0) return {i - i % 4};
      std::vector<int> middles;
      for (int j = i - 3; j < i; ++j) middles.push_back(j);
      return middles;
    }
  }
}

Graph MakeGraph(int shape, int layers, bool estimates) {
  std::mt19937 random(42);
  const std::vector<std::pair<std::string, std::uniform_int_distribution<int>>> steps = {
      {"init", std::uniform_int_distribution<int>(2, 6)},
      {"plan", std::uniform_int_distribution<int>(5, 30)},
      {"show", std::uniform_int_distribution<int>(1, 3)},
  };
  Graph graph;
  for (int i = 0; i < layers; ++i) {
    LayerJob job;
    job.layer = "layer" + std::to_string(i);
    graph.depends_on.push_back(Dependencies(shape, i));
    for (int dependency : graph.depends_on.back()) {
      job.depends_on.push_back("layer" + std::to_string(dependency));
    }
    int total = 0;
    for (auto [name, distribution] : steps) {
      PlannedStep step;
      step.layer = job.layer;
      step.name = name;
      step.argv = {"sim", name};
      job.steps.push_back(step);
      const int units = distribution(random);
      graph.units[job.layer + "/" + name] = units;
      total += units;
    }
    graph.layer_units.push_back(total);
    if (estimates) job.estimate = std::chrono::seconds(total);
    graph.jobs.push_back(std::move(job));
  }
  return graph;
}

struct Bounds {
  double simple;  // max(critical path, total work / jobs)
  double tight;   // also: s + work that cannot start before s, over jobs (both ends)
};

// In units. Index order is topological (a layer depends only on earlier ones).
Bounds LowerBounds(const Graph& graph, int jobs) {
  const std::size_t n = graph.layer_units.size();
  std::vector<long> head(n, 0);  // earliest start
  std::vector<long> tail(n, 0);  // the least time still needed after it ends
  for (std::size_t i = 0; i < n; ++i) {
    for (int dependency : graph.depends_on[i]) {
      head[i] = std::max(head[i], head[dependency] + graph.layer_units[dependency]);
    }
  }
  for (std::size_t i = n; i-- > 0;) {
    for (int dependency : graph.depends_on[i]) {
      tail[dependency] = std::max(tail[dependency], tail[i] + graph.layer_units[i]);
    }
  }
  long critical = 0;
  long work = 0;
  for (std::size_t i = 0; i < n; ++i) {
    critical = std::max(critical, head[i] + graph.layer_units[i] + tail[i]);
    work += graph.layer_units[i];
  }
  Bounds bounds{std::max(static_cast<double>(critical), static_cast<double>(work) / jobs), 0};
  bounds.tight = bounds.simple;
  for (const std::vector<long>* side : {&head, &tail}) {
    for (std::size_t pivot = 0; pivot < n; ++pivot) {
      const long s = (*side)[pivot];
      long later = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if ((*side)[i] >= s) later += graph.layer_units[i];
      }
      bounds.tight = std::max(bounds.tight, s + static_cast<double>(later) / jobs);
    }
  }
  return bounds;
}

RunResult RunOnce(const Graph& graph, int jobs, Clock& clock, Duration unit) {
  testing::SimulatedExecutor executor(clock, [&graph, unit](const PlannedStep& step) {
    testing::SimulatedStep result;
    result.duration = unit * graph.units.at(step.layer + "/" + step.name);
    return result;
  });
  Masker masker;
  SchedulerOptions options;
  options.jobs = jobs;
  return RunLayers(RunVerb::kPlan, graph.jobs, executor, clock, masker, options, nullptr);
}

void Label(benchmark::State& state, int shape, int layers, int jobs, bool estimates) {
  state.SetLabel(std::string(ShapeName(shape)) + " of " + std::to_string(layers) + ", jobs " +
                 std::to_string(jobs) + (estimates ? ", estimates" : ""));
}

void Ratios(benchmark::State& state, const Graph& graph, int jobs, double wall_units) {
  const Bounds bounds = LowerBounds(graph, jobs);
  state.counters["ratio"] = wall_units / bounds.simple;
  state.counters["tight"] = wall_units / bounds.tight;
}

void BM_FakeClock(benchmark::State& state) {
  const int shape = static_cast<int>(state.range(0));
  const int layers = static_cast<int>(state.range(1));
  const int jobs = static_cast<int>(state.range(2));
  const bool estimates = state.range(3) != 0;
  const Graph graph = MakeGraph(shape, layers, estimates);
  const Duration unit = std::chrono::seconds(1);
  double wall_units = 0;
  for (auto _ : state) {
    testing::FakeRunClock clock;
    RunResult result = RunOnce(graph, jobs, clock, unit);
    wall_units = static_cast<double>(result.duration.count()) / static_cast<double>(unit.count());
    benchmark::DoNotOptimize(result);
  }
  Ratios(state, graph, jobs, wall_units);
  state.counters["per_layer"] = benchmark::Counter(
      layers, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  Label(state, shape, layers, jobs, estimates);
}

void BM_RealClock(benchmark::State& state) {
  const int shape = static_cast<int>(state.range(0));
  const int layers = static_cast<int>(state.range(1));
  const int jobs = static_cast<int>(state.range(2));
  const bool estimates = state.range(3) != 0;
  const Graph graph = MakeGraph(shape, layers, estimates);
  const Duration unit = std::chrono::milliseconds(1);
  double wall_units = 0;
  for (auto _ : state) {
    Clock& clock = SystemClock();
    const auto started = clock.Now();
    RunResult result = RunOnce(graph, jobs, clock, unit);
    wall_units =
        static_cast<double>((clock.Now() - started).count()) / static_cast<double>(unit.count());
    benchmark::DoNotOptimize(result);
  }
  Ratios(state, graph, jobs, wall_units);
  Label(state, shape, layers, jobs, estimates);
}

void FakeClockCases(benchmark::internal::Benchmark* benchmark) {
  for (int shape : {kChain, kFan, kDiamonds}) {
    for (int layers : {4, 50, 500}) {
      for (int jobs : {1, 4, 16}) {
        for (int estimates : {0, 1}) benchmark->Args({shape, layers, jobs, estimates});
      }
    }
  }
}

void RealClockCases(benchmark::internal::Benchmark* benchmark) {
  for (int shape : {kChain, kFan, kDiamonds}) {
    for (int layers : {4, 50, 500}) {
      // A chain of 500 takes minutes of sleeping and says nothing the chain of 50
      // does not.
      if (shape == kChain && layers == 500) continue;
      for (int jobs : {4, 16}) benchmark->Args({shape, layers, jobs, 0});
    }
  }
}

BENCHMARK(BM_FakeClock)->Apply(FakeClockCases)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RealClock)
    ->Apply(RealClockCases)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace
}  // namespace infra_flash

BENCHMARK_MAIN();
