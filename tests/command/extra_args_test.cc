// Extra args after `--`: the allowlist, value shapes, refusals, and what /apply
// may not change.
#include "command/extra_args.h"

#include <gtest/gtest.h>

#include "check.h"
#include "command/command.h"
#include "test_config.h"

namespace infra_flash::testing {
namespace {

constexpr CommentKind kCommand = CommentKind::kCommand;
constexpr CommentKind kReply = CommentKind::kReply;

TEST(ParseComment, ExtraArgsAllowed) {
  const Case cases[] = {
      {.name = "target",
       .body = "/plan -- -target=aws_instance.web",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-target=aws_instance.web"}},
      {.name = "target as two words",
       .body = "/plan -- -target aws_instance.web",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-target=aws_instance.web"}},
      {.name = "double dash flag",
       .body = "/plan -- --target=aws_instance.web",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-target=aws_instance.web"}},
      {.name = "quoted keyed address",
       .body = "/plan platform -- -target='module.vpc.aws_subnet.a[\"eu-west-1a\"]'",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"},
       .extra = {"-target=module.vpc.aws_subnet.a[\"eu-west-1a\"]"}},
      {.name = "indexed module",
       .body = "/plan -- -target=module.app[2].module.db",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-target=module.app[2].module.db"}},
      {.name = "data source",
       .body = "/plan -- -replace=data.aws_ami.ubuntu",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-replace=data.aws_ami.ubuntu"}},
      {.name = "switches",
       .body = "/plan -- -destroy -compact-warnings",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-destroy", "-compact-warnings"}},
      {.name = "refresh-only and timings",
       .body = "/plan -- -refresh-only -lock-timeout=5m -parallelism=4",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-refresh-only", "-lock-timeout=5m", "-parallelism=4"}},
      {.name = "var-file inside the repo",
       .body = "/plan -- -var-file=envs/staging.tfvars",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-var-file=envs/staging.tfvars"}},
      {.name = "repeated target",
       .body = "/plan -- -target=a.b -target=c.d",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .extra = {"-target=a.b", "-target=c.d"}},
      {.name = "empty after --",
       .body = "/plan platform --",
       .kind = kCommand,
       .verb = Verb::kPlan,
       .layers = {"platform"}},
      {.name = "apply may wait for the lock",
       .body = "/apply staging -- -lock-timeout=10m",
       .kind = kCommand,
       .verb = Verb::kApply,
       .environment = "staging",
       .extra = {"-lock-timeout=10m"}},
      {.name = "revert may target",
       .body = "/revert platform -- -target=a.b",
       .kind = kCommand,
       .verb = Verb::kRevert,
       .layers = {"platform"},
       .extra = {"-target=a.b"}},
  };
  RunCases(cases, TestConfig());
}

TEST(ParseComment, ExtraArgsRefused) {
  const Case cases[] = {
      {.name = "var injects values",
       .body = "/plan -- -var=admin=true",
       .kind = kReply,
       .reply_contains = "`-var` is refused"},
      {.name = "var two words",
       .body = "/plan -- -var 'x=1'",
       .kind = kReply,
       .reply_contains = "`-var` is refused"},
      {.name = "chdir",
       .body = "/plan -- -chdir=/",
       .kind = kReply,
       .reply_contains = "`-chdir` is refused"},
      {.name = "plugin-dir",
       .body = "/plan -- -plugin-dir=/tmp/evil",
       .kind = kReply,
       .reply_contains = "`-plugin-dir` is refused"},
      {.name = "state",
       .body = "/plan -- -state=other.tfstate",
       .kind = kReply,
       .reply_contains = "`-state` is refused"},
      {.name = "backend-config",
       .body = "/plan -- -backend-config=key=prod",
       .kind = kReply,
       .reply_contains = "`-backend-config` is refused"},
      {.name = "lock=false",
       .body = "/plan -- -lock=false",
       .kind = kReply,
       .reply_contains = "`-lock` is refused"},
      {.name = "auto-approve",
       .body = "/apply -- -auto-approve",
       .kind = kReply,
       .reply_contains = "`-auto-approve` is refused"},
      {.name = "var-file outside via ..",
       .body = "/plan -- -var-file=../secrets.tfvars",
       .kind = kReply,
       .reply_contains = "of `-var-file` is refused"},
      {.name = "var-file absolute",
       .body = "/plan -- -var-file=/etc/passwd",
       .kind = kReply,
       .reply_contains = "of `-var-file` is refused"},
      {.name = "command substitution as address",
       .body = "/plan -- '-target=$(rm -rf /)'",
       .kind = kReply,
       .reply_contains = "of `-target` is refused"},
      {.name = "semicolon in address",
       .body = "/plan -- -target=a.b;id",
       .kind = kReply,
       .reply_contains = "of `-target` is refused"},
      {.name = "backticks in address",
       .body = "/plan -- -target=`id`",
       .kind = kReply,
       .reply_contains = "of `-target` is refused"},
      {.name = "unsafe key characters",
       .body = "/plan -- '-target=a.b[\"$(id)\"]'",
       .kind = kReply,
       .reply_contains = "of `-target` is refused"},
      {.name = "not a flag",
       .body = "/plan -- foo",
       .kind = kReply,
       .reply_contains = "must be flags"},
      {.name = "unknown flag lists the allowlist",
       .body = "/plan -- -foo",
       .kind = kReply,
       .reply_contains = "`-target`, `-replace`"},
      {.name = "switch with a value",
       .body = "/plan -- -destroy=true",
       .kind = kReply,
       .reply_contains = "takes no value"},
      {.name = "parallelism zero",
       .body = "/plan -- -parallelism=0",
       .kind = kReply,
       .reply_contains = "from 1 to 256"},
      {.name = "parallelism huge",
       .body = "/plan -- -parallelism=9999",
       .kind = kReply,
       .reply_contains = "from 1 to 256"},
      {.name = "duration words",
       .body = "/plan -- -lock-timeout=forever",
       .kind = kReply,
       .reply_contains = "takes a duration"},
      {.name = "missing value",
       .body = "/plan -- -target",
       .kind = kReply,
       .reply_contains = "`-target` needs a value"},
      {.name = "apply may not retarget",
       .body = "/apply -- -target=a.b",
       .kind = kReply,
       .reply_contains = "applies the reviewed plan as it is"},
      {.name = "apply may not destroy",
       .body = "/apply platform -- -destroy",
       .kind = kReply,
       .reply_contains = "`-destroy` changes what is planned"},
      {.name = "unlock takes no extra args",
       .body = "/unlock -- -target=a.b",
       .kind = kReply,
       .reply_contains = "takes no extra args"},
      {.name = "health takes no extra args",
       .body = "/health -- -compact-warnings",
       .kind = kReply,
       .reply_contains = "takes no extra args"},
  };
  RunCases(cases, TestConfig());
}

// The allowlist itself, without the parser: every accepted arg is one argv element
// in the "-flag=value" form, whatever form it was typed in.
TEST(CheckExtraArgs, OneArgvElementPerArg) {
  struct {
    const char* name;
    std::vector<std::string> words;
    std::vector<std::string> argv;
  } const cases[] = {
      {"equals form", {"-target=a.b"}, {"-target=a.b"}},
      {"two-word form", {"-target", "a.b"}, {"-target=a.b"}},
      {"nothing after --", {}, {}},
      {"long form", {"--lock-timeout", "30s"}, {"-lock-timeout=30s"}},
      {"mixed",
       {"-destroy", "-target", "module.x", "-parallelism=2"},
       {"-destroy", "-target=module.x", "-parallelism=2"}},
  };
  for (const auto& c : cases) {
    Result<std::vector<std::string>> argv = CheckExtraArgs(c.words, ExtraArgs::kPlanning);
    ASSERT_TRUE(argv.ok()) << c.name << ": " << argv.error().message;
    EXPECT_EQ(*argv, c.argv) << c.name;
  }
}

TEST(CheckExtraArgs, ValueShapes) {
  struct {
    const char* value;
    bool accepted;
  } const addresses[] = {
      {"aws_instance.web", true},
      {"module.vpc", true},
      {"module.vpc.module.subnets", true},
      {"module.vpc[\"a\"].aws_subnet.this[0]", true},
      {"data.aws_iam_policy_document.assume", true},
      {"aws_s3_bucket.logs[\"eu-west-1/logs\"]", true},
      {"aws_instance", false},
      {"aws_instance.", false},
      {"1aws.x", false},
      {"aws_instance.web[\"a b\"]", false},
      {"aws_instance.web[x]", false},
      {"aws_instance.web;rm", false},
      {"aws_instance.web\n", false},
      {"$(id).x", false},
      {"", false},
  };
  for (const auto& c : addresses) {
    Result<std::vector<std::string>> argv =
        CheckExtraArgs({std::string("-target=") + c.value}, ExtraArgs::kPlanning);
    EXPECT_EQ(argv.ok(), c.accepted) << "address [" << c.value << "]";
  }
  const std::string long_address = "module." + std::string(600, 'a') + ".x";
  EXPECT_FALSE(CheckExtraArgs({"-target=" + long_address}, ExtraArgs::kPlanning).ok())
      << "an address past 512 bytes";
}

TEST(CheckExtraArgs, AllowlistIsStatedPerCommand) {
  for (const ExtraArgSpec& spec : AllowedExtraArgTable()) {
    EXPECT_TRUE(ExtraArgAllowedFor(spec, ExtraArgs::kPlanning)) << spec.flag;
    EXPECT_FALSE(ExtraArgAllowedFor(spec, ExtraArgs::kNone)) << spec.flag;
    EXPECT_EQ(ExtraArgAllowedFor(spec, ExtraArgs::kApplying),
              spec.use == ExtraArgUse::kPlanAndApply)
        << spec.flag;
  }
  for (const RefusedArgSpec& refused : RefusedExtraArgTable()) {
    Result<std::vector<std::string>> argv =
        CheckExtraArgs({std::string(refused.flag) + "=x"}, ExtraArgs::kPlanning);
    ASSERT_FALSE(argv.ok()) << refused.flag;
    EXPECT_NE(argv.error().message.find("`" + std::string(refused.flag) + "`"), std::string::npos)
        << refused.flag << ": the refusal names the flag";
  }
}

}  // namespace
}  // namespace infra_flash::testing
