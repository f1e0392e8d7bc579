#include "command/extra_args.h"

#include <array>
#include <optional>

#include <re2/re2.h>

#include "command/markdown.h"
#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr std::array<ExtraArgSpec, 8> kAllowed = {{
    {"-target", ValueShape::kAddress, "ADDR", ExtraArgUse::kPlanOnly,
     "plan only this resource or module (and what it depends on); repeatable"},
    {"-replace", ValueShape::kAddress, "ADDR", ExtraArgUse::kPlanOnly,
     "plan to replace this resource even if it has not changed; repeatable"},
    {"-destroy", ValueShape::kNone, "", ExtraArgUse::kPlanOnly,
     "plan to destroy every resource of the layer"},
    {"-refresh-only", ValueShape::kNone, "", ExtraArgUse::kPlanOnly,
     "plan only to update the state from the real infrastructure"},
    {"-var-file", ValueShape::kRepoPath, "PATH", ExtraArgUse::kPlanOnly,
     "read variables from a file inside the repository"},
    {"-lock-timeout", ValueShape::kDuration, "DURATION", ExtraArgUse::kPlanAndApply,
     "wait this long for the state lock, e.g. `10m`"},
    {"-parallelism", ValueShape::kCount, "N", ExtraArgUse::kPlanAndApply,
     "run at most N resource operations at once (1–256)"},
    {"-compact-warnings", ValueShape::kNone, "", ExtraArgUse::kPlanAndApply,
     "show warnings as a short summary"},
}};

constexpr std::array<RefusedArgSpec, 13> kRefused = {{
    {"-var",
     "it sets values that are not in the reviewed code. Commit them to a `.tfvars` file in "
     "this pull request and pass `-var-file=PATH`"},
    {"-chdir", "it would run the engine in another directory than the layer's"},
    {"-plugin-dir", "it would load provider binaries from an arbitrary path"},
    {"-state", "it would read or write state outside the layer's configured backend"},
    {"-state-out", "it would write state outside the layer's configured backend"},
    {"-backup", "it would write a state backup outside the layer's configured backend"},
    {"-backend-config", "it would point the layer at another backend and state"},
    {"-lock", "turning off state locking risks corrupting shared state"},
    {"-out", "infra-flash names the plan file itself, so that `/apply` can check it"},
    {"-input", "runs are never interactive"},
    {"-auto-approve", "`/apply` always applies the reviewed plan; there is nothing to approve"},
    {"-generate-config-out", "it would write files into the checkout"},
    {"-detailed-exitcode", "infra-flash sets it itself where it needs it"},
}};

// Terraform's address grammar, restricted: names are identifiers, instance keys are
// numbers or quoted strings of a safe alphabet. Either a module path, or an
// optional module path then (data.)TYPE.NAME with an optional key.
constexpr std::string_view kName = R"([A-Za-z_][A-Za-z0-9_-]*)";
constexpr std::string_view kKey = R"((?:\[(?:[0-9]+|"[A-Za-z0-9_./:@+=-]*")\])?)";

const RE2& AddressPattern() {
  static const RE2 pattern([] {
    const std::string module = "module\\." + std::string(kName) + std::string(kKey);
    const std::string resource =
        "(?:data\\.)?" + std::string(kName) + "\\." + std::string(kName) + std::string(kKey);
    return "(?:" + module + "\\.)*(?:" + module + "|" + resource + ")";
  }());
  return pattern;
}

bool IsAddress(std::string_view value) {
  return value.size() <= 512 && RE2::FullMatch(value, AddressPattern());
}

bool IsDuration(std::string_view value) {
  static const RE2 pattern(R"([0-9]{1,5}(?:ms|s|m|h))");
  return RE2::FullMatch(value, pattern);
}

bool IsCount(std::string_view value) {
  static const RE2 pattern(R"([1-9][0-9]{0,2})");
  return RE2::FullMatch(value, pattern) && std::stoi(std::string(value)) <= 256;
}

bool IsRepoPath(std::string_view value) {
  static const RE2 pattern(R"([A-Za-z0-9_.][A-Za-z0-9_./-]{0,255})");
  if (!RE2::FullMatch(value, pattern)) return false;
  for (const std::string& segment : Split(value, '/')) {
    if (segment == "..") return false;
  }
  return true;
}

std::string_view ShapeHint(ValueShape shape) {
  switch (shape) {
    case ValueShape::kNone:
      return "takes no value";
    case ValueShape::kAddress:
      return "takes a resource or module address such as `module.vpc.aws_subnet.a` or "
             "`aws_instance.web[\"blue\"]`";
    case ValueShape::kDuration:
      return "takes a duration such as `30s`, `5m` or `1h`";
    case ValueShape::kCount:
      return "takes a whole number from 1 to 256";
    case ValueShape::kRepoPath:
      return "takes a relative path inside the repository (no `..`, not absolute)";
  }
  return "";
}

bool ValueFits(ValueShape shape, std::string_view value) {
  switch (shape) {
    case ValueShape::kNone:
      return false;
    case ValueShape::kAddress:
      return IsAddress(value);
    case ValueShape::kDuration:
      return IsDuration(value);
    case ValueShape::kCount:
      return IsCount(value);
    case ValueShape::kRepoPath:
      return IsRepoPath(value);
  }
  return false;
}

