#include "config/yaml_tree.h"

#include <sstream>
#include <unordered_map>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "config/yaml_block.h"
#include "config/yaml_values.h"

namespace infra_flash {
namespace {

// Thrown from inside yaml-cpp's callbacks to stop the parse; never leaves this file.
struct TreeError {
  Error error;
};

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

std::shared_ptr<YamlNode> NewNode(YamlNode::Kind kind, const YAML::Mark& mark) {
  auto node = std::make_shared<YamlNode>();
  node->kind = kind;
  node->line = mark.line + 1;
  node->column = mark.column + 1;
  return node;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(const std::string& file) : file_(file) {}

  YamlNodePtr root() const { return root_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      Fail(mark, "a second YAML document starts here; .infra-flash.yml holds exactly one");
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Count(mark, 1);
    Complete(NewNode(YamlNode::Kind::kNull, mark), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      Fail(mark,
           "this alias refers to a node that contains it; a YAML value cannot include itself");
    }
    Count(mark, it->second->weight);
    Attach(it->second);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Count(mark, 1);
    auto node = NewNode(YamlNode::Kind::kScalar, mark);
    node->style = ScalarStyle(mark, tag);
    node->text = value;
    Complete(node, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(YamlNode::Kind::kSequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(YamlNode::Kind::kMap, mark, tag, anchor);
  }
  void OnMapEnd() override {
    ApplyMerges(stack_.back());
    Close();
  }

 private:
  struct Frame {
    std::shared_ptr<YamlNode> node;
    YAML::anchor_t anchor = 0;
    YamlNodePtr pending_key;                    // maps: the key waiting for its value
    std::unordered_map<std::string, int> keys;  // maps: key text -> line, for duplicates
    std::vector<YamlNodePtr> merges;            // maps: values of `<<` keys, in order
  };

  [[noreturn]] void Fail(const YAML::Mark& mark, std::string message) const {
    throw TreeError{Error{std::move(message), file_, mark.line + 1, mark.column + 1}};
  }
  [[noreturn]] void Fail(const YamlNode& node, std::string message) const {
    throw TreeError{Error{std::move(message), file_, node.line, node.column}};
  }

  // Counts nodes as if every alias were expanded, so the cost of a document to its reader is
  // known before anyone walks it.
  void Count(const YAML::Mark& mark, std::size_t nodes) {
    total_ += nodes;
    if (total_ > kMaxYamlNodes) {
      Fail(mark, "the document expands to more than " + std::to_string(kMaxYamlNodes) +
                     " YAML values (aliases included); a config never needs that many");
    }
  }

  YamlNode::Style ScalarStyle(const YAML::Mark& mark, std::string_view tag) const {
    if (tag == "?") return YamlNode::Style::kPlain;
    if (tag == "!" || tag == std::string(kCoreTagPrefix) + "str") return YamlNode::Style::kQuoted;
    if (tag.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix) return YamlNode::Style::kPlain;
    Fail(mark, "the YAML tag `" + Shown(tag) + "` is not supported here; remove it");
  }

  void Open(YamlNode::Kind kind, const YAML::Mark& mark, std::string_view tag,
            YAML::anchor_t anchor) {
    if (tag != "?" && tag != "!" && tag.substr(0, kCoreTagPrefix.size()) != kCoreTagPrefix) {
      Fail(mark, "the YAML tag `" + Shown(tag) + "` is not supported here; remove it");
    }
    if (static_cast<int>(stack_.size()) >= kMaxYamlDepth) {
      Fail(mark, "values are nested more than " + std::to_string(kMaxYamlDepth) +
                     " levels deep; a config never needs that");
    }
    Count(mark, 1);
    stack_.push_back(Frame{NewNode(kind, mark), anchor, nullptr, {}, {}});
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Complete(frame.node, frame.anchor);
  }

  void Complete(const YamlNodePtr& node, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = node;
    Attach(node);
  }

  void Attach(const YamlNodePtr& node) {
    if (stack_.empty()) {
      root_ = node;
      return;
    }
    Frame& parent = stack_.back();
    parent.node->weight += node->weight;
    if (parent.node->kind == YamlNode::Kind::kSequence) {
      parent.node->items.push_back(node);
    } else if (parent.pending_key == nullptr) {
      AcceptKey(parent, node);
    } else {
      AcceptValue(parent, node);
    }
  }

  static bool IsMergeKey(const YamlNode& key) {
    return key.style == YamlNode::Style::kPlain && key.text == "<<";
  }

  void AcceptKey(Frame& map, const YamlNodePtr& key) {
    if (key->kind != YamlNode::Kind::kScalar) {
      Fail(*key, key->kind == YamlNode::Kind::kNull
                     ? "this key is empty; every key needs a name"
                     : "keys must be plain names, not lists or maps");
    }
    if (!IsMergeKey(*key)) {
      auto [it, inserted] = map.keys.emplace(key->text, key->line);
      if (!inserted) {
        Fail(*key, "duplicate key `" + Shown(key->text) + "` (first on line " +
                       std::to_string(it->second) + "); YAML would silently keep only one");
      }
    }
    map.pending_key = key;
  }

  void AcceptValue(Frame& map, const YamlNodePtr& value) {
    YamlNodePtr key = std::move(map.pending_key);
    map.pending_key = nullptr;
    if (IsMergeKey(*key)) {
      map.merges.push_back(value);
      return;
    }
    if (value->kind == YamlNode::Kind::kNull && value->line != key->line) {
      // An empty value has no text of its own: point at its key, not at the next line.
      auto moved = std::make_shared<YamlNode>(*value);
      moved->line = key->line;
      moved->column = key->column;
      map.node->entries.emplace_back(key, moved);
      return;
    }
    map.node->entries.emplace_back(key, value);
  }

  // `<<: *base` or `<<: [*a, *b]`: the merged maps' entries fill in keys the map lacks.
  void ApplyMerges(Frame& map) {
    for (const YamlNodePtr& merge : map.merges) {
      if (merge->kind == YamlNode::Kind::kMap) {
        MergeFrom(map, *merge);
        continue;
      }
      if (merge->kind != YamlNode::Kind::kSequence) {
        Fail(*merge, "`<<` merges a map, as in `<<: *defaults`");
      }
      for (const YamlNodePtr& item : merge->items) {
        if (item->kind != YamlNode::Kind::kMap) Fail(*item, "`<<` merges maps only");
        MergeFrom(map, *item);
      }
    }
  }

  static void MergeFrom(Frame& map, const YamlNode& source) {
    for (const auto& entry : source.entries) {
      if (map.keys.emplace(entry.first->text, entry.first->line).second) {
        map.node->entries.push_back(entry);
      }
    }
  }

  const std::string& file_;
  int documents_ = 0;
  std::size_t total_ = 0;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, YamlNodePtr> anchors_;
  YamlNodePtr root_;
};

// Line `line` (1-based) of `text`, or "".
std::string_view LineOf(std::string_view text, int line) {
  for (int current = 1; current < line; ++current) {
    std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos) return {};
    text.remove_prefix(newline + 1);
  }
  return text.substr(0, text.find('\n'));
}

// yaml-cpp's messages name the grammar; most real mistakes are tabs or indentation.
std::string SyntaxHint(std::string_view text, int line, std::string_view message) {
  for (int candidate : {line, line - 1}) {
    std::string_view content = LineOf(text, candidate);
    std::size_t indent = content.find_first_not_of(" \t");
    if (content.substr(0, indent).find('\t') != std::string_view::npos) {
      return " (line " + std::to_string(candidate) +
             " is indented with a tab; YAML indents with spaces only)";
    }
  }
  if (message.find("anchor") != std::string_view::npos) return "";
  return " (check the indentation and the brackets and quotes up to here)";
}

}  // namespace

Result<YamlNodePtr> ParseYamlTree(std::string_view text, const std::string& file,
                                  YamlReader reader) {
  if (text.size() > kMaxYamlBytes) {
    return Error{"the file is " + std::to_string(text.size()) + " bytes; the limit is " +
                     std::to_string(kMaxYamlBytes) + " (1 MiB)",
                 file, 1, 1};
  }
  if (reader != YamlReader::kYamlCpp) {
    TreeBuilder fast(file);
    try {
      if (ReadBlockYaml(text, fast) && fast.root() != nullptr) return fast.root();
    } catch (const TreeError&) {
      // A problem the tree finds (a duplicate key, too many values): yaml-cpp reads the
      // text below and reports it, with any syntax error before it first.
    }
    if (reader == YamlReader::kBlockOnly) {
      return Error{"outside the subset the fast reader reads", file, 1, 1};
    }
  }
  std::istringstream stream{std::string(text)};
  TreeBuilder builder(file);
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const TreeError& failure) {
    return failure.error;
  } catch (const YAML::Exception& failure) {
    int line = failure.mark.is_null() ? 0 : failure.mark.line + 1;
    int column = failure.mark.is_null() ? 0 : failure.mark.column + 1;
    return Error{"YAML syntax error: " + OneLine(failure.msg) + SyntaxHint(text, line, failure.msg),
                 file, line, column};
  } catch (const std::exception& failure) {
    return Error{std::string("could not read the YAML: ") + failure.what(), file, 1, 1};
  }
  if (builder.root() == nullptr) {
    return Error{"the file is empty; it needs at least `version: 1`", file, 1, 1};
  }
  return builder.root();
}

bool SameYamlTree(const YamlNode& a, const YamlNode& b) {
  if (a.kind != b.kind || a.style != b.style || a.text != b.text || a.line != b.line ||
      a.column != b.column || a.weight != b.weight || a.items.size() != b.items.size() ||
      a.entries.size() != b.entries.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    if (!SameYamlTree(*a.items[i], *b.items[i])) return false;
  }
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    if (!SameYamlTree(*a.entries[i].first, *b.entries[i].first) ||
        !SameYamlTree(*a.entries[i].second, *b.entries[i].second)) {
      return false;
    }
  }
  return true;
}

}  // namespace infra_flash
