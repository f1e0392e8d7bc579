// Input nobody should send: ParseEvent answers every one with an Error that names
// the field (and never quotes the payload) or with a decision, and never crashes.
#include "event_test_support.h"

namespace infra_flash::event_test {
namespace {

using namespace std::string_literals;

// Planted in bad values: no error message may repeat it.
constexpr const char* kMarker = "p4yl0ad-marker";
constexpr std::size_t kMegabyte = 1u << 20;
constexpr int kDeep = 100000;

std::string Repeat(std::string_view piece, int times) {
  std::string text;
  text.reserve(piece.size() * times);
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

std::string NestedArrays(int depth) { return Repeat("[", depth) + Repeat("]", depth); }
std::string NestedObjects(int depth) {
  return Repeat(R"({"a":)", depth) + "1" + Repeat("}", depth);
}

struct HostileCase {
  std::string name;
  std::string event_name;
  std::string payload;
  std::string error_contains;  // empty: the payload must parse
  Trigger trigger = Trigger::kIgnored;
};

std::vector<HostileCase> MalformedDocuments() {
  return {
      {"empty payload", "pull_request", "", "is not valid JSON"},
      {"not JSON", "push", "not json", "is not valid JSON"},
      {"truncated", "pull_request", R"({"action": "op)", "is not valid JSON"},
      {"trailing garbage", "push", "{} x", "is not valid JSON"},
      {"raw NUL inside a string", "pull_request", "{\"action\":\"op\0ened\"}"s,
       "is not valid JSON"},
      // RapidJSON alone would stop at the NUL and drop what follows; we refuse it.
      {"raw NUL after the document", "push", "{}\0{\"ref\":\"refs/heads/master\"}"s, "NUL byte"},
      {"number beyond a double", "pull_request", R"({"action":"opened","number":1e400})",
       "is not valid JSON"},
      {"array root", "push", "[]", "is not a JSON object"},
      {"null root", "issue_comment", "null", "is not a JSON object"},
      {"number root", "workflow_dispatch", "42", "is not a JSON object"},
      {"string root", "pull_request", R"("pull_request")", "is not a JSON object"},
      {"array root, unknown event", "deployment", "[{}]", "is not a JSON object"},
      {"100000 nested arrays as the root", "push", NestedArrays(kDeep), "is not a JSON object"},
      {"100000 nested arrays, unclosed", "push", Repeat("[", kDeep), "is not valid JSON"},
      {"100000 nested arrays as pull_request", "pull_request",
       R"({"action":"opened","pull_request":)" + NestedArrays(kDeep) + "}",
       "has pull_request as an array"},
      {"100000 nested objects as issue", "issue_comment",
       R"({"action":"created","issue":)" + NestedObjects(kDeep) + "}", "has no issue.number"},
      {"over the 32 MB cap", "push", std::string(33 * kMegabyte, ' ') + "{}", "the limit is"},
  };
}

std::vector<HostileCase> PullRequestFieldErrors() {
  const char* opened = "pull_request.opened.0.json";
  return {
      {"no action", "pull_request", "{}", "has no action (a string)"},
      {"action a number", "pull_request", R"({"action":5})", "has action as a number"},
      {"no pull_request", "pull_request", R"({"action":"opened","number":2})",
       "has no pull_request (an object)"},
      {"pull_request a string", "pull_request",
       R"({"action":"opened","pull_request":"p4yl0ad-marker"})", "has pull_request as a string"},
      {"pull_request without number", "pull_request", R"({"action":"opened","pull_request":{}})",
       "has no pull_request.number"},
      {"number a string", "pull_request", EditFixture(opened, {{"/pull_request/number", "\"2\""}}),
       "has pull_request.number as a string"},
      {"number zero", "pull_request", EditFixture(opened, {{"/pull_request/number", "0"}}),
       "has pull_request.number as a number; infra-flash needs a positive whole number"},
      {"number negative", "pull_request", EditFixture(opened, {{"/pull_request/number", "-2"}}),
       "pull_request.number as a number"},
      {"number fractional", "pull_request", EditFixture(opened, {{"/pull_request/number", "2.5"}}),
       "pull_request.number as a number"},
      {"number 1e30", "pull_request", EditFixture(opened, {{"/pull_request/number", "1e30"}}),
       "pull_request.number as a number"},
      {"number above 2^64", "pull_request",
       EditFixture(opened, {{"/pull_request/number", "99999999999999999999"}}),
       "pull_request.number as a number"},
      {"number 2^63", "pull_request",
       EditFixture(opened, {{"/pull_request/number", "9223372036854775808"}}),
       "pull_request.number as a number"},
      {"no head.sha", "pull_request",
       EditFixture(opened, {{"/pull_request/head/sha", std::nullopt}}),
       "has no pull_request.head.sha"},
      {"head.sha shaped like a git option", "pull_request",
       EditFixture(opened, {{"/pull_request/head/sha", R"("--upload-pack=p4yl0ad-marker")"}}),
       "has pull_request.head.sha as a string that is not a commit SHA"},
      {"head.sha one digit too long", "pull_request",
       EditFixture(opened, {{"/pull_request/head/sha", JsonString(std::string(41, 'a'))}}),
       "pull_request.head.sha as a string that is not a commit SHA"},
      {"base.sha null", "pull_request", EditFixture(opened, {{"/pull_request/base/sha", "null"}}),
       "has pull_request.base.sha as null"},
      {"head null", "pull_request", EditFixture(opened, {{"/pull_request/head", "null"}}),
       "has no pull_request.head.sha"},
      {"base.ref a number", "pull_request", EditFixture(opened, {{"/pull_request/base/ref", "7"}}),
       "has pull_request.base.ref as a number"},
      {"no head.ref", "pull_request",
       EditFixture(opened, {{"/pull_request/head/ref", std::nullopt}}),
       "has no pull_request.head.ref"},
  };
}

std::vector<HostileCase> OtherFieldErrors() {
  const char* comment = "issue_comment.created.pull_request.edited.json";
  const char* push = "push.default_branch.edited.json";
  return {
      {"comment: no action", "issue_comment", "{}", "has no action"},
      {"comment: no issue", "issue_comment", R"({"action":"created"})", "has no issue.number"},
      {"comment: issue a string", "issue_comment",
       R"({"action":"created","issue":"p4yl0ad-marker"})", "has no issue.number"},
      {"comment: no comment", "issue_comment", EditFixture(comment, {{"/comment", std::nullopt}}),
       "has no comment.id"},
      {"comment: body a number", "issue_comment", EditFixture(comment, {{"/comment/body", "7"}}),
       "has comment.body as a number"},
      {"comment: id a string", "issue_comment",
       EditFixture(comment, {{"/comment/id", "\"492700400\""}}), "has comment.id as a string"},
      {"push: no ref", "push", "{}", "has no ref"},
      {"push: ref a number", "push", R"({"ref":7})", "has ref as a number"},
      {"push: default branch unknown", "push", EditFixture(push, {{"/repository", std::nullopt}}),
       "has no repository.default_branch"},
      {"push: no before", "push", EditFixture(push, {{"/before", std::nullopt}}), "has no before"},
      {"push: after a symbolic name", "push", EditFixture(push, {{"/after", "\"HEAD\""}}),
       "has after as a string that is not a commit SHA"},
      {"dispatch: inputs an array", "workflow_dispatch", R"({"inputs":["p4yl0ad-marker"]})",
       "has inputs as an array"},
      {"dispatch: inputs a string", "workflow_dispatch", R"({"inputs":"p4yl0ad-marker"})",
       "has inputs as a string"},
  };
}

std::vector<HostileCase> StrangeButUsable() {
  const char* comment = "issue_comment.created.pull_request.edited.json";
  std::string huge(kMegabyte, 'x');
  return {
      {"unknown event, empty object", "deployment", "{}", "", Trigger::kIgnored},
      {"no event name", "", "{}", "", Trigger::kIgnored},
      {"event name with NUL", "pull_request\0x"s, LoadFixture("pull_request.opened.0.json"), "",
       Trigger::kIgnored},
      {"event name 1 MB long", huge, "{}", "", Trigger::kIgnored},
      {"action with an escaped NUL", "pull_request",
       EditFixture("pull_request.opened.0.json", {{"/action", R"("op\u0000ened")"}}), "",
       Trigger::kIgnored},
      {"action 1 MB long", "pull_request",
       EditFixture("pull_request.opened.0.json", {{"/action", JsonString(huge)}}), "",
       Trigger::kIgnored},
      {"dispatch with nothing", "workflow_dispatch", "{}", "", Trigger::kDispatch},
      {"dispatch input 100000 arrays deep", "workflow_dispatch",
       R"({"inputs":{"deep":)" + NestedArrays(kDeep) + "}}", "", Trigger::kDispatch},
      {"tag push with nothing else", "push", R"({"ref":"refs/tags/v1"})", "", Trigger::kIgnored},
      {"deleted comment with nothing else", "issue_comment", R"({"action":"deleted"})", "",
       Trigger::kIgnored},
      {"title 1 MB long", "pull_request",
       EditFixture("pull_request.opened.0.json", {{"/pull_request/title", JsonString(huge)}}), "",
       Trigger::kPullRequest},
      {"comment body 1 MB long", "issue_comment",
       EditFixture(comment, {{"/comment/body", JsonString(huge)}}), "", Trigger::kComment},
      {"dispatch input 1 MB long", "workflow_dispatch",
       R"({"inputs":{")" + huge + R"(":")" + huge + R"("}})", "", Trigger::kDispatch},
  };
}

void RunCases(const std::vector<HostileCase>& cases) {
  for (const HostileCase& c : cases) {
    Result<Event> event = ParseEvent(c.event_name, c.payload);
    if (!c.error_contains.empty()) {
      ASSERT_FALSE(event.ok()) << c.name << ": parsed as " << TriggerName(event->trigger);
      const std::string& message = event.error().message;
      EXPECT_THAT(message, testing::HasSubstr(c.error_contains)) << c.name;
      EXPECT_THAT(message, testing::Not(testing::HasSubstr(kMarker))) << c.name;
      EXPECT_LT(message.size(), 600u) << c.name << ": " << message;
      continue;
    }
    ASSERT_TRUE(event.ok()) << c.name << ": " << event.error().message;
    EXPECT_STREQ(TriggerName(event->trigger), TriggerName(c.trigger)) << c.name;
    EXPECT_LT(event->reason.size(), 600u) << c.name << ": reasons quote at most a little";
    EXPECT_EQ(event->reason.find('\0'), std::string::npos) << c.name << ": NUL in the reason";
  }
}

TEST(EventHostileInput, MalformedDocumentsAreErrors) { RunCases(MalformedDocuments()); }
TEST(EventHostileInput, PullRequestFieldsAreChecked) { RunCases(PullRequestFieldErrors()); }
TEST(EventHostileInput, OtherFieldsAreChecked) { RunCases(OtherFieldErrors()); }
TEST(EventHostileInput, StrangeButUsableInputIsDecided) { RunCases(StrangeButUsable()); }

// What reaches a human message from the payload is cut short and made printable.
TEST(EventHostileInput, ReasonsQuotePayloadTextSafely) {
  Result<Event> nul_action =
      ParseEvent("pull_request",
                 EditFixture("pull_request.opened.0.json", {{"/action", R"("op\u0000en\ned")"}}));
  ASSERT_TRUE(nul_action.ok()) << nul_action.error().message;
  EXPECT_EQ(nul_action->reason,
            "pull_request action 'op?en?ed' does not change code; nothing to plan");

  Result<Event> long_name = ParseEvent(std::string(kMegabyte, 'e'), "{}");
  ASSERT_TRUE(long_name.ok());
  EXPECT_THAT(long_name->reason, testing::HasSubstr("'" + std::string(100, 'e') + "...'"));
}

// Large strings are data, not errors: they arrive whole.
TEST(EventHostileInput, LargeStringsArriveWhole) {
  std::string huge(kMegabyte, 'x');
  Result<Event> title = ParseEvent(
      "pull_request",
      EditFixture("pull_request.opened.0.json", {{"/pull_request/title", JsonString(huge)}}));
  ASSERT_TRUE(title.ok());
  EXPECT_EQ(title->title.size(), kMegabyte);

  Result<Event> body =
      ParseEvent("issue_comment", EditFixture("issue_comment.created.pull_request.edited.json",
                                              {{"/comment/body", JsonString(huge)}}));
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->comment_body, huge);

  Result<Event> input =
      ParseEvent("workflow_dispatch", R"({"inputs":{"layers":")" + huge + R"("}})");
  ASSERT_TRUE(input.ok());
  EXPECT_EQ(input->inputs.at("layers"), huge);
}

// RapidJSON does not validate UTF-8 unless asked; bytes pass through untouched for
// the command parser to judge.
TEST(EventHostileInput, InvalidUtf8InACommentPassesThrough) {
  std::string payload = EditFixture("issue_comment.created.pull_request.edited.json",
                                    {{"/comment/body", "\"/plan MARK\""}});
  payload.replace(payload.find("MARK"), 4, "\xff\xfe");
  Result<Event> event = ParseEvent("issue_comment", payload);
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_EQ(event->comment_body, "/plan \xff\xfe");
}

}  // namespace
}  // namespace infra_flash::event_test
