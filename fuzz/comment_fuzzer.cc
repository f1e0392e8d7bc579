// Input: a PR comment body, parsed against the example monorepo's layers.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "command/command.h"

namespace {

infra_flash::Config MakeConfig() {
  infra_flash::Config config;
  for (const char* name : {"bootstrap", "platform", "data-staging", "data-prod"}) {
    infra_flash::Layer layer;
    layer.name = name;
    layer.dir = name;
    config.layers.push_back(layer);
  }
  config.environments["staging"].name = "staging";
  config.commands.aliases["infra dig"] = "/health";
  config.commands.e2e["smoke"] = {"make", "e2e"};
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const infra_flash::Config config = MakeConfig();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  infra_flash::CommentResult result = infra_flash::ParseComment(body, config);
  // Whatever comes back must be one coherent outcome.
  if (result.kind == infra_flash::CommentKind::kReply && result.reply.empty()) std::abort();
  for (const auto& arg : result.request.extra_args) {
    if (arg.empty() || arg[0] != '-') std::abort();  // extra args are always flags
  }
  return 0;
}
