// Input: "<event name>\n<payload JSON>", decided against the example monorepo's config
// as `infra-flash explain` does. This is the path a hostile comment or dispatch takes
// end to end: whatever the payload, the decision is coherent (a command has a valid
// request and ordered layers, a reply is safe markdown, nothing-to-do says why).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "decision/decision.h"
#include "event/event.h"
#include "invariants.h"
#include "layers/layers.h"

namespace {

using infra_flash::fuzzing::Violated;

// examples/monorepo/.infra-flash.yml, plus what the example leaves out (aliases, e2e
// suites) so that every branch of the command parser is reachable.
constexpr std::string_view kConfig = R"(version: 1
engine: terragrunt
layers:
  bootstrap: { dir: bootstrap, engine: terraform, auto_apply: false }
  platform: { dir: platform, depends_on: [bootstrap] }
  data-staging: { dir: envs/staging/data, depends_on: [platform], environment: staging }
  data-prod: { dir: envs/prod/data, depends_on: [platform], environment: prod }
triggers:
  - { paths: ["libs/**"], layers: all }
ignore: ["docs/**", "**/*.md"]
environments:
  staging: { state_key: staging/terraform.tfstate, var_files: [envs/staging.tfvars] }
  prod: { state_key: prod/terraform.tfstate, require: [approved, mergeable] }
commands:
  e2e: { smoke: [make, e2e-smoke] }
  aliases: { "ship it": "/apply staging" }
)";

struct Fixture {
  infra_flash::Config config;
  infra_flash::LayerIndex index;
};

const Fixture& GetFixture() {
  static const Fixture* fixture = [] {
    auto config = infra_flash::ParseConfig(kConfig, "fuzz.yml");
    if (!config.ok()) Violated("the fuzz config does not load:", config.error().ToString());
    auto index = infra_flash::LayerIndex::Build(*config);
    if (!index.ok()) Violated("the fuzz config's index does not build");
    return new Fixture{std::move(config).value(), std::move(index).value()};
  }();
  return *fixture;
}

void CheckDecision(const infra_flash::Decision& decision, const infra_flash::Config& config) {
  using infra_flash::Intent;
  infra_flash::fuzzing::CheckWaves(config, decision.layers, decision.waves);
  if (decision.command) infra_flash::fuzzing::CheckRequest(*decision.command, config);
  switch (decision.intent) {
    case Intent::kNone:
      if (decision.reason.empty()) Violated("nothing to do, without a reason");
      if (decision.event.trigger != infra_flash::Trigger::kIgnored) Violated("none, not ignored");
      if (!decision.layers.empty()) Violated("nothing to do, but layers");
      break;
    case Intent::kCommand:
      if (!decision.command) Violated("a command intent without a command");
      break;
    case Intent::kReply:
      infra_flash::fuzzing::CheckReply(decision.reply);
      if (!decision.layers.empty()) Violated("a reply selects layers");
      break;
    default:
      break;
  }
  if (decision.reason.find('\n') != std::string::npos) Violated("a reason of several lines");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Fixture& fixture = GetFixture();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t newline = input.find('\n');
  std::string_view name =
      newline == std::string_view::npos ? "issue_comment" : input.substr(0, newline);
  std::string_view payload = newline == std::string_view::npos ? input : input.substr(newline + 1);
  auto event = infra_flash::ParseEvent(name, payload);
  if (!event.ok()) return 0;
  static const std::vector<std::vector<std::string>> kChanged = {
      {}, {"platform/main.tf", "docs/x.md", "nowhere/a"}, {"libs/a/b.tf"}};
  for (const auto& changed : kChanged) {
    CheckDecision(infra_flash::Decide(*event, fixture.config, fixture.index, changed),
                  fixture.config);
  }
  return 0;
}
