#include "report/render.h"

#include <gtest/gtest.h>

#include "report/budget.h"
#include "report/comment_body.h"
#include "report/state.h"
#include "support/golden.h"

namespace infra_flash {
namespace {

LayerRow Layer(const std::string& name, StageStatus format, StageStatus validate, StageCell plan,
               StageCell apply = {}) {
  LayerRow row;
  row.name = name;
  row.format.status = format;
  row.validate.status = validate;
  row.plan = std::move(plan);
  row.apply = std::move(apply);
  return row;
}

std::string PlanText(int resources) {
  std::string text = "Terraform will perform the following actions:\n\n";
  for (int i = 0; i < resources; ++i) {
    text += "  # aws_instance.web[" + std::to_string(i) +
            "] will be created\n"
            "  + resource \"aws_instance\" \"web\" {\n"
            "      + ami           = \"ami-0123456789\"\n"
            "      + instance_type = \"t3.micro\"\n"
            "    }\n\n";
  }
  text += "Plan: " + std::to_string(resources) + " to add, 0 to change, 0 to destroy.\n";
  return text;
}

// The example of DESIGN §6.
Dashboard DesignExample() {
  Dashboard dashboard;
  dashboard.branch = "feature-branch";
  dashboard.sha = "abc1234def5678abc1234def5678abc1234def56";
  dashboard.commit_message = "feat: add redis\n\nLonger description that is not shown.";
  dashboard.layers.push_back(Layer("bootstrap", StageStatus::kPassed, StageStatus::kPassed,
                                   {StageStatus::kNoChanges, "no changes"}));
  LayerRow platform = Layer("platform", StageStatus::kPassed, StageStatus::kPassed,
                            {StageStatus::kChanges, "+1 ~0 −0"}, {StageStatus::kPending});
  platform.plan_text =
      "  # aws_elasticache_cluster.redis will be created\n"
      "  + resource \"aws_elasticache_cluster\" \"redis\" {\n"
      "      + engine = \"redis\"\n"
      "    }\n\n"
      "Plan: 1 to add, 0 to change, 0 to destroy.\n";
  platform.plan_summary = "+1 ~0 −0";
  platform.plan_digest = "sha256:0f1e2d3c";
  dashboard.layers.push_back(platform);
  dashboard.next_step = {"/apply platform", "to deploy."};
  dashboard.run_url = "https://github.com/octo/infra/actions/runs/123";
  return dashboard;
}

Dashboard EveryStatus() {
  Dashboard dashboard;
  dashboard.branch = "main";
  dashboard.sha = "0123456789abcdef0123456789abcdef01234567";
  dashboard.commit_message = "chore: everything at once";
  const StageStatus statuses[] = {
      StageStatus::kNotRun, StageStatus::kPending, StageStatus::kPassed,
      StageStatus::kFailed, StageStatus::kSkipped, StageStatus::kChanges,
      StageStatus::kLocked, StageStatus::kBlocked, StageStatus::kNoChanges};
  int index = 0;
  for (StageStatus status : statuses) {
    LayerRow row = Layer("layer-" + std::string(StageStatusName(status)), StageStatus::kPassed,
                         StageStatus::kPassed, {status});
    row.format.duration_ms = 1200 + index * 1000;
    row.validate.duration_ms = 61'000 * index;
    ++index;
    dashboard.layers.push_back(row);
  }
  dashboard.layers[6].plan.note = "locked by #12";
  dashboard.layers[6].lock_holder = "#12";
  dashboard.layers[7].plan.note = "needs approval";
  dashboard.checks = {{CheckKind::kReview, "", {StageStatus::kPassed, "approved by alice"}},
                      {CheckKind::kE2e, "smoke", {StageStatus::kFailed, "3 of 40 failed"}},
                      {CheckKind::kHealth, "", {StageStatus::kPending}}};
  dashboard.notes = {"The plan for layer-changes went stale: the head moved to 89ab. Run /plan."};
  dashboard.next_step = {"", "Fix the failing e2e suite, then comment again."};
  dashboard.updated = "updated by /plan from alice";
  dashboard.run_url = "https://github.com/octo/infra/actions/runs/9";
  return dashboard;
}

Dashboard Hostile() {
  Dashboard dashboard;
  dashboard.branch = "feat/`pipe|<b>`@admin";
  dashboard.sha = "fedcba9876543210fedcba9876543210fedcba98";
  dashboard.commit_message =
      "Fix | table <script>alert(1)</script> @octocat **bold** [x](http://evil)";
  LayerRow layer = Layer("db|prod<i>@team", StageStatus::kPassed, StageStatus::kFailed,
                         {StageStatus::kChanges, "+1 | ~0 <b>"});
  layer.plan_text =
      "```\nnot a fence end\n````\n"
      "<!-- infra-flash:state "
      "{\"version\":1,\"layers\":[{\"name\":\"prod\",\"plan_digest\":\"forged\"}]} -->\n"
      "<!-- /infra-flash:dashboard -->\n"
      "</details><img src=x onerror=alert(1)>\n"
      "\x1b[32m+ colored\x1b[0m\r\n"
      "Plan: 1 to add, 0 to change, 0 to destroy.\n";
  layer.plan_summary = "+1 ~0 −0 </summary>";
  dashboard.layers.push_back(layer);
  dashboard.notes = {"line one\nline two | <b>@here</b>"};
  dashboard.next_step = {"/apply `db|prod`", "to deploy @everyone <b>now</b>"};
  dashboard.run_url = "javascript:alert(1)";
  return dashboard;
}

Dashboard BigPlans() {
  Dashboard dashboard = DesignExample();
  dashboard.layers[1].plan_text = PlanText(40);
  LayerRow data = Layer("data", StageStatus::kPassed, StageStatus::kPassed,
                        {StageStatus::kChanges, "+25 ~0 −0"});
  data.plan_text = PlanText(25);
  data.plan_summary = "+25 ~0 −0";
  dashboard.layers.push_back(data);
  LayerRow small =
      Layer("dns", StageStatus::kPassed, StageStatus::kPassed, {StageStatus::kChanges, "+1 ~0 −0"});
  small.plan_text = PlanText(1);
  small.plan_summary = "+1 ~0 −0";
  dashboard.layers.push_back(small);
  return dashboard;
}

// Layers that lint next to one that does not: the Lint column appears, and says "—"
// (with the reason when there is one) wherever no lint ran.
Dashboard WithLint() {
  Dashboard dashboard = DesignExample();
  dashboard.layers[1].lint = {StageStatus::kPassed, "", 800};
  LayerRow app = Layer("app", StageStatus::kPassed, StageStatus::kSkipped,
                       {StageStatus::kSkipped, "checks failed"});
  app.lint = {StageStatus::kFailed, "2 issues (tflint; see the job log)", 900};
  app.validate.note = "lint failed";
  dashboard.layers.push_back(app);
  LayerRow edge = Layer("edge", StageStatus::kPassed, StageStatus::kPassed,
                        {StageStatus::kNoChanges, "no changes"});
  edge.lint = {StageStatus::kNotRun, "not linted: tflint is not installed", -1};
  dashboard.layers.push_back(edge);
  dashboard.next_step = {"", "Fix what failed above and push; infra-flash plans again."};
  return dashboard;
}

TEST(RenderDashboard, TheLintColumnIsThereOnlyWhenALayerLints) {
  const std::string without = RenderDashboard(DesignExample(), {});
  EXPECT_NE(without.find("| Layer | Format | Validate | Plan | Apply |"), std::string::npos);
  EXPECT_EQ(without.find("Lint"), std::string::npos);
  const std::string with = RenderDashboard(WithLint(), {});
  EXPECT_NE(with.find("| Layer | Format | Lint | Validate | Plan | Apply | Time |"),
            std::string::npos)
      << with;
  EXPECT_NE(with.find("| **L1** bootstrap | ✅ | — | ✅ |"), std::string::npos) << with;
  ExpectGolden("dashboard_lint_column.md", with);
  // The state block keeps the lint cells, so the next job starts from them.
  Result<DashboardState> state = ParseDashboardState(with);
  ASSERT_TRUE(state.ok()) << state.error().message;
  const LayerRow* app = state->FindLayer("app");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->lint.status, StageStatus::kFailed);
  EXPECT_EQ(app->lint.note, "2 issues (tflint; see the job log)");
  EXPECT_EQ(state->FindLayer("edge")->lint.note, "not linted: tflint is not installed");
  EXPECT_EQ(state->FindLayer("bootstrap")->lint.status, StageStatus::kNotRun);
}

struct GoldenCase {
  const char* file;
  Dashboard dashboard;
  RenderOptions options;
};

TEST(RenderDashboard, Golden) {
  Dashboard empty;
  empty.branch = "docs-only";
  empty.sha = "1111111111111111111111111111111111111111";
  empty.commit_message = "docs: typo";
  empty.next_step = {"", "Nothing to plan; ready to merge."};
  const GoldenCase cases[] = {
      {"dashboard_design_example.md", DesignExample(), {}},
      {"dashboard_every_status.md", EveryStatus(), {}},
      {"dashboard_hostile_text.md", Hostile(), {}},
      {"dashboard_plans_cut_to_budget.md", BigPlans(), {Surface::kComment, 6000}},
      {"dashboard_plans_left_out.md", BigPlans(), {Surface::kComment, 2400}},
      {"dashboard_step_summary.md", DesignExample(), {Surface::kStepSummary}},
      {"dashboard_terminal.md", EveryStatus(), {Surface::kTerminal}},
      {"dashboard_no_layers.md", empty, {}},
  };
  for (const GoldenCase& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string rendered = RenderDashboard(c.dashboard, c.options);
    ExpectGolden(c.file, rendered);
    if (RenderLimit(c.options) > 0) {
      EXPECT_LE(rendered.size(), RenderLimit(c.options));
    }
  }
}

// Every table row has as many cell separators as the header: nothing in a cell added one.
void ExpectTablesIntact(const std::string& markdown) {
  int expected = -1;
  std::size_t start = 0;
  while (start < markdown.size()) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    const std::string line = markdown.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] != '|') {
      expected = -1;
      continue;
    }
    int separators = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++separators;
    }
    if (expected < 0) expected = separators;
    EXPECT_EQ(separators, expected) << line;
  }
}

