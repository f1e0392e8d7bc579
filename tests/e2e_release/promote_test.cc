// GitOps promotion (workflow_dispatch `command: promote`): a tag that ran in staging
// becomes the next minor version in production with a GitHub Release; refusals leave
// everything as it was; hotfix tags go straight from a production tag
// (harness: release_fixture.h).
#include "e2e_release/release_fixture.h"

namespace infra_flash::testing {
namespace {

constexpr char kConfirmed[] = R"("staging_tag":"v0.1.0","confirm":"deploy")";

TEST_F(ReleaseTest, PromoteTagsTheNextMinorDeploysToProductionAndCreatesARelease) {
  Configure();
  StartReceiver();
  const std::string commit = work.Append("services/app/values.yaml", "image: app:1\n");
  ASSERT_EQ(Push(work.base).exit_code, 0);
  ASSERT_EQ(Deployed("staging", "v0.1.0"), commit);
  const std::string staged_message = TagMessage("v0.1.0");
  const std::size_t at = staged_message.find("sha256:");
  ASSERT_NE(at, std::string::npos) << staged_message;
  const std::string fingerprint = staged_message.substr(at, 7 + 64);

  ProcessResult promote = Promote(kConfirmed);
  ASSERT_EQ(promote.exit_code, 0) << promote.out << promote.err;
  EXPECT_EQ(Output("version"), "v0.2.0") << outputs;
  EXPECT_EQ(TagCommit("v0.2.0"), commit) << "the minor tag sits on the commit staging ran";
  EXPECT_TRUE(Contains(TagMessage("v0.2.0"), "promoted-from: v0.1.0")) << TagMessage("v0.2.0");
  EXPECT_EQ(Deployed("production", "v0.2.0"), commit);
  std::vector<StubRequest> requests = receiver->Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].body, R"({"env":"production","tag":"v0.2.0","triggered_by":"alice"})");
  EXPECT_EQ(requests[1].signature_valid, std::optional<bool>(true));
  const std::string body = ReleaseBody("v0.2.0");
  EXPECT_TRUE(Contains(body, "| tag | `v0.2.0` |")) << body;
  EXPECT_TRUE(Contains(body, "| commit | `" + commit + "` |")) << body;
  EXPECT_TRUE(Contains(body, "| staging tag | `v0.1.0` |")) << body;
  EXPECT_TRUE(Contains(body, "| fingerprint | `" + fingerprint + "` |")) << body;
  EXPECT_TRUE(Contains(step_summary, "infra-flash promotion")) << step_summary;
  EXPECT_TRUE(Contains(step_summary, "promoted from `v0.1.0`")) << step_summary;

  // Run again: the same tag, no second release, no second production deploy.
  promote = Promote(kConfirmed);
  ASSERT_EQ(promote.exit_code, 0) << promote.out << promote.err;
  EXPECT_EQ(Output("version"), "v0.2.0");
  EXPECT_TRUE(Contains(promote.out, "already deployed to production (a re-run)")) << promote.out;
  EXPECT_EQ(TagCount(), 2);
  EXPECT_EQ(ReleaseCount(), 1);
  EXPECT_EQ(receiver->Requests().size(), 2u);

  // The next change on main continues from the production version.
  work.Append("services/app/values.yaml", "image: app:2\n");
  ASSERT_EQ(Push(commit).exit_code, 0);
  EXPECT_EQ(Output("version"), "v0.2.1");
}

struct Refusal {
  const char* name;
  const char* inputs;
  const char* says;
};

