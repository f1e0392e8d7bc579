// A pull request's plan fanned out over a job matrix (docs/action.md, "Fan out"): the
// resolve job shows every row ⏳ and outputs the legs; each leg plans its layers on its
// own runner into result files (report/leg_result.h); the gather job merges the files
// into the dashboard in one write, after which `/apply` works as after a one-job plan.
#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "command/markdown.h"
#include "common/json.h"
#include "common/strings.h"
#include "flow/flows.h"
#include "git/changed_paths.h"
#include "report/leg_result.h"
#include "status/dashboard_update.h"
#include "testenv/test_env_steps.h"

namespace infra_flash {
namespace {

namespace fs = std::filesystem;

constexpr int kMostLegs = 256;  // GitHub's limit on the jobs of one matrix
constexpr std::size_t kMostResultFiles = 5000;
constexpr std::size_t kMostReasonsShown = 3;

// A directory input: a relative path is in the workspace (GITHUB_WORKSPACE), as the
// artifact actions read it.
fs::path InWorkspace(const FlowContext& context, const std::string& path) {
  fs::path dir = path;
  if (dir.is_relative()) {
    const std::string& root =
        context.settings->config_root.empty() ? context.workspace : context.settings->config_root;
    dir = fs::path(root) / dir;
  }
  return dir.lexically_normal();
}

// The legs: `layers` (dependency order) dealt in turn into at most `most` legs, so that a
// leg's layers stay in dependency order, legs differ by one layer at most, and a chain of
// dependent layers is spread over several legs instead of planned one after another in one
// (plans do not wait for other legs: any grouping is correct).
std::vector<std::vector<std::string>> GroupLegs(const std::vector<std::string>& layers, int most) {
  const std::size_t count = std::min<std::size_t>(layers.size(), static_cast<std::size_t>(most));
  std::vector<std::vector<std::string>> legs(count);
  for (std::size_t i = 0; i < layers.size(); ++i) legs[i % count].push_back(layers[i]);
  return legs;
}

std::string MatrixJson(const std::vector<std::vector<std::string>>& legs,
                       const std::vector<std::vector<std::string>>& waves) {
  std::map<std::string, int> wave_of;
  for (std::size_t wave = 0; wave < waves.size(); ++wave) {
    for (const std::string& layer : waves[wave]) wave_of[layer] = static_cast<int>(wave) + 1;
  }
  std::string matrix = "{\"include\":[";
  for (std::size_t leg = 0; leg < legs.size(); ++leg) {
    if (leg > 0) matrix += ",";
    std::string layer = json::StringArray({Join(legs[leg], " ")});  // ["a b"]
    matrix += "{\"layer\":" + layer.substr(1, layer.size() - 2) +
              ",\"wave\":" + std::to_string(wave_of[legs[leg].front()]) +
              ",\"leg\":" + std::to_string(leg + 1) + "}";
  }
  return matrix + "]}";
}

// "#12" or "unknown": what a row may say holds a lock.
bool IsLockHolder(const std::string& text) {
  if (text == "unknown") return true;
  return text.size() > 1 && text.size() < 12 && text[0] == '#' &&
         IsDigits(std::string_view(text).substr(1));
}

// The row a gather job takes from a leg's file: what a plan job writes (the checks it ran,
// the plan, its digest and text, the lock), never an apply, onto the dashboard's row, as
// RecordPlan writes a plan (a check the leg did not run, as `/plan` runs none, keeps what
// the row had).
void TakeLegRow(LayerRow& row, const LayerRow& leg) {
  for (Stage stage :
       {Stage::kFormat, Stage::kLint, Stage::kValidate, Stage::kPlan, Stage::kPolicy}) {
    StageCell cell = leg.Cell(stage);
    if (stage != Stage::kPlan && cell.status == StageStatus::kNotRun && cell.note.empty()) {
      continue;
    }
    if (cell.status == StageStatus::kPending) cell = {StageStatus::kBlocked, "not finished", -1};
    if (cell.status == StageStatus::kChanges && stage != Stage::kPlan) {
      cell.status = StageStatus::kFailed;
    }
    row.Cell(stage) = cell;
  }
  if (row.apply.status == StageStatus::kPending) row.apply = {};
  if (row.plan.status == StageStatus::kChanges) row.apply = {StageStatus::kNotRun, "", -1};
  row.plan_source_sha.clear();
  row.plan_text = leg.plan_text;
  row.plan_summary = leg.plan_summary;
  row.plan_digest = leg.plan.status == StageStatus::kChanges ? leg.plan_digest : "";
  row.lock_holder = IsLockHolder(leg.lock_holder) ? leg.lock_holder : "";
  // The checks' verdicts on the leg's plan; an approval is never a leg's to give.
  row.policies = row.plan_digest.empty() ? std::vector<PolicyResult>{} : leg.policies;
  row.policy_approvals.clear();
  if (row.policies.empty() && row.policy.status != StageStatus::kNotRun) row.policy = {};
}

bool WriteResultFile(const fs::path& dir, const std::string& name, const std::string& text,
                     std::string& error) {
  const fs::path path = dir / name;
  const fs::path partial = dir / ("." + name + ".partial");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      error = "cannot write " + partial.string() + ": " + std::strerror(errno);
      return false;
    }
  }
  std::error_code code;
  fs::rename(partial, path, code);
  if (code) {
    error = "cannot write " + path.string() + ": " + code.message();
    return false;
  }
  return true;
}

