// ParseComment: decide from the first words whether a comment is aimed at us, then
// read it by the table. The matchers run in order, and the first that recognises
// the comment decides; a comment no matcher recognises is prose and is ignored.
//
// Deciding first from raw, whitespace-split words (and only then tokenizing with
// quotes) keeps prose such as "don't merge yet" from ever producing a reply.
#include <optional>
#include <string>
#include <vector>

#include "command/arguments.h"
#include "command/command.h"
#include "command/command_line.h"
#include "command/extra_args.h"
#include "command/markdown.h"
#include "command/replies.h"
#include "command/suggest.h"
#include "command/table.h"
#include "command/tokenizer.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

// The command line of a comment and its raw words.
struct Line {
  std::string_view text;
  Following following = Following::kNothing;
  LineLength length = LineLength::kWithinLimit;
  std::vector<RawWord> words;  // never empty
};

// What a comment invokes, once we know it is for us.
struct Target {
  const CommandSpec* spec = nullptr;
  const BotSpec* bot = nullptr;     // the legacy grammar and usage line; nullptr: slash
  std::string alias;                // Request::alias
  std::vector<std::string> preset;  // arguments an alias stands for ("/apply staging")
  std::string_view rest;            // the user's text after the invocation
  Trailing trailing = Trailing::kArguments;
};

CommentResult Ignored(std::string reason) {
  CommentResult result;
  result.kind = CommentKind::kIgnored;
  result.reason = std::move(reason);
  return result;
}

CommentResult Reply(std::string markdown, Verb verb = Verb::kHelp) {
  CommentResult result;
  result.kind = CommentKind::kReply;
  result.reply = std::move(markdown);
  result.request.verb = verb;
  return result;
}

CommentResult Command(Request request) {
  CommentResult result;
  result.kind = CommentKind::kCommand;
  result.request = std::move(request);
  return result;
}

constexpr std::string_view kMoreLinesReason =
    "a command followed by more lines is discussion, not a command";

// A raw word as a command word: a wrapping code span dropped, lower case.
std::string CommandWord(std::string_view raw) {
  while (raw.size() >= 2 && raw.front() == '`' && raw.back() == '`') {
    raw = raw.substr(1, raw.size() - 2);
  }
  return ToLowerAscii(raw);
}

// Only plain ASCII words can be ours: look-alike letters never fold into them.
bool IsAsciiWord(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string_view RestAfter(const Line& line, std::size_t word_index) {
  return line.text.substr(line.words[word_index].end);
}

// Splits the argument words at the first `--`.
struct SplitArgs {
  std::vector<std::string> before;
  std::vector<std::string> after;
  bool has_separator = false;
};

SplitArgs SplitAtSeparator(std::vector<std::string> words) {
  SplitArgs out;
  for (std::string& word : words) {
    if (!out.has_separator && word == "--") {
      out.has_separator = true;
    } else {
      (out.has_separator ? out.after : out.before).push_back(std::move(word));
    }
  }
  return out;
}

Result<Request> ReadArguments(const Target& target, const std::vector<std::string>& words,
                              const Config& config) {
  if (target.bot != nullptr && target.bot->grammar == Grammar::kFlags) {
    return ReadLegacyFlags(*target.spec, *target.bot, words, config);
  }
  return ReadSlashArguments(*target.spec, words, config);
}

// Reads the arguments and extra args of a recognised command.
CommentResult RunWords(const Target& target, std::vector<std::string> words, const Config& config) {
  const CommandSpec& spec = *target.spec;
  if (spec.verb == Verb::kHelp) {
    // A command, not a reply: the caller answers it with HelpText and can tell asking
    // for help (a success) from a usage error (a reply).
    Request request;
    request.verb = Verb::kHelp;
    request.alias = target.alias;
    return Command(std::move(request));
  }
  SplitArgs args = SplitAtSeparator(std::move(words));
  Result<Request> request = ReadArguments(target, args.before, config);
  if (!request.ok()) return Reply(UsageReply(spec, target.bot, request.error().message), spec.verb);
  if (args.has_separator) {
    Result<std::vector<std::string>> extra = CheckExtraArgs(args.after, spec.extra_args);
    if (!extra.ok()) return Reply(UsageReply(spec, target.bot, extra.error().message), spec.verb);
    request->extra_args = std::move(extra).value();
  }
  request->alias = target.alias;
  return Command(std::move(request).value());
}

CommentResult Run(const Line& line, const Target& target, const Config& config) {
  if (target.trailing == Trailing::kFreeText) {
    Request request;
    request.verb = target.spec->verb;
    request.alias = target.alias;
    return Command(std::move(request));
  }
  if (line.following == Following::kMoreText) return Ignored(std::string(kMoreLinesReason));
  if (line.length == LineLength::kTooLong) return Reply(TooLongReply(), target.spec->verb);
  Result<std::vector<std::string>> words = SplitWords(target.rest);
  if (!words.ok()) {
    return Reply(UsageReply(*target.spec, target.bot, words.error().message), target.spec->verb);
  }
  std::vector<std::string> all = target.preset;
  all.insert(all.end(), words->begin(), words->end());
  return RunWords(target, std::move(all), config);
}

// ---- phrase aliases (config first, then built-in) ----

// Whether the line starts with the words of `phrase`; the count of words matched.
std::size_t MatchPhraseWords(const Line& line, std::string_view phrase, Trailing trailing) {
  std::vector<RawWord> wanted = SplitRawWords(phrase);
  if (wanted.empty() || wanted.size() > line.words.size()) return 0;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    std::string word = CommandWord(line.words[i].text);
    // "@claude, please…" and "PTAL!" still address the reviewer.
    const bool last = i + 1 == wanted.size();
    if (last && trailing == Trailing::kFreeText) {
      while (!word.empty() && std::string_view(",:;.!?").find(word.back()) != std::string::npos) {
        word.pop_back();
      }
    }
    if (!EqualsIgnoreCase(word, wanted[i].text)) return 0;
  }
  return wanted.size();
}

