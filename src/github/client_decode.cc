// client_decode: GitHub's JSON answers -> the structs of types.h (see client_decode.h).
#include "github/client_decode.h"

#include "common/json.h"
#include "common/strings.h"
#include "github/client_internal.h"

namespace infra_flash {
namespace {

constexpr std::size_t kMaxGitHubMessage = 300;

std::string Login(const rapidjson::Value& object) {
  return json::StringOr(json::Find(object, {"user", "login"}));
}

int Base64Value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string GitHubMessage(const std::string& body) {
  auto document = json::Parse(body, "GitHub's answer");
  if (!document.ok()) return "";
  std::string message = json::StringOr(json::Member(*document, "message"));
  const rapidjson::Value* errors = json::Member(*document, "errors");
  if (errors != nullptr && errors->IsArray()) {
    for (const rapidjson::Value& error : errors->GetArray()) {
      std::string detail = error.IsString() ? std::string(error.GetString())
                                            : json::StringOr(json::Member(error, "message"));
      if (detail.empty()) detail = json::StringOr(json::Member(error, "code"));
      if (!detail.empty()) message += (message.empty() ? "" : "; ") + detail;
    }
  }
  return OneLine(message, kMaxGitHubMessage);
}

bool MessageContains(const HttpResponse& response, std::string_view needle) {
  return ToLowerAscii(GitHubMessage(response.body)).find(ToLowerAscii(needle)) != std::string::npos;
}

Issue ParseIssue(const rapidjson::Value& value) {
  Issue issue;
  issue.number = json::IntOr(json::Member(value, "number"));
  issue.title = json::StringOr(json::Member(value, "title"));
  issue.body = json::StringOr(json::Member(value, "body"));
  issue.state = json::StringOr(json::Member(value, "state"));
  issue.user_login = Login(value);
  issue.html_url = json::StringOr(json::Member(value, "html_url"));
  return issue;
}

IssueComment ParseComment(const rapidjson::Value& value) {
  IssueComment comment;
  comment.id = json::IntOr(json::Member(value, "id"));
  comment.body = json::StringOr(json::Member(value, "body"));
  comment.user_login = Login(value);
  comment.created_at = json::StringOr(json::Member(value, "created_at"));
  comment.html_url = json::StringOr(json::Member(value, "html_url"));
  return comment;
}

PullRequest ParsePullRequest(const rapidjson::Value& value) {
  PullRequest pr;
  pr.number = json::IntOr(json::Member(value, "number"));
  pr.state = json::StringOr(json::Member(value, "state"));
  pr.title = json::StringOr(json::Member(value, "title"));
  pr.user_login = Login(value);
  pr.draft = json::BoolOr(json::Member(value, "draft"));
  pr.merged = json::BoolOr(json::Member(value, "merged")) ||
              json::String(json::Member(value, "merged_at")).has_value();
  pr.mergeable = json::Bool(json::Member(value, "mergeable"));
  pr.mergeable_state = json::StringOr(json::Member(value, "mergeable_state"));
  pr.head_sha = json::StringOr(json::Find(value, {"head", "sha"}));
  pr.head_ref = json::StringOr(json::Find(value, {"head", "ref"}));
  pr.head_repository = json::StringOr(json::Find(value, {"head", "repo", "full_name"}));
  pr.base_sha = json::StringOr(json::Find(value, {"base", "sha"}));
  pr.base_ref = json::StringOr(json::Find(value, {"base", "ref"}));
  pr.base_repository = json::StringOr(json::Find(value, {"base", "repo", "full_name"}));
  pr.changed_files = json::IntOr(json::Member(value, "changed_files"));
  pr.html_url = json::StringOr(json::Member(value, "html_url"));
  return pr;
}

PullRequestFile ParseFile(const rapidjson::Value& value) {
  return {json::StringOr(json::Member(value, "filename")),
          json::StringOr(json::Member(value, "previous_filename")),
          json::StringOr(json::Member(value, "status"))};
}

Review ParseReview(const rapidjson::Value& value) {
  return {json::IntOr(json::Member(value, "id")), Login(value),
          json::StringOr(json::Member(value, "state")),
          json::StringOr(json::Member(value, "commit_id")),
          json::StringOr(json::Member(value, "submitted_at"))};
}

GitRef ParseRef(const rapidjson::Value& value) {
  return {json::StringOr(json::Member(value, "ref")),
          json::StringOr(json::Find(value, {"object", "sha"})),
          json::StringOr(json::Find(value, {"object", "type"}))};
}

TagObject ParseTagObject(const rapidjson::Value& value) {
  return {json::StringOr(json::Member(value, "sha")), json::StringOr(json::Member(value, "tag")),
          json::StringOr(json::Member(value, "message")),
          json::StringOr(json::Find(value, {"object", "sha"})),
          json::StringOr(json::Find(value, {"object", "type"}))};
}

Release ParseRelease(const rapidjson::Value& value) {
  return {json::IntOr(json::Member(value, "id")), json::StringOr(json::Member(value, "tag_name")),
          json::StringOr(json::Member(value, "html_url"))};
}

std::optional<CommitComparison> ParseComparison(const rapidjson::Value& value) {
  const rapidjson::Value* files = json::Member(value, "files");
  if (files == nullptr || !files->IsArray()) return std::nullopt;
  CommitComparison result;
  result.status = json::StringOr(json::Member(value, "status"));
  result.ahead_by = json::IntOr(json::Member(value, "ahead_by"));
  result.behind_by = json::IntOr(json::Member(value, "behind_by"));
  for (const rapidjson::Value& item : files->GetArray()) {
    result.files.files.push_back(ParseFile(item));
  }
  return result;
}

Permission ParseCollaboratorPermission(const rapidjson::Value& value) {
  // role_name knows maintain and triage; the older `permission` folds them into
  // write and read.
  std::optional<Permission> level =
      ParsePermission(json::StringOr(json::Member(value, "role_name")));
  if (!level || *level == Permission::kNone) {
    level = ParsePermission(json::StringOr(json::Member(value, "permission")));
  }
  return level.value_or(Permission::kNone);  // unknown text: the safe side
}

TeamMembership ParseTeamMembershipState(const rapidjson::Value& value) {
  const std::string state = json::StringOr(json::Member(value, "state"));
  if (state == "active") return TeamMembership::kActive;
  return state == "pending" ? TeamMembership::kPending : TeamMembership::kNotMember;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  unsigned int bits = 0;
  int count = 0;
  for (unsigned char c : text) {
    if (c == '\n' || c == '\r' || c == ' ') continue;
    if (c == '=') break;
    const int value = Base64Value(c);
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned int>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

}  // namespace infra_flash
