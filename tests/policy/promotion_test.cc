// Targets of promoted layers: which ones a comment selects, and which ones an `/apply` may
// take (GateByPromotion: one environment of a layer at a time, prod only after this commit
// reached staging).
#include "policy/promotion.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "command/command.h"

namespace infra_flash {
namespace {

constexpr char kHead[] = "1111111111111111111111111111111111111111";
constexpr char kOlder[] = "2222222222222222222222222222222222222222";

// app: staging -> qa -> prod; platform bound to none; data bound to prod.
Config Promoted() {
  Result<Config> config = ParseConfig(R"(version: 1
layers:
  platform: { dir: platform }
  app: { dir: app, depends_on: [platform], environments: [staging, qa, prod] }
  data: { dir: data, environment: prod }
environments:
  staging: { state_key: "staging/{layer}.tfstate" }
  qa: { state_key: "qa/{layer}.tfstate" }
  prod: { state_key: "prod/{layer}.tfstate" }
)",
                                      ".infra-flash.yml");
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  return config.ok() ? *config : Config{};
}

// The apply log as a set of (environment, layer, sha).
struct Log {
  std::set<std::tuple<std::string, std::string, std::string>> entries;
  std::set<std::string> unreadable;  // environments whose log cannot be read
  int reads = 0;

  AppliedAt Lookup() {
    return [this](const std::string& environment, const std::string& layer,
                  const std::string& sha) -> Result<bool> {
      ++reads;
      if (unreadable.count(environment) != 0) return Error{"HTTP 502"};
      return entries.count({environment, layer, sha}) != 0;
    };
  }
};

std::vector<std::string> Names(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<std::string> names;
  for (const auto& [name, reason] : pairs) names.push_back(name);
  return names;
}

TEST(GateByPromotion, TheFirstEnvironmentGoesAheadAndTheRestWait) {
  const Config config = Promoted();
  Log log;
  PromotionGate gate = GateByPromotion(config, {"platform", "app@staging", "app@qa", "app@prod"},
                                       DashboardState{}, kHead, log.Lookup());
  EXPECT_EQ(gate.runnable, (std::vector<std::string>{"platform", "app@staging"}));
  EXPECT_EQ(Names(gate.deferred), (std::vector<std::string>{"app@qa", "app@prod"}));
  EXPECT_NE(gate.deferred[0].second.find("after `staging`"), std::string::npos);
  EXPECT_NE(gate.deferred[1].second.find("`/apply app prod`"), std::string::npos);
  EXPECT_TRUE(gate.refused.empty());
  EXPECT_EQ(log.reads, 0) << "the first environment needs no record";
}

TEST(GateByPromotion, ALaterEnvironmentNeedsThisCommitInEveryEarlierOne) {
  const Config config = Promoted();
  struct Case {
    std::string name;
    std::set<std::tuple<std::string, std::string, std::string>> log;
    bool runnable;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"nothing applied yet", {}, false, "apply to `staging` first (`/apply app staging`)"},
      {"staging only", {{"staging", "app", kHead}}, false, "apply to `qa` first"},
      {"staging and qa at an older commit",
       {{"staging", "app", kOlder}, {"qa", "app", kOlder}},
       false,
       "commit 1111111 has not been applied to `staging`"},
      {"another layer's record does not count",
       {{"staging", "platform", kHead}, {"qa", "platform", kHead}},
       false,
       "apply to `staging` first"},
      {"staging and qa at this commit",
       {{"staging", "app", kHead}, {"qa", "app", kHead}},
       true,
       ""},
  };
  for (const Case& c : cases) {
    Log log;
    log.entries = c.log;
    PromotionGate gate =
        GateByPromotion(config, {"app@prod"}, DashboardState{}, kHead, log.Lookup());
    EXPECT_EQ(gate.runnable.size(), c.runnable ? 1u : 0u) << c.name;
    if (!c.runnable) {
      ASSERT_EQ(gate.refused.size(), 1u) << c.name;
      EXPECT_NE(gate.refused[0].second.find(c.says), std::string::npos)
          << c.name << ": " << gate.refused[0].second;
      EXPECT_NE(gate.refused[0].second.find("staging → qa → prod"), std::string::npos);
    }
  }
}

TEST(GateByPromotion, AnEarlierPlanWithoutChangesAtThisCommitCountsAsReached) {
  const Config config = Promoted();
  DashboardState shown;
  shown.sha = kHead;
  for (const char* name : {"app@staging", "app@qa"}) {
    LayerRow row;
    row.name = name;
    row.plan.status = StageStatus::kNoChanges;
    shown.layers.push_back(row);
  }
  Log log;
  EXPECT_EQ(GateByPromotion(config, {"app@prod"}, shown, kHead, log.Lookup()).runnable,
            (std::vector<std::string>{"app@prod"}));
  // The same rows for another commit say nothing about this one.
  shown.sha = kOlder;
  EXPECT_TRUE(GateByPromotion(config, {"app@prod"}, shown, kHead, log.Lookup()).runnable.empty());
}

