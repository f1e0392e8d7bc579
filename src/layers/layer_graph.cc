#include "layers/layer_graph.h"

#include <algorithm>

namespace infra_flash {
namespace {

// Kahn's algorithm over the whole graph; layers on a cycle follow in file order.
std::vector<std::size_t> TopologicalOrder(const LayerGraph& graph) {
  const std::size_t count = graph.names.size();
  std::vector<std::size_t> waiting_on(count);
  std::vector<std::size_t> order;
  order.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    waiting_on[i] = graph.dependencies[i].size();
    if (waiting_on[i] == 0) order.push_back(i);
  }
  for (std::size_t next = 0; next < order.size(); ++next) {
    for (std::size_t dependent : graph.dependents[order[next]]) {
      if (--waiting_on[dependent] == 0) order.push_back(dependent);
    }
  }
  for (std::size_t i = 0; i < count && order.size() < count; ++i) {
    if (waiting_on[i] != 0) order.push_back(i);
  }
  return order;
}

}  // namespace

LayerGraph BuildLayerGraph(const Config& config) {
  LayerGraph graph;
  const std::size_t count = config.layers.size();
  graph.names.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    graph.names.push_back(config.layers[i].name);
    graph.index.emplace(config.layers[i].name, i);
  }
  graph.dependencies.resize(count);
  graph.dependents.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    for (const std::string& name : config.layers[i].depends_on) {
      auto it = graph.index.find(name);
      if (it == graph.index.end()) continue;
      auto& dependencies = graph.dependencies[i];
      if (std::find(dependencies.begin(), dependencies.end(), it->second) != dependencies.end()) {
        continue;
      }
      dependencies.push_back(it->second);
      graph.dependents[it->second].push_back(i);
    }
  }
  graph.topological = TopologicalOrder(graph);
  return graph;
}

std::vector<bool> SelectByName(const LayerGraph& graph, const std::vector<std::string>& names) {
  std::vector<bool> selected(graph.names.size(), false);
  for (const std::string& name : names) {
    auto it = graph.index.find(name);
    if (it != graph.index.end()) selected[it->second] = true;
  }
  return selected;
}

void AddDependents(const LayerGraph& graph, std::vector<bool>& selected) {
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (selected[i]) pending.push_back(i);
  }
  while (!pending.empty()) {
    std::size_t layer = pending.back();
    pending.pop_back();
    for (std::size_t dependent : graph.dependents[layer]) {
      if (selected[dependent]) continue;
      selected[dependent] = true;
      pending.push_back(dependent);
    }
  }
}

std::vector<std::vector<std::size_t>> WavesOf(const LayerGraph& graph,
                                              const std::vector<bool>& selected) {
  const std::size_t count = graph.names.size();
  // earliest[i]: the first wave layer i may join; for an unselected layer, the first wave
  // its dependents may join as far as the path through it is concerned.
  std::vector<std::size_t> earliest(count, 0);
  std::size_t wave_count = 0;
  for (std::size_t layer : graph.topological) {
    std::size_t wave = 0;
    for (std::size_t dependency : graph.dependencies[layer]) {
      wave = std::max(wave, earliest[dependency] + (selected[dependency] ? 1 : 0));
    }
    earliest[layer] = wave;
    if (selected[layer]) wave_count = std::max(wave_count, wave + 1);
  }
  std::vector<std::vector<std::size_t>> waves(wave_count);
  for (std::size_t i = 0; i < count; ++i) {  // file order within each wave
    if (selected[i]) waves[earliest[i]].push_back(i);
  }
  // A wave can only be empty on a cycle's leftovers; drop it rather than show a gap.
  waves.erase(std::remove_if(waves.begin(), waves.end(), [](const auto& w) { return w.empty(); }),
              waves.end());
  return waves;
}

std::vector<std::vector<std::string>> WaveNames(
    const LayerGraph& graph, const std::vector<std::vector<std::size_t>>& waves) {
  std::vector<std::vector<std::string>> names;
  names.reserve(waves.size());
  for (const auto& wave : waves) {
    std::vector<std::string>& wave_names = names.emplace_back();
    for (std::size_t layer : wave) wave_names.push_back(graph.names[layer]);
  }
  return names;
}

}  // namespace infra_flash
