// client_pulls: the endpoints about pull requests and the commits between them: a pull
// request, its files and reviews, the pull requests of a commit, and the compare API.
#include "github/client.h"
#include "github/client_decode.h"
#include "github/client_internal.h"

namespace infra_flash {

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
  std::optional<CommitComparison> result = ParseComparison(answer->json);
  if (!result) return Error{"GET " + call.path + ": GitHub's answer has no `files` list"};
  if (static_cast<std::int64_t>(result->files.files.size()) >= kCompareFilesCap) {
    result->files.completeness = Completeness::kTruncated;
  }
  return *std::move(result);
}

}  // namespace infra_flash
