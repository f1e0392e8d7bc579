#include "common/mask.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace infra_flash {
namespace {

struct MaskCase {
  const char* name;
  std::string input;
  std::string expected;
};

TEST(MaskCredentialShapes, Table) {
  const std::string ghp = "ghp_" + std::string(36, 'A');
  const std::string pat = "github_pat_" + std::string(30, 'b');
  const MaskCase cases[] = {
      {"plain text untouched", "Plan: 1 to add, 0 to change", "Plan: 1 to add, 0 to change"},
      {"classic token", "token=" + ghp + " end", "token=*** end"},
      {"fine-grained token", "x " + pat, "x ***"},
      {"installation token", "ghs_" + std::string(36, 'z'), "***"},
      {"aws key id", "AKIAABCDEFGHIJKLMNOP is here", "*** is here"},
      {"bearer header", "Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer ***"},
      {"token header", "authorization: token " + ghp, "authorization: token ***"},
      {"url password", "https://user:hunter22@example.com/x", "https://user:***@example.com/x"},
      {"private key", "a\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\nb",
       "a\n***\nb"},
      {"two tokens", ghp + " " + ghp, "*** ***"},
      {"short ghp prefix is not a token", "ghp_short", "ghp_short"},
  };
  for (const MaskCase& c : cases) {
    EXPECT_EQ(MaskCredentialShapes(c.input), c.expected) << c.name;
  }
}

TEST(Masker, RegisteredSecretsAreReplacedEverywhere) {
  Masker masker;
  masker.AddSecret("s3cr3t-value");
  masker.AddSecret("s3cr3t");  // a prefix of the other: the longer one masks whole
  EXPECT_EQ(masker.Mask("a s3cr3t-value b s3cr3t c"), "a *** b *** c");
}

TEST(Masker, ShortValuesAreNotSecrets) {
  Masker masker;
  masker.AddSecret("on");
  EXPECT_EQ(masker.Mask("turn it on"), "turn it on");
}

TEST(Masker, AddMaskCommand) {
  Masker masker;
  EXPECT_TRUE(masker.ConsumeAddMaskCommand("::add-mask::very-private\r\n"));
  EXPECT_FALSE(masker.ConsumeAddMaskCommand("echo ::add-mask::not-a-command"));
  EXPECT_EQ(masker.Mask("value=very-private"), "value=***");
  EXPECT_EQ(masker.Mask("not-a-command"), "not-a-command");
}

// A multi-line secret (a PEM key, a JSON credential) is masked in output read a line at
// a time too: each line long enough to mean something is a secret of its own.
TEST(Masker, EveryLineOfAMultiLineSecretIsMaskedOnItsOwn) {
  const std::string body1 = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";
  const std::string body2 = "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK";
  const std::string key = "-----BEGIN RSA PRIVATE KEY-----\r\n" + body1 + "\r\n  " + body2 +
                          "  \r\nAB==\r\n-----\r\n\r\n-----END RSA PRIVATE KEY-----\r\n";
  Masker masker;
  masker.AddSecret(key);
  const MaskCase cases[] = {
      {"the whole key", "key: " + key + "end", "key: ***end"},
      {"a line of it", "line " + body1, "line ***"},
      {"a line of it, blanks around it trimmed", body2 + "\n", "***\n"},
      {"its header line", "-----BEGIN RSA PRIVATE KEY-----", "***"},
      {"a line shorter than 8 is not a secret", "AB== ok", "AB== ok"},
      {"dashes are not a secret", "------ section -----", "------ section -----"},
      {"an empty line is not a secret", "a\n\nb", "a\n\nb"},
  };
  for (const MaskCase& c : cases) EXPECT_EQ(masker.Mask(c.input), c.expected) << c.name;
}

TEST(Masker, AddMaskCommandDecodesAMultiLineValueAsTheRunnerDoes) {
  const std::string line1 = "first-line-of-the-secret";
  const std::string line2 = "second-line-of-the-secret";
  Masker masker;
  EXPECT_TRUE(masker.ConsumeAddMaskCommand("::add-mask::" + line1 + "%0A" + line2 + "%25x"));
  const MaskCase cases[] = {
      {"the decoded value", line1 + "\n" + line2 + "%x", "***"},
      {"one line at a time", line1, "***"},
      {"the other line", "say " + line2 + "%x", "say ***"},
      {"the value as written", line1 + "%0A" + line2 + "%25x", "***"},
  };
  for (const MaskCase& c : cases) EXPECT_EQ(masker.Mask(c.input), c.expected) << c.name;
}

TEST(Masker, FromEnvironment) {
  ::setenv("INFRA_FLASH_TEST_SECRET", "from-the-environment", 1);
  Masker masker;
  masker.AddSecretsFromEnvironment({"INFRA_FLASH_TEST_SECRET", "INFRA_FLASH_TEST_UNSET"});
  EXPECT_EQ(masker.Mask("x from-the-environment y"), "x *** y");
  ::unsetenv("INFRA_FLASH_TEST_SECRET");
}

}  // namespace
}  // namespace infra_flash
