// client_decode: GitHub's JSON answers read into the structs of types.h, and GitHub's
// own explanation read out of an error answer. Absent or null fields read as empty or
// zero (json.h's *Or readers): GitHub adds fields freely and omits some on old objects.
// Internal to the github module (the client_*.cc files).
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "common/permission.h"
#include "github/types.h"
#include "http/http_transport.h"

namespace infra_flash {

// GitHub's explanation in an error answer: "message", plus the messages or codes of
// "errors" (422s), on one line and cut short; "" when the body is not GitHub's JSON.
std::string GitHubMessage(const std::string& body);
// Whether GitHubMessage mentions `needle`, case-insensitively: how GitHub's 422s that
// mean different things ("Reference already exists") are told apart.
bool MessageContains(const HttpResponse& response, std::string_view needle);

IssueComment ParseComment(const rapidjson::Value& value);
Issue ParseIssue(const rapidjson::Value& value);
PullRequest ParsePullRequest(const rapidjson::Value& value);
PullRequestFile ParseFile(const rapidjson::Value& value);
Review ParseReview(const rapidjson::Value& value);
GitRef ParseRef(const rapidjson::Value& value);
TagObject ParseTagObject(const rapidjson::Value& value);
Release ParseRelease(const rapidjson::Value& value);

// The compare API's answer, its files as listed (the caller knows GitHub's cap);
// nullopt when it has no `files` list.
std::optional<CommitComparison> ParseComparison(const rapidjson::Value& value);
// A collaborator's permission answer; unknown text reads as kNone, the safe side.
Permission ParseCollaboratorPermission(const rapidjson::Value& value);
// A team membership answer (200): kActive, kPending, else kNotMember.
TeamMembership ParseTeamMembershipState(const rapidjson::Value& value);

// GitHub's base64 (line-wrapped, as the contents API sends it); nullopt on a character
// outside the alphabet.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace infra_flash