const ExtraArgSpec* FindAllowed(std::string_view flag) {
  for (const ExtraArgSpec& spec : kAllowed) {
    if (spec.flag == flag) return &spec;
  }
  return nullptr;
}

const RefusedArgSpec* FindRefused(std::string_view flag) {
  for (const RefusedArgSpec& spec : kRefused) {
    if (spec.flag == flag) return &spec;
  }
  return nullptr;
}

// One word after `--`, split into "-flag" (one dash) and its value if it has "=".
struct FlagWord {
  std::string flag;
  std::optional<std::string> value;
};

std::optional<FlagWord> ReadFlagWord(std::string_view word) {
  if (word.size() < 2 || word[0] != '-') return std::nullopt;
  if (word.substr(0, 2) == "--") word.remove_prefix(1);
  FlagWord out;
  const std::size_t equals = word.find('=');
  out.flag = std::string(word.substr(0, equals));
  if (equals != std::string_view::npos) out.value = std::string(word.substr(equals + 1));
  return out;
}

std::string AllowedList(ExtraArgs accepted) {
  std::vector<std::string> names;
  for (const ExtraArgSpec& spec : kAllowed) {
    if (ExtraArgAllowedFor(spec, accepted)) names.emplace_back(spec.flag);
  }
  return CodeList(names);
}

Error NotAFlag(std::string_view word, ExtraArgs accepted) {
  return Error{"extra args after `--` must be flags such as `-target=ADDR`, but " + Code(word) +
               " is not one. Allowed here: " + AllowedList(accepted) + "."};
}

Error NotAllowed(const FlagWord& word, ExtraArgs accepted) {
  if (const RefusedArgSpec* refused = FindRefused(word.flag)) {
    return Error{Code(word.flag) + " is refused: " + std::string(refused->reason) + "."};
  }
  return Error{Code(word.flag) +
               " is not on the extra-args allowlist. Allowed here: " + AllowedList(accepted) + "."};
}

Error PlanOnly(const ExtraArgSpec& spec) {
  std::string example(spec.flag);
  if (!spec.value_name.empty()) example += "=" + std::string(spec.value_name);
  return Error{Code(spec.flag) +
               " changes what is planned, and `/apply` applies the reviewed plan as it is. "
               "Comment `/plan -- " +
               example + "` first, review the plan, then `/apply`."};
}

Error BadValue(const ExtraArgSpec& spec, std::string_view value) {
  return Error{"the value " + Code(value) + " of " + Code(spec.flag) +
               " is refused: " + Code(spec.flag) + " " + std::string(ShapeHint(spec.shape)) + "."};
}

// Reads the arg at words[next] (and its value word, for "-flag value"); advances `next`.
Result<std::string> CheckOne(const std::vector<std::string>& words, std::size_t& next,
                             ExtraArgs accepted) {
  const std::string& raw = words[next++];
  std::optional<FlagWord> word = ReadFlagWord(raw);
  if (!word) return NotAFlag(raw, accepted);
  const ExtraArgSpec* spec = FindAllowed(word->flag);
  if (spec == nullptr) return NotAllowed(*word, accepted);
  if (!ExtraArgAllowedFor(*spec, accepted)) return PlanOnly(*spec);
  if (spec->shape == ValueShape::kNone) {
    if (word->value) return BadValue(*spec, *word->value);
    return word->flag;
  }
  if (!word->value) {
    if (next >= words.size()) {
      return Error{Code(spec->flag) + " needs a value, as in " +
                   Code(word->flag + "=" + std::string(spec->value_name)) + "."};
    }
    word->value = words[next++];
  }
  if (!ValueFits(spec->shape, *word->value)) return BadValue(*spec, *word->value);
  return word->flag + "=" + *word->value;
}

}  // namespace

std::span<const ExtraArgSpec> AllowedExtraArgTable() { return kAllowed; }
std::span<const RefusedArgSpec> RefusedExtraArgTable() { return kRefused; }

bool ExtraArgAllowedFor(const ExtraArgSpec& spec, ExtraArgs accepted) {
  switch (accepted) {
    case ExtraArgs::kNone:
      return false;
    case ExtraArgs::kPlanning:
      return true;
    case ExtraArgs::kApplying:
      return spec.use == ExtraArgUse::kPlanAndApply;
  }
  return false;
}

bool IsAcceptedExtraFlag(std::string_view word, ExtraArgs accepted) {
  std::optional<FlagWord> flag = ReadFlagWord(word);
  if (!flag) return false;
  const ExtraArgSpec* spec = FindAllowed(flag->flag);
  return spec != nullptr && ExtraArgAllowedFor(*spec, accepted);
}

Result<std::vector<std::string>> CheckExtraArgs(const std::vector<std::string>& words,
                                                ExtraArgs accepted) {
  if (accepted == ExtraArgs::kNone && !words.empty()) {
    return Error{"this command takes no extra args after `--`."};
  }
  std::vector<std::string> argv;
  std::size_t next = 0;
  while (next < words.size()) {
    Result<std::string> arg = CheckOne(words, next, accepted);
    if (!arg.ok()) return arg.error();
    argv.push_back(std::move(arg).value());
  }
  return argv;
}

}  // namespace infra_flash