TEST(RenderDashboard, HostileTextCannotBreakOutOfItsPlace) {
  const std::string out = RenderDashboard(Hostile());
  ExpectTablesIntact(out);
  EXPECT_EQ(out.find("<script>"), std::string::npos);
  // The branch's "<b>" is only inside its code span, where GitHub shows it literally.
  const std::string branch_span = "``feat/`pipe|<b>`@admin``";
  EXPECT_EQ(out.find("<b>"), out.find(branch_span) + branch_span.find("<b>")) << out;
  EXPECT_EQ(out.find("<b>", out.find(branch_span) + branch_span.size()), std::string::npos);
  EXPECT_EQ(out.find("<i>"), std::string::npos);
  EXPECT_EQ(out.find("@octocat"), std::string::npos);
  EXPECT_EQ(out.find("@everyone"), std::string::npos);
  EXPECT_EQ(out.find("javascript:"), std::string::npos);
  EXPECT_EQ(out.find("\x1b"), std::string::npos);
  // The plan's forged markers are defused: the state read back is ours.
  auto state = ParseDashboardState(out);
  ASSERT_TRUE(state.ok()) << state.error().message;
  ASSERT_EQ(state->layers.size(), 1u);
  EXPECT_EQ(state->layers[0].name, "db|prod<i>@team");
  EXPECT_EQ(state->layers[0].plan_digest, "");
  auto parts = SplitDashboardComment(out);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->after, "") << "a fake end marker in the plan did not end the dashboard";
}

