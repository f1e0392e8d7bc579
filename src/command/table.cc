// The rows. Order matters only for /help, which lists them as written here.
#include "command/table.h"

#include <algorithm>
#include <array>

namespace infra_flash {
namespace {

constexpr std::array<CommandSpec, 9> kCommands = {{
    {Verb::kPlan, "plan", "[layer…|all]",
     "plan the affected layers, or the named ones, or all of them", Arguments::kLayers,
     ExtraArgs::kPlanning, DefaultScope::kAffectedLayers},
    {Verb::kApply, "apply", "[layer…|env|all]",
     "apply the reviewed plans of the affected layers, the named ones, one environment's "
     "layers, or all; the environment's requirements (approval, mergeable) apply",
     Arguments::kLayersOrEnvironment, ExtraArgs::kApplying, DefaultScope::kAffectedLayers},
    {Verb::kUnlock, "unlock", "", "release this pull request's layer locks", Arguments::kNone,
     ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    // A drift scan is about the whole repository, not about what this PR touched.
    {Verb::kVerify, "verify", "[layer…|all]",
     "drift scan: plan every layer (or the named ones) and report differences", Arguments::kLayers,
     ExtraArgs::kNone, DefaultScope::kAllLayers},
    {Verb::kHealth, "health", "", "probe the configured services and show their status",
     Arguments::kNone, ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    {Verb::kE2e, "e2e", "[suite]", "run a configured end-to-end test suite",
     Arguments::kOptionalSuite, ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    {Verb::kReview, "review", "", "request an AI review of this pull request", Arguments::kNone,
     ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    {Verb::kRevert, "revert", "[layer]",
     "plan the configuration that was last applied before this pull request",
     Arguments::kOptionalLayer, ExtraArgs::kPlanning, DefaultScope::kAffectedLayers},
    {Verb::kHelp, "help", "", "show this help", Arguments::kAnything, ExtraArgs::kNone,
     DefaultScope::kAffectedLayers},
}};

constexpr std::array<FlagSpec, 4> kAtlantisFlags = {{
    {"-d", "--dir", "DIR", LegacyFlag::kDir},
    {"-p", "--project", "PROJECT", LegacyFlag::kProject},
    {"-w", "--workspace", "WORKSPACE", LegacyFlag::kWorkspace},
    // Only changes how much Atlantis logged; accepted so pasted commands still work.
    {"", "--verbose", "", LegacyFlag::kVerbose},
}};

constexpr std::array<FlagSpec, 1> kDiggerFlags = {{
    {"-p", "--project", "PROJECT", LegacyFlag::kProject},
}};

constexpr std::array<BotCommand, 6> kAtlantisCommands = {{
    {"plan", Verb::kPlan},
    {"apply", Verb::kApply},
    {"unlock", Verb::kUnlock},
    {"help", Verb::kHelp},
    {"-h", Verb::kHelp},
    {"--help", Verb::kHelp},
}};

constexpr std::array<BotCommand, 4> kDiggerCommands = {{
    {"plan", Verb::kPlan},
    {"apply", Verb::kApply},
    {"unlock", Verb::kUnlock},
    {"help", Verb::kHelp},
}};

// `infra` speaks the slash grammar, so it gets every command, plus `dig`.
constexpr std::array<BotCommand, 10> kInfraCommands = {{
    {"plan", Verb::kPlan},
    {"apply", Verb::kApply},
    {"unlock", Verb::kUnlock},
    {"verify", Verb::kVerify},
    {"health", Verb::kHealth},
    {"dig", Verb::kHealth},
    {"e2e", Verb::kE2e},
    {"review", Verb::kReview},
    {"revert", Verb::kRevert},
    {"help", Verb::kHelp},
}};

constexpr std::array<BotSpec, 3> kBots = {{
    {"atlantis", kAtlantisCommands, Grammar::kFlags, kAtlantisFlags, BotName::kUnambiguous},
    {"digger", kDiggerCommands, Grammar::kFlags, kDiggerFlags, BotName::kUnambiguous},
    {"infra", kInfraCommands, Grammar::kSlash, {}, BotName::kCommonWord},
}};

constexpr std::array<std::string_view, 3> kEngineWords = {"terraform", "terragrunt", "tofu"};
constexpr std::array<std::string_view, 4> kEnginePrefixWords = {"run-all", "run", "--all", "-all"};

constexpr std::array<std::string_view, 32> kForeignSlashCommands = {
    "lgtm",   "approve",   "assign",    "unassign",   "retest",      "test",       "hold",
    "unhold", "cc",        "uncc",      "close",      "reopen",      "kind",       "remove-kind",
    "label",  "remove",    "lifecycle", "ok-to-test", "cherry-pick", "cherrypick", "priority",
    "area",   "milestone", "override",  "rebase",     "merge",       "squash",     "refresh",
    "queue",  "dequeue",   "backport",  "rerun",
};

}  // namespace

const char* VerbName(Verb verb) { return CommandFor(verb).name.data(); }

std::span<const CommandSpec> CommandTable() { return kCommands; }

const CommandSpec& CommandFor(Verb verb) {
  for (const CommandSpec& spec : kCommands) {
    if (spec.verb == verb) return spec;
  }
  return kCommands.back();  // unreachable: every Verb has a row
}

const CommandSpec* FindCommand(std::string_view word) {
  for (const CommandSpec& spec : kCommands) {
    if (spec.name == word) return &spec;
  }
  return nullptr;
}

std::span<const BotSpec> BotTable() { return kBots; }

const BotSpec* FindBot(std::string_view word) {
  for (const BotSpec& bot : kBots) {
    if (bot.name == word) return &bot;
  }
  return nullptr;
}

const BotCommand* FindBotCommand(const BotSpec& bot, std::string_view word) {
  for (const BotCommand& command : bot.commands) {
    if (command.word == word) return &command;
  }
  return nullptr;
}

std::span<const PhraseAlias> BuiltinPhraseTable() {
  static const std::array<PhraseAlias, 3> phrases = {{
      {"/dig", "/health", Trailing::kArguments},
      {"@claude", "/review", Trailing::kFreeText},
      {"PTAL", "/review", Trailing::kFreeText},
  }};
  return phrases;
}

std::span<const std::string_view> EngineWordTable() { return kEngineWords; }

bool IsEnginePrefixWord(std::string_view word) {
  return std::find(kEnginePrefixWords.begin(), kEnginePrefixWords.end(), word) !=
         kEnginePrefixWords.end();
}

bool IsForeignSlashCommand(std::string_view word) {
  return std::find(kForeignSlashCommands.begin(), kForeignSlashCommands.end(), word) !=
         kForeignSlashCommands.end();
}

}  // namespace infra_flash
