// The packaging files as the checks in tests/ship see them: the Action's YAML files read
// with yaml-cpp (its exceptions turned into Error values with the position), the same
// files read as text where comments matter (the version after a pinned SHA), and the
// rules GitHub and our supply-chain policy apply to them. Header-only: the test binaries
// of this folder are its only users.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/strings.h"

namespace infra_flash::ship {

inline const std::string kSource = INFRA_FLASH_SOURCE_DIR;

// The file at `relative_path` under the repository root, as text.
inline Result<std::string> ReadRepoFile(const std::string& relative_path) {
  return ReadFile(kSource + "/" + relative_path);
}

// The YAML document in `text`; a syntax error names `file` and the 1-based position.
inline Result<YAML::Node> ParseYaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Error{e.msg, file, e.mark.line + 1, e.mark.column + 1};
  }
}

inline Result<YAML::Node> LoadYaml(const std::string& relative_path) {
  auto text = ReadRepoFile(relative_path);
  if (!text.ok()) return text.error();
  return ParseYaml(*text, relative_path);
}

// The workflows GitHub runs (.github/workflows) and the ones users copy
// (examples/workflows), as paths relative to the repository root, sorted.
inline std::vector<std::string> WorkflowFiles() {
  std::vector<std::string> files;
  for (const char* folder : {".github/workflows", "examples/workflows"}) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(kSource + "/" + folder, error)) {
      const std::string extension = entry.path().extension().string();
      if (extension == ".yml" || extension == ".yaml") {
        files.push_back(std::string(folder) + "/" + entry.path().filename().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// How a `uses:` value is pinned.
enum class UsesKind {
  kLocal,         // ./path: this repository, at the commit that runs
  kPinnedCommit,  // owner/repo[/path]@<40 lowercase hex>: immutable
  kDockerDigest,  // docker://image@sha256:<64 lowercase hex>: immutable
  kUnpinned,      // a tag, a branch, a short SHA, a docker tag: can be moved under us
};

inline UsesKind ClassifyUses(std::string_view value) {
  static const std::regex pinned(R"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@\s]+)?@[0-9a-f]{40})");
  static const std::regex docker(R"(docker://[^@\s]+@sha256:[0-9a-f]{64})");
  const std::string text(value);
  if (text == "." || text.rfind("./", 0) == 0) return UsesKind::kLocal;
  if (std::regex_match(text, docker)) return UsesKind::kDockerDigest;
  if (std::regex_match(text, pinned)) return UsesKind::kPinnedCommit;
  return UsesKind::kUnpinned;
}

// One `uses:` line of a workflow's text.
struct UsesLine {
  int line = 0;         // 1-based
  std::string value;    // unquoted
  std::string comment;  // after '#', trimmed; empty when none
};

// Every `uses:` key in the text (`uses:` or `- uses:` at the start of a line), so that
// the comment after a pinned SHA, which YAML parsers drop, can be checked.
inline std::vector<UsesLine> FindUses(std::string_view text) {
  static const std::regex uses_line(
      R"(^\s*(?:-\s+)?uses:\s*(["']?)([^"'\s#]+)\1\s*(?:#\s*(.*))?$)");
  std::vector<UsesLine> found;
  int number = 0;
  for (std::string_view line : SplitLines(text)) {
    ++number;
    std::smatch match;
    const std::string copy(line);
    if (std::regex_match(copy, match, uses_line)) {
      found.push_back({number, match[2].str(), std::string(Trim(match[3].str()))});
    }
  }
  return found;
}

// A version comment after a pinned SHA: "v4.2.2", "v1 (replace …)".
inline bool IsVersionComment(std::string_view comment) {
  return comment.size() >= 2 && comment[0] == 'v' && comment[1] >= '0' && comment[1] <= '9';
}

// Action input and output names: lower-case words joined by single hyphens.
inline bool IsKebabCase(std::string_view name) {
  static const std::regex kebab("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  return std::regex_match(std::string(name), kebab);
}

// A line of a `run:` script that prints a *TOKEN variable to the log instead of piping
// it into a command (`printf '%s' "$TOKEN" | docker login --password-stdin` is fine).
inline bool PrintsToken(std::string_view line) {
  static const std::regex prints(R"(\b(echo|printf)\b.*\$\{?[A-Za-z_]*TOKEN)");
  const std::string copy(line);
  return std::regex_search(copy, prints) && copy.find('|') == std::string::npos;
}

// The node at a dotted path ("jobs.plan.permissions.contents"; numbers index
// sequences); an undefined node when any part is missing. Recursive on purpose: yaml-cpp's
// Node::operator= writes through to the tree, so a loop re-assigning a Node would edit it.
inline YAML::Node LookupParts(const YAML::Node& node, const std::vector<std::string>& parts,
                              std::size_t index) {
  if (index == parts.size()) return node;
  const std::string& part = parts[index];
  if (node.IsSequence()) {
    const bool numeric = !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit);
    if (!numeric || std::stoul(part) >= node.size()) return YAML::Node(YAML::NodeType::Undefined);
    return LookupParts(node[std::stoul(part)], parts, index + 1);
  }
  if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node child = node[part];
  if (!child.IsDefined()) return YAML::Node(YAML::NodeType::Undefined);
  return LookupParts(child, parts, index + 1);
}

inline YAML::Node Lookup(const YAML::Node& root, const std::string& path) {
  return LookupParts(root, Split(path, '.'), 0);
}

// The node's scalar text, or "" when it is not a scalar.
inline std::string ScalarOr(const YAML::Node& node) {
  return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
}

}  // namespace infra_flash::ship
