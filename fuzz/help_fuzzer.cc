// Input: a `.infra-flash.yml`. A config author (anyone who can open a PR) controls layer,
// environment, suite and alias names, and all of them reach /help and other replies.
// When the config loads: /help fits in one comment and is safe markdown, and the
// comments that use those names (each alias phrase, `/plan LAYER`, `/apply ENV`,
// `/e2e SUITE`) give coherent, safe outcomes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "command/command.h"
#include "config/config.h"
#include "invariants.h"

namespace {

using infra_flash::fuzzing::CheckCommentResult;

// A bounded set of comments built from the config's names.
std::vector<std::string> CommentsFor(const infra_flash::Config& config) {
  std::vector<std::string> comments = {"/help", "/plan", "/apply", "/e2e", "/plan all -- -destroy"};
  std::size_t budget = 64;
  auto add = [&](std::string text) {
    if (budget > 0) {
      --budget;
      comments.push_back(std::move(text));
    }
  };
  for (const auto& [phrase, command] : config.commands.aliases) {
    add(phrase);
    add(phrase + " -- -target=a.b");
  }
  for (const infra_flash::Layer& layer : config.layers) add("/plan " + layer.name);
  for (const auto& [name, environment] : config.environments) add("/apply " + name);
  for (const auto& [name, argv] : config.commands.e2e) add("/e2e " + name);
  return comments;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = infra_flash::ParseConfig(text, "fuzz.yml");
  if (!config.ok()) return 0;
  infra_flash::fuzzing::CheckReply(infra_flash::HelpText(*config));
  for (const std::string& comment : CommentsFor(*config)) {
    CheckCommentResult(infra_flash::ParseComment(comment, *config), *config);
  }
  return 0;
}
