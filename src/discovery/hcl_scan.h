// hcl_scan: what a terragrunt or terraform file says it reads and depends on, found by a
// small tolerant scanner rather than a full HCL evaluator. It knows the handful of
// constructs that tie a unit to other files:
//   include "x" { path = … }                       the included file (scanned in turn)
//   read_terragrunt_config(…), file(…), read_tfvars_file(…), templatefile(…),
//   mark_as_read(…), find_in_parent_folders(…)      files read, anywhere in the file
//   terraform { source = "../modules//net" }       a local module source
//   module "x" { source = "../modules/x" }         a local module (terraform files)
//   dependency "x" { config_path = … }             a dependency on another unit
//   dependencies { paths = [ … ] }                  the same, several
// An argument is understood when it is a string literal, possibly with ${…} of
// get_terragrunt_dir(), get_repo_root(), get_path_to_repo_root(), find_in_parent_folders(…)
// or dirname(…); anything else (locals, variables, other functions) is left unresolved
// and reported as such, never guessed. Comments, heredocs and unbalanced input are
// skipped. Pure: the caller answers find_in_parent_folders (ScanContext).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

// Where the scanned file's expressions are evaluated. Paths are repository-relative and
// normalised ("." is the repository root).
// Relative paths follow terragrunt (pkg/config): an `include` path, read_terragrunt_config,
// read_tfvars_file and sops_decrypt_file are relative to the file being read (`file_dir`);
// `dependency`/`dependencies`, `terraform { source }`, file(), templatefile() and
// mark_as_read to the unit (`unit_dir`); a .tf file's `module` sources to its directory.
struct ScanContext {
  std::string unit_dir;  // get_terragrunt_dir(): the unit the file belongs to
  std::string file_dir;  // the directory of the file being scanned
  // find_in_parent_folders(name): the repository-relative path of the nearest `name`
  // above the unit, or nullopt. `name` is empty for the call without arguments.
  std::function<std::optional<std::string>(const std::string& name)> find_in_parent_folders;
};

enum class ReferenceKind {
  kInclude,       // an `include` block's path: read, and scanned as part of the unit
  kReadConfig,    // read_terragrunt_config: read, and scanned in its own directory
  kReadFile,      // any other function that reads a file
  kModuleSource,  // a local module: `terraform { source }` or `module { source }`
  kDependency,    // `dependency { config_path }` or `dependencies { paths }`
  kRemoteSource,  // a registry, git or HTTP module source: nothing local to read
};

struct Reference {
  ReferenceKind kind = ReferenceKind::kReadFile;
  // Repository-relative and normalised; for kModuleSource the directory terraform copies
  // (the part before `//`), with `module_dir` the module itself (after `//`, else the
  // same).
  // Empty when the argument could not be resolved, and for kRemoteSource.
  std::string path;
  std::string module_dir;
  std::string label;       // the block's label (`dependency "platform"` -> "platform")
  int line = 0;            // 1-based, of the construct
  std::string unresolved;  // the expression's text when `path` is empty (for notes)
};

// The references in `text`, in file order.
std::vector<Reference> ScanHcl(std::string_view text, const ScanContext& context);

// "a/b/../c" -> "a/c", "./x" -> "x", "" or "." -> "."; nullopt when the path leaves the
// repository ("../x" at the top, or absolute).
std::optional<std::string> NormalizeRepoPath(std::string_view path);

// `path` is the normalised directory `dir` or lies under it ("." holds everything).
bool IsRepoPathWithin(std::string_view path, std::string_view dir);

// `relative` joined to the directory `dir`, normalised (NormalizeRepoPath).
std::optional<std::string> JoinRepoPath(std::string_view dir, std::string_view relative);

}  // namespace infra_flash
