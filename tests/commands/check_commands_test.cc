// The commands that check rather than change: /verify (a drift scan), /review (the
// hand-off to a review job), /e2e (a configured suite) and /health with nothing to probe.
#include <gtest/gtest.h>

#include "commands/command_fixture.h"

namespace infra_flash::testing {
namespace {

using VerifyCommandTest = CommandTest;

TEST_F(VerifyCommandTest, InSyncIsGreenAndSaysSo) {
  EXPECT_EQ(Run(Verb::kVerify, {"platform", "edge"}), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kRocket}));
  EXPECT_NE(LastReply().find("No drift"), std::string::npos) << LastReply();
  EXPECT_EQ(Output("drift"), R"({"platform":false,"edge":false})");
  EXPECT_EQ(Ran("plan"), (std::vector<std::string>{"platform", "edge"}));
  EXPECT_TRUE(Ran("show").empty());       // a scan saves no plan
  EXPECT_FALSE(Dashboard().has_value());  // nor touches the dashboard
}

TEST_F(VerifyCommandTest, DriftIsRedAndNamesTheLayer) {
  engine_["edge"].plan_json = PlanJson("null_resource.e", 1);  // plan exits 2
  EXPECT_EQ(Run(Verb::kVerify, {"platform", "edge"}), 1);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("1 of 2 layers drifted"), std::string::npos) << LastReply();
  EXPECT_EQ(Output("drift"), R"({"platform":false,"edge":true})");
}

TEST_F(VerifyCommandTest, AScanThatFailsIsAnErrorNotDrift) {
  engine_["platform"].plan_exit = 1;
  EXPECT_EQ(Run(Verb::kVerify, {"platform"}), 1);
  EXPECT_NE(LastReply().find("failed for 1 of 1"), std::string::npos) << LastReply();
  EXPECT_EQ(Output("drift"), R"({"platform":false})");
}

TEST_F(VerifyCommandTest, NoLayerIsNotAFailure) {
  EXPECT_EQ(Run(Verb::kVerify, {}), 0);
  EXPECT_NE(LastReply().find("No layer to verify"), std::string::npos) << LastReply();
  EXPECT_TRUE(executor_->records().empty());
}

using ReviewCommandTest = CommandTest;

TEST_F(ReviewCommandTest, LabelsThePrSetsTheOutputAndShowsTheRow) {
  EXPECT_EQ(Run(Verb::kReview, {}), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kRocket}));
  EXPECT_EQ(Output("review-requested"), "true");
  EXPECT_EQ(github_->labels[kPr], (std::set<std::string>{"needs-review"}));
  ASSERT_TRUE(Dashboard().has_value());
  ASSERT_EQ(Dashboard()->checks.size(), 1u);
  EXPECT_EQ(Dashboard()->checks[0].kind, CheckKind::kReview);
  EXPECT_EQ(Dashboard()->checks[0].cell.note, "requested by @alice");
}

TEST_F(ReviewCommandTest, ALabelGitHubRefusesStillHandsOff) {
  github_->FailNext("AddLabels", Error{"HTTP 403: Resource not accessible by integration"});
  EXPECT_EQ(Run(Verb::kReview, {}), 0);
  EXPECT_EQ(Output("review-requested"), "true");
  EXPECT_NE(LastReply().find("could not be added"), std::string::npos) << LastReply();
  EXPECT_NE(LastReply().find("issues: write"), std::string::npos) << LastReply();
  ASSERT_TRUE(Dashboard().has_value());
  EXPECT_EQ(Dashboard()->checks[0].cell.note, "requested by @alice (label not added)");
}

using E2eCommandTest = CommandTest;

TEST_F(E2eCommandTest, APassingSuiteIsGreenOnTheDashboard) {
  EXPECT_EQ(Run(Verb::kE2e, {}, "alice", "", "smoke"), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kRocket}));
  ASSERT_TRUE(Dashboard().has_value());
  ASSERT_EQ(Dashboard()->checks.size(), 1u);
  EXPECT_EQ(Dashboard()->checks[0].kind, CheckKind::kE2e);
  EXPECT_EQ(Dashboard()->checks[0].name, "smoke");
  EXPECT_EQ(Dashboard()->checks[0].cell.status, StageStatus::kPassed);
}

TEST_F(E2eCommandTest, AFailingSuiteIsRedAndSaysWhereTheOutputIs) {
  EXPECT_EQ(Run(Verb::kE2e, {}, "alice", "", "broken"), 1);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("did not pass"), std::string::npos) << LastReply();
  ASSERT_TRUE(Dashboard().has_value());
  EXPECT_EQ(Dashboard()->checks[0].cell.status, StageStatus::kFailed);
}

TEST_F(E2eCommandTest, AnUnknownSuiteIsDeclinedAndRunsNothing) {
  EXPECT_EQ(Run(Verb::kE2e, {}, "alice", "", "nope"), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("smoke"), std::string::npos) << LastReply();  // names the known
  EXPECT_FALSE(Dashboard().has_value());
}

using HealthCommandTest = CommandTest;

TEST_F(HealthCommandTest, NothingToProbeIsDeclinedWithAnExample) {
  EXPECT_EQ(Run(Verb::kHealth, {}), 0);
  EXPECT_EQ(LastReactions(), (std::vector<Reaction>{Reaction::kConfused}));
  EXPECT_NE(LastReply().find("has nothing to probe"), std::string::npos) << LastReply();
  EXPECT_NE(LastReply().find("health:"), std::string::npos) << LastReply();
}

}  // namespace
}  // namespace infra_flash::testing
