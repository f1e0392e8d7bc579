// discovery: what each layer reads and depends on beyond its directory, as terragrunt
// itself sees the unit, found in the files (hcl_scan.h) so that deciding what a change
// affects runs nothing:
//   - for a terragrunt layer, `<dir>/terragrunt.hcl` and what it includes, with the files
//     those read (read_terragrunt_config, file, read_tfvars_file, find_in_parent_folders…)
//     and their own includes, recursively;
//   - local module sources (`terraform { source }`, and `module { source }` in the .tf
//     files of the layer and of every local module it uses, recursively), each watched as
//     a whole directory: the module's own (for "../modules//net", modules/net), as
//     `terragrunt find --reading` counts it;
//   - the var files of the environment the layer runs in (its own, else `ci`, the plans'
//     environment);
//   - `dependency` and `dependencies` blocks, whose directories name other layers: those
//     edges join `depends_on` (the union is used).
// Reads only files inside the workspace (no symlink out of it), each at most 1 MiB, at
// most kMaxDiscoveryFiles and kMaxDiscoveryBytes per run; what cannot be resolved becomes
// a note, never a guess.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"

namespace infra_flash {

inline constexpr std::size_t kMaxDiscoveryFiles = 20'000;
// And at most this much text in all: the files are the pull request's to make large.
inline constexpr std::size_t kMaxDiscoveryBytes = 64u << 20;

struct DiscoveredEdge {
  std::string layer;  // the layer depended on
  std::string from;   // "platform/terragrunt.hcl:3: dependency \"bootstrap\""
};

struct LayerDiscovery {
  // Repository-relative, sorted, outside the layer's dir; the var files are added by
  // ApplyDiscovery, from the config it is given.
  std::vector<std::string> reads;
  std::vector<DiscoveredEdge> dependencies;
  // Where terraform's code for the layer is (Layer::code_dir); empty when its terragrunt
  // `source` is not a local directory.
  std::string code_dir;
};

struct Discovery {
  std::map<std::string, LayerDiscovery> layers;  // by layer name
  // What could not be followed ("app/terragrunt.hcl:4: `local.env_file` is not a path
  // infra-flash can resolve; …"), for the log and `explain`.
  std::vector<std::string> notes;
  std::size_t files_read = 0;
};

// Scans the files of `config`'s layers under `workspace_root` (absolute; the directory
// the layers' `dir`s are relative to).
struct DiscoveryOptions {
  // Resolve every open beneath the root with openat2 when the kernel has it; off, the
  // lstat-based check that older kernels get (tests cover both).
  bool resolve_beneath = true;
};
Discovery DiscoverLayerInputs(const Config& config, const std::string& workspace_root,
                              DiscoveryOptions options = {});

// Writes `discovery` into `config`: each layer's `reads` and `code_dir`, and its discovered
// dependencies joined to `depends_on` (with `depends_on_from` saying where every edge came
// from).
// Errors on a dependency cycle, naming the source of each edge in it.
Status ApplyDiscovery(Config& config, const Discovery& discovery);

// Both, as every entry point runs them before building a LayerIndex.
Status DiscoverInto(Config& config, const std::string& workspace_root);

}  // namespace infra_flash
