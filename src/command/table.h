// table: the one list of comment commands and of the aliases that reach them. The
// parser, the usage lines in replies and /help are all generated from these tables,
// so adding a command or an alias is one row here and nothing else.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "command/command.h"

namespace infra_flash {

// What a command accepts between its name and `--`.
enum class Arguments {
  kNone,                 // `/unlock`
  kLayers,               // `/verify [layer…|all]`
  kLayersOrEnvironment,  // `/apply [layer…|env|all]`
  kOptionalLayer,        // `/revert [layer]`
  kOptionalSuite,        // `/e2e [suite]`
  kChecks,               // `/approve_policies [check…]`: policy check names
  kAnything,             // `/help …`: help is shown whatever follows
};

// Which extra args after `--` a command accepts (the allowlist is in extra_args.h).
enum class ExtraArgs {
  kNone,      // `--` is refused
  kPlanning,  // everything that shapes a plan (-target, -replace, -destroy, …)
  kApplying,  // only what does not change what is applied (-lock-timeout, -parallelism, …)
};

// What a command covers when it names no layer.
enum class DefaultScope { kAffectedLayers, kAllLayers };

// A verb's grammar and help; its name is VerbName(verb) (config/verbs.h).
struct CommandSpec {
  Verb verb;
  std::string_view synopsis;  // "[layer…|all]"; empty when it takes no arguments
  std::string_view description;
  Arguments arguments;
  ExtraArgs extra_args;
  DefaultScope scope;
};

// One row per verb, in the order of kVerbs.
std::span<const CommandSpec> CommandTable();
const CommandSpec& CommandFor(Verb verb);
// The command named `word` (lower case, without the slash), or nullptr.
const CommandSpec* FindCommand(std::string_view word);

// The flags a legacy bot grammar knows (`atlantis plan -d DIR`).
enum class LegacyFlag { kDir, kProject, kWorkspace, kVerbose };

struct FlagSpec {
  std::string_view short_name;  // "-d"; empty when there is none
  std::string_view long_name;   // "--dir"
  std::string_view value_name;  // "DIR"; empty for a switch
  LegacyFlag flag;
};

// How the words after a bot's subcommand are read.
enum class Grammar {
  kFlags,  // Atlantis / Digger: flags only (-d, -p, -w), no positional words
  kSlash,  // the slash grammar: `infra plan platform` == `/plan platform`
};

// Whether a bot's name is unambiguous. `atlantis` in a comment is always aimed at a
// bot, so its bare name shows help and an unknown subcommand gets a usage reply;
// `infra` is an everyday word ("infra changes look good"), so anything that is not
// exactly one of its subcommands is prose and ignored.
enum class BotName { kUnambiguous, kCommonWord };

struct BotCommand {
  std::string_view word;  // as typed after the bot's name, lower case
  Verb verb;
};

struct BotSpec {
  std::string_view name;  // lower case; also Request::alias
  std::span<const BotCommand> commands;
  Grammar grammar;
  std::span<const FlagSpec> flags;  // for Grammar::kFlags
  BotName kind;
};

std::span<const BotSpec> BotTable();
// The bot named `word` (lower case), or nullptr.
const BotSpec* FindBot(std::string_view word);
// The bot's subcommand `word` (lower case), or nullptr.
const BotCommand* FindBotCommand(const BotSpec& bot, std::string_view word);

// What follows a phrase alias on its line (and below it).
enum class Trailing {
  kArguments,  // read as the target command's arguments: `/dig` == `/health`
  kFreeText,   // a request in prose for someone else (`@claude please look at IAM`):
               // ignored, and more lines below are allowed
};

// A fixed phrase that stands for a slash command. Config aliases become rows of the
// same shape at run time.
struct PhraseAlias {
  std::string phrase;   // "/dig", "@claude", "ship it": matched word by word, any case;
                        // Request::alias is its lower-case form
  std::string command;  // "/health", "/apply staging": slash command text
  Trailing trailing;
};

std::span<const PhraseAlias> BuiltinPhraseTable();

// Engine CLIs whose commands people paste by habit: `terraform plan` gets a
// "did you mean `/plan`?".
std::span<const std::string_view> EngineWordTable();
// Words an engine CLI puts before its subcommand (`terragrunt run-all plan`).
bool IsEnginePrefixWord(std::string_view word);

// Slash commands of other bots commonly installed next to us (Prow, Mergify,
// Dependabot, …). They are never "did you mean"-ed: `/retest` is not a typo of `/revert`.
bool IsForeignSlashCommand(std::string_view word);

}  // namespace infra_flash