struct Gathered {
  std::map<std::string, LayerRow> rows;  // by layer
  std::vector<std::string> rejected;     // "file: why"
};

// Every result file in `dir` for this pull request's commit and one of `expected`.
Gathered ReadResultFiles(const FlowContext& context, const FanOutPull& pull, const fs::path& dir,
                         const std::vector<std::string>& expected) {
  Gathered gathered;
  std::error_code code;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, code), end; !code && it != end; it.increment(code)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with("infra-flash-") || !name.ends_with(".json")) continue;
    files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  if (files.size() > kMostResultFiles) {
    gathered.rejected.push_back(std::to_string(files.size() - kMostResultFiles) +
                                " files past the first " + std::to_string(kMostResultFiles));
    files.resize(kMostResultFiles);
  }
  const Event& event = context.event;
  const std::string& repository = context.settings->github.repository.empty()
                                      ? event.repository
                                      : context.settings->github.repository;
  for (const fs::path& path : files) {
    const std::string name = path.filename().string();
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
      gathered.rejected.push_back(name + ": not a regular file");
      continue;
    }
    if (static_cast<std::size_t>(info.st_size) > kLegResultMaxBytes) {
      gathered.rejected.push_back(name + ": larger than a result file can be");
      continue;
    }
    Result<std::string> text = ReadFile(path.string());
    if (!text.ok()) {
      gathered.rejected.push_back(name + ": " + text.error().message);
      continue;
    }
    Result<LegResult> result = DecodeLegResult(*text);
    if (!result.ok()) {
      gathered.rejected.push_back(name + ": " + result.error().message);
      continue;
    }
    const std::string& layer = result->row.name;
    std::string why;
    if (result->repository != repository) {
      why = "for another repository (" + result->repository + ")";
    } else if (result->pull_request != pull.number) {
      why = "for another pull request (#" + std::to_string(result->pull_request) + ")";
    } else if (result->sha != pull.head_sha) {
      why = "for another commit (" + ShortSha(result->sha) + ")";
    } else if (!Contains(expected, layer)) {
      why = "for `" + layer + "`, which this pull request's plan does not include";
    } else if (name != LegResultFileName(layer)) {
      // One name per layer, so a directory holds one result per layer at most.
      why = "its name is not the one the leg of `" + layer + "` writes";
    }
    if (!why.empty()) {
      gathered.rejected.push_back(name + ": " + why);
      continue;
    }
    gathered.rows.emplace(layer, std::move(result->row));
  }
  return gathered;
}

}  // namespace

