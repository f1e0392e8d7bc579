// The config the command tests parse against, built by hand: the layers of
// examples/monorepo plus suites and custom aliases. Tests do not load YAML.
#pragma once

#include <string>
#include <vector>

#include "command/command.h"
#include "config/config.h"

namespace infra_flash::testing {

inline Layer MakeLayer(std::string name, std::string dir, std::string environment = "") {
  Layer layer;
  layer.name = std::move(name);
  layer.dir = std::move(dir);
  layer.environment = std::move(environment);
  return layer;
}

inline Config TestConfig() {
  Config config;
  config.file = ".infra-flash.yml";
  config.layers = {
      MakeLayer("bootstrap", "bootstrap"),
      MakeLayer("platform", "platform"),
      MakeLayer("data-staging", "envs/staging/data", "staging"),
      MakeLayer("data-prod", "envs/prod/data", "prod"),
  };
  config.environments["staging"].name = "staging";
  config.environments["prod"].name = "prod";
  config.commands.e2e["smoke"] = {"make", "e2e-smoke"};
  config.commands.e2e["full"] = {"make", "e2e"};
  config.commands.aliases["ship it"] = "/apply";
  config.commands.aliases["infra dig"] = "/health";
  config.commands.aliases["deploy staging"] = "/apply staging";
  config.commands.aliases["/deploy"] = "/apply";
  config.commands.aliases["broken"] = "nonsense";
  return config;
}

// One expected outcome of ParseComment. Fields left at their defaults are expected
// to be empty/false, so each row states everything the command must carry.
struct Case {
  const char* name;
  std::string body;
  CommentKind kind;
  Verb verb = Verb::kHelp;
  std::vector<std::string> layers = {};
  bool all_layers = false;
  std::string environment = {};
  std::vector<std::string> extra = {};
  std::string suite = {};
  std::string alias = {};
  std::string reply_contains = {};  // for kReply: a substring of the reply
};

}  // namespace infra_flash::testing
