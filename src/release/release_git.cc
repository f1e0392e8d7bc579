#include "release/release_git.h"

#include "common/strings.h"
#include "git/changed_paths.h"
#include "git/git.h"

namespace infra_flash {
namespace {

std::string Failure(const std::string& what, const ProcessOutput& output) {
  return "`git " + what + "` failed: " + GitSaid(output);
}

struct TreeBlob {
  std::string object;  // blob SHA
  std::string path;
};

// `git ls-tree -r -z` lines: "<mode> SP <type> SP <object> TAB <path>" NUL. Submodules
// (type commit) have no content here and are left out.
std::vector<TreeBlob> ParseTree(std::string_view listing) {
  std::vector<TreeBlob> blobs;
  while (!listing.empty()) {
    const std::size_t end = listing.find('\0');
    const std::string_view entry = listing.substr(0, end);
    listing.remove_prefix(end == std::string_view::npos ? listing.size() : end + 1);
    const std::size_t tab = entry.find('\t');
    if (tab == std::string_view::npos) continue;
    const std::vector<std::string> fields = Split(entry.substr(0, tab), ' ');
    if (fields.size() != 3 || fields[1] != "blob") continue;
    blobs.push_back({std::string(fields[2]), std::string(entry.substr(tab + 1))});
  }
  return blobs;
}

}  // namespace

Result<FingerprintInputs> CommittedFingerprintInputs(const std::string& workspace,
                                                     const std::string& commit,
                                                     const GlobSet& globs) {
  if (!HasCommit(workspace, commit)) {
    return Error{"the checkout does not hold the pushed commit " +
                 ShortSha(commit, kLongShaDigits) +
                 ", so its configuration cannot be fingerprinted; check out the pushed commit "
                 "(actions/checkout does by default)"};
  }
  ProcessOutput tree = Git(workspace, {"ls-tree", "-r", "-z", "--full-tree", commit});
  if (!GitSucceeded(tree)) return Error{Failure("ls-tree " + commit, tree)};
  FingerprintInputs inputs;
  for (TreeBlob& blob : ParseTree(tree.stdout_text)) {
    if (!globs.MatchesAny(blob.path)) continue;
    ProcessOutput content = Git(workspace, {"cat-file", "blob", blob.object});
    if (!GitSucceeded(content)) return Error{Failure("cat-file blob (" + blob.path + ")", content)};
    inputs.files.push_back({std::move(blob.path), std::move(content.stdout_text)});
  }
  return inputs;
}

Ancestry StrictAncestor(const std::string& workspace, const std::string& older,
                        const std::string& newer) {
  if (older == newer) return Ancestry::kNotAncestor;
  if (!HasCommit(workspace, older) || !HasCommit(workspace, newer)) return Ancestry::kUnknown;
  ProcessOutput output = Git(workspace, {"merge-base", "--is-ancestor", older, newer});
  if (output.end != StepEnd::kExited) return Ancestry::kUnknown;
  if (output.exit_code == 0) return Ancestry::kAncestor;
  return output.exit_code == 1 ? Ancestry::kNotAncestor : Ancestry::kUnknown;
}

}  // namespace infra_flash
