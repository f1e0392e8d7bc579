// The YAML tree: positions, scalar styles, merge keys, aliases, and the limits.
#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace infra_flash