Result<FanOutRole> FanOutRoleOf(const FlowSettings& settings) {
  std::vector<std::string> given;
  FanOutRole role = FanOutRole::kNone;
  if (settings.fan_out) given.push_back("fan-out"), role = FanOutRole::kResolve;
  if (!settings.leg_layers.empty()) given.push_back("layer"), role = FanOutRole::kLeg;
  if (!settings.collect.empty()) given.push_back("collect"), role = FanOutRole::kGather;
  if (given.size() > 1) {
    return Error{"the inputs " + Join(given, " and ") +
                 " choose different jobs of a fanned-out plan (resolve, leg, gather): a job is "
                 "one of them"};
  }
  if (role == FanOutRole::kResolve && (settings.max_legs < 1 || settings.max_legs > kMostLegs)) {
    return Error{"max-legs must be a number from 1 to " + std::to_string(kMostLegs) +
                 " (a job matrix has at most 256 jobs)"};
  }
  return role;
}

FanOutPull FanOutPullOf(const Event& event) {
  return {event.pr_number, event.head_sha, event.head_ref, event.title};
}

void OutputLegs(FlowContext& context, const std::vector<std::string>& layers,
                const std::vector<std::vector<std::string>>& waves) {
  const std::vector<std::vector<std::string>> legs = GroupLegs(layers, context.settings->max_legs);
  if (!legs.empty()) {
    context.Log(std::to_string(layers.size()) + " layers to plan, in " +
                std::to_string(legs.size()) + " legs");
  }
  context.Output("matrix", MatrixJson(legs, waves));
}

int RunFanOutLeg(FlowContext& context, const FanOutPull& pull,
                 const std::vector<std::string>& planned, const LegPlan& plan_layers) {
  const FlowSettings& settings = *context.settings;
  if (settings.results_dir.empty() && settings.runner_temp.empty()) {
    context.Error(
        "a leg needs a directory for its result files: RUNNER_TEMP is not set, so give "
        "the `results-dir` input");
    return kFlowUnusable;
  }
  const fs::path dir = settings.results_dir.empty()
                           ? fs::path(settings.runner_temp) / "infra-flash-results"
                           : InWorkspace(context, settings.results_dir);
  context.Output("results-dir", settings.results_dir.empty() ? dir.string() : settings.results_dir);
  const std::vector<std::string> asked = SplitNames(settings.leg_layers);
  std::vector<std::string> unknown;
  for (const std::string& layer : asked) {
    if (!Contains(planned, layer)) {
      unknown.push_back(layer);
    }
  }
  if (!unknown.empty()) {
    context.Error("the `layer` input names " + CodeList(unknown) +
                  ", which this pull request's plan does not include (it plans " +
                  (planned.empty() ? std::string("nothing") : CodeList(planned)) +
                  "): a leg plans what the resolve job's matrix gave it");
    return kFlowUnusable;
  }
  // In dependency order, whatever order the input has.
  std::vector<std::string> layers;
  for (const std::string& layer : planned) {
    if (Contains(asked, layer)) layers.push_back(layer);
  }
  std::error_code code;
  fs::create_directories(dir, code);
  if (code) {
    context.Error("cannot create the results directory " + dir.string() + ": " + code.message());
    return kFlowUnusable;
  }
  context.Output("layers", json::StringArray(layers));
  PrSession session(context, pull.number, SessionOutput::kNone);
  session.Begin(pull.head_ref, pull.head_sha, pull.title);
  PullPlan plan = plan_layers(session, layers);
  session.Finish();
  bool written = true;
  for (const std::string& layer : layers) {
    LegResult result;
    result.repository =
        settings.github.repository.empty() ? context.event.repository : settings.github.repository;
    result.pull_request = pull.number;
    result.sha = pull.head_sha;
    result.row = RowFor(session.dashboard(), context.config, layer);
    std::string error;
    if (!WriteResultFile(dir, LegResultFileName(layer), EncodeLegResult(result), error)) {
      context.Error(error);
      written = false;
    }
  }
  context.Log("wrote the results of " + Join(layers, ", ") + " into " + dir.string());
  context.Output("has-changes", LayersWithChanges(session.dashboard()).empty() ? "false" : "true");
  for (const std::string& problem : plan.stage.problems) context.Error("not planned: " + problem);
  const bool failed = plan.refused || plan.checks_failed || plan.stage.failed ||
                      !plan.stage.locked_out.empty() || !written || context.Interrupted();
  return failed ? kFlowFailed : kFlowOk;
}

