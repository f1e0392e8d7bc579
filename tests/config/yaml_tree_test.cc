// The YAML tree: positions, scalar styles, merge keys, aliases, and the limits.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "config/yaml_tree.h"

namespace infra_flash {
namespace {

YamlNodePtr MustParse(const std::string& yaml) {
  Result<YamlNodePtr> tree = ParseYamlTree(yaml, "t.yml");
  EXPECT_TRUE(tree.ok()) << tree.error().ToString();
  return tree.ok() ? *tree : std::make_shared<YamlNode>();
}

TEST(YamlTree, KeepsPositionsAndStyles) {
  YamlNodePtr root = MustParse("a: 1\nb: \"2\"\nc:\n  - x\n  - 'y'\n");
  ASSERT_EQ(root->kind, YamlNode::Kind::kMap);
  ASSERT_EQ(root->entries.size(), 3u);
  const auto& [a_key, a] = root->entries[0];
  EXPECT_EQ(a_key->text, "a");
  EXPECT_EQ(a->style, YamlNode::Style::kPlain);
  EXPECT_EQ(a->line, 1);
  EXPECT_EQ(a->column, 4);
  EXPECT_EQ(root->entries[1].second->style, YamlNode::Style::kQuoted);
  const YamlNode& list = *root->entries[2].second;
  ASSERT_EQ(list.kind, YamlNode::Kind::kSequence);
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(list.items[1]->text, "y");
  EXPECT_EQ(list.items[1]->style, YamlNode::Style::kQuoted);
  EXPECT_EQ(list.items[1]->line, 5);
  EXPECT_EQ(list.items[1]->column, 5);
}

TEST(YamlTree, EmptyValuePointsAtItsKey) {
  YamlNodePtr root = MustParse("first: 1\nempty:\nlast: 2\n");
  const YamlNode& empty = *root->entries[1].second;
  EXPECT_EQ(empty.kind, YamlNode::Kind::kNull);
  EXPECT_EQ(empty.line, 2);
  EXPECT_EQ(empty.column, 1);
}

TEST(YamlTree, MergeKeysFillMissingKeysOnly) {
  YamlNodePtr root = MustParse(
      "base: &base {a: 1, b: 2}\nmore: &more {c: 3}\n"
      "x:\n  <<: [*base, *more]\n  b: 20\n");
  const YamlNode& x = *root->entries[2].second;
  ASSERT_EQ(x.entries.size(), 3u);  // b (own), a, c: no `<<` left
  EXPECT_EQ(x.entries[0].first->text, "b");
  EXPECT_EQ(x.entries[0].second->text, "20");
  EXPECT_EQ(x.entries[1].first->text, "a");
  EXPECT_EQ(x.entries[2].first->text, "c");
}

TEST(YamlTree, QuotedMergeKeyIsAnOrdinaryKey) {
  YamlNodePtr root = MustParse("\"<<\": 1\n");
  ASSERT_EQ(root->entries.size(), 1u);
  EXPECT_EQ(root->entries[0].first->text, "<<");
}

TEST(YamlTree, AliasesShareNodesAndCountTheirWeight) {
  YamlNodePtr root = MustParse("a: &x [1, 2, 3]\nb: *x\n");
  EXPECT_EQ(root->entries[0].second, root->entries[1].second);
  // map + 2 keys + 2 * (list + 3 items)
  EXPECT_EQ(root->weight, 11u);
}

TEST(YamlTree, LimitsHold) {
  std::string wide = "k:\n";
  for (std::size_t i = 0; i < kMaxYamlNodes; ++i) wide += "- 1\n";
  Result<YamlNodePtr> too_many = ParseYamlTree(wide, "t.yml");
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("more than 100000 YAML values"), std::string::npos);

  std::string deep(kMaxYamlDepth - 1, '[');
  deep += std::string(kMaxYamlDepth - 1, ']');
  EXPECT_TRUE(ParseYamlTree(deep, "t.yml").ok()) << "64 levels are allowed";
  std::string deeper(kMaxYamlDepth + 1, '[');
  deeper += std::string(kMaxYamlDepth + 1, ']');
  EXPECT_FALSE(ParseYamlTree(deeper, "t.yml").ok());

  // yaml-cpp's own recursion guard sits far above ours; either way it is an error, not a crash.
  std::string abyss(100000, '[');
  EXPECT_FALSE(ParseYamlTree(abyss, "t.yml").ok());
}

TEST(YamlTree, NonScalarKeysAreRefused) {
  Result<YamlNodePtr> tree = ParseYamlTree("? [a, b]\n: c\n", "t.yml");
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.error().ToString(), "t.yml:1:3: keys must be plain names, not lists or maps");
}

// The tree as text, for failure messages.
std::string Dump(const YamlNode& node, int depth = 0) {
  std::string out(static_cast<std::size_t>(depth) * 2, ' ');
  static const char* const kKinds[] = {"null", "scalar", "seq", "map"};
  out += std::string(kKinds[static_cast<int>(node.kind)]) + "@" + std::to_string(node.line) + ":" +
         std::to_string(node.column) + (node.style == YamlNode::Style::kQuoted ? " quoted" : "") +
         " [" + node.text + "]\n";
  for (const YamlNodePtr& item : node.items) out += Dump(*item, depth + 1);
  for (const auto& [key, value] : node.entries)
    out += Dump(*key, depth + 1) + Dump(*value, depth + 2);
  return out;
}

