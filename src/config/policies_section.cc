// `policies:`: checkers run on every plan with changes (policy/policy_checks.h).
#include <set>

#include "config/approvers.h"
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

// Every `{…}` in an argv element must be one of kPolicyPlaceholders: a typo (`{plan}`) would
// otherwise reach the checker as text and fail in a way that looks like a policy failure.
Status CheckPlaceholders(const LoadContext& context, const std::string& path, const YamlNode& node,
                         const std::string& word) {
  for (std::size_t open = word.find('{'); open != std::string::npos;
       open = word.find('{', open + 1)) {
    std::size_t close = word.find('}', open);
    std::string name = close == std::string::npos ? "" : word.substr(open + 1, close - open - 1);
    if (std::find(kPolicyPlaceholders.begin(), kPolicyPlaceholders.end(), name) !=
        kPolicyPlaceholders.end()) {
      continue;
    }
    return ErrorAt(context.file, node,
                   Quote(path) + ": `" + Shown(word) +
                       "` has an unknown placeholder; use {plan_json}, {dir}, {layer} or "
                       "{environment}");
  }
  return Ok();
}

Status ParsePolicyName(LoadContext& context, const std::string& /*path*/, const YamlNode& value,
                       PolicyCheck& check) {
  INFRA_FLASH_TRY(CheckName(context, value, "policy check"));
  check.name = value.text;
  return Ok();
}

Status ParsePolicyArgv(LoadContext& context, const std::string& path, const YamlNode& value,
                       PolicyCheck& check) {
  Result<std::vector<std::string>> argv =
      ReadTextList(context.file, path, value, "a list of words (no shell)", "a word");
  if (!argv.ok()) return argv.error();
  if (argv->empty() || argv->front().empty()) {
    return ErrorAt(context.file, value,
                   Quote(path) + " must name a program, e.g. [conftest, test, \"{plan_json}\"]");
  }
  for (std::size_t i = 0; i < argv->size(); ++i) {
    INFRA_FLASH_TRY(CheckPlaceholders(context, Index(path, i), *value.items[i], (*argv)[i]));
  }
  check.argv = std::move(*argv);
  return Ok();
}

Status ParsePolicyFiles(LoadContext& context, const std::string& path, const YamlNode& value,
                        PolicyCheck& check) {
  Result<std::vector<std::string>> files =
      ReadTextList(context.file, path, value, "a list of repository paths", "a path");
  if (!files.ok()) return files.error();
  for (std::size_t i = 0; i < files->size(); ++i) {
    const std::string& file = (*files)[i];
    bool escapes = file.empty() || file.front() == '/' || file.back() == '/' || file == ".." ||
                   file.rfind("../", 0) == 0 || file.find("/../") != std::string::npos ||
                   (file.size() >= 3 && file.compare(file.size() - 3, 3, "/..") == 0);
    if (escapes) {
      return ErrorAt(context.file, *value.items[i],
                     Quote(Index(path, i)) + ": `" + Shown(file) +
                         "` must be a file's path relative to the repository root");
    }
  }
  check.files = std::move(*files);
  return Ok();
}

// A list of names another section defines, each remembered with its node for the check
// that runs once the whole file is read (references.cc).
Result<std::vector<std::string>> ReadReferences(LoadContext& context, const std::string& path,
                                                const YamlNode& value, std::string_view items,
                                                std::string_view item,
                                                std::vector<NamedReference>& marks) {
  Result<std::vector<std::string>> names = ReadTextList(context.file, path, value, items, item);
  if (!names.ok()) return names.error();
  for (std::size_t i = 0; i < names->size(); ++i) {
    marks.push_back({(*names)[i], value.items[i].get()});
  }
  return names;
}

Status ParsePolicyLayers(LoadContext& context, const std::string& path, const YamlNode& value,
                         PolicyCheck& check) {
  Result<std::vector<std::string>> layers = ReadReferences(
      context, path, value, "a list of layer names", "a layer name", context.marks.policy_layers);
  if (!layers.ok()) return layers.error();
  check.layers = std::move(*layers);
  return Ok();
}

Status ParsePolicyEnvironments(LoadContext& context, const std::string& path, const YamlNode& value,
                               PolicyCheck& check) {
  Result<std::vector<std::string>> environments =
      ReadReferences(context, path, value, "a list of environment names", "an environment name",
                     context.marks.policy_environments);
  if (!environments.ok()) return environments.error();
  check.environments = std::move(*environments);
  return Ok();
}

Status ParsePolicyOwners(LoadContext& context, const std::string& path, const YamlNode& value,
                         PolicyCheck& check) {
  Result<std::vector<std::string>> owners = ReadTextList(
      context.file, path, value, "a list of logins, @org/team or `codeowners`", "an owner");
  if (!owners.ok()) return owners.error();
  for (std::size_t i = 0; i < owners->size(); ++i) {
    if (ParseApprover((*owners)[i])) continue;
    return ErrorAt(context.file, *value.items[i],
                   Quote(Index(path, i)) + ": `" + Shown((*owners)[i]) +
                       "` is not a login (bob), a team (@org/team) or `codeowners`");
  }
  check.owners = std::move(*owners);
  return Ok();
}

Status ParsePolicyTimeout(LoadContext& context, const std::string& path, const YamlNode& value,
                          PolicyCheck& check) {
  Result<int> seconds = ReadSeconds(context, path, value);
  if (!seconds.ok()) return seconds.error();
  check.timeout_seconds = *seconds;
  return Ok();
}

constexpr std::array<Field<PolicyCheck>, 7> kPolicyFields = {{
    {{"name", "the check's name, as `/approve_policies NAME` and the dashboard use it",
      KeyPresence::kRequired},
     ParsePolicyName},
    {{"argv",
      "the checker's command line, no shell; {plan_json}, {dir}, {layer}, {environment} are "
      "replaced",
      KeyPresence::kRequired},
     ParsePolicyArgv},
    {{"files", "repository files the checker reads, taken from the base branch on a pull request"},
     ParsePolicyFiles},
    {{"layers", "the layers it checks (default: all)"}, ParsePolicyLayers},
    {{"environments", "the environments it checks (default: all)"}, ParsePolicyEnvironments},
    {{"owners", "who may approve a failure: logins, @org/team, codeowners (default: admins)"},
     ParsePolicyOwners},
    {{"timeout", "time limit of one run of the checker (default 5m)"}, ParsePolicyTimeout},
}};

}  // namespace

Status ParsePolicies(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config) {
  INFRA_FLASH_TRY(ExpectList(context.file, path, value, "a list of policy checks"));
  std::set<std::string> names;
  for (std::size_t i = 0; i < value.items.size(); ++i) {
    const YamlNode& item = *value.items[i];
    std::string item_path = Index(path, i);
    INFRA_FLASH_TRY(ExpectMap(context.file, item_path, item, "a map with `name` and `argv`"));
    PolicyCheck check;
    INFRA_FLASH_TRY(ParseFields(context, item_path, item, item, kPolicyFields, check));
    if (!names.insert(check.name).second) {
      return ErrorAt(context.file, item,
                     Quote(item_path) + ": a second policy check named `" + check.name +
                         "`; each needs a name of its own");
    }
    config.policies.push_back(std::move(check));
  }
  return Ok();
}

std::vector<ConfigKey> PolicyCheckKeys() { return KeysOf(kPolicyFields); }

}  // namespace infra_flash
