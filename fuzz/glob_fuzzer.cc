// Input: first line a glob pattern, each further line a path to match. Beyond "no
// crash": a pattern that translates also compiles (the config loader relies on it), a
// compiled Glob and a GlobSet holding the same pattern agree on every path (RE2 and
// RE2::Set must not drift apart), and only `**` or a literal `/` ever lets a match cross
// a segment: `*`, `?` and `[...]` never match `/` (config/glob.h).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/strings.h"
#include "config/glob.h"
#include "invariants.h"

namespace {

using infra_flash::fuzzing::Violated;

// The `/` of `pattern` that a path must contain: those outside `[...]` classes,
// escaped or not. Braces may hold `/` in some alternatives only, so every one counts as
// an upper bound.
std::size_t LiteralSlashes(std::string_view pattern) {
  std::size_t slashes = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '/') ++slashes;
      ++i;
    } else if (pattern[i] == '[') {
      std::size_t j = i + 1;
      if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) ++j;
      const std::size_t first = j;
      for (; j < pattern.size() && (pattern[j] != ']' || j == first); ++j) {
        if (pattern[j] == '\\') ++j;
      }
      i = j;
    } else if (pattern[i] == '/') {
      ++slashes;
    }
  }
  return slashes;
}

std::size_t Count(std::string_view text, char c) {
  std::size_t n = 0;
  for (char x : text) n += x == c ? 1 : 0;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto lines = infra_flash::SplitLines(input);
  if (lines.empty()) return 0;
  const std::string_view pattern = lines[0];
  auto glob = infra_flash::Glob::Compile(pattern);
  auto set = infra_flash::GlobSet::Compile({std::string(pattern), "**/*.md", "docs/**"});
  if (glob.ok() != set.ok()) Violated("Glob and GlobSet disagree on compiling", pattern);
  // The config loader checks patterns with GlobToRegex only, and LayerIndex relies on it.
  if (infra_flash::GlobToRegex(pattern).ok() && !glob.ok()) {
    Violated("a pattern GlobToRegex accepts does not compile:", glob.error().message);
  }
  const bool bounded = pattern.find("**") == std::string_view::npos && !pattern.ends_with('/');
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view path = lines[i];
    if (!glob.ok()) continue;
    const bool matches = glob->Matches(path);
    const std::vector<int> indices = set->Match(path);
    const bool set_matches = !indices.empty() && indices.front() == 0;
    if (matches != set_matches) Violated("Glob and GlobSet disagree on", path);
    if (set->MatchesAny(path) != !indices.empty()) Violated("MatchesAny disagrees with Match");
    if (matches && bounded && Count(path, '/') > LiteralSlashes(pattern)) {
      Violated("a match crossed a segment without `**`:",
               std::string(pattern) + " ~ " + std::string(path));
    }
  }
  return 0;
}
