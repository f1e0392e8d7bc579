// The scanner alone: each construct it follows, how paths resolve, and what it refuses
// to guess.
#include "discovery/hcl_scan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace infra_flash {
namespace {

ScanContext Unit(const std::string& dir) {
  ScanContext context;
  context.unit_dir = dir;
  context.file_dir = dir;
  context.find_in_parent_folders = [](const std::string& name) -> std::optional<std::string> {
    if (name == "root.hcl") return std::string("root.hcl");
    if (name == "env.hcl") return std::string("envs/prod/env.hcl");
    if (name.empty()) return std::string("envs/terragrunt.hcl");
    return std::nullopt;
  };
  return context;
}

std::vector<std::string> Paths(const std::vector<Reference>& references, ReferenceKind kind) {
  std::vector<std::string> paths;
  for (const Reference& reference : references) {
    if (reference.kind == kind) paths.push_back(reference.path);
  }
  return paths;
}

TEST(HclScan, FollowsEveryConstructThatTiesAUnitToAFile) {
  const std::vector<Reference> found = ScanHcl(R"hcl(
# a comment with include { path = "nope.hcl" }
include "root" {
  path = find_in_parent_folders("root.hcl")
}
include "common" {
  path = "${get_repo_root()}/_envcommon/app.hcl"
}
locals {
  env    = read_terragrunt_config(find_in_parent_folders("env.hcl"))
  vars   = read_tfvars_file("common.tfvars")
  policy = file("${get_terragrunt_dir()}/policy.json")
  /* file("also-not-this.json") */
}
terraform {
  source = "../../../modules//app?ref=ignored"
}
dependency "platform" {
  config_path = "../../../platform"
  mock_outputs = { vpc_id = "vpc-123" }
}
dependencies {
  paths = ["../db", "../cache"]
}
inputs = merge(local.env.locals, { name = "x" })
)hcl",
                                               Unit("envs/prod/app"));
  EXPECT_EQ(Paths(found, ReferenceKind::kInclude),
            (std::vector<std::string>{"root.hcl", "_envcommon/app.hcl"}));
  EXPECT_EQ(Paths(found, ReferenceKind::kReadConfig),
            (std::vector<std::string>{"envs/prod/env.hcl"}));
  const std::vector<std::string> reads = Paths(found, ReferenceKind::kReadFile);
  for (const char* expected : {"root.hcl", "envs/prod/env.hcl", "envs/prod/app/common.tfvars",
                               "envs/prod/app/policy.json"}) {
    EXPECT_NE(std::find(reads.begin(), reads.end(), expected), reads.end()) << expected;
  }
  for (const Reference& reference : found) {
    EXPECT_EQ(reference.path.find("nope"), std::string::npos);
    EXPECT_EQ(reference.path.find("also-not-this"), std::string::npos);
  }
  const std::vector<std::string> sources = Paths(found, ReferenceKind::kModuleSource);
  ASSERT_EQ(sources, (std::vector<std::string>{"modules"}));
  for (const Reference& reference : found) {
    if (reference.kind == ReferenceKind::kModuleSource) {
      EXPECT_EQ(reference.module_dir, "modules/app");
      EXPECT_EQ(reference.line, 16);
    }
  }
  EXPECT_EQ(Paths(found, ReferenceKind::kDependency),
            (std::vector<std::string>{"platform", "envs/prod/db", "envs/prod/cache"}));
  EXPECT_EQ(found[found.size() - 3].label, "platform");
}

TEST(HclScan, ModuleBlocksInTerraformFilesAreLocalOnlyWhenTerraformSaysSo) {
  const std::vector<Reference> found = ScanHcl(R"tf(
module "net" {
  source = "../net"
}
module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
module "git" {
  source = "git::https://example.com/modules.git//vpc?ref=v1"
}
module "bare" {
  source = "net"   # not ./ or ../: terraform reads it as a registry address
}
resource "null_resource" "x" {
  triggers = { source = "../not-a-module" }
}
)tf",
                                               Unit("modules/app"));
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].kind, ReferenceKind::kModuleSource);
  EXPECT_EQ(found[0].path, "modules/net");
  EXPECT_EQ(found[0].module_dir, "modules/net");
  EXPECT_EQ(found[0].label, "net");
  // The others are fetched, not read from the repository: said as such, with no path.
  for (std::size_t i = 1; i < found.size(); ++i) {
    EXPECT_EQ(found[i].kind, ReferenceKind::kRemoteSource) << found[i].label;
    EXPECT_EQ(found[i].path, "") << found[i].label;
    EXPECT_NE(found[i].unresolved, "") << found[i].label;
  }
  EXPECT_EQ(found[1].label, "registry");
  EXPECT_EQ(found[3].label, "bare");
}