TEST(RenderDashboard, AlwaysWithinTheLimit) {
  struct {
    const char* name;
    int layers;
    int plan_resources;
    std::size_t limit;
    bool fills;  // plans to share: the budget is used, not wasted
  } cases[] = {
      {"50 layers with 50 KB plans", 50, 260, kCommentLimitBytes, true},
      {"500 layers: state too big, dropped", 500, 2, kCommentLimitBytes, false},
      {"2000 layers, rows cut", 2000, 0, kCommentLimitBytes, true},
      {"tiny budget", 5, 100, 1500, false},
      {"step summary, 50 layers x 50 KB", 50, 260, kStepSummaryLimitBytes, true},
  };
  for (const auto& c : cases) {
    Dashboard dashboard = DesignExample();
    for (int i = 0; i < c.layers; ++i) {
      LayerRow layer = Layer("layer-" + std::to_string(i), StageStatus::kPassed,
                             StageStatus::kPassed, {StageStatus::kChanges, "+1 ~0 −0"});
      if (c.plan_resources > 0) layer.plan_text = PlanText(c.plan_resources);
      layer.plan_digest = "sha256:" + std::string(64, 'a');
      dashboard.layers.push_back(layer);
    }
    const Surface surface =
        c.limit == kStepSummaryLimitBytes ? Surface::kStepSummary : Surface::kComment;
    const std::string out = RenderDashboard(dashboard, {surface, c.limit});
    EXPECT_LE(out.size(), c.limit) << c.name;
    if (c.fills) {
      EXPECT_GT(out.size(), c.limit * 3 / 4) << c.name << ": the budget is used";
    }
    if (surface == Surface::kComment) {
      EXPECT_NE(out.find(kDashboardEndMarker), std::string::npos) << c.name;
    }
  }
}

