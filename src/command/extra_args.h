// extra_args: the words after `--` -> argv elements for the engine, only from an
// allowlist. Each accepted arg becomes exactly one argv element ("-target=ADDR"),
// and its value must have the shape the flag expects (a resource address, a
// duration, a count, a path inside the repository), so text such as
// `-target=$(rm -rf /)` is refused even though no shell would ever see it.
//
// Decisions recorded here so /help can show them:
// - `-var` is refused: it injects values that are not in the reviewed code. Put the
//   values in a .tfvars file in the PR and pass `-var-file=PATH`.
// - Plan-shaping flags (`-target`, `-replace`, `-destroy`, `-refresh-only`,
//   `-var-file`) are refused on `/apply`: apply runs the reviewed plan as it is.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command/table.h"
#include "common/result.h"

namespace infra_flash {

enum class ValueShape {
  kNone,      // a switch: -destroy
  kAddress,   // a resource or module address: module.vpc.aws_subnet.a["x"]
  kDuration,  // 30s, 5m, 1h
  kCount,     // 1..256
  kRepoPath,  // relative, no `..`: envs/staging.tfvars
};

enum class ExtraArgUse { kPlanOnly, kPlanAndApply };

struct ExtraArgSpec {
  std::string_view flag;  // "-target"
  ValueShape shape;
  std::string_view value_name;  // "ADDR"; empty for a switch
  ExtraArgUse use;
  std::string_view description;
};

struct RefusedArgSpec {
  std::string_view flag;
  std::string_view reason;  // why it is refused and what to do instead
};

std::span<const ExtraArgSpec> AllowedExtraArgTable();
std::span<const RefusedArgSpec> RefusedExtraArgTable();

// Whether a command with this ExtraArgs policy may use `spec`.
bool ExtraArgAllowedFor(const ExtraArgSpec& spec, ExtraArgs accepted);

// Whether `word` ("-target=x", "--destroy") names a flag a command with this policy
// accepts; its value is not looked at.
bool IsAcceptedExtraFlag(std::string_view word, ExtraArgs accepted);

// Checks the words after `--` for a command whose policy is `accepted`. Both
// "-flag=value" and "-flag value" are read (also with `--flag`); the result is
// always "-flag=value" or "-flag". Error: markdown naming the flag and saying why.
Result<std::vector<std::string>> CheckExtraArgs(const std::vector<std::string>& words,
                                                ExtraArgs accepted);

}  // namespace infra_flash
