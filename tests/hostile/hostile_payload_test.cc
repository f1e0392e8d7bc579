// Hostile event payloads, end to end: the file at GITHUB_EVENT_PATH is not always what
// GitHub wrote (a self-hosted runner, a replayed or hand-made event). Whatever it holds,
// `infra-flash explain` ends by itself, quickly, with exit 0 and valid JSON on stdout,
// or exit 2 and exactly one line on stderr; never a signal, never a hang.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "hostile_support.h"

namespace infra_flash::hostile {
namespace {

struct PayloadCase {
  const char* name;
  std::string event_name;
  std::string payload;
};

std::string Repeat(std::string_view text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

constexpr std::size_t kMiB = 1u << 20;

// A comment payload with `value` (raw JSON text) in place of the body string.
std::string CommentWithRawBody(const std::string& value) {
  std::string payload = CommentPayload("BODY");
  const std::size_t at = payload.find("\"BODY\"");
  return payload.substr(0, at) + value + payload.substr(at + 6);
}

// A comment payload with one more member, `"extra": <value>`, in the comment object.
std::string CommentWithExtra(const std::string& value) {
  std::string payload = CommentPayload("looks good");
  const std::size_t at = payload.find("\"comment\":{") + 11;
  return payload.substr(0, at) + "\"extra\":" + value + "," + payload.substr(at);
}

std::vector<PayloadCase> Cases() {
  const std::string deep = Repeat("[", 1'000'000) + Repeat("]", 1'000'000);
  const std::string deep_objects = Repeat("{\"a\":", 200'000) + "1" + Repeat("}", 200'000);
  return {
      // Nesting: RapidJSON parses iteratively, and nothing walks the tree recursively.
      {"deep array as the payload", "issue_comment", deep},
      {"deep objects as the payload", "pull_request", deep_objects},
      {"deep array inside the comment", "issue_comment", CommentWithExtra(deep)},
      {"deep objects inside the comment", "issue_comment", CommentWithExtra(deep_objects)},
      {"unclosed deep array", "issue_comment", Repeat("[", 1'000'000)},
      {"deep array as the body", "issue_comment", CommentWithRawBody(deep)},
      // Size: 30 MB is read (GitHub caps payloads at 25 MB); past 32 MiB is refused.
      {"30 MB comment body", "issue_comment",
       CommentPayload("/apply staging\n" + Repeat("x", 30'000'000))},
      {"30 MB single-line body", "issue_comment", CommentPayload(Repeat("/plan ", 5'000'000))},
      {"40 MB payload", "issue_comment", CommentPayload(Repeat("y", 40 * kMiB))},
      {"1 MiB of escapes", "issue_comment",
       CommentWithRawBody("\"" + Repeat("\\u0000", kMiB / 6) + "\"")},
      {"100k members", "issue_comment",
       CommentWithExtra("{" +
                        [] {
                          std::string members;
                          for (int i = 0; i < 100'000; ++i)
                            members += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
                          return members;
                        }() +
                        "}")},
      // Invalid UTF-8 in what explain prints back (actor, reason) and in the body.
      {"invalid UTF-8 in body", "issue_comment", CommentPayload("/plan \xff\xfe\xfd")},
      {"invalid UTF-8 in sender", "issue_comment",
       [] {
         std::string p = CommentPayload("/plan");
         const std::string login = "\"login\":\"Codertocat\"";
         for (std::size_t at = p.find(login); at != std::string::npos; at = p.find(login, at + 1)) {
           p.replace(at, login.size(), "\"login\":\"octo\xff\xc0\x80\"");
         }
         return p;
       }()},
      {"invalid UTF-8 in action", "issue_comment",
       [] {
         std::string p = CommentPayload("/plan");
         const std::string action = "\"action\":\"created\"";
         p.replace(p.find(action), action.size(), "\"action\":\"cr\xff\xfe\xe2\x80\"");
         return p;
       }()},
      {"cut multibyte action", "issue_comment",
       [] {
         std::string p = CommentPayload("/plan");
         const std::string action = "\"action\":\"created\"";
         p.replace(p.find(action), action.size(), "\"action\":\"x" + Repeat("\xc3\xa9", 60) + "\"");
         return p;
       }()},
      {"bidi marks in action", "issue_comment",
       [] {
         std::string p = CommentPayload("/plan");
         const std::string action = "\"action\":\"created\"";
         p.replace(p.find(action), action.size(),
                   "\"action\":\"\xe2\x80\xae"
                   "detaerc\"");
         return p;
       }()},
      {"lone low surrogate escape", "issue_comment", CommentWithRawBody("\"/plan \\udc00\"")},
      {"lone high surrogate escape", "issue_comment", CommentWithRawBody("\"/plan \\ud800\"")},
      {"surrogate pair escape", "issue_comment", CommentWithRawBody("\"/plan \\ud83d\\ude80\"")},
      {"raw NUL in the file", "issue_comment", std::string("{\"action\":\"created\"\0}", 21)},
      {"binary noise", "issue_comment",
       [] {
         std::string noise;
         for (int i = 0; i < 65536; ++i) noise += static_cast<char>((i * 7919) & 0xFF);
         return noise;
       }()},
      // Shapes GitHub never sends.
      {"empty file", "issue_comment", ""},
      {"null", "issue_comment", "null"},
      {"a string", "pull_request", "\"pull_request\""},
      {"an array", "push", "[]"},
      {"BOM first", "issue_comment", "\xef\xbb\xbf" + CommentPayload("/plan")},
      {"truncated", "issue_comment", CommentPayload("/plan").substr(0, 500)},
      {"trailing garbage", "issue_comment", CommentPayload("/plan") + "}{"},
      {"two documents", "issue_comment", CommentPayload("/plan") + CommentPayload("/apply")},
      {"huge issue number", "issue_comment",
       [] {
         std::string p = CommentPayload("/plan");
         const std::size_t at = p.find("\"number\":") + 9;
         return p.substr(0, at) + "1e400" + p.substr(p.find_first_of(",}", at));
       }()},
      {"negative comment id", "issue_comment",
       [] {
         std::string p = CommentPayload("/plan");
         const std::size_t at = p.find("\"id\":", p.find("\"comment\":")) + 5;
         return p.substr(0, at) + "-1" + p.substr(p.find_first_of(",}", at));
       }()},
      {"body is a number", "issue_comment", CommentWithRawBody("12")},
      {"body is an object", "issue_comment", CommentWithRawBody("{\"a\":1}")},
      {"body is null", "issue_comment", CommentWithRawBody("null")},
      {"duplicate body keys", "issue_comment", CommentWithExtra("1,\"body\":\"/apply staging\"")},
      {"hostile event name", "issue_comment\n\x1b[2J@everyone", CommentPayload("/plan")},
      {"event name of 100 KiB", Repeat("e", 100 * 1024), CommentPayload("/plan")},
  };
}

void CheckCase(const PayloadCase& c, const testing::TempDir& dir) {
  SCOPED_TRACE(c.name);
  const testing::ProcessResult run = Explain(dir, c.event_name, c.payload);
  ASSERT_EQ(run.signal, 0) << run.err.substr(0, 2000);
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 2)
      << run.exit_code << ": " << run.err.substr(0, 2000);
  if (run.exit_code == 2) {
    EXPECT_TRUE(run.out.empty());
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err.substr(0, 2000);
    EXPECT_TRUE(IsValidUtf8(run.err)) << run.err.substr(0, 2000);
    EXPECT_LT(run.err.size(), 2000u) << "an error quoting the payload at length";
    return;
  }
  EXPECT_TRUE(run.err.empty()) << run.err.substr(0, 2000);
  ASSERT_TRUE(IsValidUtf8(run.out)) << run.out.substr(0, 2000);
  Result<rapidjson::Document> parsed = json::Parse(run.out, "explain output");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const std::string reply = json::StringOr(json::Member(*parsed, "reply"));
  if (!reply.empty()) {
    EXPECT_EQ(fuzzing::ReplyProblem(reply), "") << reply.substr(0, 2000);
  }
  const std::string reason = json::StringOr(json::Member(*parsed, "reason"));
  EXPECT_EQ(reason.find('\n'), std::string::npos) << reason;
}

TEST(HostilePayload, ExitsCleanlyOnEveryCase) {
  testing::TempDir dir;
  for (const PayloadCase& c : Cases()) CheckCase(c, dir);
}

}  // namespace
}  // namespace infra_flash::hostile