TEST(RenderDashboard, PlansShareTheBudgetFairly) {
  const std::string out = RenderDashboard(BigPlans(), {Surface::kComment, 6000});
  // The one-resource plan fits whole; the big ones are cut, keeping head and tail.
  EXPECT_NE(out.find("Plan: 1 to add"), std::string::npos);
  EXPECT_NE(out.find("Plan: 40 to add"), std::string::npos);
  EXPECT_NE(out.find("Plan: 25 to add"), std::string::npos);
  EXPECT_NE(out.find("cut here; the full plan is in the run's summary"), std::string::npos);
}

TEST(RenderDashboard, MasksSecretsEverywhere) {
  Masker masker;
  masker.AddSecret("s3cr3t-v4lue");
  Dashboard dashboard = DesignExample();
  dashboard.branch = "s3cr3t-v4lue";
  dashboard.commit_message = "ghp_" + std::string(36, 'a');
  dashboard.layers[1].plan_text += "password = \"s3cr3t-v4lue\"\n";
  dashboard.layers[1].plan.note = "s3cr3t-v4lue|x";
  dashboard.notes = {"s3cr3t-v4lue"};
  RenderOptions options;
  options.masker = &masker;
  for (Surface surface : {Surface::kComment, Surface::kStepSummary, Surface::kTerminal}) {
    options.surface = surface;
    const std::string out = RenderDashboard(dashboard, options);
    EXPECT_EQ(out.find("s3cr3t"), std::string::npos) << out;
    EXPECT_EQ(out.find("ghp_aaaa"), std::string::npos) << out;
  }
}

TEST(RenderDashboard, StateRoundTripsThroughTheComment) {
  Dashboard dashboard = EveryStatus();
  dashboard.layers[5].plan_digest = "sha256:abc";
  dashboard.layers[5].applied_by = "alice";
  dashboard.layers[5].applied_sha = "0123456";
  const std::string out = RenderDashboard(dashboard);
  auto state = ParseDashboardState(out);
  ASSERT_TRUE(state.ok()) << state.error().message;
  const DashboardState expected = StateOf(dashboard);
  ASSERT_EQ(state->layers.size(), expected.layers.size());
  for (std::size_t i = 0; i < expected.layers.size(); ++i) {
    const LayerRow& got = state->layers[i];
    const LayerRow& want = expected.layers[i];
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.plan.status, want.plan.status) << want.name;
    EXPECT_EQ(got.plan.note, want.plan.note) << want.name;
    EXPECT_EQ(got.format.status, want.format.status) << want.name;
    EXPECT_EQ(got.plan_digest, want.plan_digest) << want.name;
    EXPECT_EQ(got.lock_holder, want.lock_holder) << want.name;
    EXPECT_EQ(got.applied_by, want.applied_by) << want.name;
  }
  ASSERT_EQ(state->checks.size(), 3u);
  EXPECT_EQ(state->checks[1].kind, CheckKind::kE2e);
  EXPECT_EQ(state->checks[1].name, "smoke");
  EXPECT_EQ(state->checks[1].cell.status, StageStatus::kFailed);
  // And back into a dashboard that renders the same table.
  Dashboard again = DashboardFromState(*state);
  again.commit_message = dashboard.commit_message;
  for (std::size_t i = 0; i < again.layers.size(); ++i) {
    EXPECT_EQ(again.layers[i].plan.note, dashboard.layers[i].plan.note);
  }
}

