#include "run/child_environment.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace infra_flash {
namespace {

bool Has(const std::vector<std::string>& env, const std::string& entry) {
  return std::find(env.begin(), env.end(), entry) != env.end();
}

bool HasName(const std::vector<std::string>& env, const std::string& name) {
  return std::any_of(env.begin(), env.end(),
                     [&](const std::string& entry) { return entry.starts_with(name + "="); });
}

TEST(ChildEnvironment, WhatPassesAndWhatIsWithheldByName) {
  struct Case {
    const char* entry;
    OidcAccess oidc;
    bool passes;
  };
  const Case cases[] = {
      {"INPUT_GITHUB-TOKEN=ghs_aaaabbbbccccdddd", OidcAccess::kWithheld, false},
      {"INPUT_DEPLOY-SECRET=hmac-key-1234", OidcAccess::kWithheld, false},
      {"INPUT_CONFIG=.infra-flash.yml", OidcAccess::kWithheld, false},
      {"INPUT_JOBS=2", OidcAccess::kGranted, false},
      {"input_github-token=lower-case-too", OidcAccess::kWithheld, false},
      {"GITHUB_TOKEN=ghs_1111222233334444", OidcAccess::kWithheld, false},
      {"GH_TOKEN=gho_1111222233334444", OidcAccess::kWithheld, false},
      {"GITHUB_PAT=github_pat_0000", OidcAccess::kWithheld, false},
      {"GH_ENTERPRISE_TOKEN=ghe-token-1", OidcAccess::kWithheld, false},
      {"ACTIONS_RUNTIME_TOKEN=runtime-jwt", OidcAccess::kGranted, false},
      {"ACTIONS_RUNTIME_URL=https://pipelines.example/", OidcAccess::kGranted, false},
      {"ACTIONS_RESULTS_URL=https://results.example/", OidcAccess::kGranted, false},
      {"ACTIONS_CACHE_URL=https://cache.example/", OidcAccess::kGranted, false},
      {"ACTIONS_ID_TOKEN_REQUEST_TOKEN=oidc-jwt", OidcAccess::kWithheld, false},
      {"ACTIONS_ID_TOKEN_REQUEST_URL=https://oidc.example/", OidcAccess::kWithheld, false},
      {"ACTIONS_ID_TOKEN_REQUEST_TOKEN=oidc-jwt", OidcAccess::kGranted, true},
      {"ACTIONS_ID_TOKEN_REQUEST_URL=https://oidc.example/", OidcAccess::kGranted, true},
      {"AWS_ACCESS_KEY_ID=AKIAEXAMPLE", OidcAccess::kWithheld, true},
      {"AWS_SECRET_ACCESS_KEY=secret/key", OidcAccess::kWithheld, true},
      {"GOOGLE_APPLICATION_CREDENTIALS=/tmp/key.json", OidcAccess::kWithheld, true},
      {"ARM_CLIENT_SECRET=azure-secret", OidcAccess::kWithheld, true},
      {"TF_VAR_region=eu-west-1", OidcAccess::kWithheld, true},
      {"PATH=/usr/bin:/bin", OidcAccess::kWithheld, true},
      {"HOME=/github/home", OidcAccess::kWithheld, true},
      {"GITHUB_REPOSITORY=o/r", OidcAccess::kWithheld, true},
      {"GITHUB_TOKEN_FILE=/not/the/token/itself", OidcAccess::kWithheld, true},
      {"ACTIONS_STEP_DEBUG=true", OidcAccess::kWithheld, true},
  };
  for (const Case& c : cases) {
    const std::vector<std::string> env = ChildEnvironment({c.entry}, {}, c.oidc);
    EXPECT_EQ(Has(env, c.entry), c.passes)
        << c.entry << (c.oidc == OidcAccess::kGranted ? " (oidc: true)" : "");
  }
}

TEST(ChildEnvironment, TheValueOfASecretIsWithheldUnderAnyName) {
  const std::vector<std::string_view> parent = {
      "INPUT_GITHUB-TOKEN=ghs_the-token-value",
      "MY_TOKEN=ghs_the-token-value",
      "INPUT_DEPLOY-SECRET=the-deploy-key",
      "TF_VAR_deploy_key=the-deploy-key",
      "ACTIONS_RUNTIME_TOKEN=runtime-jwt",
      "CACHED=runtime-jwt",
      "INPUT_JOBS=2",
      "WORKERS=2",
      "INPUT_CONFIG=conf",
      "NAME=conf",
  };
  const std::vector<std::string> env = ChildEnvironment(parent, {}, OidcAccess::kWithheld);
  EXPECT_FALSE(HasName(env, "MY_TOKEN")) << "the GitHub token under another name";
  EXPECT_FALSE(HasName(env, "TF_VAR_deploy_key")) << "the deploy secret under another name";
  EXPECT_FALSE(HasName(env, "CACHED")) << "the runtime token under another name";
  EXPECT_TRUE(Has(env, "WORKERS=2")) << "INPUT_JOBS is withheld, but its value is no secret";
  EXPECT_TRUE(Has(env, "NAME=conf"));
}

TEST(ChildEnvironment, TheOidcRequestTokenIsASecretOnlyWhenWithheld) {
  const std::vector<std::string_view> parent = {"ACTIONS_ID_TOKEN_REQUEST_TOKEN=oidc-jwt-value",
                                                "COPY=oidc-jwt-value"};
  EXPECT_FALSE(HasName(ChildEnvironment(parent, {}, OidcAccess::kWithheld), "COPY"));
  const std::vector<std::string> granted = ChildEnvironment(parent, {}, OidcAccess::kGranted);
  EXPECT_TRUE(Has(granted, "ACTIONS_ID_TOKEN_REQUEST_TOKEN=oidc-jwt-value"));
  EXPECT_TRUE(Has(granted, "COPY=oidc-jwt-value"));
}

TEST(ChildEnvironment, StepVariablesOverrideAndObeyTheSameRule) {
  const std::vector<std::string_view> parent = {"TF_INPUT=1", "PATH=/bin",
                                                "GITHUB_TOKEN=ghs_the-token-value"};
  const std::map<std::string, std::string> overrides = {
      {"TF_INPUT", "0"}, {"GH_TOKEN", "from-the-config"}, {"LEAK", "ghs_the-token-value"}};
  const std::vector<std::string> env = ChildEnvironment(parent, overrides, OidcAccess::kWithheld);
  EXPECT_EQ(env, (std::vector<std::string>{"PATH=/bin", "TF_INPUT=0"}));
}

TEST(ChildEnvironment, ShortValuesAndEntriesWithoutAValueDoNotWithholdOthers) {
  const std::vector<std::string_view> parent = {"GITHUB_TOKEN=", "EMPTY=", "GH_TOKEN=abc",
                                                "SHORT=abc", "GARBAGE"};
  const std::vector<std::string> env = ChildEnvironment(parent, {}, OidcAccess::kWithheld);
  EXPECT_EQ(env, (std::vector<std::string>{"EMPTY=", "SHORT=abc"}));
}

TEST(ChildEnvironment, EveryRowSaysWhy) {
  for (const WithheldVariable& row : WithheldVariables()) {
    EXPECT_FALSE(row.why.empty()) << row.name;
    EXPECT_EQ(WithheldBy(row.name, OidcAccess::kWithheld), &row)
        << row.name << " is decided by an earlier row";
  }
}

}  // namespace
}  // namespace infra_flash