// A `/revert` plan applies an older commit: that commit must have reached staging.
TEST(GateByPromotion, ARevertNeedsTheCommitItRevertsToInTheEarlierEnvironments) {
  const Config config = Promoted();
  DashboardState shown;
  shown.sha = kHead;
  LayerRow prod;
  prod.name = "app@prod";
  prod.plan.status = StageStatus::kChanges;
  prod.plan_source_sha = kOlder;
  shown.layers.push_back(prod);
  Log log;
  log.entries = {{"staging", "app", kHead}, {"qa", "app", kHead}};
  PromotionGate head_only = GateByPromotion(config, {"app@prod"}, shown, kHead, log.Lookup());
  ASSERT_EQ(Names(head_only.refused), (std::vector<std::string>{"app@prod"}));
  EXPECT_NE(head_only.refused[0].second.find("commit 2222222 has not been applied to `staging`"),
            std::string::npos)
      << head_only.refused[0].second;
  log.entries = {{"staging", "app", kOlder}, {"qa", "app", kOlder}};
  EXPECT_EQ(GateByPromotion(config, {"app@prod"}, shown, kHead, log.Lookup()).runnable,
            (std::vector<std::string>{"app@prod"}));
}

TEST(GateByPromotion, AnUnreadableLogRefusesAndSaysSo) {
  const Config config = Promoted();
  Log log;
  log.entries = {{"staging", "app", kHead}};
  log.unreadable = {"qa"};
  PromotionGate gate = GateByPromotion(config, {"app@prod"}, DashboardState{}, kHead, log.Lookup());
  EXPECT_TRUE(gate.runnable.empty());
  ASSERT_EQ(gate.refused.size(), 1u);
  EXPECT_NE(gate.refused[0].second.find("the apply log of `qa` could not be read (HTTP 502)"),
            std::string::npos)
      << gate.refused[0].second;
}

TEST(GateByPromotion, LayersThatAreNotPromotedPassUntouched) {
  const Config config = Promoted();
  Log log;
  PromotionGate gate =
      GateByPromotion(config, {"platform", "data"}, DashboardState{}, kHead, log.Lookup());
  EXPECT_EQ(gate.runnable, (std::vector<std::string>{"platform", "data"}));
  EXPECT_EQ(log.reads, 0);
}

TEST(GateRunInOrder, EarlierEnvironmentsInTheSameRunOrAtThisCommit) {
  const Config config = Promoted();
  Log log;
  PromotionGate whole =
      GateRunInOrder(config, {"app@staging", "app@qa", "app@prod"}, kHead, log.Lookup());
  EXPECT_EQ(whole.runnable, (std::vector<std::string>{"app@staging", "app@qa", "app@prod"}));
  EXPECT_EQ(log.reads, 0) << "the run itself goes through every earlier environment";

  PromotionGate alone = GateRunInOrder(config, {"app@prod", "data"}, kHead, log.Lookup());
  EXPECT_EQ(alone.runnable, (std::vector<std::string>{"data"}));
  EXPECT_EQ(Names(alone.refused), (std::vector<std::string>{"app@prod"}));

  log.entries = {{"staging", "app", kHead}};
  PromotionGate after_staging = GateRunInOrder(config, {"app@qa", "app@prod"}, kHead, log.Lookup());
  EXPECT_EQ(after_staging.runnable, (std::vector<std::string>{"app@qa", "app@prod"}));
}

// What a comment selects: the words of `/plan` and `/apply` on targets.
TEST(PromotedLayerWords, SelectTargets) {
  const Config config = Promoted();
  struct Case {
    std::string body;
    std::vector<std::string> layers;
    std::string environment;
  };
  const std::vector<Case> cases = {
      {"/apply app", {"app@staging", "app@qa", "app@prod"}, ""},
      {"/apply app prod", {"app@prod"}, "prod"},
      {"/apply prod app", {"app@prod"}, "prod"},
      {"/apply app@qa", {"app@qa"}, ""},
      {"/plan app platform", {"app@staging", "app@qa", "app@prod", "platform"}, ""},
      {"/apply app data prod", {"app@prod", "data"}, "prod"},
      {"/plan staging", {}, "staging"},
  };
  for (const Case& c : cases) {
    CommentResult parsed = ParseComment(c.body, config);
    ASSERT_EQ(parsed.kind, CommentKind::kCommand) << c.body << ": " << parsed.reply;
    EXPECT_EQ(parsed.request.layers, c.layers) << c.body;
    EXPECT_EQ(parsed.request.environment, c.environment) << c.body;
  }
}

TEST(PromotedLayerWords, ALayerNotDeployedToTheEnvironmentIsRefused) {
  const Config config = Promoted();
  const std::map<std::string, std::string> cases = {
      {"/apply platform prod",
       "`platform` is not deployed to `prod` (it is bound to no "
       "environment)"},
      {"/apply data staging", "`data` is not deployed to `staging` (its environment is `prod`)"},
      {"/apply app dev", "there is no layer or environment `dev`"},
  };
  for (const auto& [body, says] : cases) {
    CommentResult parsed = ParseComment(body, config);
    ASSERT_EQ(parsed.kind, CommentKind::kReply) << body;
    EXPECT_NE(parsed.reply.find(says), std::string::npos) << body << ": " << parsed.reply;
  }
  // A typo of a promoted layer suggests the name in the file, not a target.
  CommentResult typo = ParseComment("/apply App", config);
  EXPECT_NE(typo.reply.find("Did you mean `app`?"), std::string::npos) << typo.reply;
}

}  // namespace
}  // namespace infra_flash
