#include "command/layer_names.h"

#include <optional>
#include <vector>

#include "command/markdown.h"
#include "command/suggest.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

std::string ConfigName(const Config& config) {
  return config.file.empty() ? std::string("`.infra-flash.yml`") : Code(config.file);
}

// The name among `names` that differs from `word` only in case or by a typo, or "".
std::string CloseName(std::string_view word, const std::vector<std::string>& names) {
  std::vector<std::string_view> views;
  for (const std::string& name : names) {
    if (EqualsIgnoreCase(name, word)) return name;
    views.push_back(name);
  }
  std::optional<std::string_view> close = ClosestMatch(word, views);
  return close ? std::string(*close) : std::string();
}

std::string DidYouMean(const std::string& suggestion) {
  return suggestion.empty() ? "" : " Did you mean " + Code(suggestion) + "?";
}

std::string KnownDirsSentence(const Config& config) {
  std::vector<std::string> dirs;
  for (const Layer& layer : config.layers) dirs.push_back(layer.dir.empty() ? "." : layer.dir);
  return "Layer dirs in " + ConfigName(config) + ": " + CodeList(dirs) + ".";
}

}  // namespace

Result<std::string> ResolveLayer(std::string_view word, const Config& config) {
  if (const Layer* layer = config.FindLayer(word)) return layer->name;
  return Error{"there is no layer " + Code(word) + "." +
               DidYouMean(CloseName(word, config.ConfigLayerNames())) + " " +
               KnownLayersSentence(config)};
}

Error UnknownLayerOrEnvironment(std::string_view word, const Config& config) {
  std::string close = CloseName(word, config.ConfigLayerNames());
  if (close.empty()) close = CloseName(word, config.EnvironmentNames());
  return Error{"there is no layer or environment " + Code(word) + "." + DidYouMean(close) + " " +
               KnownLayersSentence(config) + " " + KnownEnvironmentsSentence(config)};
}

Result<std::string> NormalizeDir(std::string_view dir) {
  if (!dir.empty() && (dir[0] == '/' || dir[0] == '~')) {
    return Error{"the directory " + Code(dir) +
                 " is refused: give a path relative to the repository root, not an absolute "
                 "one."};
  }
  if (dir.find('\\') != std::string_view::npos) {
    return Error{"the directory " + Code(dir) + " is refused: use `/` between directories."};
  }
  std::vector<std::string> segments;
  for (std::string& segment : Split(dir, '/')) {
    if (segment == "..") {
      return Error{"the directory " + Code(dir) +
                   " is refused: `..` would leave the repository. Give the layer's dir as "
                   "written in the config."};
    }
    if (!segment.empty() && segment != ".") segments.push_back(std::move(segment));
  }
  return Join(segments, "/");
}

Result<std::string> ResolveLayerDir(std::string_view dir, const Config& config) {
  Result<std::string> wanted = NormalizeDir(dir);
  if (!wanted.ok()) return wanted.error();
  std::vector<std::string> dirs;
  for (const Layer& layer : config.layers) {
    Result<std::string> layer_dir = NormalizeDir(layer.dir);
    if (!layer_dir.ok()) continue;
    if (*layer_dir == *wanted) return layer.name;
    dirs.push_back(*layer_dir);
  }
  return Error{"no layer has the directory " + Code(dir) + "." +
               DidYouMean(CloseName(*wanted, dirs)) + " " + KnownDirsSentence(config)};
}

std::string KnownLayersSentence(const Config& config) {
  if (config.layers.empty()) return ConfigName(config) + " defines no layers.";
  return "Layers in " + ConfigName(config) + ": " + CodeList(config.ConfigLayerNames()) + ".";
}

std::string KnownEnvironmentsSentence(const Config& config) {
  if (config.environments.empty()) return ConfigName(config) + " defines no environments.";
  return "Environments: " + CodeList(config.EnvironmentNames()) + ".";
}

}  // namespace infra_flash
