#include "git/base_files.h"

#include "common/strings.h"
#include "git/git.h"

namespace infra_flash {
namespace {

enum class GitAnswer { kFound, kAbsent, kUnknown };

struct GitRead {
  GitAnswer answer = GitAnswer::kUnknown;
  std::string text;
  std::string why;  // kUnknown: what git said
};

// `sha:path` names the path from the commit's root whatever the working directory.
GitRead ReadWithGit(const std::string& workspace, const std::string& sha, const std::string& path) {
  GitRead read;
  if (!GitSucceeded(Git(workspace, {"cat-file", "-e", sha + "^{commit}"}))) {
    read.why = "commit " + ShortSha(sha) + " is not in the checkout";
    return read;
  }
  ProcessOutput object = Git(workspace, {"rev-parse", "--verify", "-q", sha + ":" + path});
  if (!GitSucceeded(object)) {
    read.answer = GitAnswer::kAbsent;
    return read;
  }
  const std::string id(Trim(object.stdout_text));
  ProcessOutput type = Git(workspace, {"cat-file", "-t", id});
  if (!GitSucceeded(type) || Trim(type.stdout_text) != "blob") {
    read.why = path + " is not a file in commit " + ShortSha(sha);
    return read;
  }
  ProcessOutput blob = Git(workspace, {"cat-file", "blob", id});
  if (!GitSucceeded(blob)) {
    read.why = "`git cat-file` failed: " + GitSaid(blob);
    return read;
  }
  read.answer = GitAnswer::kFound;
  read.text = std::move(blob.stdout_text);
  return read;
}

}  // namespace

Result<std::optional<std::string>> ReadFileAtCommit(const std::string& workspace,
                                                    ContentsApi* client, const std::string& sha,
                                                    const std::string& path) {
  if (!IsFullSha(sha)) return Error{"`" + sha + "` is not a full commit SHA"};
  GitRead read = ReadWithGit(workspace, sha, path);
  if (read.answer == GitAnswer::kFound) return std::optional<std::string>(std::move(read.text));
  if (read.answer == GitAnswer::kAbsent) return std::optional<std::string>();
  if (client == nullptr) {
    return Error{"cannot read " + path + " at " + ShortSha(sha) + ": " + read.why +
                 " and there is no GitHub token to ask the API"};
  }
  Result<std::optional<std::string>> fetched = client->GetFileContents(path, sha);
  if (!fetched.ok()) {
    return Error{"cannot read " + path + " at " + ShortSha(sha) + ": " + read.why +
                 ", and the API failed: " + fetched.error().message};
  }
  return fetched;
}

}  // namespace infra_flash
