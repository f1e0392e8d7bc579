// GitOps versions on push to the default branch: a patch tag per configuration change,
// a signed deploy request for staging, and every way that can go wrong
// (harness: release_fixture.h).
#include <atomic>
#include <thread>

#include "e2e_release/release_fixture.h"

namespace infra_flash::testing {
namespace {

TEST_F(ReleaseTest, PushTagsTheFirstVersionThenTheNextPatchAndDeploysEachToStaging) {
  Configure();
  StartReceiver();
  const std::string first = work.Append("services/app/values.yaml", "image: app:1\n");
  ProcessResult push = Push(work.base);
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_EQ(Output("version"), "v0.1.0") << outputs;
  EXPECT_EQ(TagCommit("v0.1.0"), first);
  const std::string message = TagMessage("v0.1.0");
  EXPECT_TRUE(Contains(message, "infra-flash v0.1.0\nfingerprint: sha256:")) << message;
  EXPECT_TRUE(Contains(message, "commit: " + first)) << message;
  EXPECT_EQ(Deployed("staging", "v0.1.0"), first);
  EXPECT_TRUE(Contains(step_summary, "Tagged `v0.1.0`")) << step_summary;

  std::vector<StubRequest> requests = receiver->Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].body, R"({"env":"staging","tag":"v0.1.0","triggered_by":"alice"})");
  EXPECT_EQ(requests[0].signature_valid, std::optional<bool>(true));
  // The receiving side's own check: `infra-flash verify-signature` accepts exactly it.
  const std::string body_file = work.dir.Write("body.json", requests[0].body);
  ProcessOptions verify;
  verify.env = {{"RECEIVER_SECRET", kDeploySecret}};
  ProcessResult valid =
      RunProcess({BinaryUnderTest(), "verify-signature", "--secret-env", "RECEIVER_SECRET",
                  "--header", requests[0].headers["x-hub-signature-256"], "--body-file", body_file},
                 verify);
  EXPECT_EQ(valid.exit_code, 0) << valid.err;
  work.dir.Write("body.json", R"({"env":"production","tag":"v0.1.0","triggered_by":"alice"})");
  ProcessResult forged =
      RunProcess({BinaryUnderTest(), "verify-signature", "--secret-env", "RECEIVER_SECRET",
                  "--header", requests[0].headers["x-hub-signature-256"], "--body-file", body_file},
                 verify);
  EXPECT_EQ(forged.exit_code, 1) << "a changed body must not verify";

  const std::string second = work.Append("services/app/values.yaml", "image: app:2\n");
  push = Push(first);
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_EQ(Output("version"), "v0.1.1") << outputs;
  EXPECT_EQ(TagCommit("v0.1.1"), second);
  EXPECT_NE(TagMessage("v0.1.1"), "");
  EXPECT_NE(TagMessage("v0.1.0").substr(0, 100), TagMessage("v0.1.1").substr(0, 100))
      << "the fingerprint changed";
  EXPECT_EQ(Deployed("staging", "v0.1.1"), second);
  requests = receiver->Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].body, R"({"env":"staging","tag":"v0.1.1","triggered_by":"alice"})");
  EXPECT_EQ(requests[1].signature_valid, std::optional<bool>(true));

  // The same push run again (a re-run of the job): nothing new is tagged or sent.
  push = Push(first);
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_EQ(Output("version"), "v0.1.1");
  EXPECT_TRUE(Contains(push.out, "nothing to do (a re-run)")) << push.out;
  EXPECT_EQ(TagCount(), 2);
  EXPECT_EQ(receiver->Requests().size(), 2u);
}

TEST_F(ReleaseTest, UnchangedFingerprintSkipsTagAndDeployAndSaysSo) {
  Configure("  fingerprint: [\"services/**/*.yaml\"]\n");
  StartReceiver();
  const std::string first = work.Append("services/app/values.yaml", "image: app:1\n");
  ASSERT_EQ(Push(work.base).exit_code, 0);
  ASSERT_EQ(Output("version"), "v0.1.0");

  // Under versions.paths, but outside the fingerprint: the configuration is the same.
  const std::string notes = work.Append("services/app/NOTES.txt", "on-call: bob\n");
  ProcessResult push = Push(first);
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_EQ(Output("version"), "") << outputs;
  EXPECT_TRUE(Contains(push.out, "is unchanged since its last deploy")) << push.out;
  EXPECT_TRUE(Contains(step_summary,
                       "No new version: the configuration is unchanged since "
                       "`v0.1.0`"))
      << step_summary;
  EXPECT_EQ(TagCount(), 1);
  EXPECT_EQ(receiver->Requests().size(), 1u);

  // Outside versions.paths altogether: not even looked at.
  work.Append("platform/README.md", "docs\n");
  push = Push(notes);
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_TRUE(Contains(push.out, "changed nothing under `versions.paths`")) << push.out;
  EXPECT_EQ(TagCount(), 1);
  EXPECT_EQ(receiver->Requests().size(), 1u);
}

