// Input: a PR comment body, parsed against the example monorepo's layers. Beyond "no
// crash", every outcome must be coherent and safe to act on (request_invariants.h):
// extra args only from the allowlist, names only from the config, replies that quote
// user text only inside code spans. Parsing is also deterministic.
#include <cstdint>
#include <string_view>

#include "command/command.h"
#include "invariants.h"

namespace {

infra_flash::Config MakeConfig() {
  infra_flash::Config config;
  for (const char* name : {"bootstrap", "platform", "data-staging", "data-prod"}) {
    infra_flash::Layer layer;
    layer.name = name;
    layer.dir = name;
    config.layers.push_back(layer);
  }
  config.layers[2].environment = "staging";
  config.layers[3].environment = "prod";
  config.environments["staging"].name = "staging";
  config.environments["prod"].name = "prod";
  config.commands.aliases["infra dig"] = "/health";
  config.commands.aliases["ship it"] = "/apply staging";
  config.commands.e2e["smoke"] = {"make", "e2e"};
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const infra_flash::Config config = MakeConfig();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  infra_flash::CommentResult result = infra_flash::ParseComment(body, config);
  infra_flash::fuzzing::CheckCommentResult(result, config);
  infra_flash::CommentResult again = infra_flash::ParseComment(body, config);
  if (again.kind != result.kind || again.reply != result.reply ||
      again.request.extra_args != result.request.extra_args) {
    infra_flash::fuzzing::Violated("ParseComment is not deterministic");
  }
  return 0;
}
