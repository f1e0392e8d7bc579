// Input: a terragrunt.hcl or .tf file, the pull request's to write. Beyond "no crash and
// no runaway recursion": every path the scanner resolves is repository-relative and
// normalised (never absolute, never leaving the repository, no `.`/`..` segments), a
// module source's module directory lies inside the directory it watches, and what it
// could not resolve says what it was.
#include <cstdint>
#include <string>
#include <string_view>

#include "discovery/hcl_scan.h"
#include "invariants.h"

namespace {

using infra_flash::fuzzing::Violated;

bool Normalised(const std::string& path) { return infra_flash::NormalizeRepoPath(path) == path; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  infra_flash::ScanContext context;
  context.unit_dir = "envs/prod/app";
  context.file_dir = "envs/prod/app";
  context.find_in_parent_folders = [](const std::string& name) -> std::optional<std::string> {
    if (name.empty() || name.size() > 64) return std::nullopt;
    return infra_flash::JoinRepoPath("envs", name);
  };
  for (const infra_flash::Reference& reference : infra_flash::ScanHcl(text, context)) {
    if (reference.path.empty()) {
      if (reference.unresolved.empty()) Violated("an unresolved reference says nothing");
      continue;
    }
    if (!Normalised(reference.path)) Violated("a resolved path is not normalised:", reference.path);
    if (reference.kind == infra_flash::ReferenceKind::kModuleSource) {
      if (!Normalised(reference.module_dir)) {
        Violated("a module dir is not normalised:", reference.module_dir);
      }
      const bool inside = infra_flash::IsRepoPathWithin(reference.module_dir, reference.path);
      if (!inside) {
        Violated("a module dir outside what its source copies:",
                 reference.path + " / " + reference.module_dir);
      }
    }
  }
  return 0;
}
