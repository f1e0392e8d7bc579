// The slash grammar. The legacy flag grammar is in legacy_flags.cc.
#include "command/arguments.h"

#include <algorithm>

#include <re2/re2.h>

#include "command/extra_args.h"
#include "command/layer_names.h"
#include "command/markdown.h"
#include "command/suggest.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

bool LooksLikeFlag(std::string_view word) { return word.size() > 1 && word[0] == '-'; }

Error UnexpectedWord(std::string_view word, const CommandSpec& spec) {
  if (!LooksLikeFlag(word)) {
    return Error{"it takes no arguments, but got " + Code(word) + "."};
  }
  std::string hint = " It takes no flags.";
  if (IsAcceptedExtraFlag(word, spec.extra_args)) {
    hint = " Flags for the engine go after `--`, as in " +
           Code("/" + std::string(VerbName(spec.verb)) + " -- " + std::string(word)) + ".";
  } else if (spec.extra_args != ExtraArgs::kNone) {
    hint = " Flags for the engine go after `--`; comment `/help` for the ones allowed here.";
  }
  return Error{"unknown flag " + Code(word) + "." + hint};
}

void AddUnique(std::vector<std::string>& names, std::string name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    names.push_back(std::move(name));
  }
}

enum class Environments { kRefused, kAccepted };

// `/plan a b`, `/plan all`, `/apply staging`: fills request.layers / all_layers /
// environment, then refuses mixtures that have no single meaning.
Status ReadLayerWords(const CommandSpec& spec, const std::vector<std::string>& words,
                      const Config& config, Environments environments, Request& request) {
  for (const std::string& word : words) {
    if (LooksLikeFlag(word)) return UnexpectedWord(word, spec);
    if (EqualsIgnoreCase(word, "all")) {
      request.all_layers = true;
    } else if (std::vector<const Layer*> named = config.LayersNamed(word); !named.empty()) {
      for (const Layer* layer : named) AddUnique(request.layers, layer->name);
    } else if (environments == Environments::kAccepted && config.FindEnvironment(word)) {
      if (!request.environment.empty() && request.environment != word) {
        return Error{"name one environment at a time, not " + Code(request.environment) + " and " +
                     Code(word) + "."};
      }
      request.environment = word;
    } else if (environments == Environments::kAccepted) {
      return UnknownLayerOrEnvironment(word, config);
    } else {
      return ResolveLayer(word, config).error();
    }
  }
  if (request.all_layers && (!request.layers.empty() || !request.environment.empty())) {
    return Error{"`all` already means every layer; name layers, an environment, or `all` alone."};
  }
  if (!request.layers.empty() && !request.environment.empty()) {
    // `/apply app prod`: the named layers' targets in that environment.
    std::vector<std::string> narrowed;
    for (const std::string& name : request.layers) {
      const Layer* layer = config.FindLayer(name);
      if (layer->environment == request.environment) narrowed.push_back(name);
    }
    for (const std::string& name : request.layers) {
      const Layer* layer = config.FindLayer(name);
      const bool covered = std::any_of(narrowed.begin(), narrowed.end(), [&](const auto& kept) {
        return config.FindLayer(kept)->ConfigName() == layer->ConfigName();
      });
      if (covered) continue;
      const std::vector<std::string>& path = layer->environments;
      return Error{Code(layer->ConfigName()) + " is not deployed to " + Code(request.environment) +
                   " (" +
                   (path.empty() ? layer->environment.empty()
                                       ? std::string("it is bound to no environment")
                                       : "its environment is " + Code(layer->environment)
                                 : "its environments are " + CodeList(path)) +
                   "). Name the layer alone, or one of its environments."};
    }
    request.layers = std::move(narrowed);
  }
  return Ok();
}

Status ReadOptionalLayer(const CommandSpec& spec, const std::vector<std::string>& words,
                         const Config& config, Request& request) {
  if (words.size() > 1) {
    return Error{"it takes at most one layer, but got " + std::to_string(words.size()) + " words."};
  }
  if (words.empty()) return Ok();
  if (LooksLikeFlag(words[0])) return UnexpectedWord(words[0], spec);
  // A promoted layer's name is each of its targets.
  for (const Layer* layer : config.LayersNamed(words[0])) request.layers.push_back(layer->name);
  if (!request.layers.empty()) return Ok();
  return ResolveLayer(words[0], config).error();
}

