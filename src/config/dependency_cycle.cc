#include "config/dependency_cycle.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace infra_flash {
namespace {

enum class Visit { kNotYet, kOnPath, kDone };

struct Graph {
  std::vector<std::vector<std::size_t>> dependencies;  // by layer index, in depends_on order
};

Graph BuildGraph(const std::vector<Layer>& layers) {
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < layers.size(); ++i) index.emplace(layers[i].name, i);
  Graph graph;
  graph.dependencies.resize(layers.size());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    for (const std::string& name : layers[i].depends_on) {
      auto it = index.find(name);
      if (it != index.end()) graph.dependencies[i].push_back(it->second);
    }
  }
  return graph;
}

struct PathStep {
  std::size_t layer;
  std::size_t next_dependency = 0;
};

// Walks from `start`; returns the cycle's layer indices (first repeated) when one is found.
std::vector<std::size_t> WalkFrom(std::size_t start, const Graph& graph,
                                  std::vector<Visit>& visit) {
  std::vector<PathStep> path = {{start}};
  visit[start] = Visit::kOnPath;
  while (!path.empty()) {
    PathStep& step = path.back();
    const auto& dependencies = graph.dependencies[step.layer];
    if (step.next_dependency == dependencies.size()) {
      visit[step.layer] = Visit::kDone;
      path.pop_back();
      continue;
    }
    std::size_t next = dependencies[step.next_dependency++];
    if (visit[next] == Visit::kOnPath) {
      auto first = std::find_if(path.begin(), path.end(),
                                [next](const PathStep& s) { return s.layer == next; });
      std::vector<std::size_t> cycle;
      for (auto it = first; it != path.end(); ++it) cycle.push_back(it->layer);
      cycle.push_back(next);
      return cycle;
    }
    if (visit[next] == Visit::kNotYet) {
      visit[next] = Visit::kOnPath;
      path.push_back({next});
    }
  }
  return {};
}

}  // namespace

std::vector<std::string> FindDependencyCycle(const std::vector<Layer>& layers) {
  Graph graph = BuildGraph(layers);
  std::vector<Visit> visit(layers.size(), Visit::kNotYet);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (visit[i] != Visit::kNotYet) continue;
    std::vector<std::size_t> cycle = WalkFrom(i, graph, visit);
    if (cycle.empty()) continue;
    std::vector<std::string> names;
    for (std::size_t layer : cycle) names.push_back(layers[layer].name);
    return names;
  }
  return {};
}

}  // namespace infra_flash
