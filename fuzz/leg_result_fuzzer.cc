// Input: a fanned-out plan's result file, as a leg (which runs the PR's code) may write it.
// Beyond "no crash": a file that decodes names a layer and is of a format this version
// reads; what it says survives being written and read again unchanged (the gather job and
// any later reader see the same row); and its file name stays a plain name in the results
// directory.
#include <cstdint>
#include <string>
#include <string_view>

#include "invariants.h"
#include "report/leg_result.h"

namespace {

using infra_flash::fuzzing::Violated;

bool SameRow(const infra_flash::LayerRow& a, const infra_flash::LayerRow& b) {
  for (infra_flash::Stage stage : infra_flash::kStages) {
    const auto& x = a.Cell(stage);
    const auto& y = b.Cell(stage);
    if (x.status != y.status || x.note != y.note || x.duration_ms != y.duration_ms) return false;
  }
  return a.name == b.name && a.plan_summary == b.plan_summary && a.plan_digest == b.plan_digest &&
         a.lock_holder == b.lock_holder && a.applied_by == b.applied_by &&
         a.applied_sha == b.applied_sha && a.plan_source_sha == b.plan_source_sha;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = infra_flash::DecodeLegResult(text);
  if (!result.ok()) {
    if (result.error().message.empty()) Violated("an error without a message");
    return 0;
  }
  if (result->row.name.empty()) Violated("a result for no layer");
  if (result->format < 1 || result->format > infra_flash::kLegResultFormat) {
    Violated("a format this version does not read");
  }
  const std::string file = infra_flash::LegResultFileName(result->row.name);
  if (file.find('/') != std::string::npos || file.find('\0') != std::string::npos ||
      !file.starts_with("infra-flash-") || !file.ends_with(".json")) {
    Violated("a file name outside the results directory", file);
  }
  auto again = infra_flash::DecodeLegResult(infra_flash::EncodeLegResult(*result));
  if (!again.ok()) Violated("a decoded result that does not read back", again.error().message);
  if (again->repository != result->repository || again->pull_request != result->pull_request ||
      again->sha != result->sha || !SameRow(again->row, result->row)) {
    Violated("a result that changes when written and read again");
  }
  return 0;
}
