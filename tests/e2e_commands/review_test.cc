// `/review`, `@claude`, `PTAL` and `review.auto` end to end: the output
// review-requested=true, the configured label on the PR, the dashboard's Review row;
// a label GitHub refuses is noted but not fatal.
#include "commands_fixture.h"

namespace infra_flash::testing {
namespace {

class ReviewTest : public CommandsTest {};

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

TEST_F(ReviewTest, EveryWayToAskLabelsAndRecords) {
  for (const char* body : {"/review", "@claude please review the plan", "PTAL"}) {
    SCOPED_TRACE(body);
    github.Seed(R"({"repo":"o/r","labels":{}})");
    if (head.empty()) OpenPull("");
    ProcessResult run = Comment(body, 901);
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(Output("review-requested"), "true") << outputs;
    EXPECT_EQ(Output("command"), "review") << outputs;
    EXPECT_EQ(Labels(), (std::vector<std::string>{"ai-review"}));
    EXPECT_TRUE(Contains(CheckLine("Review"), "✅ requested by @")) << DashboardOf(1);
    EXPECT_TRUE(Contains(CheckLine("Review"), "alice")) << DashboardOf(1);
    EXPECT_EQ(Reactions(901).back(), "rocket");
  }
  EXPECT_EQ(RepliesOn(1), "") << "nothing to say when it worked";
  EXPECT_EQ(DashboardCount(1), 1);
}

TEST_F(ReviewTest, ConfiguredLabel) {
  OpenPull("review:\n  label: needs-ai-eyes\n");
  Comment("/review", 901);
  EXPECT_EQ(Labels(), (std::vector<std::string>{"needs-ai-eyes"}));
}

TEST_F(ReviewTest, EmptyLabelAddsNone) {
  OpenPull("review:\n  label: null\n");
  ProcessResult run = Comment("/review", 901);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Output("review-requested"), "true");
  EXPECT_EQ(github.CountRequests("POST", "/labels"), 0);
  EXPECT_TRUE(Contains(CheckLine("Review"), "✅ requested by")) << DashboardOf(1);
}

TEST_F(ReviewTest, ARefusedLabelIsNotedNotFatal) {
  OpenPull("");
  github.AddFaults(R"({"faults": [{"kind": "status", "status": 403, "method": "POST",
      "path": "/issues/1/labels", "message": "Resource not accessible by integration"}]})");
  ProcessResult run = Comment("/review", 901);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Output("review-requested"), "true") << "the review job still runs";
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "rocket"}));
  EXPECT_TRUE(Labels().empty());
  EXPECT_TRUE(Contains(CheckLine("Review"), "label not added")) << DashboardOf(1);
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "`ai-review` could not be added")) << replies;
  EXPECT_TRUE(Contains(replies, "issues: write")) << replies;
  EXPECT_TRUE(Contains(DashboardOf(1), "could not be added")) << "noted on the dashboard";
}

TEST_F(ReviewTest, AutoRequestsAfterAPlanWithChanges) {
  work.AppendOnBase(".infra-flash.yml", "review:\n  auto: true\n");
  work.Branch("feature");
  head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  ProcessResult plan = RunEvent("pull_request", PullPayload("opened", head));
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_EQ(Output("has-changes"), "true");
  EXPECT_EQ(Output("review-requested"), "true") << outputs;
  EXPECT_EQ(Labels(), (std::vector<std::string>{"ai-review"}));
  EXPECT_TRUE(Contains(CheckLine("Review"), "✅ requested automatically")) << DashboardOf(1);
}

// A later job on the same commit (here /review) keeps the plans it did not make on the
// dashboard: the hidden state keeps an excerpt of each, which the job shows again.
TEST_F(ReviewTest, ThePlansStayOnTheDashboardAfterALaterJob) {
  work.Branch("feature");
  head = work.Change("platform/main.tf", "cache");
  SeedPull(head);
  ProcessResult plan = RunEvent("pull_request", PullPayload("opened", head));
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  const std::string planned = DashboardOf(1);
  ASSERT_TRUE(Contains(planned, "null_resource.cache")) << planned;
  const std::size_t details = Count(planned, "<details>");
  ASSERT_GE(details, 1u) << planned;

  ProcessResult review = Comment("/review", 901);
  ASSERT_EQ(review.exit_code, 0) << review.out << review.err;
  const std::string after = DashboardOf(1);
  EXPECT_TRUE(Contains(CheckLine("Review"), "✅ requested by")) << after;
  EXPECT_TRUE(Contains(after, "null_resource.cache")) << after;
  EXPECT_EQ(Count(after, "<details>"), details) << after;
  EXPECT_TRUE(Contains(after, "/apply platform")) << after;
  EXPECT_EQ(DashboardCount(1), 1);
}

TEST_F(ReviewTest, NoAutoRequestWithoutChangesOrWithoutAuto) {
  // auto on, but the plan shows no changes: a docs-only PR.
  work.AppendOnBase(".infra-flash.yml", "review:\n  auto: true\n");
  work.Branch("feature");
  head = work.Append("docs/runbook.md", "\nMore notes.\n");
  SeedPull(head);
  ProcessResult docs = RunEvent("pull_request", PullPayload("opened", head));
  EXPECT_EQ(docs.exit_code, 0) << docs.out;
  EXPECT_EQ(Output("review-requested"), "");
  EXPECT_TRUE(Labels().empty());

  // Changes, but auto is off (the default) on the base branch.
  work.Git({"checkout", "-q", "main"});
  work.Git({"revert", "--no-edit", "HEAD"});
  work.base = work.Head();
  work.Git({"checkout", "-q", "-b", "other"});
  const std::string changed = work.Change("platform/main.tf", "cache");
  SeedPull(changed);
  ProcessResult plan = RunEvent("pull_request", PullPayload("synchronize", changed));
  EXPECT_EQ(plan.exit_code, 0) << plan.out;
  EXPECT_EQ(Output("has-changes"), "true");
  EXPECT_EQ(Output("review-requested"), "");
  EXPECT_TRUE(Labels().empty());
  EXPECT_EQ(CheckLine("Review"), "") << DashboardOf(1);
}

}  // namespace
}  // namespace infra_flash::testing