PullPlan GatherLegResults(FlowContext& context, PrSession& session, const FanOutPull& pull,
                          const std::vector<std::string>& expected) {
  Dashboard& dashboard = session.dashboard();
  const fs::path dir = InWorkspace(context, context.settings->collect);
  std::error_code code;
  Gathered gathered;
  if (fs::is_directory(dir, code)) {
    gathered = ReadResultFiles(context, pull, dir, expected);
  } else {
    context.Error("no results directory at " + dir.string() +
                  " (the `collect` input): did the artifact download run?");
  }
  PullPlan plan;
  std::vector<std::string> missing;
  for (const std::string& layer : expected) {
    LayerRow& row = RowFor(dashboard, context.config, layer);
    auto found = gathered.rows.find(layer);
    if (found == gathered.rows.end()) {
      missing.push_back(layer);
      for (Stage stage : {Stage::kFormat, Stage::kLint, Stage::kValidate, Stage::kPlan}) {
        if (row.Cell(stage).status == StageStatus::kPending || stage == Stage::kPlan) {
          row.Cell(stage) = {StageStatus::kFailed, stage == Stage::kPlan ? "no result" : "", -1};
        }
      }
      row.plan_digest.clear();
      row.plan_text.clear();
      row.plan_summary.clear();
      continue;
    }
    TakeLegRow(row, found->second);
    for (Stage stage : {Stage::kFormat, Stage::kLint, Stage::kValidate}) {
      const StageStatus status = row.Cell(stage).status;
      if (status == StageStatus::kFailed || status == StageStatus::kBlocked) {
        plan.checks_failed = true;
      }
    }
    switch (row.plan.status) {
      case StageStatus::kChanges:
        if (row.plan_digest.empty()) {
          plan.stage.failed = true;
          plan.stage.problems.push_back("`" + layer + "`: the leg's plan has no digest");
        }
        plan.stage.planned.push_back(layer);
        break;
      case StageStatus::kNoChanges:
        plan.stage.planned.push_back(layer);
        break;
      case StageStatus::kLocked:
        plan.stage.locked_out.push_back(layer);
        plan.stage.problems.push_back("`" + layer + "` is locked by " +
                                      (row.lock_holder.empty() ? "another PR" : row.lock_holder));
        dashboard.notes.push_back("🔒 " + plan.stage.problems.back() + ".");
        break;
      case StageStatus::kSkipped:
        break;  // its checks, or a dependency's, failed: counted above
      default:
        plan.stage.failed = true;
        plan.stage.problems.push_back("`" + layer + "`: " + row.plan.note);
    }
  }
  for (const std::string& rejected : gathered.rejected) {
    context.Log("result file not used: " + rejected);
  }
  if (!gathered.rejected.empty()) {
    std::vector<std::string> shown(
        gathered.rejected.begin(),
        gathered.rejected.begin() +
            static_cast<std::ptrdiff_t>(std::min(gathered.rejected.size(), kMostReasonsShown)));
    dashboard.notes.push_back(
        std::to_string(gathered.rejected.size()) + " result file" +
        (gathered.rejected.size() == 1 ? " was" : "s were") + " not used: " + Join(shown, "; ") +
        (gathered.rejected.size() > shown.size() ? "; … (the gather job's log lists them all)"
                                                 : "") +
        ".");
  }
  if (!missing.empty()) {
    plan.stage.failed = true;
    plan.stage.problems.push_back("no result for " + CodeList(missing));
    dashboard.notes.push_back(
        "No result for " + CodeList(missing) +
        ": their legs were cancelled, lost their runner, or uploaded no result file. `/plan " +
        Join(missing, " ") + "` plans them again.");
  }
  context.Log("gathered " + std::to_string(gathered.rows.size()) + " of " +
              std::to_string(expected.size()) + " results from " + dir.string());
  return plan;
}

