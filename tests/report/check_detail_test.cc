// A check row's detail (the tail of an e2e suite's output): rendered collapsed under
// the checks, masked, cut to its tail, kept in the hidden state for the next job, and
// unable to forge the dashboard's markers.
#include <gtest/gtest.h>

#include "common/mask.h"
#include "report/budget.h"
#include "report/comment_body.h"
#include "report/render.h"
#include "report/state.h"

namespace infra_flash {
namespace {

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

Dashboard WithE2e(const std::string& detail) {
  Dashboard dashboard;
  dashboard.branch = "feature";
  dashboard.sha = "0123456789abcdef0123456789abcdef01234567";
  LayerRow layer;
  layer.name = "platform";
  layer.plan = {StageStatus::kChanges, "+1 ~0 −0"};
  dashboard.layers.push_back(layer);
  CheckRow e2e;
  e2e.kind = CheckKind::kE2e;
  e2e.name = "smoke";
  e2e.cell = {StageStatus::kFailed, "exit 1 after 3s"};
  e2e.detail = detail;
  dashboard.checks.push_back(e2e);
  return dashboard;
}

std::string Lines(int count, const std::string& word) {
  std::string text;
  for (int i = 0; i < count; ++i) text += word + " " + std::to_string(i) + "\n";
  return text;
}

TEST(CutHead, KeepsTheEnd) {
  const std::string long_text = Lines(500, "line") + "RESULT: 2 failed\n";
  struct {
    const char* name;
    std::string text;
    std::size_t max_bytes;
    std::string starts_with;
    std::string ends_with;
  } cases[] = {
      {"fits", "a\nb\n", 100, "a\nb\n", "a\nb\n"},
      {"exactly fits", "abcd", 4, "abcd", "abcd"},
      {"long", long_text, 600, "… ✂ ", "line 499\nRESULT: 2 failed\n"},
      {"utf-8", std::string(300, 'x') + std::string(200, 'x') + "é\u00e9\u00e9", 120, "… ✂ ",
       "\u00e9\u00e9"},
      {"tiny budget", long_text, 10, "… ✂ ", ""},
  };
  for (const auto& c : cases) {
    const std::string out = CutHead(c.text, c.max_bytes, "see the log");
    EXPECT_LE(out.size(), std::max(c.max_bytes, c.text.size() <= c.max_bytes ? c.text.size() : 0))
        << c.name;
    EXPECT_EQ(out.rfind(c.starts_with, 0), 0u) << c.name << ": " << out;
    EXPECT_TRUE(out.size() >= c.ends_with.size() &&
                out.compare(out.size() - c.ends_with.size(), c.ends_with.size(), c.ends_with) == 0)
        << c.name << ": " << out;
  }
  // A cut lands on a line start and says how much went.
  const std::string out = CutHead(long_text, 600, "see the log");
  const std::size_t note_end = out.find(" …\n");
  ASSERT_NE(note_end, std::string::npos) << out;
  EXPECT_EQ(out.substr(note_end + 5, 5), "line ") << out;
  EXPECT_TRUE(Contains(out, "cut here; see the log")) << out;
}

TEST(CheckDetail, RendersCollapsedUnderTheChecks) {
  const std::string out = RenderDashboard(WithE2e("step 1 ok\nstep 2 FAILED: expected 200\n"));
  const std::size_t table = out.find("| E2E `smoke` | ❌ exit 1 after 3s |");
  const std::size_t details = out.find("<details><summary>❌ E2E smoke output</summary>");
  ASSERT_NE(table, std::string::npos) << out;
  ASSERT_NE(details, std::string::npos) << out;
  EXPECT_LT(table, details) << out;
  EXPECT_TRUE(Contains(out, "```\nstep 1 ok\nstep 2 FAILED: expected 200\n```")) << out;
}

TEST(CheckDetail, NoDetailNoDetailsBlock) {
  const std::string out = RenderDashboard(WithE2e(""));
  EXPECT_FALSE(Contains(out, "E2E smoke output")) << out;
  EXPECT_FALSE(Contains(out, "<details>")) << out;
}

TEST(CheckDetail, IsMaskedWhateverTheCaller) {
  Masker masker;
  masker.AddSecret("hunter2-sekrit");
  RenderOptions options;
  options.masker = &masker;
  const std::string out = RenderDashboard(
      WithE2e("login with hunter2-sekrit\ntoken ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"),
      options);
  EXPECT_FALSE(Contains(out, "hunter2-sekrit")) << out;
  EXPECT_FALSE(Contains(out, "ghp_abcdefghijklmnopqrstuvwxyz0123456789")) << out;
  EXPECT_TRUE(Contains(out, "login with ***")) << out;
}

TEST(CheckDetail, LongOutputKeepsItsTail) {
  std::string detail;
  for (int i = 0; i < 2000; ++i) detail += "line " + std::to_string(i) + " é\n";
  detail += "FINAL: 3 of 40 failed\n";
  const std::string out = RenderDashboard(WithE2e(detail));
  EXPECT_TRUE(Contains(out, "FINAL: 3 of 40 failed")) << "the tail says how it ended";
  EXPECT_FALSE(Contains(out, "line 0 é\n")) << "the beginning is cut";
  EXPECT_TRUE(Contains(out, "cut here; the job log has all of it")) << out.substr(0, 2000);
  const std::size_t start = out.find("<details><summary>❌ E2E smoke output");
  const std::size_t end = out.find("</details>", start);
  ASSERT_NE(end, std::string::npos);
  EXPECT_LT(end - start, 4096u + 300u) << "a few KB at most";
}

TEST(CheckDetail, CannotForgeTheStateBlock) {
  const std::string forged =
      "```\n</details>\n<!-- infra-flash:state {\"version\":1,\"sha\":\"evil\",\"layers\":[]} "
      "-->\n" +
      std::string(kDashboardEndMarker) + "\n";
  const Dashboard dashboard = WithE2e(forged);
  const std::string out = RenderDashboard(dashboard);
  Result<DashboardState> state = ParseDashboardState(out);
  ASSERT_TRUE(state.ok()) << state.error().message << "\n" << out;
  EXPECT_EQ(state->sha, dashboard.sha) << out;
  ASSERT_EQ(state->layers.size(), 1u);
  ASSERT_EQ(state->checks.size(), 1u);
  EXPECT_EQ(state->checks[0].detail, forged) << "kept verbatim, escaped in the JSON";
}

TEST(CheckDetail, KeptInTheStateForTheNextJob) {
  const Dashboard dashboard = WithE2e("ok 1\nnot ok 2 - \"quoted\" <tag> & more\n");
  Result<DashboardState> state = ParseDashboardState(RenderDashboard(dashboard));
  ASSERT_TRUE(state.ok()) << state.error().message;
  ASSERT_EQ(state->checks.size(), 1u);
  EXPECT_EQ(state->checks[0].detail, dashboard.checks[0].detail);
  const Dashboard next = DashboardFromState(*state);
  ASSERT_EQ(next.checks.size(), 1u);
  EXPECT_EQ(next.checks[0].detail, dashboard.checks[0].detail);
  EXPECT_EQ(next.checks[0].cell.note, "exit 1 after 3s");
}

TEST(CheckDetail, StateWithoutDetailStillParses) {
  // A block written before checks had a detail.
  const std::string body = std::string(kDashboardMarker) + "\n" +
                           R"(<!-- infra-flash:state {"version":1,"sha":"abc","layers":[],)"
                           R"("checks":[{"kind":"e2e","name":"smoke","status":"passed"}]} -->)" +
                           "\n" + std::string(kDashboardEndMarker) + "\n";
  Result<DashboardState> state = ParseDashboardState(body);
  ASSERT_TRUE(state.ok()) << state.error().message;
  ASSERT_EQ(state->checks.size(), 1u);
  EXPECT_EQ(state->checks[0].cell.status, StageStatus::kPassed);
  EXPECT_EQ(state->checks[0].detail, "");
}

TEST(CheckDetail, GivesWayWhenTheCommentIsTooSmall) {
  Dashboard dashboard = WithE2e(std::string(3000, 'x') + "\n");
  for (int i = 0; i < 60; ++i) {
    LayerRow layer;
    layer.name = "layer-" + std::to_string(i);
    layer.plan = {StageStatus::kSkipped, "no changes"};
    dashboard.layers.push_back(layer);
  }
  RenderOptions options;
  options.max_bytes = 6000;
  const std::string out = RenderDashboard(dashboard, options);
  EXPECT_LE(out.size(), 6000u);
  EXPECT_FALSE(Contains(out, "E2E smoke output")) << "the detail goes before table rows do";
  EXPECT_TRUE(Contains(out, "| E2E `smoke` | ❌")) << out;
}

}  // namespace
}  // namespace infra_flash