TEST_F(ReleaseTest, ReceiverAnswering500IsRetriedThenFailsAndAReRunDeliversTheSameTag) {
  Configure();
  // Four attempts per run (the default): all 500; the re-run's first attempt succeeds.
  StartReceiver(R"([{"status": 500, "body": "db down"}, {"status": 500}, {"status": 500},
                    {"status": 500}, {"status": 202, "body": "queued"}])");
  const std::string head = work.Append("services/app/values.yaml", "image: app:1\n");
  ProcessResult push = Push(work.base);
  EXPECT_EQ(push.exit_code, 1) << push.out << push.err;
  EXPECT_EQ(receiver->Requests().size(), 4u);
  EXPECT_TRUE(Contains(push.out, "could not be delivered after 4 attempts")) << push.out;
  EXPECT_TRUE(Contains(push.out, "HTTP 500 from 127.0.0.1")) << push.out;
  EXPECT_FALSE(Contains(push.out, "/deploy")) << "only the host is named, never the path";
  EXPECT_TRUE(Contains(step_summary, "could not be delivered")) << step_summary;
  EXPECT_EQ(TagCommit("v0.1.0"), head) << "the tag stays: it names what was attempted";
  EXPECT_EQ(Deployed("staging", "v0.1.0"), "") << "an undelivered deploy is not recorded";

  push = Push(work.base);
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_TRUE(Contains(push.out, "already tags this commit (a re-run): deploying it")) << push.out;
  EXPECT_EQ(Output("version"), "v0.1.0");
  EXPECT_EQ(TagCount(), 1) << "no second tag for the same commit";
  EXPECT_EQ(Deployed("staging", "v0.1.0"), head);
  EXPECT_EQ(receiver->Requests().size(), 5u);
}

TEST_F(ReleaseTest, ReceiverRefusingIsNotRetried) {
  Configure();
  StartReceiver(R"([{"status": 403, "body": "unknown environment"}])");
  work.Append("services/app/values.yaml", "image: app:1\n");
  ProcessResult push = Push(work.base);
  EXPECT_EQ(push.exit_code, 1) << push.out << push.err;
  EXPECT_EQ(receiver->Requests().size(), 1u);
  EXPECT_TRUE(Contains(push.out, "was refused: HTTP 403")) << push.out;
  EXPECT_EQ(Deployed("staging", "v0.1.0"), "");
}

TEST_F(ReleaseTest, MissingSecretTagsButSendsNothingAndFails) {
  Configure();
  StartReceiver();
  const std::string head = work.Append("services/app/values.yaml", "image: app:1\n");
  ProcessResult push = Push(work.base, /*with_secret=*/false);
  EXPECT_EQ(push.exit_code, 1) << push.out << push.err;
  EXPECT_TRUE(Contains(push.out, "the input `deploy-secret` is empty")) << push.out;
  EXPECT_EQ(TagCommit("v0.1.0"), head);
  EXPECT_EQ(receiver->Requests().size(), 0u);
  EXPECT_EQ(Deployed("staging", "v0.1.0"), "");
}

TEST_F(ReleaseTest, WithoutDeployUrlTheTagIsTheReleaseAndIsRecorded) {
  Configure("", "");
  const std::string head = work.Append("services/app/values.yaml", "image: app:1\n");
  ProcessResult push = Push(work.base, /*with_secret=*/false);
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_EQ(TagCommit("v0.1.0"), head);
  EXPECT_EQ(Deployed("staging", "v0.1.0"), head);
  EXPECT_TRUE(Contains(step_summary, "the tag is the release")) << step_summary;
}

// A late re-run of an older push (its first run stopped before tagging) after a newer
// one was tagged: the older commit gets no version above the newer one.
TEST_F(ReleaseTest, OlderPushAfterANewerVersionIsNotTagged) {
  Configure();
  StartReceiver();
  const std::string older = work.Append("services/app/values.yaml", "image: app:1\n");
  const std::string newer = work.Append("services/app/values.yaml", "image: app:2\n");
  ASSERT_EQ(PushRange(older, newer).exit_code, 0);
  ASSERT_EQ(Output("version"), "v0.1.0");
  ProcessResult push = PushRange(work.base, older);
  ASSERT_EQ(push.exit_code, 0) << push.out << push.err;
  EXPECT_TRUE(Contains(push.out, "is older than `v0.1.0`")) << push.out;
  EXPECT_EQ(Output("version"), "");
  EXPECT_EQ(TagCount(), 1);
  EXPECT_EQ(receiver->Requests().size(), 1u);
}

// Two pushes racing: while this run creates v0.1.0, another one tags a different commit
// with it. The tag is never moved, and the run says what to do.
TEST_F(ReleaseTest, TagAlreadyAtAnotherCommitFailsWithoutMovingIt) {
  Configure();
  StartReceiver();
  const std::string other = work.base;
  work.Append("services/app/values.yaml", "image: app:1\n");
  github.AddFaults(R"({"faults":[{"kind":"slow","delay":3,"method":"POST","path":"/git/tags$"}]})");
  std::atomic<bool> finished = false;
  std::thread racer([this, other, &finished] {
    WaitUntil([&] { return finished || github.CountRequests("POST", "/git/tags") > 0; }, kWaitBound,
              std::chrono::milliseconds(100));
    SeedRefs(R"("refs/tags/v0.1.0":")" + other + R"(")");
  });
  ProcessResult push = Push(work.base);
  finished = true;
  racer.join();
  EXPECT_EQ(push.exit_code, 1) << push.out << push.err;
  EXPECT_TRUE(Contains(push.out, "tag `v0.1.0` already exists at commit " + other.substr(0, 12)))
      << push.out;
  EXPECT_TRUE(Contains(push.out, "never moves a tag")) << push.out;
  EXPECT_EQ(Ref("refs/tags/v0.1.0"), other) << "the other run's tag is untouched";
  EXPECT_EQ(receiver->Requests().size(), 0u) << "nothing deployed";
}

}  // namespace
}  // namespace infra_flash::testing
