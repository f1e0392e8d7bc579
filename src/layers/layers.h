// layers: changed paths -> the affected layers, in dependency order, grouped into
// waves that may run in parallel. Also the dependency graph queries the runner uses.
// Pure: no I/O. Globs are compiled once per LayerIndex.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"

namespace infra_flash {

struct Resolution {
  std::vector<std::string> layers;               // affected, in dependency (topological) order
  std::vector<std::vector<std::string>> waves;   // each wave after the previous; parallel within
  std::vector<std::string> ignored_paths;        // dropped by `ignore`
  std::vector<std::string> unowned_paths;        // changed but in no layer
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
  Resolution Resolve(const std::vector<std::string>& changed_paths) const;

 private:
  struct Impl;
  explicit LayerIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Convenience: build an index and resolve once.
Result<Resolution> ResolveLayers(const Config& config, const std::vector<std::string>& changed_paths);

// `names` plus every layer that (transitively) depends on one of them.
std::vector<std::string> WithDependents(const Config& config, const std::vector<std::string>& names);
// Groups `names` into waves by the dependency graph restricted to `names`; layers
// whose dependencies are outside `names` are treated as already satisfied.
std::vector<std::vector<std::string>> Waves(const Config& config, const std::vector<std::string>& names);
// A dependency cycle among the layers, as names with the first repeated at the end
// ("a -> b -> a"), or empty when there is none.
std::vector<std::string> FindCycle(const Config& config);

}  // namespace infra_flash
