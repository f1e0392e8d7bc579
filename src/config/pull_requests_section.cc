// `autoplan:` and `forks:`: what happens on pull requests by themselves.
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

Status ParseAutoplanEnabled(LoadContext& context, const std::string& path, const YamlNode& value,
                            Config& config) {
  Result<bool> enabled = ReadBool(context.file, path, value);
  if (!enabled.ok()) return enabled.error();
  config.autoplan = *enabled;
  return Ok();
}

Status ParseAutoplanDrafts(LoadContext& context, const std::string& path, const YamlNode& value,
                           Config& config) {
  Result<bool> drafts = ReadBool(context.file, path, value);
  if (!drafts.ok()) return drafts.error();
  config.autoplan_drafts = *drafts;
  return Ok();
}

constexpr std::array<Field<Config>, 2> kAutoplanFields = {{
    {{"enabled", "plan affected layers when a pull request opens or changes (default true)"},
     ParseAutoplanEnabled},
    {{"drafts", "autoplan draft pull requests too (default false)"}, ParseAutoplanDrafts},
}};

Status ParseForksPlan(LoadContext& context, const std::string& path, const YamlNode& value,
                      Config& config) {
  Result<bool> plan = ReadBool(context.file, path, value);
  if (!plan.ok()) return plan.error();
  config.allow_fork_plans = *plan;
  return Ok();
}

constexpr std::array<Field<Config>, 1> kForksFields = {{
    {{"plan",
      "plan pull requests from forks (their code runs with this repository's "
      "credentials; default false)"},
     ParseForksPlan},
}};

}  // namespace

Status ParseAutoplan(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config) {
  return ParseSection(context, path, value, kAutoplanFields, config);
}

Status ParseForks(LoadContext& context, const std::string& path, const YamlNode& value,
                  Config& config) {
  return ParseSection(context, path, value, kForksFields, config);
}

std::vector<ConfigKey> AutoplanKeys() { return KeysOf(kAutoplanFields); }

std::vector<ConfigKey> ForksKeys() { return KeysOf(kForksFields); }

}  // namespace infra_flash
