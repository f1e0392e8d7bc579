// LayerIndex: changed paths -> affected layers. Per path: one hash lookup per directory level
// (deepest layer dir wins) and one RE2::Set match for every glob (ignore, when_modified and
// triggers in one set, told apart by index); never a loop over all layers.
#include <string_view>

#include "config/dependency_cycle.h"
#include "config/glob.h"
#include "layers/layer_graph.h"
#include "layers/layers.h"

namespace infra_flash {
namespace {

// "./a/b" -> "a/b"; the repository root's dir "." -> "".
std::string_view StripDotSlash(std::string_view path) {
  while (path.size() >= 2 && path.substr(0, 2) == "./") path.remove_prefix(2);
  return path;
}

std::string DirKey(const std::string& dir) { return dir == "." ? "" : dir; }

}  // namespace

struct LayerIndex::Impl {
  LayerGraph graph;
  StringMap<std::size_t> layer_by_dir;  // DirKey(dir) -> layer
  // A file or directory a layer reads outside its dir (Layer::reads) -> those layers.
  StringMap<std::vector<std::size_t>> readers_by_path;
  // Every glob: [0, ignore_count) ignore, then when_modified, then the triggers' paths.
  GlobSet globs;
  std::size_t ignore_count = 0;
  std::vector<std::size_t> when_modified_layer;          // when_modified glob -> layer
  std::vector<std::size_t> trigger_of_path;              // trigger glob -> trigger
  std::vector<bool> trigger_all;                         // by trigger
  std::vector<std::vector<std::size_t>> trigger_layers;  // by trigger

  // Marks every layer that reads `path` or one of its ancestor directories.
  bool MarkReaders(std::string_view path, std::vector<bool>& affected) const {
    if (readers_by_path.empty()) return false;
    bool any = false;
    while (!path.empty()) {
      auto it = readers_by_path.find(path);
      if (it != readers_by_path.end()) {
        for (std::size_t layer : it->second) affected[layer] = true;
        any = true;
      }
      std::size_t slash = path.rfind('/');
      path = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
    }
    return any;
  }

