// The drift issue against FakeGitHub: a body within GitHub's limit whatever the plans
// print, and only infra-flash's own report is ever edited or closed.
#include "session/drift_issue.h"

#include <gtest/gtest.h>

#include "support/fake_github.h"

namespace infra_flash {
namespace {

RunResult Scan(int layers, Outcome outcome, std::size_t output_bytes) {
  RunResult result;
  result.verb = RunVerb::kVerify;
  for (int i = 0; i < layers; ++i) {
    LayerResult layer;
    layer.layer = "layer-" + std::to_string(i);
    layer.outcome = outcome;
    StepResult plan;
    plan.name = "plan";
    for (std::size_t n = 0; plan.output.size() < output_bytes; ++n) {
      plan.output += "  # null_resource.r" + std::to_string(n) + " will be created <!-- x -->\n";
    }
    plan.output += "Plan: 9 to add, 0 to change, 0 to destroy.\n";
    layer.steps.push_back(plan);
    result.layers.push_back(layer);
  }
  return result;
}

DriftScan ScanOf(const RunResult& result) {
  DriftScan scan;
  scan.result = &result;
  scan.environment = "ci";
  scan.commit = std::string(40, 'a');
  scan.branch = "main";
  return scan;
}

TEST(DriftIssue, TheBodyStaysWithinGitHubsLimitAndShowsEveryLayer) {
  const RunResult result = Scan(300, Outcome::kDrift, 20'000);
  const std::string body = DriftIssueBody(ScanOf(result));
  EXPECT_LT(body.size(), 65'536u);
  EXPECT_NE(body.find("| `layer-299` | `ci` | ⚠️ drift |"), std::string::npos)
      << "the table has every layer";
  EXPECT_NE(body.find("More plan excerpts are in the run's log"), std::string::npos);
  EXPECT_EQ(body.find("<!-- x"), std::string::npos) << "plan text cannot forge a marker";
  EXPECT_EQ(body.rfind("<!-- infra-flash:drift -->", 0), 0u);
}

TEST(DriftIssue, OnlyItsOwnReportIsEditedAndClosed) {
  testing::FakeGitHub github;
  // Someone else's issue with the label and even the marker.
  Result<Issue> planted = github.CreateIssue({"x", "<!-- infra-flash:drift -->", {kDriftLabel}});
  ASSERT_TRUE(planted.ok());
  github.issues[planted->number].user_login = "mallory";

  const RunResult drifted = Scan(2, Outcome::kDrift, 100);
  Result<DriftIssueUpdate> opened = KeepDriftIssue(github, github.viewer, ScanOf(drifted));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->action, DriftIssueUpdate::Action::kOpened);
  EXPECT_NE(opened->number, planted->number);

  Result<DriftIssueUpdate> updated = KeepDriftIssue(github, github.viewer, ScanOf(drifted));
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->action, DriftIssueUpdate::Action::kUpdated);
  EXPECT_EQ(updated->number, opened->number);

  const RunResult clean = Scan(2, Outcome::kNoChanges, 0);
  Result<DriftIssueUpdate> closed = KeepDriftIssue(github, github.viewer, ScanOf(clean));
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->action, DriftIssueUpdate::Action::kClosed);
  EXPECT_EQ(github.issues[opened->number].state, "closed");
  EXPECT_EQ(github.issues[planted->number].state, "open");
  EXPECT_EQ(github.issues[planted->number].body, "<!-- infra-flash:drift -->");
  ASSERT_EQ(github.comments[opened->number].size(), 1u);
  EXPECT_NE(github.comments[opened->number][0].body.find("in sync"), std::string::npos);

  // In sync with nothing open: nothing is written.
  const int writes = github.CountCalls("CreateIssue") + github.CountCalls("UpdateIssue");
  Result<DriftIssueUpdate> none = KeepDriftIssue(github, github.viewer, ScanOf(clean));
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->action, DriftIssueUpdate::Action::kNone);
  EXPECT_EQ(github.CountCalls("CreateIssue") + github.CountCalls("UpdateIssue"), writes);
}

TEST(DriftIssue, AFailedWriteIsAnError) {
  testing::FakeGitHub github;
  github.FailNext("CreateIssue", Error{"GitHub answered 403 Forbidden"});
  const RunResult drifted = Scan(1, Outcome::kFailed, 100);
  Result<DriftIssueUpdate> kept = KeepDriftIssue(github, github.viewer, ScanOf(drifted));
  ASSERT_FALSE(kept.ok());
  EXPECT_NE(kept.error().message.find("403"), std::string::npos);
}

}  // namespace
}  // namespace infra_flash
