#include "command/replies.h"

#include <vector>

#include "command/command_line.h"
#include "command/markdown.h"
#include "command/suggest.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::string_view kLead = "**infra-flash:** ";
constexpr std::string_view kHelpPointer = "Comment `/help` to see every command.";

std::string FlagUsage(const FlagSpec& flag) {
  std::string name(flag.short_name.empty() ? flag.long_name : flag.short_name);
  if (!flag.value_name.empty()) name += " " + std::string(flag.value_name);
  return "[" + name + "]";
}

// What follows the command's name in its usage line.
std::string ArgumentsUsage(const CommandSpec& spec, const BotSpec* bot) {
  std::string out;
  if (bot != nullptr && bot->grammar == Grammar::kFlags) {
    if (spec.arguments != Arguments::kNone && spec.arguments != Arguments::kAnything) {
      for (const FlagSpec& flag : bot->flags) out += " " + FlagUsage(flag);
    }
  } else if (!spec.synopsis.empty()) {
    out += " " + std::string(spec.synopsis);
  }
  if (spec.extra_args != ExtraArgs::kNone) out += " [-- extra args]";
  return out;
}

std::string InvokedName(const CommandSpec& spec, const BotSpec* bot) {
  if (bot == nullptr) return "/" + std::string(VerbName(spec.verb));
  return std::string(bot->name) + " " + std::string(VerbName(spec.verb));
}

}  // namespace

std::string UsageLine(const CommandSpec& spec, const BotSpec* bot) {
  return "`" + InvokedName(spec, bot) + ArgumentsUsage(spec, bot) + "`";
}

std::string UsageReply(const CommandSpec& spec, const BotSpec* bot, std::string_view problem) {
  std::string out(kLead);
  out += "`" + InvokedName(spec, bot) + "` was not run: " + std::string(problem) + "\n\n";
  out += "Usage: " + UsageLine(spec, bot) + " — " + std::string(spec.description) + ".";
  if (bot != nullptr) out += " Same as " + UsageLine(spec, nullptr) + ".";
  out += "\n\n" + std::string(kHelpPointer);
  return out;
}

std::string DidYouMeanReply(std::string_view typed, std::string_view suggestion) {
  return std::string(kLead) + Code(typed) + " is not a command I know. Did you mean " +
         Code(suggestion) + "?\n\n" + std::string(kHelpPointer);
}

std::string EngineCommandReply(std::string_view engine, const CommandSpec& spec) {
  return std::string(kLead) + "comments are not run as " + Code(engine) +
         " commands. Did you mean " + Code("/" + std::string(VerbName(spec.verb))) + "?" +
         (spec.extra_args != ExtraArgs::kNone
              ? " Flags for the engine go after `--`, e.g. `/plan -- -target=ADDR`."
              : "") +
         "\n\n" + std::string(kHelpPointer);
}

std::string UnknownBotCommandReply(const BotSpec& bot, std::string_view typed) {
  std::vector<std::string> words;
  std::vector<std::string_view> candidates;
  for (const BotCommand& command : bot.commands) {
    if (command.word.starts_with("-")) continue;
    words.emplace_back(command.word);
    candidates.push_back(command.word);
  }
  std::string out(kLead);
  out += Code(typed) + " is not a command of " + Code(bot.name) + " here.";
  if (std::optional<std::string_view> close = ClosestMatch(ToLowerAscii(typed), candidates)) {
    out += " Did you mean " + Code(std::string(bot.name) + " " + std::string(*close)) + "?";
  }
  out += " Its commands: " + CodeList(words) + ".\n\n";
  return out + std::string(kHelpPointer);
}

std::string TooLongReply() {
  return std::string(kLead) + "the command line is longer than " +
         std::to_string(kMaxCommandLineBytes / 1024) +
         " KiB, so it was not read. Name fewer layers, or use `all`.\n\n" +
         std::string(kHelpPointer);
}

std::string BrokenAliasReply(std::string_view alias, std::string_view target,
                             std::string_view config_file) {
  return std::string(kLead) + "the alias " + Code(alias) + " in " +
         Code(config_file.empty() ? ".infra-flash.yml" : config_file) + " stands for " +
         Code(target) +
         ", which is not a slash command. Fix `commands.aliases` in the config, or use the "
         "slash command directly.\n\n" +
         std::string(kHelpPointer);
}

}  // namespace infra_flash
