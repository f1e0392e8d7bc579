// Input: first line a glob pattern, each further line a path to match.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "config/glob.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto lines = infra_flash::SplitLines(input);
  if (lines.empty()) return 0;
  auto glob = infra_flash::Glob::Compile(lines[0]);
  auto set = infra_flash::GlobSet::Compile({std::string(lines[0]), "**/*.md", "docs/**"});
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (glob.ok()) (void)glob->Matches(lines[i]);
    if (set.ok()) (void)set->Match(lines[i]);
  }
  return 0;
}