TEST(HclScan, WhatItCannotResolveIsSaidNotGuessed) {
  const std::vector<Reference> found = ScanHcl(R"hcl(
locals {
  cfg = read_terragrunt_config(local.path)
  x   = file(var.name)
}
dependency "vpc" {
  config_path = "${local.root}/vpc"
}
terraform {
  source = local.module
}
include "outside" {
  path = "../../../../../etc/passwd"
}
)hcl",
                                               Unit("a/b"));
  ASSERT_EQ(found.size(), 5u);
  for (const Reference& reference : found) {
    EXPECT_EQ(reference.path, "") << reference.unresolved;
    EXPECT_FALSE(reference.unresolved.empty());
  }
  EXPECT_EQ(found[0].unresolved, "local.path");
  EXPECT_EQ(found[2].unresolved, "\"${local.root}/vpc\"");
}

TEST(HclScan, ASubdirectoryClimbingOutOfTheCopiedSourceIsNotAModule) {
  const std::vector<Reference> found =
      ScanHcl("terraform {\n  source = \"../modules//../secrets\"\n}\n", Unit("units/app"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].path, "");
  EXPECT_EQ(found[0].unresolved, "\"../modules//../secrets\"");
}

TEST(HclScan, HostileInputEndsCleanly) {
  const std::string cases[] = {
      "",
      "{{{{{{{{{{",
      "}}}}}}}}",
      "include {",
      "x = \"unterminated",
      "x = \"${\"${\"${\"${",
      "x = <<EOF\nno end",
      "terraform { source = \"../a//b//c\" }",
      std::string(10000, '{') + std::string(10000, '}'),
      "locals { a = " + std::string(5000, '(') + "file(\"x\")" + std::string(5000, ')') + " }",
      "x = \"" + std::string(3000, '$') + "{" + "\"",
  };
  for (const std::string& text : cases) {
    const std::vector<Reference> found = ScanHcl(text, Unit("u"));
    EXPECT_LE(found.size(), 2u) << text.substr(0, 40);
  }
}

TEST(HclScan, HeredocsAndStringsDoNotHideOrInventBlocks) {
  const std::vector<Reference> found = ScanHcl(R"hcl(
inputs = {
  script = <<-EOT
    include "fake" {
      path = "fake.hcl"
    }
  EOT
  text = "dependency \"fake\" { config_path = \"../fake\" }"
}
dependency "real" {
  config_path = "../real"
}
)hcl",
                                               Unit("envs/prod/app"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].path, "envs/prod/real");
}

TEST(RepoPath, NormalisesAndRefusesToLeaveTheRepository) {
  EXPECT_EQ(NormalizeRepoPath("./a/b/../c"), "a/c");
  EXPECT_EQ(NormalizeRepoPath(""), ".");
  EXPECT_EQ(NormalizeRepoPath("./"), ".");
  EXPECT_EQ(NormalizeRepoPath("a//b/"), "a/b");
  EXPECT_EQ(NormalizeRepoPath("../x"), std::nullopt);
  // `..` takes back exactly the last segment written, however long, down to the root.
  EXPECT_EQ(NormalizeRepoPath("stacks/group-10/layer-500/../../modules//m"), "stacks/modules/m");
  EXPECT_EQ(NormalizeRepoPath("a/b/../.."), ".");
  EXPECT_EQ(NormalizeRepoPath("a/b/../../c/./d/.."), "c");
  EXPECT_EQ(NormalizeRepoPath("a/../../b"), std::nullopt);
  EXPECT_EQ(NormalizeRepoPath("a/..b/c"), "a/..b/c");
  EXPECT_EQ(NormalizeRepoPath("/etc/passwd"), std::nullopt);
  EXPECT_EQ(JoinRepoPath("envs/prod/app", "../../../platform"), "platform");
  EXPECT_EQ(JoinRepoPath("envs/prod/app", "../../../../x"), std::nullopt);
  EXPECT_EQ(JoinRepoPath(".", "modules/net"), "modules/net");
}

}  // namespace
}  // namespace infra_flash
