// README.md is part of the interface: its first two commands are the ones CI runs,
// and every `infra-flash …` command it shows names a real subcommand and real flags.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/strings.h"
#include "support/subprocess.h"

namespace infra_flash {
namespace {

const std::string kSource = INFRA_FLASH_SOURCE_DIR;
const std::string kBinary = testing::BinaryUnderTest();

// The lines inside ```sh blocks.
std::vector<std::string> ShellLines(const std::string& markdown) {
  std::vector<std::string> lines;
  bool inside = false;
  for (std::string_view line : SplitLines(markdown)) {
    std::string_view trimmed = Trim(line);
    if (trimmed.rfind("```", 0) == 0) {
      inside = !inside && trimmed == "```sh";
      continue;
    }
    if (inside && !trimmed.empty()) lines.emplace_back(trimmed);
  }
  return lines;
}

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  for (const std::string& word : Split(line.substr(0, line.find('#')), ' ')) {
    if (!word.empty()) words.push_back(word);
  }
  return words;
}

TEST(Readme, FirstTwoCommandsAreTheOnesCiRuns) {
  auto readme = ReadFile(kSource + "/README.md");
  ASSERT_TRUE(readme.ok());
  std::vector<std::string> lines = ShellLines(*readme);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(Words(lines[0]), std::vector<std::string>{"scripts/example.sh"});
  EXPECT_EQ(Words(lines[1]), std::vector<std::string>{"scripts/test.sh"});
  auto ci = ReadFile(kSource + "/.ci/run");
  ASSERT_TRUE(ci.ok());
  EXPECT_NE(ci->find("scripts/test.sh"), std::string::npos)
      << ".ci/run must run the README's test command";
  for (const char* script : {"/scripts/example.sh", "/scripts/test.sh"}) {
    namespace fs = std::filesystem;
    auto permissions = fs::status(kSource + script).permissions();
    EXPECT_NE(permissions & fs::perms::owner_exec, fs::perms::none)
        << script << " is not executable";
  }
}

TEST(Readme, EveryInfraFlashCommandAndFlagExists) {
  auto readme = ReadFile(kSource + "/README.md");
  ASSERT_TRUE(readme.ok());
  int checked = 0;
  for (const std::string& line : ShellLines(*readme)) {
    std::vector<std::string> words = Words(line);
    if (words.size() < 2 || words[0] != "infra-flash") continue;
    testing::ProcessResult help = testing::RunProcess({kBinary, words[1], "--help"});
    ASSERT_EQ(help.exit_code, 0) << "README shows `" << line << "` but `infra-flash " << words[1]
                                 << " --help` fails: " << help.err;
    for (const std::string& word : words) {
      if (word.rfind("--", 0) != 0) continue;
      std::string flag = word.substr(0, word.find_first_of("=]"));
      EXPECT_NE(help.out.find(flag), std::string::npos)
          << "README shows `" << flag << "` for `" << words[1] << "`, which its --help lacks";
    }
    ++checked;
  }
  EXPECT_GE(checked, 6) << "the README's terminal examples went missing";
}

}  // namespace
}  // namespace infra_flash

namespace infra_flash {
namespace {

// The README's configuration table names every top-level key of the schema.
TEST(Readme, ConfigurationTableCoversTheSchema) {
  auto readme = ReadFile(kSource + "/README.md");
  auto schema_text = ReadFile(kSource + "/schemas/infra-flash.schema.json");
  ASSERT_TRUE(readme.ok() && schema_text.ok());
  auto schema = json::Parse(*schema_text, "schema");
  ASSERT_TRUE(schema.ok()) << schema.error().message;
  const rapidjson::Value* properties = json::Member(*schema, "properties");
  ASSERT_TRUE(properties != nullptr && properties->IsObject());
  const std::size_t table = readme->find("## Configuration");
  ASSERT_NE(table, std::string::npos);
  const std::string section = readme->substr(table, readme->find("\n## ", table + 1) - table);
  int keys = 0;
  for (const auto& property : properties->GetObject()) {
    const std::string key = std::string("`") + property.name.GetString();
    EXPECT_NE(section.find(key), std::string::npos)
        << "README's configuration table lacks " << key << "`";
    ++keys;
  }
  EXPECT_GE(keys, 10);
}

}  // namespace
}  // namespace infra_flash
