// layers: changed paths -> the affected layers, in dependency order, grouped into
// waves that may run in parallel. Also the dependency graph queries the runner uses.
// Pure: no I/O. Globs are compiled once per LayerIndex.
//
// How a changed path is resolved, in this order:
//   1. A leading "./" is dropped; an empty path is skipped.
//   2. A path matching an `ignore` glob is ignored, whatever else it matches.
//   3. It affects the layer whose `dir` is its deepest ancestor (or the path itself: a
//      submodule); a layer with dir "." owns what no deeper layer does. One hash lookup per
//      directory level: never a loop over the layers.
//   4. It also affects every layer that reads it or a directory above it (Layer::reads:
//      the includes, read files, local modules and var files discovery/ found; one hash
//      lookup per directory level), every layer whose `when_modified` matches it, and
//      every layer a matching trigger names (`layers: all`: every layer). One RE2::Set
//      match per glob family.
//   5. A path that affects nothing is unowned.
// Then every layer that depends (transitively) on an affected one is affected too.
// Output is deterministic: waves in dependency order, file order within a wave.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"

namespace infra_flash {

struct Resolution {
  std::vector<std::string> layers;              // affected, in dependency (topological) order
  std::vector<std::vector<std::string>> waves;  // each wave after the previous; parallel within
  std::vector<std::string> ignored_paths;       // dropped by `ignore`
  std::vector<std::string> unowned_paths;       // changed but in no layer
};

// Answers "which layers does this path affect" quickly for large configs.
class LayerIndex {
 public:
  // Errors on a glob that does not compile (the config loader already checked them).
  static Result<LayerIndex> Build(const Config& config);
  ~LayerIndex();
  LayerIndex(LayerIndex&&) noexcept;
  LayerIndex& operator=(LayerIndex&&) noexcept;

  // Affected layers for the changed paths, with their dependents, ordered in waves.
  // Paths in ignored_paths/unowned_paths are normalised (no leading "./").
  Resolution Resolve(const std::vector<std::string>& changed_paths) const;

 private:
  struct Impl;
  explicit LayerIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Convenience: build an index and resolve once.
Result<Resolution> ResolveLayers(const Config& config,
                                 const std::vector<std::string>& changed_paths);

// `names` plus every layer that (transitively) depends on one of them, in file order.
// Names that are not layers are dropped.
std::vector<std::string> WithDependents(const Config& config,
                                        const std::vector<std::string>& names);
// Groups `names` into waves by the dependency graph restricted to `names`; layers
// whose dependencies are outside `names` are treated as already satisfied. Order through
// layers outside `names` is still kept: when c depends on b and b on a, Waves({a, c}) is
// [[a], [c]]. Names that are not layers are dropped, duplicates count once; file order
// within a wave.
std::vector<std::vector<std::string>> Waves(const Config& config,
                                            const std::vector<std::string>& names);
// A dependency cycle among the layers, as names with the first repeated at the end
// ("a -> b -> a"), or empty when there is none.
std::vector<std::string> FindCycle(const Config& config);

}  // namespace infra_flash
