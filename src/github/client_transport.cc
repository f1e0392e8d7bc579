// client_transport: how GitHubClient sends one request and reads its answer: the
// request's headers (the token), retries with backoff and jitter, rate-limit waits within
// the retry budget (retry_policy.h), pagination along `Link` headers on the API's own
// origin, and the one-line errors with a hint. Also the client's creation and masking.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "common/json.h"
#include "common/strings.h"
#include "github/client.h"
#include "github/client_decode.h"
#include "github/client_internal.h"
#include "github/link_header.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

constexpr int kMaxPages = 300;  // 30,000 items: far past anything a PR holds

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
     "pull-requests: write (and contents: write for locks, refs and releases)"},
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

std::string Seconds(milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
  return text;
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

bool Is2xx(int status) { return status >= 200 && status < 300; }

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
  Error error{Mask(line)};
  error.http_status = answer.response.status;
  return error;
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

}  // namespace infra_flash
