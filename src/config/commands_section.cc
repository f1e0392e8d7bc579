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

constexpr std::array<Field<CommandsConfig>, 2> kCommandsFields = {{
    {{"aliases", "extra comment phrases mapped to slash commands, e.g. \"infra dig\": /health"},
     ParseAliases},
    {{"e2e", "end-to-end suites for `/e2e <suite>`: suite name to argv"}, ParseE2e},
}};

}  // namespace

Status ParseCommands(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config) {
  return ParseSection(context, path, value, kCommandsFields, config.commands);
}

std::vector<ConfigKey> CommandsKeys() { return KeysOf(kCommandsFields); }

}  // namespace infra_flash
