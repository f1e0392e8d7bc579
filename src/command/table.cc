// The rows. The commands follow kVerbs (config/verbs.h), the order /help lists them in.
#include "command/table.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>

namespace infra_flash {
namespace {

constexpr std::array<CommandSpec, kVerbs.size()> kCommands = {{
    {Verb::kPlan, "[layer…|env|all]",
     "plan the affected layers, the named ones, one environment's affected layers, or all of "
     "them",
     Arguments::kLayersOrEnvironment, ExtraArgs::kPlanning, DefaultScope::kAffectedLayers},
    {Verb::kApply, "[layer…|env|all]",
     "apply the reviewed plans of the affected layers, the named ones, one environment's "
     "layers, or all; the environment's requirements (approval, mergeable) apply",
     Arguments::kLayersOrEnvironment, ExtraArgs::kApplying, DefaultScope::kAffectedLayers},
    {Verb::kUnlock, "", "release this pull request's layer locks", Arguments::kNone,
     ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    // A drift scan is about the whole repository, not about what this PR touched.
    {Verb::kVerify, "[layer…|all]",
     "drift scan: plan every layer (or the named ones) and report differences", Arguments::kLayers,
     ExtraArgs::kNone, DefaultScope::kAllLayers},
    {Verb::kHealth, "", "probe the configured services and show their status", Arguments::kNone,
     ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    {Verb::kE2e, "[suite]", "run a configured end-to-end test suite", Arguments::kOptionalSuite,
     ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    {Verb::kReview, "", "request an AI review of this pull request", Arguments::kNone,
     ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    {Verb::kRevert, "[layer]",
     "plan the configuration that was last applied before this pull request",
     Arguments::kOptionalLayer, ExtraArgs::kPlanning, DefaultScope::kAffectedLayers},
    {Verb::kApprovePolicies, "[check…]",
     "approve the failed policy checks of this commit's plans (all, or the named ones); for "
     "the checks' owners",
     Arguments::kChecks, ExtraArgs::kNone, DefaultScope::kAffectedLayers},
    {Verb::kHelp, "", "show this help", Arguments::kAnything, ExtraArgs::kNone,
     DefaultScope::kAffectedLayers},
}};

constexpr bool CommandsFollowTheVerbs() {
  for (std::size_t i = 0; i < kVerbs.size(); ++i) {
    if (kCommands[i].verb != kVerbs[i].verb) return false;
  }
  return kCommands.size() == kVerbs.size();
}
static_assert(CommandsFollowTheVerbs(), "kCommands must hold one row per verb, in kVerbs' order");

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

constexpr std::array<BotCommand, 7> kAtlantisCommands = {{
    {"plan", Verb::kPlan},
    {"apply", Verb::kApply},
    {"unlock", Verb::kUnlock},
    {"approve_policies", Verb::kApprovePolicies},
    {"help", Verb::kHelp},
    {"-h", Verb::kHelp},
    {"--help", Verb::kHelp},
}};

constexpr std::array<BotCommand, 5> kDiggerCommands = {{
    {"plan", Verb::kPlan},
    {"apply", Verb::kApply},
    {"unlock", Verb::kUnlock},
    {"approve_policies", Verb::kApprovePolicies},
    {"help", Verb::kHelp},
}};

// `infra` speaks the slash grammar, so it gets every verb by its name, and `dig` (after
// `health`, which it stands for).
constexpr std::size_t kSlashWordCount = kVerbs.size() + 1;
constexpr std::array<BotCommand, kSlashWordCount> SlashGrammarWords() {
  std::array<BotCommand, kSlashWordCount> words{};
  std::size_t next = 0;
  for (const VerbSpec& spec : kVerbs) {
    words[next++] = {spec.name, spec.verb};
    if (spec.verb == Verb::kHealth) words[next++] = {"dig", Verb::kHealth};
  }
  return words;
}
constexpr std::array<BotCommand, kSlashWordCount> kInfraCommands = SlashGrammarWords();

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

std::span<const CommandSpec> CommandTable() { return kCommands; }

const CommandSpec& CommandFor(Verb verb) { return kCommands[static_cast<std::size_t>(verb)]; }

const CommandSpec* FindCommand(std::string_view word) {
  std::optional<Verb> verb = FindVerb(word);
  return verb ? &CommandFor(*verb) : nullptr;
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
