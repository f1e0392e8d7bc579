#include "policy/approval_rules.h"

#include <algorithm>
#include <optional>
#include <set>

#include "common/strings.h"
#include "config/approvers.h"
#include "policy/review_verdicts.h"

namespace infra_flash {
namespace {

constexpr std::size_t kPathsShown = 3;  // per unmet line; the rest are counted
constexpr std::size_t kNotesShown = 5;

std::string Needs(const Environment& environment) { return "`" + environment.name + "` needs "; }

std::string ReviewOfHead(const RequirementFacts& facts) {
  return "an approving review of commit `" + ShortSha(facts.pull.head_sha) + "`";
}

// "a, b, c, and 2 more"
std::string ListCut(const std::vector<std::string>& items, std::size_t shown) {
  std::vector<std::string> kept(items.begin(), items.begin() + std::min(shown, items.size()));
  std::string text = Join(kept, ", ");
  if (items.size() > shown) text += ", and " + std::to_string(items.size() - shown) + " more";
  return text;
}

std::string Displayed(const std::vector<Approver>& approvers) {
  std::vector<std::string> names;
  for (const Approver& approver : approvers) names.push_back(approver.Display());
  return Join(names, ", ");
}

// Why approvals did not count, gathered while looking, each reason once.
class NotCounted {
 public:
  void Add(const std::string& reason) {
    if (std::find(reasons_.begin(), reasons_.end(), reason) == reasons_.end()) {
      reasons_.push_back(reason);
    }
  }
  void AddOlder(const ReviewVerdicts& verdicts) {
    for (const std::string& login : verdicts.approved_older) {
      Add("@" + login + " approved an older commit");
    }
  }
  std::string Suffix() const {
    return reasons_.empty() ? "" : " (not counted: " + Join(reasons_, "; ") + ")";
  }