  // The layer whose dir is the deepest ancestor of `path` (or `path` itself: a submodule).
  const std::size_t* OwnerByDir(std::string_view path) const {
    while (true) {
      auto it = layer_by_dir.find(path);
      if (it != layer_by_dir.end()) return &it->second;
      if (path.empty()) return nullptr;
      std::size_t slash = path.rfind('/');
      path = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
    }
  }
};

LayerIndex::LayerIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LayerIndex::~LayerIndex() = default;
LayerIndex::LayerIndex(LayerIndex&&) noexcept = default;
LayerIndex& LayerIndex::operator=(LayerIndex&&) noexcept = default;

Result<LayerIndex> LayerIndex::Build(const Config& config) {
  auto impl = std::make_unique<Impl>();
  impl->graph = BuildLayerGraph(config);
  std::vector<std::string> when_modified;
  for (std::size_t i = 0; i < config.layers.size(); ++i) {
    impl->layer_by_dir.emplace(DirKey(config.layers[i].dir), i);  // first one wins
    for (const std::string& read : config.layers[i].reads) {
      std::vector<std::size_t>& readers = impl->readers_by_path[DirKey(read)];
      if (readers.empty() || readers.back() != i) readers.push_back(i);
    }
    for (const std::string& glob : config.layers[i].when_modified) {
      when_modified.push_back(glob);
      impl->when_modified_layer.push_back(i);
    }
  }
  std::vector<std::string> trigger_paths;
  for (std::size_t t = 0; t < config.triggers.size(); ++t) {
    const PathTrigger& trigger = config.triggers[t];
    for (const std::string& glob : trigger.paths) {
      trigger_paths.push_back(glob);
      impl->trigger_of_path.push_back(t);
    }
    impl->trigger_all.push_back(trigger.all_layers);
    std::vector<std::size_t>& layers = impl->trigger_layers.emplace_back();
    for (const std::string& name : trigger.layers) {
      auto it = impl->graph.index.find(name);
      if (it != impl->graph.index.end()) layers.push_back(it->second);
    }
  }
  std::vector<std::string> globs = config.ignore;
  globs.insert(globs.end(), when_modified.begin(), when_modified.end());
  globs.insert(globs.end(), trigger_paths.begin(), trigger_paths.end());
  impl->ignore_count = config.ignore.size();
  Result<GlobSet> set = GlobSet::Compile(globs);
  if (!set.ok()) {
    // Which family the bad glob is in, for the message: each on its own.
    using Family = std::pair<const char*, const std::vector<std::string>*>;
    for (const auto& [what, family] :
         {Family{"ignore", &config.ignore}, Family{"when_modified", &when_modified},
          Family{"triggers", &trigger_paths}}) {
      if (Result<GlobSet> alone = GlobSet::Compile(*family); !alone.ok()) {
        return Error{std::string("invalid glob in ") + what + ": " + alone.error().message,
                     config.file};
      }
    }
    return Error{"invalid globs: " + set.error().message, config.file};
  }
  impl->globs = std::move(*set);
  return LayerIndex(std::move(impl));
}

Resolution LayerIndex::Resolve(const std::vector<std::string>& changed_paths) const {
  const Impl& index = *impl_;
  Resolution resolution;
  std::vector<bool> affected(index.graph.names.size(), false);
  bool all_affected = false;
  for (const std::string& raw_path : changed_paths) {
    std::string_view path = StripDotSlash(raw_path);
    if (path.empty()) continue;
    const std::vector<int> globs = index.globs.Match(path);  // ascending: ignore first
    if (!globs.empty() && static_cast<std::size_t>(globs.front()) < index.ignore_count) {
      resolution.ignored_paths.emplace_back(path);
      continue;
    }
    bool owned = false;
    if (const std::size_t* owner = index.OwnerByDir(path)) {
      affected[*owner] = owned = true;
    }
    if (index.MarkReaders(path, affected)) owned = true;
    const std::size_t triggers_start = index.ignore_count + index.when_modified_layer.size();
    for (int match : globs) {
      const auto glob = static_cast<std::size_t>(match);
      owned = true;
      if (glob < triggers_start) {
        affected[index.when_modified_layer[glob - index.ignore_count]] = true;
        continue;
      }
      const std::size_t trigger = index.trigger_of_path[glob - triggers_start];
      all_affected = all_affected || index.trigger_all[trigger];
      for (std::size_t layer : index.trigger_layers[trigger]) affected[layer] = true;
    }
    if (!owned) resolution.unowned_paths.emplace_back(path);
  }
  if (all_affected) affected.assign(affected.size(), true);
  AddDependents(index.graph, affected);
  std::vector<std::vector<std::size_t>> waves = WavesOf(index.graph, affected);
  resolution.waves = WaveNames(index.graph, waves);
  for (const auto& wave : resolution.waves) {
    resolution.layers.insert(resolution.layers.end(), wave.begin(), wave.end());
  }
  return resolution;
}

Result<Resolution> ResolveLayers(const Config& config,
                                 const std::vector<std::string>& changed_paths) {
  Result<LayerIndex> index = LayerIndex::Build(config);
  if (!index.ok()) return index.error();
  return index->Resolve(changed_paths);
}

std::vector<std::string> WithDependents(const Config& config,
                                        const std::vector<std::string>& names) {
  LayerGraph graph = BuildLayerGraph(config);
  std::vector<bool> selected = SelectByName(graph, names);
  AddDependents(graph, selected);
  std::vector<std::string> result;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (selected[i]) result.push_back(graph.names[i]);
  }
  return result;
}

std::vector<std::vector<std::string>> Waves(const Config& config,
                                            const std::vector<std::string>& names) {
  LayerGraph graph = BuildLayerGraph(config);
  return WaveNames(graph, WavesOf(graph, SelectByName(graph, names)));
}

std::vector<std::string> FindCycle(const Config& config) {
  return FindDependencyCycle(config.layers);
}

}  // namespace infra_flash
