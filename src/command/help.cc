// HelpText: the /help reply, generated from the command, alias and extra-args tables
// and from the config, so it can never list a command the parser does not know.
#include <string>
#include <vector>

#include "command/command.h"
#include "command/extra_args.h"
#include "command/markdown.h"
#include "command/replies.h"
#include "command/table.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

// A GitHub comment holds 65,536 characters; a huge config must not push help past it.
// Each name is cut to ~84 characters (markdown.h), so a layer row is at most ~265, an
// alias row ~190 and a listed name ~86: with 50 of each, help stays under ~36,000
// characters. (100 rows reached 65,596, found by fuzz/help_fuzzer: GitHub refuses that.)
constexpr std::size_t kMaxRows = 50;

// A usage line from replies.cc, made safe for a table cell.
std::string Cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string CommandsSection() {
  std::string out = "| command | what it does |\n|:--|:--|\n";
  for (const CommandSpec& spec : CommandTable()) {
    out += "| " + Cell(UsageLine(spec, nullptr)) + " | " + std::string(spec.description) + " |\n";
  }
  out +=
      "\nCommands are not case-sensitive; layer, environment and suite names are. A command "
      "must be alone in its comment (a code block around it is fine).\n";
  return out;
}

std::string CommandsUsing(const ExtraArgSpec& arg) {
  std::vector<std::string> names;
  for (const CommandSpec& spec : CommandTable()) {
    if (ExtraArgAllowedFor(arg, spec.extra_args)) {
      names.push_back("/" + std::string(VerbName(spec.verb)));
    }
  }
  return CodeList(names);
}

std::string ExtraArgsSection() {
  std::string out =
      "\n### Extra args\n\nAfter `--`, only these flags are passed to the engine, each as one "
      "argument; nothing is run through a shell.\n\n| flag | for | what it does |\n|:--|:--|:--|\n";
  for (const ExtraArgSpec& arg : AllowedExtraArgTable()) {
    std::string flag(arg.flag);
    if (!arg.value_name.empty()) flag += "=" + std::string(arg.value_name);
    out += "| " + CodeCell(flag) + " | " + CommandsUsing(arg) + " | " +
           std::string(arg.description) + " |\n";
  }
  out += "\nRefused:\n";
  for (const RefusedArgSpec& refused : RefusedExtraArgTable()) {
    out += "- " + Code(refused.flag) + ": " + std::string(refused.reason) + ".\n";
  }
  return out;
}

// A slash-grammar bot (`infra`) is one row for every command it spells like the
// slash command, plus a row per word of its own (`infra dig`).
std::string SlashGrammarBotRows(const BotSpec& bot) {
  std::string same;
  std::string own;
  for (const BotCommand& command : bot.commands) {
    const CommandSpec& spec = CommandFor(command.verb);
    if (command.word == VerbName(spec.verb)) {
      same += (same.empty() ? "" : "\\|") + std::string(command.word);
      continue;
    }
    own += "| " + CodeCell(std::string(bot.name) + " " + std::string(command.word)) + " | " +
           Code("/" + std::string(VerbName(spec.verb))) + " | built in |\n";
  }
  return "| `" + std::string(bot.name) + " " + same + " …` | the slash command of the same " +
         "name, same arguments | built in |\n" + own;
}

// A flag-grammar bot (`atlantis plan [-d DIR] …`): a row per subcommand.
std::string FlagGrammarBotRows(const BotSpec& bot) {
  std::string out;
  for (const BotCommand& command : bot.commands) {
    if (command.word.starts_with('-')) continue;  // -h / --help: same as `help`
    const CommandSpec& spec = CommandFor(command.verb);
    out += "| " + Cell(UsageLine(spec, &bot)) + " | " +
           Code("/" + std::string(VerbName(spec.verb))) + " | built in |\n";
  }
  if (bot.kind == BotName::kUnambiguous) {
    out += "| " + Code(bot.name) + " | `/help` | built in |\n";
  }
  return out;
}

std::string BotRows() {
  std::string out;
  for (const BotSpec& bot : BotTable()) {
    out += bot.grammar == Grammar::kSlash ? SlashGrammarBotRows(bot) : FlagGrammarBotRows(bot);
  }
  return out;
}

std::string PhraseRow(std::string_view phrase, std::string_view command, Trailing trailing,
                      std::string_view origin) {
  std::string typed(phrase);
  if (trailing == Trailing::kFreeText) typed += " …";
  return "| " + CodeCell(typed) + " | " + CodeCell(command) + " | " + std::string(origin) + " |\n";
}

std::string AliasesSection(const Config& config) {
  std::string out = "\n### Aliases\n\n| you write | runs | from |\n|:--|:--|:--|\n";
  out += BotRows();
  for (const PhraseAlias& phrase : BuiltinPhraseTable()) {
    out += PhraseRow(phrase.phrase, phrase.command, phrase.trailing, "built in");
  }
  std::size_t rows = 0;
  for (const auto& [phrase, command] : config.commands.aliases) {
    if (++rows > kMaxRows) break;
    out += PhraseRow(phrase, command, Trailing::kArguments, "config");
  }
  out +=
      "\nAtlantis `-d DIR` names the layer in that directory and `-p PROJECT` a layer by name; "
      "`-w` takes only `default` (each layer has its own state, there are no workspaces).\n";
  return out;
}

std::string LayersSection(const Config& config) {
  std::string out = "\n### Layers\n\n";
  if (config.layers.empty()) return out + "The config defines no layers.\n";
  out += "| layer | dir | environment |\n|:--|:--|:--|\n";
  // One row per layer of the file: a promoted layer's row shows its path (`staging → prod`).
  const std::vector<std::string> names = config.ConfigLayerNames();
  std::size_t rows = 0;
  for (const std::string& name : names) {
    if (++rows > kMaxRows) {
      out += "| … and " + std::to_string(names.size() - kMaxRows) + " more | | |\n";
      break;
    }
    const Layer& layer = *config.TargetsOf(name).front();
    const std::string environment = !layer.environments.empty()
                                        ? CodeCell(Join(layer.environments, " → "))
                                    : layer.environment.empty() ? "—"
                                                                : CodeCell(layer.environment);
    out += "| " + CodeCell(name) + " | " + CodeCell(layer.dir.empty() ? "." : layer.dir) + " | " +
           environment + " |\n";
  }
  out += "\n`all` names every layer.\n";
  return out;
}

std::string NamesSection(std::string_view title, const std::vector<std::string>& names,
                         std::string_view none) {
  std::string out = "\n### " + std::string(title) + "\n\n";
  if (names.empty()) return out + std::string(none) + "\n";
  return out + CodeList(names, kMaxRows) + "\n";
}

std::vector<std::string> SuiteNames(const Config& config) {
  std::vector<std::string> names;
  for (const auto& [name, argv] : config.commands.e2e) names.push_back(name);
  return names;
}

}  // namespace

std::string HelpText(const Config& config) {
  std::string out = "### infra-flash commands\n\n";
  out += CommandsSection();
  out += ExtraArgsSection();
  out += AliasesSection(config);
  out += LayersSection(config);
  out += NamesSection("Environments", config.EnvironmentNames(),
                      "The config defines no environments. `/apply ENV` needs one.");
  out += NamesSection("End-to-end suites", SuiteNames(config),
                      "The config defines no suites under `commands.e2e`.");
  return out;
}

}  // namespace infra_flash
