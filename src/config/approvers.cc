#include "config/approvers.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMaxLoginLength = 39;  // GitHub's limit for user names
constexpr std::size_t kMaxSlugLength = 100;
constexpr std::string_view kBotSuffix = "[bot]";
constexpr std::string_view kCodeownersWord = "codeowners";

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsPlainLogin(std::string_view text) {
  if (text.empty() || text.size() > kMaxLoginLength) return false;
  if (text.front() == '-' || text.back() == '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-' && i > 0 && text[i - 1] == '-') return false;
    if (text[i] != '-' && !IsAsciiAlnum(text[i])) return false;
  }
  return true;
}

std::optional<Approver> TeamOrUser(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    if (!IsGitHubLogin(text)) return std::nullopt;
    return Approver{ApproverKind::kUser, std::string(text), "", ""};
  }
  const std::string_view org = text.substr(0, slash);
  const std::string_view team = text.substr(slash + 1);
  if (!IsPlainLogin(org) || !IsTeamSlug(team)) return std::nullopt;
  return Approver{ApproverKind::kTeam, "", std::string(org), std::string(team)};
}

}  // namespace

std::string Approver::Display() const {
  switch (kind) {
    case ApproverKind::kUser:
      return "@" + login;
    case ApproverKind::kTeam:
      return "@" + org + "/" + team;
    case ApproverKind::kCodeowners:
      break;
  }
  return "the code owners";
}

bool IsGitHubLogin(std::string_view text) {
  if (text.size() > kBotSuffix.size() &&
      text.substr(text.size() - kBotSuffix.size()) == kBotSuffix) {
    return IsPlainLogin(text.substr(0, text.size() - kBotSuffix.size()));
  }
  return IsPlainLogin(text);
}

bool IsTeamSlug(std::string_view text) {
  if (text.empty() || text.size() > kMaxSlugLength) return false;
  for (char c : text) {
    if (!IsAsciiAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::optional<Approver> ParseMention(std::string_view text) {
  if (text.size() < 2 || text.front() != '@') return std::nullopt;
  return TeamOrUser(text.substr(1));
}

std::optional<Approver> ParseApprover(std::string_view text) {
  if (text == kCodeownersWord) return Approver{ApproverKind::kCodeowners, "", "", ""};
  if (!text.empty() && text.front() == '@') return ParseMention(text);
  return TeamOrUser(text);
}

}  // namespace infra_flash
