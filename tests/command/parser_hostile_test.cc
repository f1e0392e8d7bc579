// ParseComment on input crafted to confuse it: NUL bytes, line-ending mixes, huge
// bodies, invisible and look-alike characters, and text meant to inject markdown.
#include <gtest/gtest.h>

#include <random>

#include "check.h"
#include "command/command.h"
#include "command/command_line.h"
#include "test_config.h"

namespace infra_flash::testing {
namespace {

constexpr CommentKind kCommand = CommentKind::kCommand;
constexpr CommentKind kReply = CommentKind::kReply;
constexpr CommentKind kIgnored = CommentKind::kIgnored;

std::string WithNul(std::string_view before, std::string_view after) {
  std::string out(before);
  out += '\0';
  out += after;
  return out;
}

constexpr std::size_t kMiB = 1024 * 1024;

TEST(ParseComment, HostileInputIsIgnored) {
  const Case cases[] = {
      {.name = "NUL inside the command", .body = WithNul("/pl", "an"), .kind = kIgnored},
      {.name = "NUL after the command", .body = WithNul("/plan", ""), .kind = kIgnored},
      {.name = "NUL on a later line", .body = WithNul("/plan\n\n", "x"), .kind = kIgnored},
      {.name = "1 MiB of letters", .body = std::string(kMiB, 'a'), .kind = kIgnored},
      {.name = "1 MiB of newlines", .body = std::string(kMiB, '\n'), .kind = kIgnored},
      {.name = "1 MiB of commands",
       .body =
           [] {
             std::string body;
             while (body.size() < kMiB) body += "/plan\n";
             return body;
           }(),
       .kind = kIgnored},
      {.name = "CR then LF mix with text", .body = "/plan\r\n\rplatform", .kind = kIgnored},
      {.name = "fullwidth solidus",
       .body = "\xEF\xBC\x8F"
               "apply",
       .kind = kIgnored},
      {.name = "fullwidth letters", .body = "/\xEF\xBD\x81pply", .kind = kIgnored},
      {.name = "Cyrillic a", .body = "/\xD0\xB0pply", .kind = kIgnored},
      {.name = "Cyrillic a in a bot name", .body = "\xD0\xB0tlantis apply", .kind = kIgnored},
      {.name = "division slash",
       .body = "\xE2\x88\x95"
               "apply",
       .kind = kIgnored},
      {.name = "right-to-left mark before", .body = "\xE2\x80\x8F/apply", .kind = kIgnored},
      {.name = "right-to-left mark after", .body = "/apply\xE2\x80\x8F", .kind = kIgnored},
      {.name = "right-to-left override in an argument",
       .body = "/apply platform\xE2\x80\xAE"
               "dorp",
       .kind = kIgnored},
      {.name = "zero-width space", .body = "/apply \xE2\x80\x8Bplatform", .kind = kIgnored},
      {.name = "byte order mark", .body = "\xEF\xBB\xBF/plan", .kind = kIgnored},
      {.name = "isolate marks", .body = "/plan \xE2\x81\xA6platform\xE2\x81\xA9", .kind = kIgnored},
      {.name = "line separator", .body = "/plan \xE2\x80\xA8platform", .kind = kIgnored},
      {.name = "terminal escape", .body = "/plan\x1b[31m", .kind = kIgnored},
      {.name = "vertical tab", .body = "/plan\vplatform", .kind = kIgnored},
      {.name = "no-break space joins words", .body = "/apply\xC2\xA0platform", .kind = kIgnored},
      {.name = "lone high bytes", .body = "\xFF\xFE/plan", .kind = kIgnored},
  };
  RunCases(cases, TestConfig());
}

TEST(ParseComment, HostileInputGetsSafeReplies) {
  const Case cases[] = {
      {.name = "mention in a layer",
       .body = "/plan @admin",
       .kind = kReply,
       .reply_contains = "`@admin`"},
      {.name = "team mention",
       .body = "/apply @org/security-team",
       .kind = kReply,
       .reply_contains = "`@org/security-team`"},
      {.name = "HTML in a layer",
       .body = "/plan <img src=x onerror=alert(1)>",
       .kind = kReply,
       .reply_contains = "`<img`"},
      {.name = "HTML comment",
       .body = "/plan '<!-- hide -->'",
       .kind = kReply,
       .reply_contains = "`<!-- hide -->`"},
      {.name = "backtick inside a quoted word",
       .body = "/plan 'a`b @x'",
       .kind = kReply,
       .reply_contains = "`a'b @x`"},
      {.name = "code span with mention",
       .body = "/plan `@admin`",
       .kind = kReply,
       .reply_contains = "`@admin`"},
      {.name = "stray backtick",
       .body = "/plan a`b",
       .kind = kReply,
       .reply_contains = "code span"},
      {.name = "markdown link",
       .body = "/plan [x](https://evil.example)",
       .kind = kReply,
       .reply_contains = "`[x](https://evil.example)`"},
      {.name = "pipe in a layer", .body = "/plan 'a|b'", .kind = kReply, .reply_contains = "`a|b`"},
      {.name = "invalid UTF-8 in a layer",
       .body = "/plan x\xC3",
       .kind = kReply,
       .reply_contains = "`x?`"},
      {.name = "long layer name is cut",
       .body = "/plan " + std::string(300, 'q'),
       .kind = kReply,
       .reply_contains = std::string(80, 'q') + "…`"},
      {.name = "too long line",
       .body = "/plan " + std::string(5000, 'x'),
       .kind = kReply,
       .reply_contains = "longer than 4 KiB"},
      {.name = "too long with 1 MiB",
       .body = "/plan " + std::string(kMiB, 'x'),
       .kind = kReply,
       .reply_contains = "longer than 4 KiB"},
      {.name = "many quotes",
       .body = "/plan " + std::string(3000, '"'),
       .kind = kReply,
       .reply_contains = "there is no layer or environment `\"\"`"},
      {.name = "many unbalanced quotes",
       .body = "/plan " + std::string(3001, '\''),
       .kind = kReply,
       .reply_contains = "is not closed"},
      {.name = "many words",
       .body =
           [] {
             std::string body = "/plan";
             for (int i = 0; i < 1000; ++i) body += " platform";
             return body;
           }(),
       .kind = kReply,
       .reply_contains = "longer than 4 KiB"},
  };
  RunCases(cases, TestConfig());
}

TEST(ParseComment, HostileInputThatStillParses) {
  const Case cases[] = {
      {.name = "command words are ASCII-only lower-cased",
       .body = "/PLAN ALL",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .all_layers = true},
      {.name = "1 MiB of blank lines after a command",
       .body = "/plan\n" + std::string(kMiB, '\n'),
       .kind = kCommand,
       .verb = Verb::kPlan},
      {.name = "shell text is just text",
       .body = "/plan platform; rm -rf /",
       .kind = kReply,
       .reply_contains = "there is no layer or environment `platform;`"},
      {.name = "many layer words within the limit",
       .body =
           [] {
             std::string body = "/plan";
             for (int i = 0; i < 300; ++i) body += " platform";
             return body;
           }(),
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
  };
  RunCases(cases, TestConfig());
}

// Work is capped: only the first line is read, and it is cut at 4 KiB. What a 2 MiB
// comment parses to is what its first 4 KiB, and the fact that more follows, parse to:
// the rest is never looked at, so a huge comment costs no more than a short one.
TEST(ParseComment, HugeBodiesAreCutNotParsed) {
  const std::string huge = "/plan " + std::string(kMiB, 'x') + "\n" + std::string(kMiB, 'y');
  const CommandLine line = FindCommandLine(huge);
  EXPECT_EQ(line.length, LineLength::kTooLong);
  EXPECT_EQ(line.text.size(), kMaxCommandLineBytes);
  EXPECT_EQ(line.following, Following::kMoreText);

  const std::string cut = huge.substr(0, kMaxCommandLineBytes + 1) + "\nmore";
  const Config config = TestConfig();
  const CommentResult parsed = ParseComment(huge, config);
  const CommentResult parsed_cut = ParseComment(cut, config);
  EXPECT_EQ(parsed.kind, parsed_cut.kind);
  EXPECT_EQ(parsed.reply, parsed_cut.reply);
  EXPECT_EQ(parsed.reason, parsed_cut.reason);
  EXPECT_LT(parsed.reply.size(), 8u * 1024) << "the reply does not quote the comment";
}

// Random comments assembled from the pieces that matter to the parser never crash
// it, and whatever it replies is safe to post.
TEST(ParseComment, RandomCommentsNeverCrashOrInject) {
  const std::vector<std::string> pieces = {
      "/plan",
      "/apply",
      "/PLAN",
      "atlantis",
      "digger",
      "infra",
      "plan",
      "apply",
      "unlock",
      "-d",
      "-p",
      "-w",
      "--",
      "-target=",
      "a.b",
      "module.x",
      "platform",
      "staging",
      "all",
      " ",
      " ",
      "\t",
      "\n",
      "\r",
      "\r\n",
      "`",
      "```",
      "'",
      "\"",
      "\\",
      "@",
      "@claude",
      "<b>",
      "|",
      "$(",
      ")",
      ";",
      "..",
      "/",
      "\xD0\xB0",
      "\xE2\x80\x8F",
      "\xEF\xBC\x8F",
      "\xC3",
      "\xFF",
      std::string(1, '\0'),
      "ship it",
      "PTAL",
      "terraform",
      "=",
      "-var-file=",
      "~",
  };
  std::mt19937 random(20240601);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 12);
  const Config config = TestConfig();
  for (int i = 0; i < 5000; ++i) {
    std::string body;
    for (int n = length(random); n > 0; --n) body += pieces[pick(random)];
    const CommentResult result = ParseComment(body, config);
    const std::string name = "random comment #" + std::to_string(i);
    if (result.kind == CommentKind::kReply) ExpectSafeReply(result.reply, name);
    if (result.kind == CommentKind::kIgnored) {
      EXPECT_FALSE(result.reason.empty()) << name;
    }
    if (result.kind == CommentKind::kCommand) {
      for (const std::string& layer : result.request.layers) {
        EXPECT_NE(config.FindLayer(layer), nullptr) << name << ": layer " << layer;
      }
    }
  }
}

}  // namespace
}  // namespace infra_flash::testing