TEST_F(ReleaseTest, PromoteRefusalsDoNothing) {
  Configure();
  StartReceiver();
  const std::string commit = work.Head();
  // v0.1.0 ran in staging; v0.1.1 exists but never did.
  SeedRefs(R"("refs/tags/v0.1.0":")" + commit + R"(","refs/tags/v0.1.1":")" + commit +
           R"(","refs/infra-flash/deployed/staging/v0.1.0":")" + commit + R"(")");
  const Refusal refusals[] = {
      {"no confirm", R"("staging_tag":"v0.1.0")", "needs the input `confirm` set to `deploy`"},
      {"wrong confirm", R"("staging_tag":"v0.1.0","confirm":"yes")",
       "needs the input `confirm` set to `deploy`"},
      {"no tag", R"("confirm":"deploy")", "needs the input `staging_tag`"},
      {"not a version", R"("staging_tag":"latest","confirm":"deploy")", "cannot promote"},
      {"unknown tag", R"("staging_tag":"v9.9.9","confirm":"deploy")",
       "tag `v9.9.9` does not exist"},
      {"never in staging", R"("staging_tag":"v0.1.1","confirm":"deploy")",
       "`v0.1.1` has not been deployed to staging"},
      {"hotfix of a tag production never ran",
       R"("staging_tag":"v0.1.0-hotfix.1","confirm":"deploy")", "production never ran that tag"},
  };
  SeedRefs(R"("refs/tags/v0.1.0-hotfix.1":")" + commit + R"(")");
  const std::string refs_before = RepositoryState();
  for (const Refusal& refusal : refusals) {
    SCOPED_TRACE(refusal.name);
    ProcessResult promote = Promote(refusal.inputs);
    EXPECT_EQ(promote.exit_code, 1) << promote.out << promote.err;
    EXPECT_TRUE(Contains(promote.out, refusal.says)) << promote.out;
    EXPECT_TRUE(Contains(step_summary, refusal.says)) << step_summary;
    EXPECT_EQ(Output("version"), "");
  }
  EXPECT_EQ(RepositoryState(), refs_before) << "no tag, ref or release was made";
  EXPECT_EQ(receiver->Requests().size(), 0u) << "nothing was sent";
}

TEST_F(ReleaseTest, HotfixOfAProductionTagGoesStraightToProductionUnderItsOwnName) {
  Configure();
  StartReceiver();
  const std::string production = work.Head();
  const std::string fix = work.Append("services/app/values.yaml", "image: app:1-fix\n");
  SeedRefs(R"("refs/tags/v0.2.0":")" + production +
           R"(","refs/infra-flash/deployed/production/v0.2.0":")" + production +
           R"(","refs/tags/v0.2.0-hotfix.1":")" + fix + R"(")");
  ProcessResult promote = Promote(R"("staging_tag":"v0.2.0-hotfix.1","confirm":"deploy")");
  ASSERT_EQ(promote.exit_code, 0) << promote.out << promote.err;
  EXPECT_EQ(Output("version"), "v0.2.0-hotfix.1") << outputs;
  EXPECT_TRUE(Contains(promote.out, "staging may be skipped")) << promote.out;
  EXPECT_EQ(TagCount(), 2) << "a hotfix is deployed as itself: no new tag";
  EXPECT_EQ(Deployed("production", "v0.2.0-hotfix.1"), fix);
  ASSERT_EQ(receiver->Requests().size(), 1u);
  EXPECT_EQ(receiver->Requests()[0].body,
            R"({"env":"production","tag":"v0.2.0-hotfix.1","triggered_by":"alice"})");
  EXPECT_TRUE(Contains(ReleaseBody("v0.2.0-hotfix.1"), "not recorded")) << "a hand-made tag";
}

TEST_F(ReleaseTest, PromoteWhoseProductionDeployFailsKeepsTheTagForTheReRun) {
  Configure();
  StartReceiver(R"([{"status": 200}, {"status": 400, "body": "frozen"}, {"status": 200}])");
  work.Append("services/app/values.yaml", "image: app:1\n");
  ASSERT_EQ(Push(work.base).exit_code, 0);
  ASSERT_EQ(Output("version"), "v0.1.0");
  ProcessResult promote = Promote(kConfirmed);
  EXPECT_EQ(promote.exit_code, 1) << promote.out << promote.err;
  EXPECT_TRUE(Contains(promote.out, "was refused: HTTP 400 from 127.0.0.1")) << promote.out;
  EXPECT_EQ(Deployed("production", "v0.2.0"), "");
  EXPECT_EQ(ReleaseCount(), 0) << "no release for what did not reach production";

  promote = Promote(kConfirmed);
  ASSERT_EQ(promote.exit_code, 0) << promote.out << promote.err;
  EXPECT_TRUE(Contains(promote.out, "`v0.2.0` was already cut from `v0.1.0`")) << promote.out;
  EXPECT_EQ(Output("version"), "v0.2.0");
  EXPECT_EQ(TagCount(), 2) << "no v0.3.0";
  EXPECT_NE(Deployed("production", "v0.2.0"), "");
  EXPECT_EQ(ReleaseCount(), 1);
}

}  // namespace
}  // namespace infra_flash::testing