 private:
  std::vector<std::string> reasons_;
};

std::string ReviewsUnreadable(const Environment& environment, const RequirementFacts& facts) {
  return Needs(environment) + "an approving review, and the PR's reviews could not be read (" +
         facts.reviews.error().message + "); nothing was applied, try again";
}

bool HasWriteAccess(const std::string& login, ReviewerDirectory& directory,
                    NotCounted& not_counted) {
  Result<Permission> permission = directory.PermissionOf(login);
  if (!permission.ok()) {
    not_counted.Add("@" + login + "'s permission could not be read: " + permission.error().message);
    return false;
  }
  if (*permission >= Permission::kWrite) return true;
  not_counted.Add(*permission == Permission::kNone
                      ? "@" + login + " has no access to the repository"
                      : "@" + login + " has only " + PermissionName(*permission) + " permission");
  return false;
}

// "" when someone other than the author with write access approved the head; else the
// unmet line.
std::string WriterShortfall(const Environment& environment, const RequirementFacts& facts,
                            const ReviewVerdicts& verdicts, ReviewerDirectory& directory) {
  NotCounted not_counted;
  for (const std::string& login : verdicts.approved_head) {
    if (HasWriteAccess(login, directory, not_counted)) return "";
  }
  not_counted.AddOlder(verdicts);
  return Needs(environment) + ReviewOfHead(facts) + " from someone other than @" +
         facts.pull.user_login + " with write access to the repository" + not_counted.Suffix();
}

std::string TeamsHidden(const Approver& team, const std::string& login) {
  return "cannot tell whether @" + login + " is in " + team.Display() +
         ": GitHub would not show this token the organization's teams (HTTP 403); the "
         "default GITHUB_TOKEN cannot read teams, so pass a `github-token` with `read:org` "
         "(or an App token with the Members: read permission), or name approvers by login";
}

enum class Answer { kYes, kNo, kUnknown };

// Is `login` this approver, or an active member of this team?
Answer IsApprover(const Approver& approver, const std::string& login, ReviewerDirectory& directory,
                  NotCounted& not_counted) {
  if (approver.kind != ApproverKind::kTeam) {
    return EqualsIgnoreCase(approver.login, login) ? Answer::kYes : Answer::kNo;
  }
  Result<TeamMembership> membership = directory.MembershipOf(approver.org, approver.team, login);
  if (!membership.ok()) {
    not_counted.Add("whether @" + login + " is in " + approver.Display() +
                    " could not be read: " + membership.error().message);
    return Answer::kUnknown;
  }
  switch (*membership) {
    case TeamMembership::kActive:
      return Answer::kYes;
    case TeamMembership::kPending:
      not_counted.Add("@" + login + "'s invitation to " + approver.Display() +
                      " is not accepted yet");
      return Answer::kNo;
    case TeamMembership::kHidden:
      not_counted.Add(TeamsHidden(approver, login));
      return Answer::kUnknown;
    case TeamMembership::kNotMember:
      break;
  }
  return Answer::kNo;
}

// True when a reviewer who approved the head is one of `approvers`; else why not.
bool OneOfApproved(const std::vector<Approver>& approvers, const ReviewVerdicts& verdicts,
                   ReviewerDirectory& directory, NotCounted& not_counted) {
  for (const std::string& login : verdicts.approved_head) {
    bool unknown = false;
    for (const Approver& approver : approvers) {
      const Answer answer = IsApprover(approver, login, directory, not_counted);
      if (answer == Answer::kYes) return true;
      unknown = unknown || answer == Answer::kUnknown;
    }
    if (!unknown) not_counted.Add("@" + login + " is not one of them");
  }
  not_counted.AddOlder(verdicts);
  return false;
}

struct ApproverList {
  std::vector<Approver> named;  // logins and teams
  bool codeowners = false;
  std::vector<std::string> invalid;
};

ApproverList ParseApprovers(const Environment& environment) {
  ApproverList list;
  for (const std::string& entry : environment.approvers) {
    std::optional<Approver> approver = ParseApprover(entry);
    if (!approver) {
      list.invalid.push_back(entry);
    } else if (approver->kind == ApproverKind::kCodeowners) {
      list.codeowners = true;
    } else {
      list.named.push_back(std::move(*approver));
    }
  }
  return list;
}

// Changed paths that have the same owners, together.
struct OwnedPaths {
  std::vector<Approver> owners;
  std::vector<std::string> paths;
  std::set<std::string> emails;  // owners of these paths left out: not logins
};

struct Ownership {
  std::vector<OwnedPaths> groups;  // in the order of the paths
  std::vector<std::string> notes;  // about the file, for the log and the refusal
};

std::vector<Approver> MatchableOwners(const std::vector<CodeOwner>& owners,
                                      std::set<std::string>& emails) {
  std::vector<Approver> matchable;
  for (const CodeOwner& owner : owners) {
    if (owner.kind == OwnerKind::kEmail) {
      emails.insert(owner.name);
    } else if (owner.kind == OwnerKind::kTeam) {
      std::optional<Approver> team = ParseMention("@" + owner.name);
      if (team) matchable.push_back(*team);
    } else {
      matchable.push_back(Approver{ApproverKind::kUser, owner.name, "", ""});
    }
  }
  return matchable;
}

std::vector<std::string> FileNotes(const BaseCodeowners& base, const std::string& base_sha) {
  if (base.path.empty()) {
    return {
        "the base commit `" + ShortSha(base_sha) + "` has no CODEOWNERS (looked in " +
        ListCut(std::vector<std::string>(kCodeownersLocations.begin(), kCodeownersLocations.end()),
                kCodeownersLocations.size()) +
        "), so no path has code owners"};
  }
  if (base.file.too_large) {
    return {base.path +
            " is 3 MB or more, and GitHub does not load such a file either: no path "
            "has code owners"};
  }
  std::vector<std::string> notes;
  for (const CodeownersSkippedLine& skipped : base.file.skipped) {
    if (notes.size() == kNotesShown) {
      notes.push_back(std::to_string(base.file.skipped.size() - kNotesShown) + " more lines of " +
                      base.path + " are skipped");
      break;
    }
    notes.push_back(base.path + " line " + std::to_string(skipped.line) +
                    " is skipped, as GitHub skips it: " + skipped.reason);
  }
  return notes;
}

Ownership OwnershipOf(const BaseCodeowners& base, const RequirementFacts& facts) {
  Ownership ownership{{}, FileNotes(base, facts.pull.base_sha)};
  for (const std::string& path : *facts.changed_paths) {
    std::set<std::string> emails;
    std::vector<Approver> owners = MatchableOwners(base.file.OwnersOf(path), emails);
    if (owners.empty()) {
      if (!emails.empty()) {
        ownership.notes.push_back(path +
                                  " is owned only by e-mail addresses, which cannot be "
                                  "matched to a GitHub login: it adds no requirement");
      }
      continue;
    }
    auto same = std::find_if(
        ownership.groups.begin(), ownership.groups.end(),
        [&](const OwnedPaths& group) { return Displayed(group.owners) == Displayed(owners); });
    if (same == ownership.groups.end()) {
      ownership.groups.push_back({owners, {}, {}});
      same = ownership.groups.end() - 1;
    }
    same->paths.push_back(path);
    same->emails.insert(emails.begin(), emails.end());
  }
  return ownership;
}

std::string OwnersShortfall(const Environment& environment, const RequirementFacts& facts,
                            const OwnedPaths& group, const ReviewVerdicts& verdicts,
                            ReviewerDirectory& directory) {
  NotCounted not_counted;
  if (OneOfApproved(group.owners, verdicts, directory, not_counted)) return "";
  for (const Approver& owner : group.owners) {
    if (owner.kind == ApproverKind::kUser && EqualsIgnoreCase(owner.login, facts.pull.user_login)) {
      not_counted.Add("@" + owner.login + " is the PR's author, whose own approval never counts");
    }
  }
  std::string line = Needs(environment) + ReviewOfHead(facts) + " from one of " +
                     Displayed(group.owners) + " (code owners of " +
                     ListCut(group.paths, kPathsShown) + ")";
  if (!group.emails.empty()) {
    line += " (left out: " +
            Join(std::vector<std::string>(group.emails.begin(), group.emails.end()), ", ") +
            ", e-mail owners cannot be matched to a GitHub login)";
  }
  return line + not_counted.Suffix();
}

// Adds the unmet lines of code owners; false when no changed path has an owner, so
// that the caller decides who else may approve.
bool CheckOwners(const Environment& environment, const RequirementFacts& facts,
                 const ReviewVerdicts& verdicts, ReviewerDirectory& directory,
                 RequirementCheck& check) {
  const Ownership ownership = OwnershipOf(*facts.codeowners, facts);
  check.notes.insert(check.notes.end(), ownership.notes.begin(), ownership.notes.end());
  bool first = true;
  for (const OwnedPaths& group : ownership.groups) {
    std::string line = OwnersShortfall(environment, facts, group, verdicts, directory);
    if (line.empty()) continue;
    if (first && !ownership.notes.empty()) line += " (note: " + Join(ownership.notes, "; ") + ")";
    first = false;
    check.unmet.push_back(std::move(line));
  }
  return !ownership.groups.empty();
}

// Why the code owners cannot be known, or "" when they can.
std::string OwnersUnknowable(const Environment& environment, const RequirementFacts& facts) {
  if (!facts.codeowners.ok()) {
    return Needs(environment) + "approval by the code owners, and CODEOWNERS could not be read " +
           "from the base commit `" + ShortSha(facts.pull.base_sha) + "` (" +
           facts.codeowners.error().message + "); nothing was applied, try again";
  }
  if (!facts.changed_paths.ok()) {
    return Needs(environment) + "approval by the code owners of the changed files, and which " +
           "files this PR changes is unknown (" + facts.changed_paths.error().message + ")";
  }
  return "";
}

}  // namespace

void CheckWriterApproval(const Environment& environment, const RequirementFacts& facts,
                         ReviewerDirectory& directory, RequirementCheck& check) {
  if (!facts.reviews.ok()) {
    check.unmet.push_back(ReviewsUnreadable(environment, facts));
    return;
  }
  const ReviewVerdicts verdicts = CurrentVerdicts(facts.pull, *facts.reviews);
  std::string shortfall = WriterShortfall(environment, facts, verdicts, directory);
  if (!shortfall.empty()) check.unmet.push_back(std::move(shortfall));
}

void CheckApprovers(const Environment& environment, const RequirementFacts& facts,
                    ReviewerDirectory& directory, RequirementCheck& check) {
  const ApproverList list = ParseApprovers(environment);
  for (const std::string& entry : list.invalid) {
    check.unmet.push_back("`" + environment.name + "` lists `" + entry +
                          "` under `approvers`, which is not a login, an `@org/team` or "
                          "`codeowners`; fix the infra-flash config");
  }
  if (!facts.reviews.ok()) {
    check.unmet.push_back(ReviewsUnreadable(environment, facts));
    return;
  }
  const ReviewVerdicts verdicts = CurrentVerdicts(facts.pull, *facts.reviews);
  if (list.codeowners) {
    if (std::string unknowable = OwnersUnknowable(environment, facts); !unknowable.empty()) {
      check.unmet.push_back(std::move(unknowable));
      return;
    }
    if (CheckOwners(environment, facts, verdicts, directory, check)) return;
    if (list.named.empty()) {
      // As on GitHub: a change nobody owns can be approved by anyone with write access.
      std::string shortfall = WriterShortfall(environment, facts, verdicts, directory);
      if (!shortfall.empty()) {
        check.unmet.push_back(shortfall + " (no changed path has a code owner)");
      }
      return;
    }
  }
  if (list.named.empty()) return;
  NotCounted not_counted;
  if (!OneOfApproved(list.named, verdicts, directory, not_counted)) {
    check.unmet.push_back(Needs(environment) + ReviewOfHead(facts) + " from one of " +
                          Displayed(list.named) + not_counted.Suffix());
  }
}

}  // namespace infra_flash
