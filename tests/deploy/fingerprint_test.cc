// Configuration fingerprints: pinned to an independent implementation (Python's
// hashlib with the documented encoding), stable where it should be, different where
// concatenation would collide.
#include "deploy/fingerprint.h"

#include <gtest/gtest.h>

#include <string>

#include "support/subprocess.h"

namespace infra_flash {
namespace {

const FingerprintInputs kSample = {
    {{"values.yaml", "replicas: 2\n"}, {"Chart.yaml", "name: app\n"}},
    {"image=registry.example/app@sha256:abc"}};

std::string Fingerprint(const FingerprintInputs& inputs) {
  Result<std::string> fingerprint = ConfigurationFingerprint(inputs);
  EXPECT_TRUE(fingerprint.ok()) << fingerprint.error().message;
  return fingerprint.ok() ? *fingerprint : "";
}

TEST(ConfigurationFingerprint, MatchesTheDocumentedEncoding) {
  // python3: sha256(b"infra-flash fingerprint v1\n" + u64be(2) + u64be(1) + for each file
  // sorted by path: u64be(len)+path, u64be(len)+content; then u64be(len)+extra).
  EXPECT_EQ(Fingerprint(kSample),
            "2afc96eb348be2e496fb75ad192b43a7ae9218f662a30094a642a53d60cc0103");
  EXPECT_EQ(Fingerprint({}), "c461a1fb81024546b55df23518e780f1d5f83f5bd2fc584b72eae0b93fef4ef7");
}

struct PairCase {
  const char* name;
  FingerprintInputs a;
  FingerprintInputs b;
  bool same;
};

TEST(ConfigurationFingerprint, SameAndDifferentTable) {
  const PairCase cases[] = {
      {"file order does not matter",
       {{{"a", "1"}, {"b", "2"}}, {}},
       {{{"b", "2"}, {"a", "1"}}, {}},
       true},
      {"content changes it", {{{"a", "1"}}, {}}, {{{"a", "2"}}, {}}, false},
      {"a rename changes it", {{{"a", "1"}}, {}}, {{{"b", "1"}}, {}}, false},
      {"path/content boundary", {{{"ab", "c"}}, {}}, {{{"a", "bc"}}, {}}, false},
      {"extras boundary", {{}, {"ab", "c"}}, {{}, {"a", "bc"}}, false},
      {"extra order matters", {{}, {"x=1", "y=2"}}, {{}, {"y=2", "x=1"}}, false},
      {"a file is not an extra", {{{"k", "v"}}, {}}, {{}, {"k", "v"}}, false},
      {"an empty extra counts", {{}, {}}, {{}, {""}}, false},
      {"an empty file counts", {{}, {}}, {{{"empty", ""}}, {}}, false},
      {"content cannot pose as the next path",
       {{{"a", std::string("x\0\0\0\0\0\0\0\x01"
                           "b",
                           10)}},
        {}},
       {{{"a", "x"}, {"b", ""}}, {}},
       false},
  };
  for (const PairCase& c : cases) {
    EXPECT_EQ(Fingerprint(c.a) == Fingerprint(c.b), c.same) << c.name;
  }
}

TEST(DecideByFingerprint, UnchangedMeansSkip) {
  const std::string current = Fingerprint(kSample);
  std::string upper = current;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  struct Case {
    const char* name;
    std::string previous;
    DeployNeed expected;
    std::string message_part;
  };
  const Case cases[] = {
      {"unchanged", current, DeployNeed::kSkip, "unchanged since its last deploy"},
      {"unchanged, other hex case", upper, DeployNeed::kSkip, "skipping"},
      {"changed", Fingerprint({}), DeployNeed::kDeploy, "changed since"},
      {"never deployed", "", DeployNeed::kDeploy, "no recorded deploy"},
  };
  for (const Case& c : cases) {
    const IdempotencyDecision decision = DecideByFingerprint("api", c.previous, current);
    EXPECT_EQ(decision.need, c.expected) << c.name;
    EXPECT_NE(decision.message.find(c.message_part), std::string::npos)
        << c.name << ": " << decision.message;
    EXPECT_NE(decision.message.find("`api`"), std::string::npos) << c.name;
  }
}

}  // namespace
}  // namespace infra_flash
