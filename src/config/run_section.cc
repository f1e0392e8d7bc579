// `run:`: parallelism, timeouts, binaries, masking.
#include <algorithm>
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

constexpr std::int64_t kMaxJobs = 256;
Status ParseRunJobs(LoadContext& context, const std::string& path, const YamlNode& value,
                    RunConfig& run) {
  Result<std::int64_t> jobs = ReadInt(context.file, path, value, 1, kMaxJobs);
  if (!jobs.ok()) return jobs.error();
  run.jobs = static_cast<int>(*jobs);
  return Ok();
}

Status ParseRunSequentialApply(LoadContext& context, const std::string& path, const YamlNode& value,
                               RunConfig& run) {
  Result<bool> sequential = ReadBool(context.file, path, value);
  if (!sequential.ok()) return sequential.error();
  run.sequential_apply = *sequential;
  return Ok();
}

Status ParseRunStepTimeout(LoadContext& context, const std::string& path, const YamlNode& value,
                           RunConfig& run) {
  Result<int> seconds = ReadSeconds(context, path, value);
  if (!seconds.ok()) return seconds.error();
  run.step_timeout_seconds = *seconds;
  return Ok();
}

Status ParseRunPluginCacheDir(LoadContext& context, const std::string& path, const YamlNode& value,
                              RunConfig& run) {
  Result<std::string> dir = ReadText(context.file, path, value, "a directory path");
  if (!dir.ok()) return dir.error();
  run.plugin_cache_dir = std::move(*dir);
  return Ok();
}

Status ParseRunBinaries(LoadContext& context, const std::string& path, const YamlNode& value,
                        RunConfig& run) {
  if (value.kind == YamlNode::Kind::kNull) return Ok();
  INFRA_FLASH_TRY(ExpectMap(context.file, path, value, "a map of engine to program path"));
  std::vector<std::string> programs = EngineChoices();
  programs.push_back("tflint");  // the linter of `lint: tflint`
  for (const auto& [engine, program] : value.entries) {
    if (std::find(programs.begin(), programs.end(), engine->text) == programs.end()) {
      return UnknownValue(context, *engine, "engine", path, programs);
    }
    Result<std::string> binary =
        ReadText(context.file, Child(path, engine->text), *program, "a program path");
    if (!binary.ok()) return binary.error();
    run.binaries[engine->text] = std::move(*binary);
  }
  return Ok();
}

Status ParseRunMaskEnv(LoadContext& context, const std::string& path, const YamlNode& value,
                       RunConfig& run) {
  Result<std::vector<std::string>> names =
      ReadTextList(context.file, path, value, "environment variable names", "a variable name");
  if (!names.ok()) return names.error();
  for (std::size_t i = 0; i < names->size(); ++i) {
    INFRA_FLASH_TRY(CheckVariableName(context, *value.items[i], Index(path, i)));
  }
  run.mask_env = std::move(*names);
  return Ok();
}

Status ParseRunBackendBootstrap(LoadContext& context, const std::string& path,
                                const YamlNode& value, RunConfig& run) {
  Result<bool> bootstrap = ReadBool(context.file, path, value);
  if (!bootstrap.ok()) return bootstrap.error();
  run.backend_bootstrap = *bootstrap;
  return Ok();
}

constexpr std::array<Field<RunConfig>, 7> kRunFields = {{
    {{"jobs", "layers run in parallel (default: the number of cores)"}, ParseRunJobs},
    {{"sequential_apply", "apply one layer at a time in dependency order (default true)"},
     ParseRunSequentialApply},
    {{"step_timeout", "time limit of one step: seconds, or a duration such as 30s, 10m, 2h"},
     ParseRunStepTimeout},
    {{"plugin_cache_dir", "TF_PLUGIN_CACHE_DIR shared by all layers"}, ParseRunPluginCacheDir},
    {{"binaries", "program path by engine, or tflint (default: found on PATH)"}, ParseRunBinaries},
    {{"mask_env", "environment variables whose values are masked in all output"}, ParseRunMaskEnv},
    {{"backend_bootstrap",
      "terragrunt init provisions the remote_state backend (--backend-bootstrap); default "
      "false"},
     ParseRunBackendBootstrap},
}};

}  // namespace

Status ParseRun(LoadContext& context, const std::string& path, const YamlNode& value,
                Config& config) {
  return ParseSection(context, path, value, kRunFields, config.run);
}

std::vector<ConfigKey> RunKeys() { return KeysOf(kRunFields); }

}  // namespace infra_flash
