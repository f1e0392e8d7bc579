// The push flow on a shallow checkout: actions/checkout fetches only the pushed commit,
// so what the push changed comes from the compare API (harness: flows_fixture.h).
#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

const std::string kNotInCheckout(40, '1');

std::string PushPayload(const std::string& before, const std::string& after) {
  return R"({"ref":"refs/heads/main","before":")" + before + R"(","after":")" + after +
         R"(","created":false,"repository":{"full_name":"o/r","default_branch":"main"},)"
         R"("sender":{"login":"alice"}})";
}

TEST_F(FlowsTest, PushWithoutTheBeforeCommitAsksTheCompareApi) {
  const std::string head = work.Change("platform/main.tf", "cache");
  github.Seed(R"({"repo": "o/r", "compares": {")" + kNotInCheckout + "..." + head +
              R"(": [{"filename": "platform/main.tf"}]}})");
  ProcessResult push = RunEvent("push", PushPayload(kNotInCheckout, head));
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_EQ(github.CountRequests("GET", "/compare/" + kNotInCheckout + "..." + head), 1);
  EXPECT_TRUE(Contains(outputs, "\"platform\"")) << "layers from the API's file list: " << outputs;
  EXPECT_FALSE(Contains(push.out, "cannot tell which files")) << push.out;
}

TEST_F(FlowsTest, PushWhoseChangesNobodyCanTellStillScansEveryLayer) {
  const std::string head = work.Change("platform/main.tf", "cache");
  ProcessResult push = RunEvent("push", PushPayload(kNotInCheckout, head));
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_TRUE(Contains(push.out, "cannot tell which files the push changed")) << push.out;
  EXPECT_TRUE(Contains(push.out, "fetch-depth")) << "says how to fix it: " << push.out;
  EXPECT_TRUE(SimRan("plan", "/platform"))
      << "the drift scan still covers every layer: " << Slurp(SimLogPath());
}

}  // namespace
}  // namespace infra_flash::testing
