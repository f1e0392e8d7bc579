// replies: the markdown infra-flash posts when a comment is for it but cannot run:
// what happened, why, and the usage line to copy. Usage lines come from the command
// table, in the form the user typed (`/plan …` or `atlantis plan …`).
#pragma once

#include <string>
#include <string_view>

#include "command/table.h"

namespace infra_flash {

// `/plan [layer…|env|all] [-- extra args]`, or for a legacy bot
// `atlantis plan [-d DIR] [-p PROJECT] [-w WORKSPACE] [--verbose] [-- extra args]`.
// `bot` is nullptr for the slash form.
std::string UsageLine(const CommandSpec& spec, const BotSpec* bot);

// "`/plan` ← problem", then the usage line and a pointer to /help. `problem` is
// markdown in which user text is already inside Code().
std::string UsageReply(const CommandSpec& spec, const BotSpec* bot, std::string_view problem);

// "`typed` is not a command. Did you mean `suggestion`?"; `typed` is user text.
std::string DidYouMeanReply(std::string_view typed, std::string_view suggestion);

// For `terraform plan` and friends.
std::string EngineCommandReply(std::string_view engine, const CommandSpec& spec);

// An unknown subcommand of an unambiguous bot (`atlantis destroy`).
std::string UnknownBotCommandReply(const BotSpec& bot, std::string_view typed);

// A command line over kMaxCommandLineBytes.
std::string TooLongReply();

// A config alias whose target is not a command: the config is wrong, not the user.
std::string BrokenAliasReply(std::string_view alias, std::string_view target,
                             std::string_view config_file);

}  // namespace infra_flash
