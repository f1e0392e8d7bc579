// Input: a `.infra-flash.yml`. When it loads, the layer index is built and queried.
#include <cstdint>
#include <string_view>

#include "config/config.h"
#include "layers/layers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = infra_flash::ParseConfig(text, "fuzz.yml");
  if (!config.ok()) return 0;
  auto index = infra_flash::LayerIndex::Build(*config);
  if (!index.ok()) return 0;
  (void)index->Resolve({"platform/main.tf", "libs/x/y.tf", "docs/a.md", "a", ""});
  (void)infra_flash::FindCycle(*config);
  return 0;
}
