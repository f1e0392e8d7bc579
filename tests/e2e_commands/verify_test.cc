// `/verify` end to end: a drift scan of every layer with the
// simulator, a short table in the reply, the `drift` output, 🚀 only when nothing
// drifted and nothing failed.
#include "commands_fixture.h"

namespace infra_flash::testing {
namespace {

class VerifyTest : public CommandsTest {};

// The reply's table line of `layer`.
std::string RowOf(const std::string& replies, const std::string& layer) {
  const std::size_t at = replies.find("| `" + layer + "` |");
  if (at == std::string::npos) return "";
  return replies.substr(at, replies.find('\n', at) - at);
}

TEST_F(VerifyTest, EveryLayerInSyncIsARocket) {
  OpenPull("");
  ProcessResult run = Comment("/verify", 901, {{"SIM_EXIT_CODE", "plan:0"}});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "rocket"}));
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "No drift")) << replies;
  for (const char* layer :
       {"bootstrap", "platform", "data-staging", "data-prod", "app@staging", "app@prod"}) {
    EXPECT_TRUE(Contains(RowOf(replies, layer), "✅ in sync")) << layer << ": " << replies;
    EXPECT_TRUE(SimRan("plan", "")) << layer;
  }
  EXPECT_EQ(Output("drift"),
            R"({"bootstrap":false,"platform":false,"data-staging":false,"data-prod":false,)"
            R"("app@staging":false,"app@prod":false})");
  for (const SimRecord& record : SimLog()) {
    if (record.event != "start" || record.argv.empty() || record.argv[0] != "plan") continue;
    EXPECT_NE(std::find(record.argv.begin(), record.argv.end(), "-lock=false"), record.argv.end())
        << "a drift scan takes no state lock";
  }
}

TEST_F(VerifyTest, DriftAndErrorsAreReportedPerLayer) {
  OpenPull("");  // a fresh state: every layer's resources are missing, i.e. drift
  ProcessResult run = Comment("/verify", 901, {{"SIM_FAIL_AT", "plan:prod"}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "confused"}));
  const std::string replies = RepliesOn(1);
  EXPECT_TRUE(Contains(replies, "failed for 1 of 6 layers")) << replies;
  struct {
    const char* layer;
    const char* cell;
  } rows[] = {{"bootstrap", "⚠️ drift"},
              {"platform", "⚠️ drift"},
              {"data-staging", "⚠️ drift"},
              {"data-prod", "❌ error"}};
  for (const auto& row : rows) {
    EXPECT_TRUE(Contains(RowOf(replies, row.layer), row.cell)) << row.layer << ": " << replies;
  }
  EXPECT_EQ(Output("drift"),
            R"({"bootstrap":true,"platform":true,"data-staging":true,"data-prod":false,)"
            R"("app@staging":true,"app@prod":true})");
}

TEST_F(VerifyTest, DriftAloneIsConfusedAndFailsTheJob) {
  OpenPull("");
  ProcessResult run = Comment("/verify", 901);
  EXPECT_EQ(run.exit_code, 1) << "a drift check that finds drift is red\n" << run.out;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "confused"}));
  EXPECT_TRUE(Contains(RepliesOn(1), "6 of 6 layers drifted")) << RepliesOn(1);
  EXPECT_TRUE(Contains(RepliesOn(1), "`/plan LAYER`")) << RepliesOn(1);
}

// `/verify LAYER` scans the named layers only; a word that names no layer gets the usage
// and nothing runs.
TEST_F(VerifyTest, NamedLayersOnly) {
  OpenPull("");
  ProcessResult run = Comment("/verify platform", 901);
  EXPECT_EQ(run.exit_code, 1) << "never applied, so it drifted\n" << run.out << run.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "1 of 1 layers drifted")) << RepliesOn(1);
  EXPECT_TRUE(SimRan("plan", "/platform"));
  EXPECT_FALSE(SimRan("plan", "/bootstrap")) << "only the named layer";

  ProcessResult unknown = Comment("/verify nosuchlayer", 902);
  EXPECT_EQ(unknown.exit_code, 0) << unknown.out << unknown.err;
  EXPECT_TRUE(Contains(RepliesOn(1), "nosuchlayer")) << RepliesOn(1);
}

TEST_F(VerifyTest, CheckoutAtAnotherCommitRunsNothing) {
  OpenPull("");
  PullSeed moved;
  moved.head = std::string(40, 'c');
  SeedPull(moved);
  ProcessResult run = Comment("/verify", 901);
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_TRUE(Contains(RepliesOn(1), "The checkout is at")) << RepliesOn(1);
  EXPECT_EQ(Slurp(SimLogPath()), "") << "no engine process ran";
}

}  // namespace
}  // namespace infra_flash::testing
