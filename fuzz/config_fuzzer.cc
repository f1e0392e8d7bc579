// Input: a `.infra-flash.yml`. The fast YAML reader (config/yaml_block.h) must build
// exactly yaml-cpp's tree wherever it reads the text at all. When it loads, what the
// loader promises must hold
// (config/config.h: known layers in depends_on, no cycle, globs that compile), and the
// layer index built from it must order every resolution correctly: the waves hold the
// affected layers once each, and no layer runs before a layer it depends on.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/yaml_tree.h"
#include "invariants.h"
#include "layers/layers.h"

namespace {

using infra_flash::fuzzing::CheckWaves;
using infra_flash::fuzzing::Violated;

// Paths that reach every rule: each layer's dir and a file in it, plus some that match
// common globs or nothing at all.
std::vector<std::string> ProbePaths(const infra_flash::Config& config) {
  std::vector<std::string> paths = {
      "platform/main.tf", "libs/x/y.tf", "docs/a.md", "a", "", "./a/b", "README.md"};
  for (const infra_flash::Layer& layer : config.layers) {
    if (paths.size() > 64) break;
    paths.push_back(layer.dir);
    paths.push_back(layer.dir + "/main.tf");
  }
  return paths;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fast = infra_flash::ParseYamlTree(text, "fuzz.yml", infra_flash::YamlReader::kBlockOnly);
  if (fast.ok()) {
    auto reference =
        infra_flash::ParseYamlTree(text, "fuzz.yml", infra_flash::YamlReader::kYamlCpp);
    if (!reference.ok()) {
      Violated("the fast YAML reader accepted what yaml-cpp refuses:", reference.error().message);
    }
    if (!infra_flash::SameYamlTree(**fast, **reference)) {
      Violated("the fast YAML reader's tree differs from yaml-cpp's");
    }
  }
  auto config = infra_flash::ParseConfig(text, "fuzz.yml");
  if (!config.ok()) {
    if (config.error().message.empty()) Violated("an error without a message");
    return 0;
  }
  for (const infra_flash::Layer& layer : config->layers) {
    for (const std::string& dependency : layer.depends_on) {
      if (config->FindLayer(dependency) == nullptr) Violated("unknown layer in depends_on");
    }
  }
  if (!infra_flash::FindCycle(*config).empty()) Violated("a config with a cycle loaded");
  auto index = infra_flash::LayerIndex::Build(*config);
  if (!index.ok()) Violated("a loaded config's globs do not compile:", index.error().message);
  infra_flash::Resolution resolution = index->Resolve(ProbePaths(*config));
  CheckWaves(*config, resolution.layers, resolution.waves);
  std::vector<std::string> names;
  for (const infra_flash::Layer& layer : config->layers) names.push_back(layer.name);
  CheckWaves(*config, names, infra_flash::Waves(*config, names));
  return 0;
}
