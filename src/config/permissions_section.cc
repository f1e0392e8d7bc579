// `permissions:`: command verb -> minimum repository permission.
#include "config/section_support.h"
#include "config/sections.h"
#include "config/verbs.h"

namespace infra_flash {

Status ParsePermissions(LoadContext& context, const std::string& path, const YamlNode& value,
                        Config& config) {
  if (value.kind == YamlNode::Kind::kNull) return Ok();
  INFRA_FLASH_TRY(ExpectMap(context.file, path, value, "a map of command to permission level"));
  for (const auto& [verb, level] : value.entries) {
    if (!FindVerb(verb->text)) {
      return UnknownValue(context, *verb, "command", path, VerbNames());
    }
    std::string verb_path = Child(path, verb->text);
    Result<std::string> name = ReadText(context.file, verb_path, *level, "a permission level");
    if (!name.ok()) return name.error();
    std::optional<Permission> permission = ParsePermission(*name);
    if (!permission) {
      return UnknownValue(context, *level, "permission level", verb_path, PermissionLevelChoices());
    }
    config.permissions[verb->text] = *permission;
  }
  return Ok();
}

}  // namespace infra_flash
