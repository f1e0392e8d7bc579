// `triggers:` (globs -> layers) and `ignore:` (globs of paths that affect nothing).
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

Status ParseTriggerPaths(LoadContext& context, const std::string& path, const YamlNode& value,
                         PathTrigger& trigger) {
  Result<std::vector<std::string>> globs = ReadGlobs(context, path, value);
  if (!globs.ok()) return globs.error();
  if (globs->empty()) {
    return ErrorAt(context.file, value, Quote(path) + " must list at least one glob");
  }
  trigger.paths = std::move(*globs);
  return Ok();
}

Status ParseTriggerLayers(LoadContext& context, const std::string& path, const YamlNode& value,
                          PathTrigger& trigger) {
  if (value.kind == YamlNode::Kind::kScalar && value.text == kReservedName) {
    trigger.all_layers = true;
    return Ok();
  }
  Result<std::vector<std::string>> names =
      ReadTextList(context.file, path, value, "layer names (or `all`)", "a layer name");
  if (!names.ok()) return names.error();
  if (names->empty()) {
    return ErrorAt(context.file, value,
                   Quote(path) + " names no layer; list layers or write `all`");
  }
  for (std::size_t i = 0; i < names->size(); ++i) {
    context.marks.trigger_layers.push_back({(*names)[i], value.items[i].get()});
  }
  trigger.layers = std::move(*names);
  return Ok();
}

constexpr std::array<Field<PathTrigger>, 2> kTriggerFields = {{
    {{"paths", "globs of the files that fire this trigger", KeyPresence::kRequired},
     ParseTriggerPaths},
    {{"layers", "`all`, or the names of the layers a matching change affects",
      KeyPresence::kRequired},
     ParseTriggerLayers},
}};

}  // namespace

Status ParseTriggers(LoadContext& context, const std::string& path, const YamlNode& value,
                     Config& config) {
  INFRA_FLASH_TRY(ExpectList(context.file, path, value, "a list of triggers"));
  for (std::size_t i = 0; i < value.items.size(); ++i) {
    const YamlNode& item = *value.items[i];
    std::string item_path = Index(path, i);
    INFRA_FLASH_TRY(ExpectMap(context.file, item_path, item, "a map with `paths` and `layers`"));
    PathTrigger trigger;
    INFRA_FLASH_TRY(ParseFields(context, item_path, item, item, kTriggerFields, trigger));
    config.triggers.push_back(std::move(trigger));
  }
  return Ok();
}

Status ParseIgnore(LoadContext& context, const std::string& path, const YamlNode& value,
                   Config& config) {
  Result<std::vector<std::string>> globs = ReadGlobs(context, path, value);
  if (!globs.ok()) return globs.error();
  config.ignore = std::move(*globs);
  return Ok();
}

std::vector<ConfigKey> TriggerKeys() { return KeysOf(kTriggerFields); }

}  // namespace infra_flash
