// yaml_tree: untrusted YAML text -> a small immutable tree with a position on every node.
// Built from yaml-cpp's event parser (not YAML::Node) so that the loader can see what
// YAML::Node hides: duplicate keys, quoted vs plain scalars, key positions. Hostile input is
// bounded: the text (kMaxYamlBytes), nesting (kMaxYamlDepth) and the node count with every
// alias expanded (kMaxYamlNodes, so "billion laughs" is refused while it is still small).
// Exactly one document is accepted. Merge keys (`<<: *base`) are applied. yaml-cpp's
// exceptions stop here: every failure is an Error with the file, line and column.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace infra_flash {

inline constexpr std::size_t kMaxYamlBytes = 1u << 20;
inline constexpr std::size_t kMaxYamlNodes = 100'000;
inline constexpr int kMaxYamlDepth = 64;

struct YamlNode;
using YamlNodePtr = std::shared_ptr<const YamlNode>;  // shared: an alias reuses its anchor's node

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  // kPlain scalars are resolved by the YAML 1.2 core schema (true, 12, ...); kQuoted ones
  // (quoted, block, or tagged !!str) are always strings.
  enum class Style { kPlain, kQuoted };

  Kind kind = Kind::kNull;
  Style style = Style::kPlain;
  std::string text;                // kScalar
  std::vector<YamlNodePtr> items;  // kSequence
  std::vector<std::pair<YamlNodePtr, YamlNodePtr>>
      entries;             // kMap, in file order; keys are scalars
  int line = 0;            // 1-based
  int column = 0;          // 1-based
  std::size_t weight = 1;  // nodes below and including this one, aliases expanded
};

// The root of the single document in `text`. `file` names it in errors. Errors: an empty
// document, a syntax error, several documents, a duplicate key, a non-scalar key, an
// unsupported tag, or one of the limits above.
//
// Two readers build the same tree: yaml_block.h's fast one for the common subset, yaml-cpp
// for everything else (and for every error). kAny picks; the others are for the check that
// holds them to each other (fuzz/config_fuzzer.cc, tests/config/yaml_tree_test.cc).
enum class YamlReader { kAny, kYamlCpp, kBlockOnly };
Result<YamlNodePtr> ParseYamlTree(std::string_view text, const std::string& file,
                                  YamlReader reader = YamlReader::kAny);

// Whether two trees are the same: kinds, styles, texts, positions and entries, in order.
bool SameYamlTree(const YamlNode& a, const YamlNode& b);

}  // namespace infra_flash
