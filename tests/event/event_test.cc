// The parts of the event contract that are not about one event kind: trigger
// names and events infra-flash does not act on.
#include "event_test_support.h"

namespace infra_flash::event_test {
namespace {

TEST(TriggerName, EveryTriggerHasItsOutputName) {
  struct Case {
    Trigger trigger;
    const char* name;
  };
  const Case cases[] = {
      {Trigger::kPullRequest, "pull_request"}, {Trigger::kPullRequestClosed, "pull_request_closed"},
      {Trigger::kComment, "comment"},          {Trigger::kPush, "push"},
      {Trigger::kDispatch, "dispatch"},        {Trigger::kIgnored, "ignored"},
  };
  for (const Case& c : cases) EXPECT_STREQ(TriggerName(c.trigger), c.name) << c.name;
}

TEST(ParseEvent, OtherEventsAreIgnoredWithTheEventsWeActOn) {
  struct Case {
    const char* event_name;
    const char* reason;
  };
  const Case cases[] = {
      {"pull_request_target",
       "infra-flash does not act on 'pull_request_target' events (it acts on pull_request, "
       "issue_comment, push, workflow_dispatch); nothing to do"},
      {"schedule",
       "infra-flash does not act on 'schedule' events (it acts on pull_request, issue_comment, "
       "push, workflow_dispatch); nothing to do"},
      {"Pull_Request",
       "infra-flash does not act on 'Pull_Request' events (it acts on pull_request, "
       "issue_comment, push, workflow_dispatch); nothing to do"},
      {"",
       "no event name was given (GITHUB_EVENT_NAME is empty); infra-flash acts on "
       "pull_request, issue_comment, push, workflow_dispatch events"},
  };
  for (const Case& c : cases) {
    Result<Event> event = ParseEvent(c.event_name, LoadFixture("pull_request.opened.0.json"));
    ASSERT_TRUE(event.ok()) << c.event_name << ": " << event.error().message;
    ExpectEvent(c.event_name, *event,
                {.reason_contains = c.reason,
                 .action = "opened",
                 .repository = "Codertocat/Hello-World",
                 .actor = "Codertocat",
                 .pr_number = 0});
    EXPECT_EQ(event->reason, c.reason) << c.event_name;
  }
}

}  // namespace
}  // namespace infra_flash::event_test
