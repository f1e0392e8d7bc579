#include "policy/policy_checks.h"

#include <algorithm>
#include <array>

#include "common/strings.h"
#include "config/approvers.h"

namespace infra_flash {
namespace {

bool Covers(const std::vector<std::string>& names, std::string_view name) {
  return names.empty() || std::find(names.begin(), names.end(), name) != names.end();
}

std::string Substituted(std::string word, const PolicySubject& subject) {
  // In the order of kPolicyPlaceholders (config.h), the names the loader accepts.
  const std::array<const std::string*, kPolicyPlaceholders.size()> values = {
      &subject.plan_json, &subject.dir, &subject.layer, &subject.environment};
  std::string out;
  std::size_t at = 0;
  while (at < word.size()) {
    bool replaced = false;
    for (std::size_t i = 0; word[at] == '{' && !replaced && i < values.size(); ++i) {
      const std::string_view name = kPolicyPlaceholders[i];
      if (word.compare(at + 1, name.size(), name) == 0 &&
          word.compare(at + 1 + name.size(), 1, "}") == 0) {
        out += *values[i];  // never scanned again: a value cannot inject a placeholder
        at += name.size() + 2;
        replaced = true;
      }
    }
    if (!replaced) out += word[at++];
  }
  return out;
}

}  // namespace

std::vector<const PolicyCheck*> ChecksCovering(const Config& config, const Layer& layer,
                                               std::string_view environment) {
  std::vector<const PolicyCheck*> out;
  for (const PolicyCheck& check : config.policies) {
    const bool layer_covered =
        Covers(check.layers, layer.ConfigName()) || Covers(check.layers, layer.name);
    if (layer_covered && Covers(check.environments, environment)) out.push_back(&check);
  }
  return out;
}

std::vector<std::string> PolicyArgv(const PolicyCheck& check, const PolicySubject& subject) {
  std::vector<std::string> argv;
  argv.reserve(check.argv.size());
  for (const std::string& word : check.argv) argv.push_back(Substituted(word, subject));
  return argv;
}

StageStatus PolicyVerdict(StepEnd end, int exit_code) {
  if (end != StepEnd::kExited) return StageStatus::kError;
  if (exit_code == 0) return StageStatus::kPassed;
  if (exit_code == 126 || exit_code == 127) return StageStatus::kError;
  return StageStatus::kFailed;
}

std::string PolicyOutput(StepEnd end, int exit_code, const std::string& stdout_text,
                         const std::string& stderr_text, const std::string& error,
                         std::size_t max_lines, std::size_t max_bytes) {
  std::vector<std::string> lines;
  switch (end) {
    case StepEnd::kExited:
      if (exit_code == 126 || exit_code == 127) {
        lines.push_back("exit status " + std::to_string(exit_code) +
                        ": the checker or a program it runs could not be found or executed");
      }
      break;
    case StepEnd::kTimedOut:
      lines.push_back("stopped: the check ran past its timeout");
      break;
    case StepEnd::kCancelled:
      lines.push_back("stopped: the run was interrupted");
      break;
    case StepEnd::kSignalled:
      lines.push_back("killed by a signal");
      break;
    case StepEnd::kSpawnFailed:
      lines.push_back("could not start: " + (error.empty() ? std::string("unknown error") : error));
      break;
  }
  std::size_t total = 0;
  std::size_t dropped = 0;
  for (const std::string* text : {&stdout_text, &stderr_text}) {
    for (std::string_view line : SplitLines(*text)) {
      line = Trim(line);
      if (line.empty()) continue;
      if (lines.size() >= max_lines || total + line.size() > max_bytes) {
        ++dropped;
        continue;
      }
      total += line.size() + 1;
      lines.emplace_back(line);
    }
  }
  if (dropped != 0) {
    lines.push_back("… " + std::to_string(dropped) + " more lines in the job log");
  }
  return Join(lines, "\n");
}

StageCell PolicyCell(const LayerRow& row, std::string_view sha) {
  StageCell cell;
  if (row.policies.empty()) return cell;
  std::vector<std::string> failed;
  std::vector<std::string> errored;
  std::vector<std::string> approved;
  for (const PolicyResult& result : row.policies) {
    if (result.status == StageStatus::kPassed) continue;
    (result.status == StageStatus::kError ? errored : failed).push_back(result.check);
    if (row.ApprovalOf(result.check, sha) != nullptr) approved.push_back(result.check);
  }
  if (failed.empty() && errored.empty()) {
    cell.status = StageStatus::kPassed;
    cell.note = row.policies.size() == 1 ? row.policies.front().check
                                         : std::to_string(row.policies.size()) + " passed";
    return cell;
  }
  cell.status = failed.empty() ? StageStatus::kError : StageStatus::kFailed;
  std::vector<std::string> parts;
  if (!failed.empty()) parts.push_back(Join(failed, ", "));
  if (!errored.empty()) parts.push_back((failed.empty() ? "" : "⚠️ ") + Join(errored, ", "));
  cell.note = Join(parts, " ");
  if (approved.size() == failed.size() + errored.size()) {
    cell.note += " · approved";
  } else if (!approved.empty()) {
    cell.note += " · approved: " + Join(approved, ", ");
  }
  return cell;
}

std::string PolicyOwnersText(const PolicyCheck& check, std::string_view dir) {
  if (check.owners.empty()) return "a repository admin";
  std::vector<std::string> names;
  for (const std::string& owner : check.owners) {
    std::optional<Approver> approver = ParseApprover(owner);
    if (!approver) continue;
    names.push_back(approver->kind == ApproverKind::kCodeowners
                        ? "the code owners of `" + std::string(dir.empty() ? "." : dir) + "`"
                        : approver->Display());
  }
  if (names.size() == 1) return names.front();
  std::string last = names.back();
  names.pop_back();
  return Join(names, ", ") + " or " + last;
}

std::string PolicyRefusal(const Config& config, const Layer& layer,
                          const std::vector<const PolicyResult*>& blocking) {
  std::vector<std::string> failed;
  std::vector<std::string> errored;
  std::vector<std::string> owners;
  std::vector<std::string> names;
  for (const PolicyResult* result : blocking) {
    (result->status == StageStatus::kError ? errored : failed).push_back("`" + result->check + "`");
    names.push_back(result->check);
    const PolicyCheck* check = config.FindPolicy(result->check);
    owners.push_back("`" + result->check + "` by " +
                     (check != nullptr ? PolicyOwnersText(*check, layer.dir)
                                       : std::string("nobody: the check is no longer configured")));
  }
  std::string text;
  if (!failed.empty()) text = "its plan failed the policy check " + Join(failed, ", ");
  if (!errored.empty()) {
    text += std::string(text.empty() ? "" : ", and ") + "the policy check " + Join(errored, ", ") +
            " could not run on its plan";
  }
  return text + " (see the dashboard); it can be approved with `/approve_policies " +
         Join(names, " ") + "`: " + Join(owners, "; ") + ", or fixed and planned again";
}

Result<bool> IsPolicyOwner(const PolicyCheck& check, const std::string& login, std::string_view dir,
                           const Result<BaseCodeowners>& codeowners, ReviewerDirectory& directory) {
  if (check.owners.empty()) {
    Result<Permission> permission = directory.PermissionOf(login);
    if (!permission.ok()) return permission.error();
    return *permission == Permission::kAdmin;
  }
  std::vector<std::string> unknown;  // what could not be told, when nothing matched
  for (const std::string& owner : check.owners) {
    std::optional<Approver> approver = ParseApprover(owner);
    if (!approver) continue;
    switch (approver->kind) {
      case ApproverKind::kUser:
        if (EqualsIgnoreCase(approver->login, login)) return true;
        break;
      case ApproverKind::kTeam: {
        Result<TeamMembership> membership =
            directory.MembershipOf(approver->org, approver->team, login);
        if (!membership.ok()) {
          unknown.push_back(approver->Display() + ": " + membership.error().message);
        } else if (*membership == TeamMembership::kActive) {
          return true;
        } else if (*membership == TeamMembership::kHidden) {
          unknown.push_back(approver->Display() +
                            ": the token may not read the organization's teams");
        }
        break;
      }
      case ApproverKind::kCodeowners: {
        if (!codeowners.ok()) {
          unknown.push_back("the code owners: " + codeowners.error().message);
          break;
        }
        for (const CodeOwner& owner_of_dir : codeowners->file.OwnersOf(dir)) {
          if (owner_of_dir.kind == OwnerKind::kUser && EqualsIgnoreCase(owner_of_dir.name, login)) {
            return true;
          }
          if (owner_of_dir.kind != OwnerKind::kTeam) continue;
          const std::size_t slash = owner_of_dir.name.find('/');
          Result<TeamMembership> membership = directory.MembershipOf(
              owner_of_dir.name.substr(0, slash), owner_of_dir.name.substr(slash + 1), login);
          if (membership.ok() && *membership == TeamMembership::kActive) return true;
          if (!membership.ok()) {
            unknown.push_back(owner_of_dir.Display() + ": " + membership.error().message);
          } else if (*membership == TeamMembership::kHidden) {
            unknown.push_back(owner_of_dir.Display() +
                              ": the token may not read the organization's teams");
          }
        }
        break;
      }
    }
  }
  if (!unknown.empty()) {
    return Error{"could not tell whether @" + login + " owns `" + check.name +
                 "`: " + Join(unknown, "; ")};
  }
  return false;
}

}  // namespace infra_flash
