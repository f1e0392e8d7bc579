// The tables are the single source of the grammar: check they are whole.
#include "command/table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace infra_flash {
namespace {

constexpr Verb kAllVerbs[] = {Verb::kPlan,   Verb::kApply,  Verb::kUnlock,
                              Verb::kVerify, Verb::kHealth, Verb::kE2e,
                              Verb::kReview, Verb::kRevert, Verb::kHelp};

TEST(CommandTable, EveryVerbHasOneRow) {
  std::set<std::string> names;
  for (Verb verb : kAllVerbs) {
    const CommandSpec& spec = CommandFor(verb);
    EXPECT_EQ(spec.verb, verb) << spec.name;
    EXPECT_EQ(std::string(VerbName(verb)), std::string(spec.name));
    EXPECT_EQ(FindCommand(spec.name), &spec) << spec.name;
    EXPECT_FALSE(spec.description.empty()) << spec.name;
    names.insert(std::string(spec.name));
  }
  EXPECT_EQ(names.size(), CommandTable().size());
}

TEST(CommandTable, VerbNamesAreTheSlashWords) {
  struct {
    Verb verb;
    const char* name;
  } const cases[] = {
      {Verb::kPlan, "plan"},     {Verb::kApply, "apply"},   {Verb::kUnlock, "unlock"},
      {Verb::kVerify, "verify"}, {Verb::kHealth, "health"}, {Verb::kE2e, "e2e"},
      {Verb::kReview, "review"}, {Verb::kRevert, "revert"}, {Verb::kHelp, "help"}};
  for (const auto& c : cases) EXPECT_STREQ(VerbName(c.verb), c.name);
}

TEST(BotTable, NamesAndSubcommandsAreLowerCaseAndDistinct) {
  for (const BotSpec& bot : BotTable()) {
    EXPECT_EQ(FindBot(bot.name), &bot) << bot.name;
    EXPECT_EQ(FindCommand(bot.name), nullptr) << bot.name << " must not shadow a command";
    std::set<std::string_view> words;
    for (const BotCommand& command : bot.commands) {
      EXPECT_TRUE(words.insert(command.word).second) << bot.name << " " << command.word;
      for (char c : command.word) EXPECT_FALSE(c >= 'A' && c <= 'Z') << command.word;
    }
    if (bot.grammar == Grammar::kFlags) {
      EXPECT_FALSE(bot.flags.empty()) << bot.name;
    }
  }
}

TEST(BuiltinPhraseTable, TargetsAreCommands) {
  for (const PhraseAlias& phrase : BuiltinPhraseTable()) {
    ASSERT_TRUE(phrase.command.starts_with('/')) << phrase.phrase;
    EXPECT_NE(FindCommand(std::string_view(phrase.command).substr(1)), nullptr) << phrase.phrase;
  }
}

TEST(ForeignSlashCommands, NeverOurs) {
  for (const CommandSpec& spec : CommandTable()) {
    EXPECT_FALSE(IsForeignSlashCommand(spec.name)) << spec.name;
  }
  EXPECT_TRUE(IsForeignSlashCommand("retest"));
  EXPECT_TRUE(IsForeignSlashCommand("lgtm"));
}

}  // namespace
}  // namespace infra_flash
