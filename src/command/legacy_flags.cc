// The flag grammar of the legacy bots: `atlantis plan -d DIR -w WS` or `-p PROJECT`,
// `digger apply -p PROJECT`. Atlantis's own parser takes the same flag spellings;
// positional words are refused, as Atlantis refuses them.
#include <algorithm>
#include <optional>

#include "command/arguments.h"
#include "command/layer_names.h"
#include "command/markdown.h"

namespace infra_flash {
namespace {

// A flag word split into the flag as written ("-d", "--dir") and an "=value" part.
struct FlagWord {
  std::string_view name;
  std::optional<std::string_view> value;
};

FlagWord SplitFlagWord(std::string_view word) {
  const std::size_t equals = word.find('=');
  if (equals == std::string_view::npos) return {word, std::nullopt};
  return {word.substr(0, equals), word.substr(equals + 1)};
}

const FlagSpec* FindFlag(const BotSpec& bot, std::string_view name) {
  for (const FlagSpec& flag : bot.flags) {
    if (name == flag.long_name || (!flag.short_name.empty() && name == flag.short_name)) {
      return &flag;
    }
  }
  return nullptr;
}

std::string KnownFlags(const BotSpec& bot) {
  std::vector<std::string> names;
  for (const FlagSpec& flag : bot.flags) {
    names.emplace_back(flag.short_name.empty() ? flag.long_name : flag.short_name);
  }
  return CodeList(names);
}

void AddLayer(Request& request, const std::string& name) {
  if (std::find(request.layers.begin(), request.layers.end(), name) == request.layers.end()) {
    request.layers.push_back(name);
  }
}

// Applies one flag and its value to `request`.
Status ApplyFlag(const FlagSpec& flag, std::string_view value, const Config& config,
                 Request& request) {
  switch (flag.flag) {
    case LegacyFlag::kDir: {
      Result<std::string> layer = ResolveLayerDir(value, config);
      if (!layer.ok()) return layer.error();
      // A promoted layer's directory is each of its targets' (config.h, "Targets").
      const std::vector<const Layer*> targets = config.LayersNamed(config.ConfigNameOf(*layer));
      if (targets.empty()) AddLayer(request, *layer);
      for (const Layer* target : targets) AddLayer(request, target->name);
      return Ok();
    }
    case LegacyFlag::kProject: {
      // A promoted layer's name is each of its targets, as in the slash grammar.
      const std::vector<const Layer*> named = config.LayersNamed(value);
      if (named.empty()) {
        Result<std::string> layer = ResolveLayer(value, config);
        if (!layer.ok()) return layer.error();
        AddLayer(request, *layer);
      }
      for (const Layer* target : named) AddLayer(request, target->name);
      return Ok();
    }
    case LegacyFlag::kWorkspace:
      if (value == "default") return Ok();
      return Error{"the workspace " + Code(value) +
                   " is refused: infra-flash does not use Terraform workspaces; each layer has "
                   "its own state. Name the layer with `-p LAYER` instead."};
    case LegacyFlag::kVerbose:
      return Ok();
  }
  return Ok();
}

// Reads the flag at words[next] and its value; advances `next`.
Status ReadOneFlag(const BotSpec& bot, const std::vector<std::string>& words, std::size_t& next,
                   const Config& config, Request& request) {
  const std::string& word = words[next++];
  if (word.empty() || word[0] != '-') {
    return Error{"unexpected argument " + Code(word) + ": " + std::string(bot.name) +
                 " takes flags only, such as `-p LAYER`."};
  }
  FlagWord parts = SplitFlagWord(word);
  const FlagSpec* flag = FindFlag(bot, parts.name);
  if (flag == nullptr) {
    return Error{"unknown flag " + Code(parts.name) + ". Flags: " + KnownFlags(bot) +
                 "; flags for the engine go after `--`."};
  }
  if (flag->value_name.empty()) {
    if (parts.value) return Error{Code(parts.name) + " takes no value."};
    return ApplyFlag(*flag, "", config, request);
  }
  if (!parts.value) {
    if (next >= words.size()) {
      return Error{Code(parts.name) + " needs a value: " +
                   Code(std::string(parts.name) + " " + std::string(flag->value_name)) + "."};
    }
    parts.value = words[next++];
  }
  return ApplyFlag(*flag, *parts.value, config, request);
}

}  // namespace

Result<Request> ReadLegacyFlags(const CommandSpec& spec, const BotSpec& bot,
                                const std::vector<std::string>& words, const Config& config) {
  Request request;
  request.verb = spec.verb;
  if (spec.arguments == Arguments::kAnything) return request;
  if (spec.arguments == Arguments::kNone && !words.empty()) {
    return Error{"it takes no flags or arguments, but got " + Code(words.front()) + "."};
  }
  // Atlantis refuses a project together with a directory or a workspace: a project already
  // names both. So does infra-flash, before reading any value.
  bool project = false;
  bool dir_or_workspace = false;
  for (const std::string& word : words) {
    if (word == "--") break;
    const FlagSpec* flag = FindFlag(bot, SplitFlagWord(word).name);
    if (flag == nullptr) continue;
    project = project || flag->flag == LegacyFlag::kProject;
    dir_or_workspace =
        dir_or_workspace || flag->flag == LegacyFlag::kDir || flag->flag == LegacyFlag::kWorkspace;
  }
  if (project && dir_or_workspace) {
    return Error{
        "cannot use `-p`/`--project` together with `-d`/`--dir` or `-w`/`--workspace` "
        "(Atlantis refuses it too): name the layer with `-p LAYER`, or its directory "
        "with `-d DIR`."};
  }
  std::size_t next = 0;
  while (next < words.size()) {
    Status status = ReadOneFlag(bot, words, next, config, request);
    if (!status.ok()) return status.error();
  }
  return request;
}

}  // namespace infra_flash