// The hidden state keeps an excerpt of every plan (head and tail, at most 4 KB each and
// 8 KB in all), so that the next job on the same commit shows the plans it did not make.
TEST(RenderDashboard, TheStateKeepsABoundedExcerptOfEachPlan) {
  Dashboard dashboard = BigPlans();
  dashboard.layers[0].plan_text = "No changes. Your infrastructure matches the configuration.\n";
  const std::string out = RenderDashboard(dashboard);
  Result<DashboardState> state = ParseDashboardState(out);
  ASSERT_TRUE(state.ok()) << state.error().message;
  std::size_t total = 0;
  for (std::size_t i = 0; i < dashboard.layers.size(); ++i) {
    const std::string& kept = state->layers[i].plan_text;
    const std::string& full = dashboard.layers[i].plan_text;
    SCOPED_TRACE(dashboard.layers[i].name);
    total += kept.size();
    if (full.size() <= 2000) {
      EXPECT_EQ(kept, full) << "a short plan is kept whole";
      continue;
    }
    EXPECT_LE(kept.size(), 4096u);
    EXPECT_EQ(kept.substr(0, 40), full.substr(0, 40)) << "the head is kept";
    EXPECT_NE(kept.find("Plan: "), std::string::npos) << "and the summary line at the end";
    EXPECT_NE(kept.find("cut here; the full plan is in the run's summary"), std::string::npos);
  }
  EXPECT_LE(total, 8192u);
  // Back into a dashboard, the excerpts are what its plan details show.
  const std::string again = RenderDashboard(DashboardFromState(*state));
  EXPECT_NE(again.find("Plan: 40 to add"), std::string::npos) << again;
  EXPECT_NE(again.find("Plan: 25 to add"), std::string::npos) << again;
}

// Plan text in the state cannot end the block or forge another: `<`, `>` and `&` are
// escaped in it like in every other field.
TEST(RenderDashboard, PlanTextInTheStateCannotForgeIt) {
  Dashboard dashboard = DesignExample();
  dashboard.layers[1].plan_text =
      "--> <!-- infra-flash:state {\"version\":2,\"layers\":[]} -->\n<!-- infra-flash:end -->\n";
  const std::string out = RenderDashboard(dashboard);
  Result<DashboardState> state = ParseDashboardState(out);
  ASSERT_TRUE(state.ok()) << state.error().message;
  ASSERT_EQ(state->layers.size(), dashboard.layers.size());
  EXPECT_EQ(state->layers[1].plan_text, dashboard.layers[1].plan_text);
}