int FanOutResolveFlow(FlowContext& context, const Decision& decision) {
  const Event& event = context.event;
  context.Output("layers", json::StringArray(decision.layers));
  context.Output("has-changes", "false");
  if (decision.intent != Intent::kAutoplan) {
    context.Log("nothing to plan: " + decision.reason);
    OutputLegs(context, {}, {});
    return kFlowOk;
  }
  PrSession session(context, event.pr_number);
  int status = kFlowOk;
  std::vector<std::string> to_plan;  // none when nothing is affected, refused or blocked
  if (BeginCommitDashboard(context, session, decision)) {
    if (!RefuseOtherCheckout(context, session, decision.layers).empty()) {
      status = kFlowFailed;
    } else if (!BlockForkCode(context, session, decision.layers)) {
      MarkPending(session.dashboard(), context.config, decision.layers,
                  {Stage::kFormat, Stage::kLint, Stage::kValidate, Stage::kPlan});
      to_plan = decision.layers;
    }
  }
  OutputLegs(context, to_plan, decision.waves);
  session.Finish(PendingRows::kLeaveForLegs);
  return status;
}

int FanOutLegFlow(FlowContext& context, const Decision& decision) {
  if (decision.intent != Intent::kAutoplan) {
    context.Error("a leg plans a pull request's layers, and this run has none to plan: " +
                  decision.reason);
    return kFlowUnusable;
  }
  return RunFanOutLeg(context, FanOutPullOf(context.event), decision.layers,
                      [&](PrSession& session, const std::vector<std::string>& layers) {
                        return PlanPullRequestLayers(context, session, layers);
                      });
}

int FanOutGatherFlow(FlowContext& context, const Decision& decision) {
  const Event& event = context.event;
  context.Output("layers", json::StringArray(decision.layers));
  context.Output("has-changes", "false");
  if (decision.intent != Intent::kAutoplan) {
    context.Log("nothing to gather: " + decision.reason);
    return kFlowOk;
  }
  PrSession session(context, event.pr_number);
  session.Begin(event.head_ref, event.head_sha, event.title);
  Dashboard& dashboard = session.dashboard();
  // The rows are this commit's affected layers, whatever an earlier job left.
  std::vector<LayerRow> kept;
  for (const std::string& layer : decision.layers) {
    kept.push_back(RowFor(dashboard, context.config, layer));
  }
  dashboard.layers = std::move(kept);
  if (decision.layers.empty()) {
    session.Finish();
    return kFlowOk;
  }
  PullPlan plan = GatherLegResults(context, session, FanOutPullOf(event), decision.layers);
  // The plans are the legs'; only the test environments would run this checkout.
  if (!TestEnvironmentLayers(context.config, plan.stage.planned).empty()) {
    if (std::string mismatch = CheckoutMismatch(context.workspace, event.head_sha, event.pr_number);
        !mismatch.empty()) {
      plan.stage.planned.clear();
      context.Error("the test environments are not deployed: " + mismatch);
    }
  }
  return FinishPullRequestPlan(context, session, plan);
}

}  // namespace infra_flash
