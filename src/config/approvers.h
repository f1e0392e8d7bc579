// approvers: the entries of `environments.<name>.approvers` and the GitHub names they are
// made of. An entry is a login (`bob` or `@bob`), a team (`@org/team-slug`), or the word
// `codeowners` (the owners of each changed path, from the base branch's CODEOWNERS).
// One definition for the loader, which refuses anything else with the file's position,
// and for policy/, which judges approvals by it. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace infra_flash {

enum class ApproverKind { kUser, kTeam, kCodeowners };

struct Approver {
  ApproverKind kind = ApproverKind::kUser;
  std::string login;  // kUser: as written, without the `@`
  std::string org;    // kTeam: the organization's login
  std::string team;   // kTeam: the team's slug
  // How messages name it: "@bob", "@org/platform", "the code owners".
  std::string Display() const;
};

// nullopt when `text` is none of the three shapes (empty, spaces, `@`, `a/b/c`, ...).
std::optional<Approver> ParseApprover(std::string_view text);

// GitHub's rules for a user or organization login: letters, digits and single hyphens,
// not starting or ending with a hyphen, at most 39 characters; an App's bot account
// (`name[bot]`) too, since Apps can review.
bool IsGitHubLogin(std::string_view text);
// A team slug as GitHub makes them: letters, digits, `-`, `_` and `.`, at most 100.
bool IsTeamSlug(std::string_view text);

// `@login` or `@org/team` (the `@` required, as in CODEOWNERS): a user or team Approver;
// nullopt for anything else.
std::optional<Approver> ParseMention(std::string_view text);

}  // namespace infra_flash