// The command a slash word stands for: a command, or a built-in slash alias (`/dig`).
const CommandSpec* ResolveSlashWord(std::string_view word) {
  std::string lower = ToLowerAscii(word);
  if (lower.empty() || lower[0] != '/') return nullptr;
  if (const CommandSpec* spec = FindCommand(std::string_view(lower).substr(1))) return spec;
  for (const PhraseAlias& phrase : BuiltinPhraseTable()) {
    if (ToLowerAscii(phrase.phrase) == lower)
      return FindCommand(std::string_view(phrase.command).substr(1));
  }
  return nullptr;
}

CommentResult RunPhrase(const Line& line, const PhraseAlias& phrase, std::size_t words_matched,
                        const Config& config) {
  Result<std::vector<std::string>> target_words = SplitWords(phrase.command);
  const CommandSpec* spec = nullptr;
  if (target_words.ok() && !target_words->empty()) spec = ResolveSlashWord(target_words->front());
  if (spec == nullptr) {
    if (line.following == Following::kMoreText) return Ignored(std::string(kMoreLinesReason));
    return Reply(BrokenAliasReply(phrase.phrase, phrase.command, config.file));
  }
  Target target;
  target.spec = spec;
  target.alias = ToLowerAscii(phrase.phrase);
  target.preset.assign(target_words->begin() + 1, target_words->end());
  target.rest = RestAfter(line, words_matched - 1);
  target.trailing = phrase.trailing;
  return Run(line, target, config);
}

std::optional<CommentResult> MatchConfigAlias(const Line& line, const Config& config) {
  // The longest alias wins: "ship it now" over "ship it".
  std::optional<PhraseAlias> best;
  std::size_t best_words = 0;
  for (const auto& [phrase, command] : config.commands.aliases) {
    const std::size_t matched = MatchPhraseWords(line, phrase, Trailing::kArguments);
    if (matched > best_words) {
      best = PhraseAlias{phrase, command, Trailing::kArguments};
      best_words = matched;
    }
  }
  if (!best) return std::nullopt;
  return RunPhrase(line, *best, best_words, config);
}

std::optional<CommentResult> MatchBuiltinPhrase(const Line& line, const Config& config) {
  for (const PhraseAlias& phrase : BuiltinPhraseTable()) {
    const std::size_t matched = MatchPhraseWords(line, phrase.phrase, phrase.trailing);
    if (matched > 0) return RunPhrase(line, phrase, matched, config);
  }
  return std::nullopt;
}

// ---- slash commands ----

std::vector<std::string_view> SlashCandidates(const Config& config) {
  std::vector<std::string_view> names;
  for (const CommandSpec& spec : CommandTable()) names.push_back(VerbName(spec.verb));
  for (const PhraseAlias& phrase : BuiltinPhraseTable()) {
    if (phrase.phrase.starts_with('/')) names.push_back(std::string_view(phrase.phrase).substr(1));
  }
  for (const auto& [phrase, command] : config.commands.aliases) {
    if (phrase.starts_with('/') && phrase.find(' ') == std::string::npos) {
      names.push_back(std::string_view(phrase).substr(1));
    }
  }
  return names;
}

std::optional<CommentResult> MatchSlashCommand(const Line& line, const Config& config) {
  const std::string first = CommandWord(line.words[0].text);
  if (first.empty() || first[0] != '/') return std::nullopt;
  const std::string_view name = std::string_view(first).substr(1);
  if (const CommandSpec* spec = FindCommand(name)) {
    Target target;
    target.spec = spec;
    target.rest = RestAfter(line, 0);
    return Run(line, target, config);
  }
  if (!IsAsciiWord(name)) return Ignored("the first word starts with `/` but is no command word");
  if (IsForeignSlashCommand(name)) return Ignored("another bot's slash command: " + first);
  std::vector<std::string_view> candidates = SlashCandidates(config);
  std::optional<std::string_view> close = ClosestMatch(name, candidates);
  if (!close) return Ignored("not one of our slash commands: " + first);
  if (line.following == Following::kMoreText) return Ignored(std::string(kMoreLinesReason));
  return Reply(DidYouMeanReply(line.words[0].text, "/" + std::string(*close)));
}

