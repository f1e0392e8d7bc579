// client_contents: a file's text at a commit, through the contents API.
#include "common/json.h"
#include "github/client.h"
#include "github/client_decode.h"
#include "github/client_internal.h"

namespace infra_flash {

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

}  // namespace infra_flash
