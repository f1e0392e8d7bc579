// client_git: the git data endpoints and what is made from them: refs (created, read,
// moved, deleted, listed by prefix; the primitive behind locks), annotated tag objects,
// and the releases made for tags.
#include <algorithm>

#include "github/client.h"
#include "github/client_decode.h"
#include "github/client_internal.h"

namespace infra_flash {
namespace {

Status CheckRefName(const std::string& ref) {
  if (ref.rfind("refs/", 0) == 0 && ref.size() > 5) return Ok();
  return Error{"\"" + ref + "\" is not a full ref name (it must start with refs/)"};
}

Status CheckRefPrefix(const std::string& prefix) {
  if (prefix.rfind("refs/", 0) == 0 && prefix.size() > 5) return Ok();
  return Error{"\"" + prefix +
               "\" is not a ref prefix: it must start with refs/ and name a namespace, as in "
               "refs/tags/v"};
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

}  // namespace infra_flash