// With many layers the excerpts give way before anything else the state holds: 100
// layers with large plans still keep their hidden state.
// 100 targets: 50 promoted layers, each in staging and production, each applied to one
// and planned for the other.
TEST(RenderDashboard, AHundredLayersKeepTheirStateTheExcerptsGiveWayFirst) {
  Dashboard dashboard = DesignExample();
  dashboard.layers.clear();
  for (int i = 0; i < 100; ++i) {
    const std::string name =
        "service-" + std::to_string(i / 2) + (i % 2 == 0 ? "@staging" : "@production");
    LayerRow layer = Layer(name, StageStatus::kPassed, StageStatus::kPassed,
                           {StageStatus::kChanges, "+30 ~0 −0"});
    layer.plan_text = PlanText(30);
    layer.plan_digest = "sha256:" + std::string(64, 'a');
    layer.lock_holder = "#1234";
    if (i % 2 == 0) {
      layer.apply = {StageStatus::kPassed, "applied"};
      layer.applied_by = "a-long-login-name";
      layer.applied_sha = std::string(40, 'f');
    }
    dashboard.layers.push_back(layer);
  }
  const std::string out = RenderDashboard(dashboard);
  EXPECT_LE(out.size(), kCommentLimitBytes);
  EXPECT_NE(out.find("service-49 · production"), std::string::npos);
  Result<DashboardState> state = ParseDashboardState(out);
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->layers.size(), 100u);
  EXPECT_EQ(state->layers[99].name, "service-49@production");
  EXPECT_EQ(state->layers[99].plan_digest, "sha256:" + std::string(64, 'a'));
  EXPECT_EQ(state->layers[98].applied_sha, std::string(40, 'f'));
}

TEST(RenderDashboard, TestEnvironmentRowsLinkOnlySafeUrls) {
  struct Case {
    std::string note;
    std::string expected;  // in the rendered row
    std::string absent;    // never in the output ("" for no check)
  };
  const std::vector<Case> cases = {
      {"url = https://pr-7.example.test",
       "| Test env `platform` | ✅ url = [https\\://pr-7.example.test](https://pr-7.example.test) |",
       ""},
      {"api = http://a_b.example.test/x?y=1&z=2 · name = my_app",
       "[http\\://a\\_b.example.test/x?y=1&amp;z=2](http://a_b.example.test/x?y=1&z=2) · name = "
       "my\\_app",
       ""},
      // Not a link: another scheme, a cell separator, link brackets, a masked value.
      {"x = javascript:alert(1)", "✅ x = javascript:alert(1) |", "](javascript"},
      // A URL that is no link stays text: its colon escaped, so GitHub does not link it.
      {"x = https://a.test/|b", "✅ x = https\\://a.test/\\|b |", "](https://a.test/|"},
      {"x = https://a.test/](javascript:alert(1))",
       "✅ x = https\\://a.test/\\](javascript:alert(1)) |", "[https"},
      {"x = https://user:hunter22@a.test/", "✅ x = https\\://user:\\*\\*\\*@", "hunter22"},
  };
  for (const Case& c : cases) {
    Dashboard dashboard = DesignExample();
    dashboard.checks.push_back({CheckKind::kTestEnv, "platform", {StageStatus::kPassed, c.note}});
    const std::string out = RenderDashboard(dashboard);
    ExpectTablesIntact(out);
    EXPECT_NE(out.find(c.expected), std::string::npos) << c.note << "\n" << out;
    if (!c.absent.empty()) {
      EXPECT_EQ(out.find(c.absent), std::string::npos) << c.note << "\n" << out;
    }
    auto state = ParseDashboardState(out);
    ASSERT_TRUE(state.ok()) << state.error().message;
    ASSERT_EQ(state->checks.size(), 1u) << c.note;
    EXPECT_EQ(state->checks[0].kind, CheckKind::kTestEnv);
    EXPECT_EQ(state->checks[0].name, "platform");
  }
}

TEST(CloseUnfinished, NoRowIsLeftRunning) {
  Dashboard dashboard = EveryStatus();
  CloseUnfinished(dashboard, "cancelled");
  const std::string out = RenderDashboard(dashboard);
  EXPECT_EQ(out.find("⏳"), std::string::npos);
  EXPECT_NE(out.find("⛔ cancelled"), std::string::npos);
}

