// `commands:`: comment aliases and end-to-end suites.
#include "common/strings.h"
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

Status ParseAliases(LoadContext& context, const std::string& path, const YamlNode& value,
                    CommandsConfig& commands) {
  if (value.kind == YamlNode::Kind::kNull) return Ok();
  INFRA_FLASH_TRY(ExpectMap(context.file, path, value, "a map of phrase to slash command"));
  for (const auto& [phrase, command] : value.entries) {
    std::string alias_path = Child(path, phrase->text);
    if (Trim(phrase->text).empty()) {
      return ErrorAt(context.file, *phrase, Quote(path) + ": an alias needs some text");
    }
    Result<std::string> target = ReadText(context.file, alias_path, *command, "a slash command");
    if (!target.ok()) return target.error();
    if (target->front() != '/') {
      return ErrorAt(context.file, *command,
                     Quote(alias_path) + " must be a slash command such as `/health`, not `" +
                         Shown(*target) + "`");
    }
    commands.aliases[phrase->text] = std::move(*target);
  }
  return Ok();
}

Status ParseE2e(LoadContext& context, const std::string& path, const YamlNode& value,
                CommandsConfig& commands) {
  if (value.kind == YamlNode::Kind::kNull) return Ok();
  INFRA_FLASH_TRY(ExpectMap(context.file, path, value, "a map of suite name to argv"));
  for (const auto& [suite, argv_node] : value.entries) {
    INFRA_FLASH_TRY(CheckName(context, *suite, "e2e suite"));
    std::string suite_path = Child(path, suite->text);
    Result<std::vector<std::string>> argv =
        ReadTextList(context.file, suite_path, *argv_node, "argv elements", "an argv element");
    if (!argv.ok()) return argv.error();
    if (argv->empty()) {
      return ErrorAt(context.file, *argv_node,
                     Quote(suite_path) +
                         " is empty; give the program and its arguments, as in "
                         "`[make, e2e]`");
    }
    commands.e2e[suite->text] = std::move(*argv);
  }
  return Ok();
}

Status ParseE2eDefault(LoadContext& context, const std::string& path, const YamlNode& value,
                       CommandsConfig& commands) {
  Result<std::string> suite = ReadText(context.file, path, value, "an e2e suite name");
  if (!suite.ok()) return suite.error();
  commands.e2e_default = std::move(*suite);
  return Ok();
}

Status ParseE2eOnPush(LoadContext& context, const std::string& path, const YamlNode& value,
                      CommandsConfig& commands) {
  Result<bool> on_push = ReadBool(context.file, path, value);
  if (!on_push.ok()) return on_push.error();
  commands.e2e_on_push = *on_push;
  return Ok();
}

constexpr std::array<Field<CommandsConfig>, 4> kCommandsFields = {{
    {{"aliases", "extra comment phrases mapped to slash commands, e.g. \"infra dig\": /health"},
     ParseAliases},
    {{"e2e", "end-to-end suites for `/e2e <suite>`: suite name to argv"}, ParseE2e},
    {{"e2e_default",
      "the suite `/e2e` runs without a name (default: the only suite, when there is one)"},
     ParseE2eDefault},
    {{"e2e_on_push",
      "run the default e2e suite after push convergence applied something (default false)"},
     ParseE2eOnPush},
}};

const YamlNode* ValueOf(const YamlNode& map, std::string_view key) {
  for (const auto& [name, value] : map.entries) {
    if (name->text == key) return value.get();
  }
  return nullptr;
}

// Once the whole section is read: the default suite must exist, and e2e_on_push needs one.
Status CheckE2eDefault(const LoadContext& context, const std::string& path, const YamlNode& value,
                       const CommandsConfig& commands) {
  if (const YamlNode* node = ValueOf(value, "e2e_default");
      node != nullptr && !commands.e2e.contains(commands.e2e_default)) {
    std::vector<std::string> suites;
    for (const auto& [suite, argv] : commands.e2e) suites.push_back(suite);
    return UnknownValue(context, *node, "e2e suite", Child(path, "e2e_default"), suites);
  }
  if (const YamlNode* node = ValueOf(value, "e2e_on_push");
      node != nullptr && commands.e2e_on_push && commands.DefaultE2eSuite().empty()) {
    return ErrorAt(context.file, *node,
                   Quote(Child(path, "e2e_on_push")) +
                       " needs a default suite: set `e2e_default` to one of `e2e`'s suites");
  }
  return Ok();
}

}  // namespace

Status ParseCommands(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config) {
  INFRA_FLASH_TRY(ParseSection(context, path, value, kCommandsFields, config.commands));
  if (value.kind != YamlNode::Kind::kMap) return Ok();
  return CheckE2eDefault(context, path, value, config.commands);
}

std::vector<ConfigKey> CommandsKeys() { return KeysOf(kCommandsFields); }

}  // namespace infra_flash