// ---- legacy bots ----

std::optional<CommentResult> MatchBot(const Line& line, const Config& config) {
  const BotSpec* bot = FindBot(CommandWord(line.words[0].text));
  if (bot == nullptr) return std::nullopt;
  Target target;
  target.bot = bot;
  target.alias = bot->name;
  if (line.words.size() == 1) {
    if (bot->kind == BotName::kCommonWord) return Ignored("a lone common word");
    target.spec = &CommandFor(Verb::kHelp);
    return Run(line, target, config);
  }
  const std::string sub = CommandWord(line.words[1].text);
  if (const BotCommand* command = FindBotCommand(*bot, sub)) {
    target.spec = &CommandFor(command->verb);
    target.rest = RestAfter(line, 1);
    return Run(line, target, config);
  }
  if (bot->kind == BotName::kCommonWord) return Ignored("prose starting with " + sub);
  if (line.following == Following::kMoreText) return Ignored(std::string(kMoreLinesReason));
  return Reply(UnknownBotCommandReply(*bot, line.words[1].text));
}

// ---- habits from other tools: `terraform plan`, `atlantsi plan` ----

std::optional<CommentResult> MatchEngineCommand(const Line& line, const Config&) {
  const std::string engine = CommandWord(line.words[0].text);
  bool is_engine = false;
  for (std::string_view word : EngineWordTable()) is_engine = is_engine || word == engine;
  if (!is_engine) return std::nullopt;
  std::size_t i = 1;
  while (i < line.words.size() && IsEnginePrefixWord(CommandWord(line.words[i].text))) ++i;
  if (i >= line.words.size()) return std::nullopt;
  const CommandSpec* spec = FindCommand(CommandWord(line.words[i].text));
  if (spec == nullptr || spec->verb == Verb::kHelp) return std::nullopt;
  if (line.following == Following::kMoreText) return Ignored(std::string(kMoreLinesReason));
  return Reply(EngineCommandReply(engine, *spec), spec->verb);
}

bool IsAsciiLetters(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

std::optional<CommentResult> MatchMisspelledBot(const Line& line, const Config&) {
  if (line.words.size() < 2) return std::nullopt;
  // Only "NAME SUBCOMMAND" or "NAME SUBCOMMAND -flag…" looks aimed at a bot.
  if (line.words.size() > 2 && !line.words[2].text.starts_with('-')) return std::nullopt;
  const std::string name = CommandWord(line.words[0].text);
  if (!IsAsciiLetters(name)) return std::nullopt;
  const std::string sub = CommandWord(line.words[1].text);
  for (const BotSpec& bot : BotTable()) {
    if (bot.kind != BotName::kUnambiguous || FindBotCommand(bot, sub) == nullptr) continue;
    const std::size_t distance = EditDistance(name, bot.name);
    if (distance == 0 || distance > TypoBudget(name)) continue;
    if (line.following == Following::kMoreText) return Ignored(std::string(kMoreLinesReason));
    const std::string typed =
        std::string(line.words[0].text) + " " + std::string(line.words[1].text);
    return Reply(DidYouMeanReply(typed, std::string(bot.name) + " " + sub));
  }
  return std::nullopt;
}

using Matcher = std::optional<CommentResult> (*)(const Line&, const Config&);

// Config aliases come first so a repository can give a phrase its own meaning.
constexpr Matcher kMatchers[] = {
    MatchConfigAlias, MatchBuiltinPhrase, MatchSlashCommand,
    MatchBot,         MatchEngineCommand, MatchMisspelledBot,
};

// Control characters and invisible or bidirectional marks make a line read
// differently from what it is; such a line is never a command.
bool HasHiddenCharacters(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && text[i] != '\t') || byte == 0x7F) return true;
    std::size_t length = 0;
    if (byte >= 0x80 && StartsWithInvisibleMark(text.substr(i), length)) return true;
  }
  return false;
}

std::string ProseReason(std::string_view first_word) {
  if (first_word.starts_with('@')) return "addressed to someone else";
  if (first_word.starts_with('>')) return "a quote";
  return "prose: the first line is no command";
}

}  // namespace

CommentResult ParseComment(std::string_view body, const Config& config) {
  if (body.find('\0') != std::string_view::npos) return Ignored("the comment contains NUL bytes");
  const CommandLine command_line = FindCommandLine(body);
  if (command_line.text.empty()) return Ignored("the comment is empty");
  if (HasHiddenCharacters(command_line.text)) {
    return Ignored("the first line holds control characters or invisible marks");
  }
  Line line{command_line.text, command_line.following, command_line.length,
            SplitRawWords(command_line.text)};
  if (line.words.empty()) return Ignored("the comment is empty");
  for (Matcher matcher : kMatchers) {
    if (std::optional<CommentResult> result = matcher(line, config)) return *std::move(result);
  }
  return Ignored(ProseReason(line.words[0].text));
}

}  // namespace infra_flash