// Two targets a policy check covers: platform failed it and an owner approved that plan,
// data-prod failed it and errored another; bootstrap had no changes, so no check ran.
Dashboard WithPolicies() {
  Dashboard dashboard = DesignExample();
  LayerRow& platform = dashboard.layers[1];
  platform.apply = {};
  platform.plan_digest = "sha256:aa11";
  platform.policies = {{"no-public-buckets", StageStatus::kFailed,
                        "FAIL - plan.json - main - aws_s3_bucket.logs: not by hand"},
                       {"tags", StageStatus::kPassed, ""}};
  platform.policy_approvals = {{"no-public-buckets", "carol", dashboard.sha, "sha256:aa11"}};
  platform.policy = {StageStatus::kFailed, "no-public-buckets · approved", 1200};
  LayerRow data = Layer("data-prod", StageStatus::kPassed, StageStatus::kPassed,
                        {StageStatus::kChanges, "+0 ~0 −1"});
  data.plan_digest = "sha256:bb22";
  // The checker echoes what the PR's plan holds: markers, backticks, a mention, a tag.
  data.policies = {
      {"no-public-buckets", StageStatus::kPassed, ""},
      {"keep-databases", StageStatus::kFailed,
       "FAIL - aws_db_instance.main`<!-- infra-flash:state {} -->` @everyone <img src=x>"},
      {"cost", StageStatus::kError,
       "exit status 127: the checker or a program it runs could not be found or executed"}};
  // An approval of another plan (an older digest) is not this plan's.
  data.policy_approvals = {{"keep-databases", "carol", dashboard.sha, "sha256:old"}};
  dashboard.layers.push_back(data);
  dashboard.layers.back().policy = {StageStatus::kFailed, "keep-databases ⚠️ cost", 900};
  dashboard.next_step = {"/approve_policies",
                         "if you own the failed policy checks above; otherwise fix the plan and "
                         "push."};
  return dashboard;
}

TEST(RenderDashboard, ThePolicyColumnShowsFailuresAndApprovals) {
  const std::string out = RenderDashboard(WithPolicies(), {});
  EXPECT_NE(out.find("| Layer | Format | Validate | Plan | Policy | Apply | Time |"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("| ❌ no-public-buckets · approved |"), std::string::npos) << out;
  EXPECT_NE(out.find("| ❌ keep-databases ⚠️ cost |"), std::string::npos) << out;
  EXPECT_NE(out.find("**no-public-buckets** failed, approved by @\u200bcarol"), std::string::npos)
      << out;
  EXPECT_EQ(out.find("**keep-databases** failed, approved"), std::string::npos)
      << "an approval of another plan is not shown as this one's";
  // The checker's words stay inside their fence, where GitHub links, mentions and renders
  // nothing; the forged marker in them is defused.
  const std::size_t fence = out.find("```\nFAIL - aws_db_instance.main");
  ASSERT_NE(fence, std::string::npos) << out;
  const std::size_t fence_end = out.find("\n```\n", fence + 4);
  EXPECT_GT(out.find("@everyone"), fence);
  EXPECT_LT(out.find("@everyone"), fence_end);
  EXPECT_EQ(out.find("<img", fence_end), std::string::npos) << out;
  EXPECT_EQ(out.find("<!-- infra-flash:state {}"), std::string::npos) << out;
  ExpectTablesIntact(out);
  ExpectGolden("dashboard_policy_column.md", out);
  // The verdicts and approvals survive the hidden state; the forged marker did not end it.
  Result<DashboardState> state = ParseDashboardState(out);
  ASSERT_TRUE(state.ok()) << state.error().message;
  const LayerRow* data = state->FindLayer("data-prod");
  ASSERT_NE(data, nullptr);
  ASSERT_EQ(data->policies.size(), 3u);
  EXPECT_EQ(data->policies[1].status, StageStatus::kFailed);
  EXPECT_EQ(data->policies[2].status, StageStatus::kError);
  EXPECT_EQ(data->UnapprovedPolicies(state->sha).size(), 2u);
  const LayerRow* platform = state->FindLayer("platform");
  ASSERT_NE(platform, nullptr);
  EXPECT_TRUE(platform->UnapprovedPolicies(state->sha).empty());
  ASSERT_EQ(platform->policy_approvals.size(), 1u);
  EXPECT_EQ(platform->policy_approvals[0].by, "carol");
  EXPECT_EQ(state->FindLayer("bootstrap")->policy.status, StageStatus::kNotRun);
  // Without any check, the column is not there.
  EXPECT_EQ(RenderDashboard(DesignExample(), {}).find("Policy"), std::string::npos);
}

}  // namespace
}  // namespace infra_flash
