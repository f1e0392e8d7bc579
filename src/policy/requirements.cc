#include "policy/requirements.h"

#include <algorithm>

#include "common/strings.h"
#include "config/approvers.h"
#include "policy/approval_rules.h"

namespace infra_flash {
namespace {

bool Requires(const Environment& environment, std::string_view requirement) {
  return std::find(environment.require.begin(), environment.require.end(), requirement) !=
         environment.require.end();
}

std::string Needs(const Environment& environment) { return "`" + environment.name + "` needs "; }

// "" when GitHub says the PR can merge; else the unmet line.
std::string MergeableShortfall(const Environment& environment, const PullRequest& pull) {
  const std::string needs = Needs(environment) + "a mergeable PR";
  if (!pull.mergeable.has_value()) {
    return needs + ", and GitHub is still computing whether it is; try again in a minute";
  }
  if (pull.mergeable_state == "blocked") {
    return needs +
           ", and GitHub reports its merge `blocked` by the base branch's protection "
           "rules (required reviews or checks): satisfy them, then apply";
  }
  if (pull.mergeable_state == "dirty" || !*pull.mergeable) {
    return needs + ": it conflicts with `" + pull.base_ref +
           "`; merge or rebase the base branch into it and resolve the conflicts";
  }
  return "";
}

std::string Commits(std::int64_t count) {
  return std::to_string(count) + (count == 1 ? " commit" : " commits");
}

// "" when the head contains the base branch's current head; else the unmet line.
std::string DivergenceShortfall(const Environment& environment, const RequirementFacts& facts) {
  const std::string needs = Needs(environment) + "the branch to contain the current head of `" +
                            facts.pull.base_ref + "`";
  if (!facts.base.ok()) {
    return needs + ", and GitHub could not compare them (" + facts.base.error().message +
           "); nothing was applied, try again";
  }
  const BaseComparison& base = *facts.base;
  if (base.status == "ahead" || base.status == "identical") return "";
  const std::string where =
      " (`" + ShortSha(base.base_head) + "`): update the branch with its base";
  if (base.status == "behind" || base.status == "diverged") {
    return needs + where + " (" + Commits(base.behind_by) + " behind)";
  }
  return needs + where + " (GitHub's compare says `" + base.status + "`)";
}

void CheckNamed(const std::string& requirement, const Environment& environment,
                const RequirementFacts& facts, ReviewerDirectory& directory,
                RequirementCheck& check) {
  std::string shortfall;
  if (requirement == "approved") {
    // With approvers, their rule is the approval rule (CheckApprovers).
    if (environment.approvers.empty()) CheckWriterApproval(environment, facts, directory, check);
    return;
  }
  if (requirement == "mergeable") {
    shortfall = MergeableShortfall(environment, facts.pull);
  } else if (requirement == "undiverged") {
    shortfall = DivergenceShortfall(environment, facts);
  } else {
    shortfall = "`" + environment.name + "` requires `" + requirement +
                "`, which infra-flash does not know; fix `require:` in the config";
  }
  if (!shortfall.empty()) check.unmet.push_back(std::move(shortfall));
}

}  // namespace

bool HasRequirements(const Environment& environment) {
  return !environment.require.empty() || !environment.approvers.empty();
}

bool NeedsReviews(const Environment& environment) {
  return !environment.approvers.empty() || Requires(environment, "approved");
}

bool NeedsCodeowners(const Environment& environment) {
  return std::any_of(environment.approvers.begin(), environment.approvers.end(),
                     [](const std::string& entry) {
                       std::optional<Approver> approver = ParseApprover(entry);
                       return approver && approver->kind == ApproverKind::kCodeowners;
                     });
}

bool NeedsBaseComparison(const Environment& environment) {
  return Requires(environment, "undiverged");
}

RequirementCheck EvaluateRequirements(const Environment& environment, const RequirementFacts& facts,
                                      ReviewerDirectory& directory) {
  RequirementCheck check;
  for (const std::string& requirement : environment.require) {
    CheckNamed(requirement, environment, facts, directory, check);
  }
  if (!environment.approvers.empty()) CheckApprovers(environment, facts, directory, check);
  return check;
}

}  // namespace infra_flash
