// leg_result: one layer's plan from a leg of a fanned-out plan (docs/action.md, "Fan out"),
// as the file the leg writes into its results directory and the gather job reads back.
// The file is the leg's whole row: every cell with its duration, the plan's summary,
// digest and text (bounded), the lock it holds, and what it was made for (repository, pull
// request, commit), under a format version.
//
// A leg runs the pull request's code (the plan does), so a file is only as trustworthy as
// that plan: the gather job takes from it only what a plan job writes (the check and plan
// cells, the plan and its digest), and only for a layer it resolved (flow/fan_out_flow.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "status/dashboard.h"

namespace infra_flash {

// Version 1: this file. A reader refuses a newer version rather than guess at it.
inline constexpr int kLegResultFormat = 1;
// The most plan text a file keeps (the middle is cut): the dashboard shows far less, the
// step summary more; the full plan stays in the leg's log.
inline constexpr std::size_t kLegPlanTextBytes = 256u << 10;
// A result file larger than this is not read.
inline constexpr std::size_t kLegResultMaxBytes = 1u << 20;

struct LegResult {
  int format = kLegResultFormat;
  std::string repository;  // "owner/name"
  std::int64_t pull_request = 0;
  std::string sha;  // the commit the leg planned
  LayerRow row;     // with the cells' durations and the plan text
};

// The file's JSON text. The plan text is cut to kLegPlanTextBytes.
std::string EncodeLegResult(const LegResult& result);
// Reads a file's text: an Error for what is not a result file (not JSON, no layer, too
// large) and for a format newer than this infra-flash reads, saying which.
Result<LegResult> DecodeLegResult(std::string_view text);

// The file's name for `layer`: "infra-flash-<layer>.json", with every character outside
// [A-Za-z0-9.-] written as "_XX" (hex), so that names never collide and never leave the
// directory ("app@prod" -> "infra-flash-app_40prod.json").
std::string LegResultFileName(std::string_view layer);

}  // namespace infra_flash
