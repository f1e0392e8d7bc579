// layer_graph: the `depends_on` graph by layer index (file order), and the two walks the
// resolver needs: closing a selection over dependents, and Kahn's algorithm by levels.
// Internal to the layers module.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/strings.h"
#include "config/config.h"

namespace infra_flash {

struct LayerGraph {
  std::vector<std::string> names;                      // by index, in file order
  StringMap<std::size_t> index;                        // name -> index
  std::vector<std::vector<std::size_t>> dependencies;  // unknown names dropped, deduplicated
  std::vector<std::vector<std::size_t>> dependents;    // the reverse edges
  std::vector<std::size_t> topological;                // dependencies first; cycles last
};

LayerGraph BuildLayerGraph(const Config& config);

// Marks for the known names among `names` (unknown ones are dropped).
std::vector<bool> SelectByName(const LayerGraph& graph, const std::vector<std::string>& names);

// Adds every layer that transitively depends on a selected one. O(layers + edges).
void AddDependents(const LayerGraph& graph, std::vector<bool>& selected);

// The selected layers in waves: a layer comes one wave after the last selected layer it
// depends on, directly or through layers outside the selection (those count as done, but
// do not hide the order between the selected layers around them). Within a wave, file
// order. O(layers + edges). For a selection closed over dependents this is exactly Kahn's
// algorithm by levels. Layers on a cycle (the loader refuses those) are still placed.
std::vector<std::vector<std::size_t>> WavesOf(const LayerGraph& graph,
                                              const std::vector<bool>& selected);

// Index lists -> name lists.
std::vector<std::vector<std::string>> WaveNames(const LayerGraph& graph,
                                                const std::vector<std::vector<std::size_t>>& waves);

}  // namespace infra_flash
