// The tables are the single source of the grammar: check they are whole.
#include "command/table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace infra_flash {
namespace {

TEST(CommandTable, EveryVerbHasOneRow) {
  ASSERT_EQ(CommandTable().size(), kVerbs.size());
  for (const VerbSpec& verb : kVerbs) {
    const CommandSpec& spec = CommandFor(verb.verb);
    EXPECT_EQ(spec.verb, verb.verb) << verb.name;
    EXPECT_EQ(FindCommand(verb.name), &spec) << verb.name;
    EXPECT_FALSE(spec.description.empty()) << verb.name;
  }
  EXPECT_EQ(FindCommand("dig"), nullptr) << "an alias is not a command";
}

TEST(BotTable, TheSlashGrammarBotKnowsEveryVerbAndDig) {
  const BotSpec* infra = FindBot("infra");
  ASSERT_NE(infra, nullptr);
  for (const VerbSpec& verb : kVerbs) {
    const BotCommand* command = FindBotCommand(*infra, verb.name);
    ASSERT_NE(command, nullptr) << verb.name;
    EXPECT_EQ(command->verb, verb.verb) << verb.name;
  }
  const BotCommand* dig = FindBotCommand(*infra, "dig");
  ASSERT_NE(dig, nullptr);
  EXPECT_EQ(dig->verb, Verb::kHealth);
  EXPECT_EQ(infra->commands.size(), kVerbs.size() + 1);
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
    EXPECT_FALSE(IsForeignSlashCommand(VerbName(spec.verb))) << VerbName(spec.verb);
  }
  EXPECT_TRUE(IsForeignSlashCommand("retest"));
  EXPECT_TRUE(IsForeignSlashCommand("lgtm"));
}

}  // namespace
}  // namespace infra_flash
