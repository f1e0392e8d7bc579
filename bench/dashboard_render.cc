// Benchmark: rendering the dashboard for 50 layers whose plans are 50 KB each
// (goal: <= 5 ms for the comment), and the same for the 1 MiB step summary.
//   cmake -DINFRA_FLASH_BENCH=ON … && ninja dashboard_render_bench &&
//   ./bench/dashboard_render_bench
#include <benchmark/benchmark.h>

#include "report/render.h"

namespace infra_flash {
namespace {

std::string Plan(std::size_t bytes, int seed) {
  std::string text = "Terraform will perform the following actions:\n\n";
  for (int i = 0; text.size() < bytes; ++i) {
    text += "  # module.m" + std::to_string(seed) + ".aws_instance.web[" + std::to_string(i) +
            "] will be created\n  + resource \"aws_instance\" \"web\" {\n"
            "      + ami           = \"ami-0123456789\"\n      + tags          = { Name = `x` }\n  "
            "  }\n";
  }
  return text + "Plan: 250 to add, 0 to change, 0 to destroy.\n";
}

Dashboard FiftyLayers() {
  Dashboard dashboard;
  dashboard.branch = "feature/big-change";
  dashboard.sha = "0123456789abcdef0123456789abcdef01234567";
  dashboard.commit_message = "feat: touch everything";
  for (int i = 0; i < 50; ++i) {
    LayerRow layer;
    layer.name = "layer-" + std::to_string(i);
    layer.format = {StageStatus::kPassed, "", 1200};
    layer.validate = {StageStatus::kPassed, "", 9000};
    layer.plan = {StageStatus::kChanges, "+250 ~0 −0", 41'000};
    layer.plan_text = Plan(50'000, i);
    layer.plan_summary = "+250 ~0 −0";
    layer.plan_digest = "sha256:" + std::string(64, 'f');
    dashboard.layers.push_back(std::move(layer));
  }
  dashboard.next_step = {"/apply all", "to deploy."};
  dashboard.run_url = "https://github.com/octo/infra/actions/runs/1";
  return dashboard;
}

void BM_RenderComment50Layers50KBPlans(benchmark::State& state) {
  const Dashboard dashboard = FiftyLayers();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string out = RenderDashboard(dashboard);
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["output_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderComment50Layers50KBPlans)->Unit(benchmark::kMillisecond);

void BM_RenderStepSummary50Layers50KBPlans(benchmark::State& state) {
  const Dashboard dashboard = FiftyLayers();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string out = RenderDashboard(dashboard, {Surface::kStepSummary});
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["output_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderStepSummary50Layers50KBPlans)->Unit(benchmark::kMillisecond);

void BM_RenderCommentWithMasker(benchmark::State& state) {
  const Dashboard dashboard = FiftyLayers();
  Masker masker;
  masker.AddSecret("a-registered-secret-value");
  RenderOptions options;
  options.masker = &masker;
  for (auto _ : state) benchmark::DoNotOptimize(RenderDashboard(dashboard, options));
}
BENCHMARK(BM_RenderCommentWithMasker)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace infra_flash

BENCHMARK_MAIN();
