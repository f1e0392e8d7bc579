// Scheduled drift scans, end to end against the loopback GitHub: the first scan that finds
// drift opens the `infra-flash:drift` issue, the next one updates it in place, a scan that
// finds every layer in sync closes it with a comment, and an issue that someone else opened
// with the label is never touched.
#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

using DriftIssueTest = FlowsTest;

const char kSchedulePayload[] =
    R"({"schedule":"17 4 * * *","repository":{"full_name":"o/r","default_branch":"main"}})";

// The repository's issues, as the server holds them.
std::vector<std::tuple<int, std::string, std::string, std::string>> Issues(
    const std::string& state_json) {
  std::vector<std::tuple<int, std::string, std::string, std::string>> issues;
  Result<rapidjson::Document> state = json::Parse(state_json, "state");
  if (!state.ok() || !state->HasMember("issues")) return issues;
  for (const auto& issue : (*state)["issues"].GetArray()) {
    issues.emplace_back(issue["number"].GetInt(), issue["state"].GetString(),
                        issue["body"].GetString(), issue["user"].GetString());
  }
  return issues;
}

TEST_F(DriftIssueTest, ScansOpenUpdateAndCloseOneIssue) {
  github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
              R"("issues":[{"number":7,"title":"please look","user":"mallory",)"
              R"("body":"<!-- infra-flash:drift -->\nfake","labels":["infra-flash:drift"]}]})");
  // 1. Every layer drifts from the (empty) state: an issue is opened.
  ProcessResult run = RunEvent("schedule", kSchedulePayload);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  auto issues = Issues(RepositoryState());
  ASSERT_EQ(issues.size(), 2u) << RepositoryState();
  const auto& [number, state, body, author] = issues[1];
  EXPECT_EQ(state, "open");
  EXPECT_EQ(author, "github-actions[bot]");
  EXPECT_TRUE(Contains(body, "6 of 6 layers drifted")) << body;
  EXPECT_TRUE(Contains(body, "| `platform` | `ci` | ⚠️ drift |")) << body;
  EXPECT_TRUE(Contains(body, "| `data-prod` | `prod` | ⚠️ drift |")) << body;
  EXPECT_TRUE(Contains(body, "<details><summary>platform: what differs</summary>")) << body;
  EXPECT_TRUE(Contains(body, "Plan:")) << "a plan excerpt: " << body;
  EXPECT_TRUE(Contains(RepositoryState(), R"("labels": {"7": ["infra-flash:drift"], ")" +
                                              std::to_string(number) +
                                              R"(": ["infra-flash:drift"]})") ||
              Contains(RepositoryState(), std::to_string(number) + R"(": ["infra-flash:drift"])"))
      << RepositoryState();
  EXPECT_TRUE(Contains(step_summary, "| `platform` | `ci` | ⚠️ drift |")) << step_summary;
  EXPECT_TRUE(Contains(step_summary, "Drift issue opened")) << step_summary;
  EXPECT_TRUE(Contains(outputs, "drift-issue")) << outputs;
  EXPECT_FALSE(SimRan("apply", "")) << "a scan never applies";
  ExpectRendersCleanly("the drift issue", body);
  ExpectRendersCleanly("the scan's step summary", step_summary);

  // 2. The next scan updates the same issue: still one report, and the planted one untouched.
  run = RunEvent("schedule", kSchedulePayload);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  issues = Issues(RepositoryState());
  ASSERT_EQ(issues.size(), 2u) << "updated in place, never a second issue";
  EXPECT_EQ(std::get<0>(issues[1]), number);
  EXPECT_TRUE(Contains(step_summary, "Drift issue updated")) << step_summary;
  EXPECT_EQ(std::get<2>(issues[0]), "<!-- infra-flash:drift -->\nfake") << "not ours: untouched";

  // 3. Apply everything, then scan: every layer is in sync and the issue is closed.
  ProcessResult applied =
      RunEvent("workflow_dispatch",
               DispatchPayload(R"({"command":"apply","layers":"all","confirm":"deploy"})"));
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
  run = RunEvent("schedule", kSchedulePayload);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  issues = Issues(RepositoryState());
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(std::get<1>(issues[1]), "closed");
  EXPECT_TRUE(Contains(std::get<2>(issues[1]), "In sync")) << std::get<2>(issues[1]);
  EXPECT_EQ(std::get<1>(issues[0]), "open") << "someone else's issue is never closed";
  EXPECT_TRUE(Contains(RepositoryState(), "found every layer in sync")) << "a closing comment";
  EXPECT_TRUE(Contains(step_summary, "closed")) << step_summary;

  // 4. Still in sync: nothing is opened.
  run = RunEvent("schedule", kSchedulePayload);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Issues(RepositoryState()).size(), 2u);
  EXPECT_TRUE(Contains(step_summary, "No drift, and no drift issue open")) << step_summary;
}

// A scan of some layers says nothing about the others: it leaves the issue alone.
TEST_F(DriftIssueTest, AScanOfSomeLayersKeepsNoIssue) {
  github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"}})");
  ProcessResult run =
      RunEvent("workflow_dispatch", DispatchPayload(R"({"command":"verify","layers":"platform"})"));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Issues(RepositoryState()).empty()) << RepositoryState();
  EXPECT_TRUE(Contains(step_summary, "this one scanned 1 of 6")) << step_summary;
}

// Without `issues: write` the scan still reports in the summary, and the job says what to add.
TEST_F(DriftIssueTest, WithoutIssuesWriteTheJobSaysWhichPermissionIsMissing) {
  github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"}})");
  github.AddFaults(R"({"faults":[{"kind":"status","status":403,"message":"Resource not accessible )"
                   R"(by integration","method":"POST","path":"/issues$","times":5}]})");
  ProcessResult run = RunEvent("schedule", kSchedulePayload);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(Contains(run.out, "permissions: issues: write")) << run.out;
  EXPECT_TRUE(Contains(step_summary, "| `platform` | `ci` | ⚠️ drift |")) << step_summary;
  EXPECT_TRUE(Issues(RepositoryState()).empty());
}

}  // namespace
}  // namespace infra_flash::testing
