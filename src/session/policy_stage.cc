#include "session/policy_stage.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "common/strings.h"
#include "git/base_files.h"
#include "policy/policy_checks.h"
#include "run/process_executor.h"
#include "status/dashboard_update.h"

namespace infra_flash {
namespace {

namespace fs = std::filesystem;

// A temporary directory removed with its contents when this goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& base) {
    std::string pattern = (fs::path(base.empty() ? fs::temp_directory_path().string() : base) /
                           "infra-flash-policy-XXXXXX")
                              .string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool WriteFile(const fs::path& path, const std::string& text) {
  std::error_code code;
  fs::create_directories(path.parent_path(), code);
  if (code) return false;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

// The check's `files` under `dir`; the first that cannot be had, as an error.
Status PlaceFiles(FlowContext& context, const PolicyCheck& check, const std::string& files_sha,
                  const fs::path& dir) {
  for (const std::string& file : check.files) {
    std::string text;
    if (!files_sha.empty()) {
      Result<std::optional<std::string>> read =
          ReadFileAtCommit(context.workspace, context.client.get(), files_sha, file);
      if (!read.ok()) {
        return Error{"cannot read `" + file + "` from the base commit " + ShortSha(files_sha) +
                     ": " + read.error().message};
      }
      if (!read->has_value()) {
        return Error{"`" + file + "` is not in the base commit " + ShortSha(files_sha) +
                     " (the check's files come from the base branch)"};
      }
      text = std::move(**read);
    } else {
      Result<std::string> read = ReadFile((fs::path(context.workspace) / file).string());
      if (!read.ok()) return Error{"cannot read `" + file + "` in the checkout"};
      text = std::move(*read);
    }
    if (!WriteFile(dir / file, text)) {
      return Error{"cannot write `" + file + "` into " + dir.string()};
    }
  }
  return Ok();
}

}  // namespace

bool HasPolicies(const Config& config) { return !config.policies.empty(); }

void CheckPolicies(FlowContext& context, Dashboard& dashboard, const Config& config,
                   const LayerRun& run, const StepContext& steps, const std::string& files_sha) {
  if (config.policies.empty()) return;
  std::unique_ptr<ScratchDir> scratch;
  std::map<std::string, Status> placed;  // check -> its files, placed once per run
  std::size_t plan_number = 0;
  for (const LayerResult& result : run.result.layers) {
    LayerRow& row = RowFor(dashboard, config, result.layer);
    row.policies.clear();
    row.policy = {};
    // An approval holds for the plan it saw on the commit it was given on: a plan made
    // again with the same digest (the fresh plan of an /apply) keeps it.
    std::erase_if(row.policy_approvals, [&](const PolicyApproval& approval) {
      return approval.sha != dashboard.sha || approval.digest.empty() ||
             approval.digest != row.plan_digest || result.outcome != Outcome::kHasChanges;
    });
    const Layer* layer = config.FindLayer(result.layer);
    if (layer == nullptr || result.outcome != Outcome::kHasChanges) continue;
    const std::string environment = EffectiveEnvironment(*layer, steps);
    const std::vector<const PolicyCheck*> checks = ChecksCovering(config, *layer, environment);
    if (checks.empty()) continue;
    auto json = run.plan_json.find(result.layer);
    if (scratch == nullptr) scratch = std::make_unique<ScratchDir>(context.settings->runner_temp);
    const fs::path plan_path =
        fs::path(scratch->path()) / "plans" / (std::to_string(++plan_number) + ".json");
    std::string plan_problem;
    if (scratch->path().empty()) {
      plan_problem = "could not make a temporary directory for the plan JSON";
    } else if (json == run.plan_json.end()) {
      plan_problem = "the plan JSON was not kept, so there was nothing to check";
    } else if (!WriteFile(plan_path, json->second)) {
      plan_problem = "could not write the plan JSON to " + plan_path.string();
    }
    const PolicySubject subject{plan_path.string(), layer->dir, layer->name, environment};
    for (const PolicyCheck* check : checks) {
      PolicyResult verdict;
      verdict.check = check->name;
      if (!plan_problem.empty()) {
        verdict = {check->name, StageStatus::kError, plan_problem};
        row.policies.push_back(std::move(verdict));
        continue;
      }
      const fs::path files_dir = fs::path(scratch->path()) / "files" / check->name;
      auto place = placed.find(check->name);
      if (place == placed.end()) {
        std::error_code ignored;
        fs::create_directories(files_dir, ignored);
        place =
            placed.emplace(check->name, PlaceFiles(context, *check, files_sha, files_dir)).first;
      }
      if (!place->second.ok()) {
        verdict = {check->name, StageStatus::kError, place->second.error().message};
      } else {
        const std::vector<std::string> argv = PolicyArgv(*check, subject);
        const ProcessOutput output =
            RunProcess(argv, files_dir.string(), std::chrono::seconds(check->timeout_seconds));
        verdict.status = PolicyVerdict(output.end, output.exit_code);
        const std::string masked_out = context.masker.Mask(output.stdout_text);
        const std::string masked_err = context.masker.Mask(output.stderr_text);
        if (verdict.status != StageStatus::kPassed) {
          verdict.output = PolicyOutput(output.end, output.exit_code, masked_out, masked_err,
                                        context.masker.Mask(output.error));
        }
        context.Log("policy check " + check->name + " on " + layer->name + ": " +
                    std::string(PolicyVerdictText(verdict.status)));
        if (!masked_out.empty() || !masked_err.empty()) {
          context.LogUntrusted(masked_out + masked_err);
        }
      }
      row.policies.push_back(std::move(verdict));
    }
    row.policy = PolicyCell(row, dashboard.sha);
  }
}

}  // namespace infra_flash
