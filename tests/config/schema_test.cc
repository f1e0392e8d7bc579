// schemas/infra-flash.schema.json is the published contract of the file; the loader's key
// tables (config/keys.h) are what is enforced. This keeps them the same: keys, required
// keys, descriptions and value lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/strings.h"
#include "config/keys.h"

namespace infra_flash {
namespace {

const std::string kSchemaPath =
    std::string(INFRA_FLASH_SOURCE_DIR) + "/schemas/infra-flash.schema.json";

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::string> text = ReadFile(kSchemaPath);
    ASSERT_TRUE(text.ok()) << text.error().message;
    Result<rapidjson::Document> parsed = json::Parse(*text, kSchemaPath);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    schema_ = std::move(*parsed);
  }

  // The object schema of a section: the root, or $defs/<name>.
  const rapidjson::Value* Section(std::string_view name) const {
    if (name == "top-level") return &schema_;
    return json::Find(schema_, {"$defs", name});
  }

  const rapidjson::Value* Def(std::string_view name) const {
    return json::Find(schema_, {"$defs", name});
  }

  rapidjson::Document schema_;
};

std::set<std::string> MemberNames(const rapidjson::Value* object) {
  std::set<std::string> names;
  if (object == nullptr || !object->IsObject()) return names;
  for (const auto& member : object->GetObject()) names.emplace(member.name.GetString());
  return names;
}

std::vector<std::string> StringArray(const rapidjson::Value* array) {
  std::vector<std::string> values;
  if (array == nullptr || !array->IsArray()) return values;
  for (const auto& value : array->GetArray()) {
    if (value.IsString()) values.emplace_back(value.GetString());
  }
  return values;
}

std::vector<std::string> Strings(const std::vector<std::string_view>& views) {
  return std::vector<std::string>(views.begin(), views.end());
}

TEST_F(SchemaTest, IsDraft2020WithAnId) {
  EXPECT_EQ(json::StringOr(json::Member(schema_, "$schema")),
            "https://json-schema.org/draft/2020-12/schema");
  EXPECT_FALSE(json::StringOr(json::Member(schema_, "$id")).empty());
  EXPECT_FALSE(json::StringOr(json::Member(schema_, "title")).empty());
}

TEST_F(SchemaTest, SectionsHaveTheLoadersKeys) {
  for (const ConfigSectionName& section : ConfigSections()) {
    SCOPED_TRACE(std::string(section.name));
    const rapidjson::Value* object = Section(section.name);
    ASSERT_NE(object, nullptr) << "no $defs/" << section.name << " in the schema";
    EXPECT_EQ(json::StringOr(json::Member(*object, "type")), "object");
    const rapidjson::Value* additional = json::Member(*object, "additionalProperties");
    ASSERT_NE(additional, nullptr);
    EXPECT_TRUE(additional->IsBool() && !additional->GetBool()) << "additionalProperties: false";

    std::set<std::string> expected_keys;
    std::vector<std::string> expected_required;
    const rapidjson::Value* properties = json::Member(*object, "properties");
    for (const ConfigKey& key : ConfigKeys(section.section)) {
      expected_keys.emplace(key.name);
      if (key.presence == KeyPresence::kRequired) expected_required.emplace_back(key.name);
      const rapidjson::Value* property =
          properties == nullptr ? nullptr : json::Member(*properties, key.name);
      ASSERT_NE(property, nullptr) << "the schema lacks `" << key.name << "`";
      EXPECT_EQ(json::StringOr(json::Member(*property, "description")), key.summary)
          << "`" << key.name << "`: the schema's description must be the loader's summary";
    }
    EXPECT_EQ(MemberNames(properties), expected_keys);
    std::vector<std::string> required = StringArray(json::Member(*object, "required"));
    std::sort(required.begin(), required.end());
    std::sort(expected_required.begin(), expected_required.end());
    EXPECT_EQ(required, expected_required);
  }
}

TEST_F(SchemaTest, ValueListsMatch) {
  EXPECT_EQ(StringArray(json::Find(schema_, {"$defs", "engine", "enum"})), Strings(EngineNames()));
  EXPECT_EQ(StringArray(json::Find(schema_, {"$defs", "permission_level", "enum"})),
            Strings(PermissionLevelNames()));
  EXPECT_EQ(StringArray(json::Find(schema_, {"$defs", "builtin_step", "enum"})),
            Strings(BuiltinSteps()));
  EXPECT_EQ(StringArray(json::Find(
                schema_, {"$defs", "environment", "properties", "require", "items", "enum"})),
            Strings(ApprovalRequirements()));

  std::vector<std::string> verbs = Strings(PermissionVerbs());
  EXPECT_EQ(MemberNames(json::Find(schema_, {"$defs", "permissions", "properties"})),
            std::set<std::string>(verbs.begin(), verbs.end()));
  std::vector<std::string> step_verbs = Strings(StepVerbs());
  EXPECT_EQ(MemberNames(json::Find(schema_, {"$defs", "steps", "properties"})),
            std::set<std::string>(step_verbs.begin(), step_verbs.end()));
  std::vector<std::string> engines = Strings(EngineNames());
  engines.push_back("tflint");  // `run.binaries` also points at the linter
  EXPECT_EQ(
      MemberNames(json::Find(schema_, {"$defs", "run", "properties", "binaries", "properties"})),
      std::set<std::string>(engines.begin(), engines.end()));
}

// Every object with fixed keys refuses others, so editors flag typos as the loader does.
void ExpectClosedObjects(const rapidjson::Value& node, const std::string& where) {
  if (node.IsArray()) {
    for (const auto& item : node.GetArray()) ExpectClosedObjects(item, where + "[]");
    return;
  }
  if (!node.IsObject()) return;
  if (json::Member(node, "properties") != nullptr) {
    const rapidjson::Value* additional = json::Member(node, "additionalProperties");
    EXPECT_TRUE(additional != nullptr && additional->IsBool() && !additional->GetBool())
        << where << " has properties but no `additionalProperties: false`";
  }
  for (const auto& member : node.GetObject()) {
    std::string name = member.name.GetString();
    // Under "properties" the names are keys of the config, not schema keywords.
    ExpectClosedObjects(member.value, where + "/" + name);
  }
}

TEST_F(SchemaTest, AllFixedKeyObjectsAreClosed) { ExpectClosedObjects(schema_, "#"); }

TEST_F(SchemaTest, EveryReferenceResolves) {
  std::vector<std::string> references;
  std::vector<const rapidjson::Value*> pending = {&schema_};
  while (!pending.empty()) {
    const rapidjson::Value* node = pending.back();
    pending.pop_back();
    if (node->IsArray()) {
      for (const auto& item : node->GetArray()) pending.push_back(&item);
    } else if (node->IsObject()) {
      for (const auto& member : node->GetObject()) {
        if (std::string_view(member.name.GetString()) == "$ref" && member.value.IsString()) {
          references.emplace_back(member.value.GetString());
        } else {
          pending.push_back(&member.value);
        }
      }
    }
  }
  ASSERT_FALSE(references.empty());
  for (const std::string& reference : references) {
    ASSERT_EQ(reference.rfind("#/$defs/", 0), 0u) << reference;
    EXPECT_NE(Def(reference.substr(8)), nullptr) << reference << " does not resolve";
  }
}

}  // namespace
}  // namespace infra_flash
