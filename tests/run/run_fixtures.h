// Hand-built configs for the runner's tests (the YAML loader is tested elsewhere).
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace infra_flash::testing {

inline Layer MakeLayer(std::string name, std::string dir, Engine engine,
                       std::vector<std::string> depends_on, std::string environment = "") {
  Layer layer;
  layer.name = std::move(name);
  layer.dir = std::move(dir);
  layer.engine = engine;
  layer.depends_on = std::move(depends_on);
  layer.environment = std::move(environment);
  return layer;
}

// The example monorepo's layers (bootstrap -> platform -> data-staging / data-prod),
// plus a tofu layer, with staging, prod and test environments.
inline Config ExampleConfig() {
  Config config;
  config.file = "/ws/.infra-flash.yml";
  config.layers = {
      MakeLayer("bootstrap", "bootstrap", Engine::kTerraform, {}),
      MakeLayer("platform", "platform", Engine::kTerragrunt, {"bootstrap"}),
      MakeLayer("data-staging", "envs/staging/data", Engine::kTerragrunt, {"platform"}, "staging"),
      MakeLayer("data-prod", "envs/prod/data", Engine::kTerragrunt, {"platform"}, "prod"),
      MakeLayer("network", "libs/network", Engine::kTofu, {}),
  };
  Environment staging;
  staging.name = "staging";
  staging.state_key = "staging/terraform.tfstate";
  staging.var_files = {"envs/staging.tfvars"};
  staging.env = {{"AWS_PROFILE", "staging"}, {"TF_VAR_region", "eu-west-1"}};
  Environment prod;
  prod.name = "prod";
  prod.state_key = "prod/terraform.tfstate";
  prod.var_files = {"envs/prod.tfvars"};
  Environment test;
  test.name = "test";
  test.state_key = "test/pr/{layer}.tfstate";
  test.var_files = {"envs/test.tfvars"};
  config.environments = {{"staging", staging}, {"prod", prod}, {"test", test}};
  return config;
}

inline Layer& MutableLayer(Config& config, const std::string& name) {
  for (Layer& layer : config.layers) {
    if (layer.name == name) return layer;
  }
  return config.layers.front();
}

}  // namespace infra_flash::testing
