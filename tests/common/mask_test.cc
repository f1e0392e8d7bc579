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

TEST(Masker, FromEnvironment) {
  ::setenv("INFRA_FLASH_TEST_SECRET", "from-the-environment", 1);
  Masker masker;
  masker.AddSecretsFromEnvironment({"INFRA_FLASH_TEST_SECRET", "INFRA_FLASH_TEST_UNSET"});
  EXPECT_EQ(masker.Mask("x from-the-environment y"), "x *** y");
  ::unsetenv("INFRA_FLASH_TEST_SECRET");
}

}  // namespace
}  // namespace infra_flash
