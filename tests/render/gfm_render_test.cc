// What a reader sees. Golden files compare markdown text; these tests render every kind of
// comment infra-flash writes with cmark-gfm, the engine GitHub uses, with GitHub's
// extensions (table, strikethrough, autolink, tagfilter; raw HTML allowed as GitHub allows
// <details>), and check the HTML:
//   - no raw markdown in prose: no literal backtick and no backslash escape outside
//     <code> and <pre>;
//   - every markdown table is a <table>, with as many rows as the markdown has;
//   - every <details> opens with a <summary>;
//   - the dashboard's next step is a paragraph of its own, its command a <code> span;
//   - only the tags of our templates appear, and links only where a template makes one:
//     nothing from hostile input becomes a tag or a link.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "command/command.h"
#include "command/table.h"
#include "config/config.h"
#include "run/results.h"
#include "session/drift_issue.h"
#include "support/gfm_render.h"
#include "support/subprocess.h"

namespace infra_flash::testing {
namespace {

namespace fs = std::filesystem;

const std::string kSource = INFRA_FLASH_SOURCE_DIR;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(GfmRender, EveryGoldenRendersAsItReads) {
  int goldens = 0;
  for (const auto& entry : fs::directory_iterator(kSource + "/tests/golden")) {
    if (entry.path().extension() != ".md") continue;
    ++goldens;
    ExpectRendersCleanly(entry.path().filename().string(), Slurp(entry.path()));
  }
  EXPECT_GE(goldens, 14);
}

// The next step was once written on the markers' line, where CommonMark reads the whole
// line as raw HTML: backticks showed, and no code span.
TEST(GfmRender, TheNextStepIsAParagraphWithItsCommandInCode) {
  const std::string html = RenderGfm(Slurp(kSource + "/tests/golden/dashboard_design_example.md"));
  EXPECT_NE(html.find("<!-- next-step -->\n<p>👉 Comment <code>/apply platform</code> to "
                      "deploy.</p>\n<!-- /next-step -->"),
            std::string::npos)
      << html;
}

TEST(GfmRender, HostileTextBecomesNoTagAndNoLink) {
  const std::string html = RenderGfm(Slurp(kSource + "/tests/golden/dashboard_hostile_text.md"));
  // The one link of the template: the run's full output.
  for (const std::string& link : LinksOf(html)) {
    EXPECT_EQ(link.rfind("https://github.com/", 0), 0u) << link;
  }
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), html.find("<code>feat/`pipe|&lt;b&gt;") == std::string::npos
                                  ? std::string::npos
                                  : html.find("<b>"))
      << html;
  EXPECT_EQ(html.find("<i>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
}

Config ExampleConfig() {
  Result<Config> config = LoadConfig(kSource + "/examples/monorepo/.infra-flash.yml");
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  return config.ok() ? *config : Config{};
}

// /help and every kind of reply a comment can get: usage, did-you-mean, engine commands,
// unknown bot commands, hostile words quoted back.
TEST(GfmRender, HelpAndRepliesRenderCleanly) {
  const Config config = ExampleConfig();
  ExpectRendersCleanly("/help", HelpText(config));
  const std::vector<std::string> comments = {
      "/help",
      "/paln",
      "/plan --bogus",
      "/plan nosuchlayer",
      "/apply staging prod",
      "/e2e nope",
      "/unlock now",
      "/approve_policies nope",
      "atlantis",
      "atlantis frobnicate",
      "atlantsi plan",
      "terraform plan",
      "terragrunt run --all apply",
      "/plan -- -var=x=1",
      "/plan `<script>alert(1)</script>` @everyone",
      "/plan a|b **bold** [link](javascript:alert(1)) <img src=x onerror=alert(1)>",
      "/e2e ``` <!-- infra-flash:state {} -->",
  };
  int replies = 0;
  for (const std::string& comment : comments) {
    const CommentResult result = ParseComment(comment, config);
    if (result.kind != CommentKind::kReply) continue;
    ++replies;
    ExpectRendersCleanly("the reply to " + comment, result.reply);
  }
  EXPECT_GE(replies, 12);
}

// The drift issue's body: a table of every layer, the drifted plans, the run.
TEST(GfmRender, TheDriftIssueRendersCleanly) {
  const Config config = ExampleConfig();
  RunResult result;
  result.verb = RunVerb::kVerify;
  const std::pair<const char*, Outcome> layers[] = {{"bootstrap", Outcome::kNoChanges},
                                                    {"platform", Outcome::kDrift},
                                                    {"data-staging", Outcome::kFailed},
                                                    {"data-prod", Outcome::kSkipped}};
  for (const auto& [name, outcome] : layers) {
    LayerResult layer;
    layer.layer = name;
    layer.outcome = outcome;
    layer.reason = outcome == Outcome::kFailed ? "Error: `x` | <b>no</b>" : "";
    StepResult plan;
    plan.name = "plan";
    plan.output =
        "  # null_resource.x must be replaced\n-/+ resource \"null_resource\" \"x\" {}\n"
        "| not a table | `tick` <script>";
    layer.steps.push_back(plan);
    result.layers.push_back(layer);
  }
  DriftScan scan;
  scan.result = &result;
  scan.config = &config;
  scan.environment = "ci";
  scan.commit = std::string(40, 'a');
  scan.branch = "main";
  scan.run_url = "https://github.com/o/r/actions/runs/1";
  scan.when = "2026-12-07T03:00:00Z";
  ExpectRendersCleanly("the drift issue", DriftIssueBody(scan));
}

}  // namespace
}  // namespace infra_flash::testing