std::vector<std::string> SuiteNames(const Config& config) {
  std::vector<std::string> names;
  for (const auto& [name, argv] : config.commands.e2e) names.push_back(name);
  return names;
}

Error UnknownSuite(std::string_view word, const Config& config) {
  std::vector<std::string> names = SuiteNames(config);
  std::vector<std::string_view> views(names.begin(), names.end());
  std::string out = "there is no end-to-end suite " + Code(word) + ".";
  if (std::optional<std::string_view> close = ClosestMatch(word, views)) {
    out += " Did you mean " + Code(*close) + "?";
  }
  return Error{out + " Suites in `commands.e2e`: " + CodeList(names) + "."};
}

Status ReadSuite(const CommandSpec& spec, const std::vector<std::string>& words,
                 const Config& config, Request& request) {
  if (words.size() > 1) {
    return Error{"it takes at most one suite, but got " + std::to_string(words.size()) + " words."};
  }
  if (words.empty()) return Ok();
  if (LooksLikeFlag(words[0])) return UnexpectedWord(words[0], spec);
  if (!config.commands.e2e.empty()) {
    if (!config.commands.e2e.contains(words[0])) return UnknownSuite(words[0], config);
  } else if (!RE2::FullMatch(words[0], R"([A-Za-z0-9_.-]{1,64})")) {
    return Error{"the suite name " + Code(words[0]) +
                 " is refused: use letters, digits, `.`, `_` and `-` only."};
  }
  request.suite = words[0];
  return Ok();
}

Status ReadChecks(const CommandSpec& spec, const std::vector<std::string>& words,
                  const Config& config, Request& request) {
  std::vector<std::string> names;
  for (const PolicyCheck& check : config.policies) names.push_back(check.name);
  for (const std::string& word : words) {
    if (LooksLikeFlag(word)) return UnexpectedWord(word, spec);
    if (config.FindPolicy(word) == nullptr) {
      std::vector<std::string_view> views(names.begin(), names.end());
      std::string out = "there is no policy check " + Code(word) + ".";
      if (std::optional<std::string_view> close = ClosestMatch(word, views)) {
        out += " Did you mean " + Code(*close) + "?";
      }
      return Error{out + (names.empty() ? std::string(" This repository has no `policies`.")
                                        : " Checks in `policies`: " + CodeList(names) + ".")};
    }
    if (!Contains(request.checks, word)) request.checks.push_back(word);
  }
  return Ok();
}

Status ReadWords(const CommandSpec& spec, const std::vector<std::string>& words,
                 const Config& config, Request& request) {
  switch (spec.arguments) {
    case Arguments::kNone:
      return words.empty() ? Ok() : Status(UnexpectedWord(words.front(), spec));
    case Arguments::kAnything:
      return Ok();
    case Arguments::kLayers:
      return ReadLayerWords(spec, words, config, Environments::kRefused, request);
    case Arguments::kLayersOrEnvironment:
      return ReadLayerWords(spec, words, config, Environments::kAccepted, request);
    case Arguments::kOptionalLayer:
      return ReadOptionalLayer(spec, words, config, request);
    case Arguments::kOptionalSuite:
      return ReadSuite(spec, words, config, request);
    case Arguments::kChecks:
      return ReadChecks(spec, words, config, request);
  }
  return Ok();
}

}  // namespace

Result<Request> ReadSlashArguments(const CommandSpec& spec, const std::vector<std::string>& words,
                                   const Config& config) {
  Request request;
  request.verb = spec.verb;
  Status status = ReadWords(spec, words, config, request);
  if (!status.ok()) return status.error();
  if (spec.scope == DefaultScope::kAllLayers && request.layers.empty()) {
    request.all_layers = true;
  }
  return request;
}

}  // namespace infra_flash