// The fast reader's promise: on any text it accepts, the same tree as yaml-cpp's.
// Returns whether it accepted.
bool ExpectReadersAgree(const std::string& text, const std::string& name) {
  Result<YamlNodePtr> fast = ParseYamlTree(text, "t.yml", YamlReader::kBlockOnly);
  if (!fast.ok()) return false;
  Result<YamlNodePtr> reference = ParseYamlTree(text, "t.yml", YamlReader::kYamlCpp);
  EXPECT_TRUE(reference.ok()) << name << ": the fast reader accepted what yaml-cpp refuses: "
                              << reference.error().ToString() << "\n"
                              << text;
  if (reference.ok()) {
    EXPECT_TRUE(SameYamlTree(**fast, **reference)) << name << "\n"
                                                   << text << "\nfast:\n"
                                                   << Dump(**fast) << "yaml-cpp:\n"
                                                   << Dump(**reference);
  }
  return true;
}

TEST(YamlTree, FastReaderAgreesWithYamlCppOnTheShapesConfigsUse) {
  const std::vector<std::string> accepted = {
      "a: 1\n",
      "a: 1\nb: \"two\"\nc: 'it''s'\n",
      "# comment\n\nversion: 1   # trailing\nengine: terragrunt\n",
      "a:\n  b:\n    c: x\n  d: y\ne: z\n",
      "list:\n  - a\n  - 'b'\n  - \"c\"\n",
      "list:\n- a\n- b\nnext: 1\n",
      "layers:\n  app:\n    dir: stacks/app\n    depends_on: [net, \"db\"]\n    when_modified: "
      "[]\n",
      "a:\n  - name: x\n    dir: y\n  - name: z\n    list:\n    - 1\n    - 2\n",
      "- a\n- b: 1\n  c: 2\n- d\n",
      "empty:\nnext: 1\n",
      "empty:   # nothing\nnext: 1\n",
      "a:\n  - x:\n    y: 1\n",
      "a: ~\nb: null\nc: Null\nd: NULL\n",
      "url: https://example.com/a#frag\nglob: \"**/*.tf\"\ncmd: echo a,b\n",
      "\"quoted key\": 1\n'single': 2\nkey with spaces: 3\n",
      "a: [ x , y ]\nb: ['p', \"q\"]  # c\n",
      "a: 1\nb:\n",
      "a: 1\n\n\n",
      "a: true\nb: 1.5\nc: 0x1F\n",
  };
  for (const std::string& text : accepted) {
    EXPECT_TRUE(ExpectReadersAgree(text, "snippet")) << "the fast reader declined:\n" << text;
  }
  // Outside the subset: the fast reader declines and yaml-cpp reads them (or refuses them).
  const std::vector<std::string> declined = {
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      "a: >\n  text\n",
      "a: {b: 1}\n",
      "a: [[1]]\n",
      "a: \"x\\ny\"\n",
      "a: multi\n  line\n",
      "---\na: 1\n",
      "a: 1\n---\nb: 2\n",
      "a:\tb\n",
      "a: 1\r\n",
      "a: caf\xc3\xa9\n",
      "- - a\n",
      "a:\n-\n",
      "? a\n: b\n",
      "a: [1, ]\n",
      "a: b: c\n",
      "just a scalar\n",
      "  a: 1\n",
      "a: 1\n b: 2\n",
      "a: -1\n",
      "\"a\\\"b\": 1\n",
      "",
      "a: 'unterminated\n",
      "a: [1, 2\n",
      "a: 1 # c\n  b: 2\n",
  };
  for (const std::string& text : declined) {
    EXPECT_FALSE(ExpectReadersAgree(text, "declined")) << "the fast reader accepted:\n" << text;
  }
}

TEST(YamlTree, FastReaderAgreesWithYamlCppOnEveryYamlFileInTheRepository) {
  namespace fs = std::filesystem;
  const fs::path root = INFRA_FLASH_SOURCE_DIR;
  std::vector<fs::path> files;
  for (const char* dir :
       {"examples", "tests", "fuzz/corpus/config", "fuzz/corpus/help", ".github", "schemas"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const std::string ext = entry.path().extension().string();
      const bool corpus = entry.path().string().find("fuzz/corpus") != std::string::npos;
      if (entry.is_regular_file() && (corpus || ext == ".yml" || ext == ".yaml")) {
        files.push_back(entry.path());
      }
    }
  }
  files.push_back(root / "action.yml");
  std::size_t accepted = 0;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().size() > kMaxYamlBytes) continue;
    accepted += ExpectReadersAgree(text.str(), file.string()) ? 1 : 0;
  }
  EXPECT_GT(files.size(), 100u);
  EXPECT_GT(accepted, 20u) << "of " << files.size();
}

// The speed is the point: the configs users write take the fast path. (The workflow
// files and most fuzz inputs do not, and need not.)
TEST(YamlTree, TheBundledExampleAndALargeConfigTakeTheFastPath) {
  std::ifstream example(std::filesystem::path(INFRA_FLASH_SOURCE_DIR) /
                        "examples/monorepo/.infra-flash.yml");
  std::stringstream example_text;
  example_text << example.rdbuf();
  EXPECT_TRUE(ExpectReadersAgree(example_text.str(), "examples/monorepo/.infra-flash.yml"));

  std::string large = "version: 1\nengine: terragrunt  # all layers\nlayers:\n";
  for (int i = 0; i < 300; ++i) {
    const std::string name = "layer-" + std::to_string(i);
    large += "  " + name + ":\n    dir: stacks/group-" + std::to_string(i / 50) + "/" + name + "\n";
    if (i > 0) large += "    depends_on: [layer-" + std::to_string(i - 1) + "]\n";
    if (i % 10 == 0) large += "    when_modified: [\"modules/m/**/*.tf\", 'shared/{a,b}/*.hcl']\n";
  }
  large += "triggers:\n  - paths: [\"global/**\"]\n    layers: [layer-0]\nignore: [\"docs/**\"]\n";
  EXPECT_TRUE(ExpectReadersAgree(large, "a 300-layer config"));
}

}  // namespace
}  // namespace infra_flash
