#include "github/client.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>

#include "common/json.h"
#include "common/strings.h"
#include "github/link_header.h"

namespace infra_flash {

struct GitHubClient::Call {
  HttpMethod method = HttpMethod::kGet;
  std::string path;  // relative to api_url, with its query; what errors show
  std::string body;
  Idempotency idempotency = Idempotency::kIdempotent;
  std::string url;  // when set, the whole URL (GraphQL), and `path` only names it
};

struct GitHubClient::Answer {
  HttpResponse response;
  rapidjson::Document json;  // the parsed body of a 2xx answer; Null when it had none
  int attempts = 0;
};

namespace {

using std::chrono::milliseconds;

constexpr int kMaxPages = 300;  // 30,000 items: far past anything a PR holds
constexpr std::size_t kMaxGitHubMessage = 300;

// What to tell the person reading a failed request, by status.
struct StatusHint {
  int status;
  const char* hint;
};
constexpr StatusHint kStatusHints[] = {
    {401,
     "the token was rejected: check the github-token input and that the token has not "
     "expired"},
    {403,
     "the token lacks a permission: give the workflow `permissions:` issues: write, "
     "pull-requests: write (and contents: write for locks, statuses: write for statuses)"},
    {404,
     "not found, or the token cannot see it: check the repository, the number and the "
     "token's access"},
    {409, "GitHub reports a conflict (an empty repository, or the ref moved meanwhile)"},
    {410, "gone: issues may be disabled on this repository"},
    {422, "GitHub rejected the request's content"},
};
constexpr const char* kServerErrorHint =
    "GitHub had trouble answering: re-run the job; https://www.githubstatus.com lists incidents";
constexpr const char* kRateLimitHint =
    "GitHub's rate limit: re-run the job later, or run fewer infra-flash jobs at once";

const char* HintFor(const HttpResponse& response) {
  if (IsRateLimited(response)) return kRateLimitHint;
  if (response.status >= 500) return kServerErrorHint;
  for (const StatusHint& entry : kStatusHints) {
    if (entry.status == response.status) return entry.hint;
  }
  return "unexpected answer from GitHub";
}

std::string OneLine(std::string_view text, std::size_t limit) {
  std::string out;
  for (char c : text) {
    if (out.size() >= limit) {
      out += "…";
      break;
    }
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return out;
}

// GitHub's explanation: "message", plus the messages or codes of "errors" (422s).
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

std::string Seconds(milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Percent-encodes one path segment; `keep_slash` for ref names ("heads/main").
enum class Slashes { kEncode, kKeep };
std::string EncodePath(std::string_view text, Slashes slashes) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (IsUnreserved(static_cast<char>(c)) || (c == '/' && slashes == Slashes::kKeep)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool IsRepositoryName(std::string_view repository) {
  const std::size_t slash = repository.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == repository.size()) {
    return false;
  }
  if (repository.find('/', slash + 1) != std::string_view::npos) return false;
  return std::all_of(repository.begin(), repository.end(),
                     [](char c) { return IsUnreserved(c) || c == '/'; });
}

std::string WithQuery(const std::string& path, const std::string& parameter) {
  return path + (path.find('?') == std::string::npos ? "?" : "&") + parameter;
}

class JsonBody {
 public:
  JsonBody() : writer_(buffer_) { writer_.StartObject(); }
  JsonBody& Add(const char* key, const std::string& value) {
    writer_.Key(key);
    writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    return *this;
  }
  JsonBody& Add(const char* key, bool value) {
    writer_.Key(key);
    writer_.Bool(value);
    return *this;
  }
  JsonBody& Add(const char* key, const std::vector<std::string>& values) {
    writer_.Key(key);
    writer_.StartArray();
    for (const std::string& value : values) {
      writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    }
    writer_.EndArray();
    return *this;
  }
  std::string Finish() {
    writer_.EndObject();
    return std::string(buffer_.GetString(), buffer_.GetSize());
  }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

std::string Login(const rapidjson::Value& object) {
  return json::StringOr(json::Find(object, {"user", "login"}));
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

bool Is2xx(int status) { return status >= 200 && status < 300; }

bool MessageContains(const HttpResponse& response, std::string_view needle) {
  return ToLowerAscii(GitHubMessage(response.body)).find(ToLowerAscii(needle)) != std::string::npos;
}

std::string GraphQlUrl(const GitHubClientOptions& options) {
  if (!options.graphql_url.empty()) return options.graphql_url;
  constexpr std::string_view kEnterpriseSuffix = "/api/v3";
  const std::string& api = options.api_url;
  if (api.size() >= kEnterpriseSuffix.size() &&
      api.compare(api.size() - kEnterpriseSuffix.size(), kEnterpriseSuffix.size(),
                  kEnterpriseSuffix) == 0) {
    return api.substr(0, api.size() - kEnterpriseSuffix.size()) + "/api/graphql";
  }
  return api + "/graphql";
}

int Base64Value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// GitHub's base64 (line-wrapped); nullopt on a character outside the alphabet.
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

}  // namespace

Result<std::unique_ptr<GitHubClient>> GitHubClient::Create(GitHubClientOptions options,
                                                           HttpTransport& transport, Clock& clock) {
  while (!options.api_url.empty() && options.api_url.back() == '/') options.api_url.pop_back();
  const std::string origin = UrlOrigin(options.api_url);
  if (origin.rfind("https://", 0) != 0 && origin.rfind("http://", 0) != 0) {
    return Error{"GITHUB_API_URL \"" + MaskCredentialShapes(options.api_url) +
                 "\" is not an http(s) URL; it should look like https://api.github.com or, "
                 "for GitHub Enterprise Server, https://HOST/api/v3"};
  }
  if (!IsRepositoryName(options.repository)) {
    return Error{"the repository \"" + MaskCredentialShapes(options.repository) +
                 "\" is not of the form owner/name; GITHUB_REPOSITORY normally provides it"};
  }
  if (options.token.empty()) {
    return Error{
        "no GitHub token: pass `github-token: ${{ github.token }}` to the action (or "
        "set GITHUB_TOKEN)"};
  }
  return std::unique_ptr<GitHubClient>(new GitHubClient(std::move(options), transport, clock));
}

GitHubClient::GitHubClient(GitHubClientOptions options, HttpTransport& transport, Clock& clock)
    : options_(std::move(options)),
      origin_(UrlOrigin(options_.api_url)),
      graphql_url_(GraphQlUrl(options_)),
      repo_path_("/repos/" + options_.repository),
      transport_(transport),
      clock_(clock),
      random_(options_.jitter_seed != 0 ? options_.jitter_seed : std::random_device{}()) {
  token_masker_.AddSecret(options_.token);
}

std::string GitHubClient::Mask(std::string_view text) const {
  std::string out = token_masker_.Mask(text);
  return options_.masker != nullptr ? options_.masker->Mask(out) : out;
}

void GitHubClient::Log(const std::string& line) const {
  if (options_.log) options_.log(Mask(line));
}

double GitHubClient::NextJitter() {
  std::lock_guard<std::mutex> lock(random_mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

HttpRequest GitHubClient::BuildRequest(const Call& call) const {
  HttpRequest request;
  request.method = call.method;
  request.connection =
      call.idempotency == Idempotency::kNotIdempotent ? Connection::kFresh : Connection::kReuse;
  request.url = call.url.empty() ? options_.api_url + call.path : call.url;
  request.headers = {
      {"Accept", "application/vnd.github+json"},
      {"Authorization", "Bearer " + options_.token},
      {"User-Agent", "infra-flash"},
      {"X-GitHub-Api-Version", "2022-11-28"},
  };
  if (!call.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = call.body;
  return request;
}

namespace {

std::string Attempts(int attempt) {
  return std::to_string(attempt) + (attempt == 1 ? " attempt" : " attempts");
}

// The body of a 2xx answer as JSON (Null when empty); other answers are not parsed.
Result<rapidjson::Document> ParseBody(const HttpResponse& response) {
  if (!Is2xx(response.status) || Trim(response.body).empty()) return rapidjson::Document();
  return json::Parse(response.body, "GitHub's answer");
}

// Why to stop retrying now, or "" to go on.
std::string GiveUpReason(int attempt, milliseconds elapsed, milliseconds wait,
                         const RetryPolicy& policy) {
  if (attempt >= policy.max_attempts) {
    return "gave up after " + Attempts(attempt) + " in " + Seconds(elapsed);
  }
  if (elapsed + wait > policy.budget) {
    return "gave up after " + Attempts(attempt) + ": the next try would be in " + Seconds(wait) +
           ", past the retry budget of " + Seconds(policy.budget);
  }
  return "";
}

}  // namespace

Error GitHubClient::GaveUp(const std::string& what, const HttpExchange& last,
                           const AttemptAssessment& assessment, const std::string& reason) const {
  std::string detail = assessment.reason;
  std::string hint =
      "could not reach " + options_.api_url + ": check GITHUB_API_URL and the runner's network";
  if (last.outcome == WireOutcome::kAnswered) {
    const std::string message = GitHubMessage(last.response.body);
    if (!message.empty()) detail += " \"" + message + "\"";
    hint = HintFor(last.response);
  }
  return Error{Mask("GitHub API " + what + ": " + detail + "; " + reason + ". " + hint)};
}

Result<GitHubClient::Answer> GitHubClient::Send(const Call& call) {
  const HttpRequest request = BuildRequest(call);
  const std::string what = std::string(HttpMethodName(call.method)) + " " + call.path;
  const auto start = clock_.Now();
  for (int attempt = 1;; ++attempt) {
    HttpExchange exchange = transport_.Send(request);
    AttemptAssessment assessment =
        AssessAttempt(exchange, call.idempotency, clock_.WallNow(), options_.retry);
    if (assessment.retry == Retry::kNo && exchange.outcome == WireOutcome::kAnswered) {
      auto body = ParseBody(exchange.response);
      if (body.ok()) return Answer{std::move(exchange.response), std::move(body).value(), attempt};
      // A garbled 2xx body: worth another GET, but a POST may already have acted.
      if (call.idempotency == Idempotency::kNotIdempotent) {
        return Error{Mask("GitHub API " + what + ": HTTP " +
                          std::to_string(exchange.response.status) +
                          " with an answer that is not valid JSON (" + body.error().message +
                          "); the request may have taken effect")};
      }
      assessment = {Retry::kAfterBackoff, {}, "an answer that is not valid JSON"};
    }
    if (assessment.retry == Retry::kNo) {
      return Error{Mask("GitHub API " + what + ": " + assessment.reason + " after " +
                        Attempts(attempt) +
                        "; not resent because GitHub may have acted on it. Could not reach " +
                        options_.api_url + ": check GITHUB_API_URL and the runner's network")};
    }
    const milliseconds wait = assessment.retry == Retry::kAfterWait
                                  ? assessment.wait
                                  : BackoffDelay(attempt, options_.retry, NextJitter());
    const auto elapsed = std::chrono::duration_cast<milliseconds>(clock_.Now() - start);
    const std::string stop = GiveUpReason(attempt, elapsed, wait, options_.retry);
    if (!stop.empty()) return GaveUp(what, exchange, assessment, stop);
    Log("GitHub API " + what + ": " + assessment.reason + "; retrying in " + Seconds(wait) +
        " (attempt " + std::to_string(attempt + 1) + " of " +
        std::to_string(options_.retry.max_attempts) + ")");
    clock_.SleepFor(wait);
  }
}

Error GitHubClient::Failure(const Call& call, const Answer& answer) const {
  std::string line = "GitHub API " + std::string(HttpMethodName(call.method)) + " " + call.path +
                     ": HTTP " + std::to_string(answer.response.status);
  const std::string message = GitHubMessage(answer.response.body);
  if (!message.empty()) line += " \"" + message + "\"";
  line += ". ";
  line += HintFor(answer.response);
  return Error{Mask(line)};
}

Status GitHubClient::ForEachPage(const std::string& path,
                                 const std::function<void(const rapidjson::Value&)>& visit) {
  Call call{HttpMethod::kGet, WithQuery(path, "per_page=100")};
  for (int page = 1;; ++page) {
    auto answer = Send(call);
    if (!answer.ok()) return answer.error();
    if (answer->response.status != 200) return Failure(call, *answer);
    if (!answer->json.IsArray()) {
      return Error{Mask("GitHub API GET " + call.path +
                        ": expected a list, got something "
                        "else; is GITHUB_API_URL pointing at the GitHub API?")};
    }
    for (const rapidjson::Value& item : answer->json.GetArray()) visit(item);
    auto next = NextPageUrl(answer->response.Header("link"));
    if (!next) return Ok();
    // The next page must be on the API we trust with the token.
    if (next->rfind(options_.api_url + "/", 0) != 0 || UrlOrigin(*next) != origin_) {
      return Error{Mask("GitHub API GET " + call.path + ": the next page points outside " +
                        options_.api_url + "; not following it with the token")};
    }
    if (page >= kMaxPages) {
      return Error{Mask("GitHub API GET " + path + ": more than " + std::to_string(kMaxPages) +
                        " pages; stopping")};
    }
    call.path = next->substr(options_.api_url.size());
  }
}

Result<std::vector<IssueComment>> GitHubClient::ListIssueComments(std::int64_t issue_number) {
  std::vector<IssueComment> comments;
  Status status =
      ForEachPage(repo_path_ + "/issues/" + std::to_string(issue_number) + "/comments",
                  [&](const rapidjson::Value& item) { comments.push_back(ParseComment(item)); });
  if (!status.ok()) return status.error();
  return comments;
}

Result<IssueComment> GitHubClient::CreateIssueComment(std::int64_t issue_number,
                                                      const std::string& body) {
  Call call{HttpMethod::kPost, repo_path_ + "/issues/" + std::to_string(issue_number) + "/comments",
            JsonBody().Add("body", body).Finish(), Idempotency::kNotIdempotent};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 201) return Failure(call, *answer);
  return ParseComment(answer->json);
}

Result<std::optional<IssueComment>> GitHubClient::UpdateIssueComment(std::int64_t comment_id,
                                                                     const std::string& body) {
  Call call{HttpMethod::kPatch, repo_path_ + "/issues/comments/" + std::to_string(comment_id),
            JsonBody().Add("body", body).Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 404) return std::optional<IssueComment>();
  if (answer->response.status != 200) return Failure(call, *answer);
  return std::optional<IssueComment>(ParseComment(answer->json));
}

Result<Removal> GitHubClient::DeleteIssueComment(std::int64_t comment_id) {
  Call call{HttpMethod::kDelete, repo_path_ + "/issues/comments/" + std::to_string(comment_id)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 404) return Removal::kAlreadyGone;
  if (answer->response.status != 204 && answer->response.status != 200) {
    return Failure(call, *answer);
  }
  return Removal::kRemoved;
}

Status GitHubClient::AddReaction(std::int64_t comment_id, Reaction reaction) {
  Call call{HttpMethod::kPost,
            repo_path_ + "/issues/comments/" + std::to_string(comment_id) + "/reactions",
            JsonBody().Add("content", std::string(ReactionContent(reaction))).Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200 && answer->response.status != 201) {
    return Failure(call, *answer);
  }
  return Ok();
}

Result<PullRequest> GitHubClient::GetPullRequest(std::int64_t number) {
  Call call{HttpMethod::kGet, repo_path_ + "/pulls/" + std::to_string(number)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  return ParsePullRequest(answer->json);
}

Result<PullRequestFiles> GitHubClient::ListPullRequestFiles(std::int64_t number,
                                                            std::int64_t changed_files) {
  PullRequestFiles result;
  Status status =
      ForEachPage(repo_path_ + "/pulls/" + std::to_string(number) + "/files",
                  [&](const rapidjson::Value& item) { result.files.push_back(ParseFile(item)); });
  if (!status.ok()) return status.error();
  const auto listed = static_cast<std::int64_t>(result.files.size());
  if (listed >= kPullRequestFilesCap || listed < changed_files) {
    result.completeness = Completeness::kTruncated;
  }
  return result;
}

Result<std::vector<Review>> GitHubClient::ListPullRequestReviews(std::int64_t number) {
  std::vector<Review> reviews;
  Status status =
      ForEachPage(repo_path_ + "/pulls/" + std::to_string(number) + "/reviews",
                  [&](const rapidjson::Value& item) { reviews.push_back(ParseReview(item)); });
  if (!status.ok()) return status.error();
  return reviews;
}

Result<std::vector<PullRequest>> GitHubClient::ListPullRequestsForCommit(const std::string& sha) {
  std::vector<PullRequest> pulls;
  Status status =
      ForEachPage(repo_path_ + "/commits/" + EncodePath(sha, Slashes::kEncode) + "/pulls",
                  [&](const rapidjson::Value& item) { pulls.push_back(ParsePullRequest(item)); });
  if (!status.ok()) return status.error();
  return pulls;
}

Result<Permission> GitHubClient::GetCollaboratorPermission(const std::string& login) {
  Call call{HttpMethod::kGet,
            repo_path_ + "/collaborators/" + EncodePath(login, Slashes::kEncode) + "/permission"};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 404) return Permission::kNone;
  if (answer->response.status != 200) return Failure(call, *answer);
  // role_name knows maintain and triage; the older `permission` folds them into
  // write and read.
  std::optional<Permission> level =
      ParsePermission(json::StringOr(json::Member(answer->json, "role_name")));
  if (!level || *level == Permission::kNone) {
    level = ParsePermission(json::StringOr(json::Member(answer->json, "permission")));
  }
  return level.value_or(Permission::kNone);  // unknown text: the safe side
}

Result<TeamMembership> GitHubClient::GetTeamMembership(const std::string& org,
                                                       const std::string& team_slug,
                                                       const std::string& login) {
  Call call{HttpMethod::kGet, "/orgs/" + EncodePath(org, Slashes::kEncode) + "/teams/" +
                                  EncodePath(team_slug, Slashes::kEncode) + "/memberships/" +
                                  EncodePath(login, Slashes::kEncode)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  const int status = answer->response.status;
  if (status == 404) return TeamMembership::kNotMember;
  if (status == 401 || status == 403) return TeamMembership::kHidden;
  if (status != 200) return Failure(call, *answer);
  const std::string state = json::StringOr(json::Member(answer->json, "state"));
  if (state == "active") return TeamMembership::kActive;
  return state == "pending" ? TeamMembership::kPending : TeamMembership::kNotMember;
}

Result<std::optional<std::string>> GitHubClient::GetFileContents(const std::string& path,
                                                                 const std::string& ref) {
  Call call{HttpMethod::kGet, repo_path_ + "/contents/" + EncodePath(path, Slashes::kKeep) +
                                  "?ref=" + EncodePath(ref, Slashes::kEncode)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  // 404 is also how GitHub says it does not know the commit: that is no answer at all.
  if (answer->response.status == 404 && !MessageContains(answer->response, "No commit found")) {
    return std::optional<std::string>();
  }
  if (answer->response.status != 200) return Failure(call, *answer);
  const std::string what = "GitHub API GET " + call.path + ": ";
  if (!answer->json.IsObject()) return Error{what + path + " is a directory, not a file"};
  const std::string type = json::StringOr(json::Member(answer->json, "type"));
  if (type != "file") return Error{what + path + " is a " + type + ", not a file"};
  const std::string encoding = json::StringOr(json::Member(answer->json, "encoding"));
  if (encoding != "base64") {
    return Error{what + path + " is too large for the contents API (over 1 MB)"};
  }
  std::optional<std::string> text =
      DecodeBase64(json::StringOr(json::Member(answer->json, "content")));
  if (!text) return Error{what + "the content of " + path + " is not valid base64"};
  return std::optional<std::string>(std::move(*text));
}

Result<std::string> GitHubClient::Viewer() {
  std::lock_guard<std::mutex> lock(viewer_mutex_);
  if (!viewer_.empty()) return viewer_;
  Call call{HttpMethod::kPost, "/graphql",
            JsonBody().Add("query", std::string("query { viewer { login } }")).Finish()};
  call.url = graphql_url_;
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  const std::string login = json::StringOr(json::Find(answer->json, {"data", "viewer", "login"}));
  if (login.empty()) {
    return Error{"GitHub's GraphQL API did not say which account the token acts as" +
                 std::string(answer->json.IsObject() && json::Member(answer->json, "errors")
                                 ? " (it answered with errors)"
                                 : "")};
  }
  viewer_ = login;
  return login;
}

namespace {

Status CheckRefName(const std::string& ref) {
  if (ref.rfind("refs/", 0) == 0 && ref.size() > 5) return Ok();
  return Error{"\"" + ref + "\" is not a full ref name (it must start with refs/)"};
}

}  // namespace

Result<RefCreation> GitHubClient::CreateRef(const std::string& ref, const std::string& sha) {
  if (Status valid = CheckRefName(ref); !valid.ok()) return valid.error();
  Call call{HttpMethod::kPost, repo_path_ + "/git/refs",
            JsonBody().Add("ref", ref).Add("sha", sha).Finish(), Idempotency::kNotIdempotent};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 201) return RefCreation::kCreated;
  if (answer->response.status == 422 &&
      MessageContains(answer->response, "reference already exists")) {
    return RefCreation::kAlreadyExists;
  }
  return Failure(call, *answer);
}

Result<std::optional<GitRef>> GitHubClient::GetRef(const std::string& ref) {
  if (Status valid = CheckRefName(ref); !valid.ok()) return valid.error();
  Call call{HttpMethod::kGet, repo_path_ + "/git/ref/" + EncodePath(ref.substr(5), Slashes::kKeep)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 404) return std::optional<GitRef>();
  if (answer->response.status != 200) return Failure(call, *answer);
  return std::optional<GitRef>(ParseRef(answer->json));
}

Result<GitRef> GitHubClient::UpdateRef(const std::string& ref, const std::string& sha,
                                       RefUpdate mode) {
  if (Status valid = CheckRefName(ref); !valid.ok()) return valid.error();
  Call call{HttpMethod::kPatch,
            repo_path_ + "/git/refs/" + EncodePath(ref.substr(5), Slashes::kKeep),
            JsonBody().Add("sha", sha).Add("force", mode == RefUpdate::kForce).Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  return ParseRef(answer->json);
}

Result<Removal> GitHubClient::DeleteRef(const std::string& ref) {
  if (Status valid = CheckRefName(ref); !valid.ok()) return valid.error();
  Call call{HttpMethod::kDelete,
            repo_path_ + "/git/refs/" + EncodePath(ref.substr(5), Slashes::kKeep)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  const int status = answer->response.status;
  if (status == 204 || status == 200) return Removal::kRemoved;
  if (status == 404 ||
      (status == 422 && MessageContains(answer->response, "reference does not exist"))) {
    return Removal::kAlreadyGone;
  }
  return Failure(call, *answer);
}

namespace {

Status CheckRefPrefix(const std::string& prefix) {
  if (prefix.rfind("refs/", 0) == 0 && prefix.size() > 5) return Ok();
  return Error{"\"" + prefix +
               "\" is not a ref prefix: it must start with refs/ and name a namespace, as in "
               "refs/tags/v"};
}

bool IsSha(std::string_view text) {
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

Status CheckSha(const std::string& sha, const char* what) {
  if (IsSha(sha)) return Ok();
  return Error{"\"" + OneLine(sha, 80) + "\" is not " + what +
               " SHA (40 hexadecimal characters, as `git rev-parse HEAD` prints)"};
}

// git check-ref-format's rules, for the name a tag adds under refs/tags/.
bool IsTagName(std::string_view name) {
  if (name.empty() || name == "@" || name.front() == '/' || name.back() == '/' ||
      name.back() == '.') {
    return false;
  }
  for (std::string_view forbidden : {"..", "@{", "//", "/.", ".lock/"}) {
    if (name.find(forbidden) != std::string_view::npos) return false;
  }
  if (name.front() == '.' || (name.size() >= 5 && name.substr(name.size() - 5) == ".lock")) {
    return false;
  }
  return std::none_of(name.begin(), name.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= ' ' || byte == 0x7F ||
           std::string_view("~^:?*[\\").find(c) != std::string_view::npos;
  });
}

Status CheckTagName(const std::string& tag) {
  if (tag.rfind("refs/", 0) == 0) {
    return Error{"\"" + OneLine(tag, 80) + "\" is a ref, not a tag name: pass the short name (" +
                 (tag.rfind("refs/tags/", 0) == 0 ? tag.substr(10) : std::string("v1.4.3")) + ")"};
  }
  if (IsTagName(tag)) return Ok();
  if (tag.empty()) return Error{"the tag name is empty: give one such as v1.4.3"};
  return Error{"\"" + OneLine(tag, 80) +
               "\" is not a valid tag name: git forbids spaces, control characters, "
               "~ ^ : ? * [ \\, \"..\", \"@{\", and a leading or trailing / or ."};
}

// Labels are checked before anything is sent, so that one bad entry does not leave half
// a request applied.
Status CheckLabels(const std::vector<std::string>& labels) {
  for (const std::string& label : labels) {
    if (Trim(label).empty()) {
      return Error{"one of the labels to add is empty: every label needs a name"};
    }
  }
  return Ok();
}

}  // namespace

Result<std::vector<GitRef>> GitHubClient::ListMatchingRefs(const std::string& prefix) {
  if (Status valid = CheckRefPrefix(prefix); !valid.ok()) {
    return Error{Mask("cannot list refs: " + valid.error().message)};
  }
  std::vector<GitRef> refs;
  Status status =
      ForEachPage(repo_path_ + "/git/matching-refs/" + EncodePath(prefix.substr(5), Slashes::kKeep),
                  [&](const rapidjson::Value& item) { refs.push_back(ParseRef(item)); });
  if (!status.ok()) return status.error();
  return refs;
}

// Resent after an ambiguous failure, unlike other creations: a second tag object is
// invisible (no ref names it, and git's garbage collection removes it), and the ref
// made from the answer points at exactly one of them.
Result<TagObject> GitHubClient::CreateTagObject(const std::string& tag, const std::string& message,
                                                const std::string& commit_sha) {
  for (const Status& valid : {CheckTagName(tag), CheckSha(commit_sha, "a commit")}) {
    if (!valid.ok()) return Error{Mask("cannot create tag: " + valid.error().message)};
  }
  Call call{HttpMethod::kPost, repo_path_ + "/git/tags",
            JsonBody()
                .Add("tag", tag)
                .Add("message", message)
                .Add("object", commit_sha)
                .Add("type", std::string("commit"))
                .Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 201) return Failure(call, *answer);
  TagObject created = ParseTagObject(answer->json);
  if (!IsSha(created.sha)) {
    return Error{Mask("GitHub API POST " + call.path +
                      ": HTTP 201 without the new tag object's SHA; is GITHUB_API_URL pointing "
                      "at the GitHub API?")};
  }
  return created;
}

Result<TagObject> GitHubClient::GetTagObject(const std::string& sha) {
  if (Status valid = CheckSha(sha, "a tag object"); !valid.ok()) {
    return Error{Mask("cannot read a tag object: " + valid.error().message)};
  }
  Call call{HttpMethod::kGet, repo_path_ + "/git/tags/" + EncodePath(sha, Slashes::kEncode)};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  return ParseTagObject(answer->json);
}

Result<Release> GitHubClient::CreateRelease(const ReleaseRequest& release) {
  if (Status valid = CheckTagName(release.tag); !valid.ok()) {
    return Error{Mask("cannot create a release: " + valid.error().message)};
  }
  Call call{HttpMethod::kPost, repo_path_ + "/releases",
            JsonBody()
                .Add("tag_name", release.tag)
                .Add("name", release.name.empty() ? release.tag : release.name)
                .Add("body", release.body)
                .Finish(),
            Idempotency::kNotIdempotent};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status == 201) return ParseRelease(answer->json);
  if (answer->response.status == 422 && MessageContains(answer->response, "already_exists")) {
    return Error{Mask("GitHub API POST " + call.path + ": HTTP 422, a release for tag \"" +
                      release.tag +
                      "\" already exists. An earlier run may have made it: look at the "
                      "repository's Releases page, and edit or delete that release if it is "
                      "wrong")};
  }
  return Failure(call, *answer);
}

// Adding labels is safe to resend: GitHub keeps a set.
Status GitHubClient::AddLabels(std::int64_t issue_number, const std::vector<std::string>& labels) {
  if (Status valid = CheckLabels(labels); !valid.ok()) {
    return Error{"cannot label #" + std::to_string(issue_number) + ": " + valid.error().message};
  }
  if (labels.empty()) return Ok();
  Call call{HttpMethod::kPost, repo_path_ + "/issues/" + std::to_string(issue_number) + "/labels",
            JsonBody().Add("labels", labels).Finish()};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  return Ok();
}

Result<CommitComparison> GitHubClient::CompareCommits(const std::string& base,
                                                      const std::string& head) {
  for (const Status& valid :
       {CheckSha(base, "the base commit"), CheckSha(head, "the head commit")}) {
    if (!valid.ok()) return valid.error();
  }
  Call call{HttpMethod::kGet, repo_path_ + "/compare/" + base + "..." + head};
  auto answer = Send(call);
  if (!answer.ok()) return answer.error();
  if (answer->response.status != 200) return Failure(call, *answer);
  const rapidjson::Value* files = json::Member(answer->json, "files");
  if (files == nullptr || !files->IsArray()) {
    return Error{"GET " + call.path + ": GitHub's answer has no `files` list"};
  }
  CommitComparison result;
  result.status = json::StringOr(json::Member(answer->json, "status"));
  result.ahead_by = json::IntOr(json::Member(answer->json, "ahead_by"));
  result.behind_by = json::IntOr(json::Member(answer->json, "behind_by"));
  for (const rapidjson::Value& item : files->GetArray()) {
    result.files.files.push_back(ParseFile(item));
  }
  if (static_cast<std::int64_t>(result.files.files.size()) >= kCompareFilesCap) {
    result.files.completeness = Completeness::kTruncated;
  }
  return result;
}

}  // namespace infra_flash
