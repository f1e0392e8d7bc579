#include "discovery/discovery.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/strings.h"
#include "config/dependency_cycle.h"
#include "discovery/hcl_scan.h"

namespace infra_flash {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFileBytes = 1u << 20;
// The unit file terragrunt reads in a layer's directory, and what
// find_in_parent_folders() looks for without an argument.
constexpr char kUnitFile[] = "terragrunt.hcl";
// The environment a layer without one of its own is planned in (the PR flows').
constexpr char kPlanEnvironment[] = "ci";

std::string_view ParentView(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view(".") : path.substr(0, slash);
}

std::string Parent(const std::string& path) { return std::string(ParentView(path)); }

// The workspace's files, read once each and only from inside it. Layers share most of
// what they read (a root.hcl, an env.hcl, modules), so every answer is kept for the run.
//
// Where the kernel has openat2 (Linux 5.6), every open is resolved beneath the root
// (RESOLVE_BENEATH): one system call refuses `..` and symlinks that lead out of it,
// absolute ones included. Elsewhere (an older kernel, or a seccomp filter that refuses
// openat2), each path's directories are checked with lstat first, as `realpath` would.
class Workspace {
 public:
  Workspace(const std::string& root, DiscoveryOptions options) : root_(root) {
    root_fd_ = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd_ >= 0 && options.resolve_beneath) {
      const int probe = OpenBeneath(".", O_DIRECTORY);
      beneath_ = probe >= 0;
      if (probe >= 0) ::close(probe);
    }
    if (!beneath_) {
      std::error_code error;
      canonical_root_ = fs::canonical(root, error).string();
      if (error) canonical_root_ = fs::path(root).lexically_normal().string();
    }
  }
  ~Workspace() {
    if (root_fd_ >= 0) ::close(root_fd_);
  }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  bool IsFile(const std::string& path) { return Load(path).is_file; }

  // terragrunt's find_in_parent_folders: `name` in `dir` or the nearest directory above
  // it. Units of one directory ask the same questions, so each answer is kept.
  const std::optional<std::string>& FindUpwards(std::string_view dir, std::string_view name) {
    key_.assign(dir).append(1, '\0').append(name);  // a buffer kept: a hit allocates nothing
    auto it = found_upwards_.find(std::string_view(key_));
    if (it != found_upwards_.end()) return it->second;
    std::optional<std::string> found;
    for (std::string at(dir);; at = Parent(at)) {
      std::optional<std::string> candidate = JoinRepoPath(at, name);
      if (candidate && IsFile(*candidate)) {
        found = std::move(candidate);
        break;
      }
      if (at == ".") break;
    }
    return found_upwards_.emplace(key_, std::move(found)).first->second;
  }

  // The text of a file inside the workspace; nullptr when it is missing, too big, or
  // resolves (through a symlink) outside it.
  const std::string* Text(const std::string& path) {
    const Entry& entry = Load(path);
    return entry.text ? &*entry.text : nullptr;
  }

  // The .tf files directly in `dir`, sorted.
  const std::vector<std::string>& TerraformFiles(const std::string& dir) {
    auto it = tf_files_.find(dir);
    if (it != tf_files_.end()) return it->second;
    std::vector<std::string>& files = tf_files_[dir];
    const int fd =
        beneath_
            ? OpenBeneath(dir, O_DIRECTORY)
            : (DirInside(dir) ? ::open(Absolute(dir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                              : -1);
    if (fd < 0) return files;
    DIR* listing = ::fdopendir(fd);
    if (listing == nullptr) {
      ::close(fd);
      return files;
    }
    while (const dirent* entry = ::readdir(listing)) {
      const std::string_view name = entry->d_name;
      if (name.size() > 3 && name.substr(name.size() - 3) == ".tf") {
        files.push_back(dir == "." ? std::string(name) : dir + "/" + std::string(name));
      }
    }
    ::closedir(listing);
    std::sort(files.begin(), files.end());
    return files;
  }

  std::size_t files_read() const { return files_read_; }
  bool exhausted() const {
    return files_read_ > kMaxDiscoveryFiles || bytes_read_ > kMaxDiscoveryBytes;
  }

 private:
  struct Entry {
    bool is_file = false;             // a regular file inside the workspace
    std::optional<std::string> text;  // unless too big, or the run's reading is exhausted
  };

  // Opens a file once, keeping what it is and its text: most files asked about (a unit's
  // terragrunt.hcl, what find_in_parent_folders finds) are read next anyway.
  const Entry& Load(const std::string& path) {
    auto it = entries_.find(path);
    if (it != entries_.end()) return it->second;
    Entry& entry = entries_[path];
    // O_NONBLOCK: opening a FIFO the pull request planted must not wait for a writer.
    const int fd = beneath_
                       ? OpenBeneath(path, O_NONBLOCK | O_NOCTTY)
                       : (InsideByStat(path) ? ::open(Absolute(path).c_str(),
                                                      O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
                                             : -1);
    if (fd < 0) return entry;
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd);
      return entry;
    }
    entry.is_file = true;
    const auto size = static_cast<std::size_t>(info.st_size);
    if (size <= kMaxFileBytes && !exhausted()) {
      std::string text(size, '\0');
      std::size_t done = 0;
      while (done < text.size()) {
        const ssize_t got = ::read(fd, text.data() + done, text.size() - done);
        if (got <= 0) break;
        done += static_cast<std::size_t>(got);
      }
      text.resize(done);
      bytes_read_ += done;
      ++files_read_;
      entry.text = std::move(text);
    }
    ::close(fd);
    return entry;
  }

  int OpenBeneath(const std::string& path, int flags) const {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(O_RDONLY | O_CLOEXEC | flags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd;
    do {
      fd = ::syscall(SYS_openat2, root_fd_, path.c_str(), &how, sizeof(how));
    } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
    return static_cast<int>(fd);
  }

  // Without openat2: the path is a regular file, or a symlink to one, and resolves inside
  // the root.
  bool InsideByStat(const std::string& path) {
    std::error_code error;
    const fs::file_status status = fs::symlink_status(Absolute(path), error);
    if (!error && fs::is_regular_file(status)) return DirInside(Parent(path));
    if (!error && fs::is_symlink(status)) {
      return fs::is_regular_file(Absolute(path), error) && !error && RealPathInside(path);
    }
    return false;
  }

  fs::path Absolute(const std::string& path) const { return path == "." ? root_ : root_ / path; }

  bool Within(const std::string& real) const {
    return real == canonical_root_ ||
           (real.size() > canonical_root_.size() &&
            real.compare(0, canonical_root_.size(), canonical_root_) == 0 &&
            real[canonical_root_.size()] == '/');
  }

  bool RealPathInside(const std::string& path) const {
    std::error_code error;
    const fs::path real = fs::weakly_canonical(Absolute(path), error);
    return !error && Within(real.string());
  }

  // Whether `dir` resolves (through any symlinked directory on the way) inside the root.
  bool DirInside(const std::string& dir) {
    auto it = dir_inside_.find(dir);
    if (it != dir_inside_.end()) return it->second;
    bool inside = true;
    if (dir != ".") {
      std::error_code error;
      const fs::file_status status = fs::symlink_status(Absolute(dir), error);
      if (error || !fs::exists(status)) {
        inside = false;
      } else if (fs::is_symlink(status)) {
        inside = RealPathInside(dir);
      } else {
        inside = DirInside(Parent(dir));
      }
    }
    dir_inside_.emplace(dir, inside);
    return inside;
  }

  fs::path root_;
  int root_fd_ = -1;
  bool beneath_ = false;
  std::string canonical_root_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<std::string, bool> dir_inside_;
  std::unordered_map<std::string, std::vector<std::string>> tf_files_;
  StringMap<std::optional<std::string>> found_upwards_;
  std::string key_;  // FindUpwards' key, built in place
  std::size_t files_read_ = 0;
  std::size_t bytes_read_ = 0;
};

// What a module directory's .tf files use, with the modules those use, once per run: the
// directories to watch, and notes on sources that cannot be resolved.
class ModuleClosures {
 public:
  explicit ModuleClosures(Workspace& workspace) : workspace_(workspace) {}

  struct Closure {
    std::set<std::string> watched;
    std::vector<std::string> notes;
  };

  const Closure& Of(const std::string& dir) {
    auto it = closures_.find(dir);
    if (it != closures_.end()) return it->second;
    Closure& closure = closures_[dir];  // an empty entry first: a module cycle ends here
    Closure built;
    for (const std::string& file : workspace_.TerraformFiles(dir)) {
      const std::string* text = workspace_.Text(file);
      if (text == nullptr) continue;
      ScanContext context;
      context.unit_dir = dir;
      context.file_dir = dir;
      for (const Reference& reference : ScanHcl(*text, context)) {
        if (reference.kind != ReferenceKind::kModuleSource) continue;
        if (reference.path.empty()) {
          built.notes.push_back(file + ":" + std::to_string(reference.line) + ": module `" +
                                reference.label + "` has a source infra-flash cannot resolve (" +
                                reference.unresolved + ")");
          continue;
        }
        built.watched.insert(reference.module_dir);
        const Closure& inner = Of(reference.module_dir);
        built.watched.insert(inner.watched.begin(), inner.watched.end());
        built.notes.insert(built.notes.end(), inner.notes.begin(), inner.notes.end());
      }
    }
    closure = std::move(built);
    return closure;
  }

 private:
  Workspace& workspace_;
  std::unordered_map<std::string, Closure> closures_;
};

// A layer's normalised dir -> the layer (the first one, as LayerIndex has it).
using LayersByDir = std::unordered_map<std::string, const Layer*>;

class LayerScan {
 public:
  LayerScan(const LayersByDir& layer_by_dir, const Layer& layer, Workspace& workspace,
            ModuleClosures& modules, std::set<std::string>& notes)
      : layer_by_dir_(layer_by_dir),
        layer_(layer),
        workspace_(workspace),
        modules_(modules),
        notes_(notes) {
    unit_dir_ = NormalizeRepoPath(layer.dir).value_or(".");
  }

  LayerDiscovery Run() {
    const std::string unit_file = unit_dir_ == "." ? kUnitFile : unit_dir_ + "/" + kUnitFile;
    if (layer_.engine == Engine::kTerragrunt && workspace_.IsFile(unit_file)) {
      ScanAs(unit_file, unit_dir_);
    }
    // Terraform runs in the unit's own .tf files unless terragrunt's `source` names a
    // module (then that module's closure was added above).
    if (!has_source_) ScanModuleDir(unit_dir_);
    LayerDiscovery out;
    if (!source_unresolved_) out.code_dir = has_source_ ? source_dir_ : unit_dir_;
    for (const std::string& path : reads_) {
      if (!IsRepoPathWithin(path, unit_dir_)) out.reads.push_back(path);
    }
    out.dependencies = std::move(edges_);
    return out;
  }

 private:
  // Scans `file` as the unit in `unit_dir`: the unit's file, or a file it includes, with
  // relative `include`s and reads resolved from the file's own directory.
  void ScanAs(const std::string& file, std::string unit_dir) {
    ScanContext context;
    context.unit_dir = std::move(unit_dir);
    context.file_dir = Parent(file);
    // `context` is not moved while the scan runs: the lambda may keep its address (and
    // stays small enough for std::function to hold without allocating).
    context.find_in_parent_folders = [this, &unit = context.unit_dir](const std::string& name) {
      return FindInParentFolders(unit, name);
    };
    Scan(file, context);
  }

  // terragrunt's find_in_parent_folders: from the parent of `dir` upwards; without a
  // name, the nearest terragrunt.hcl.
  std::optional<std::string> FindInParentFolders(const std::string& from,
                                                 const std::string& name) const {
    if (from == ".") return std::nullopt;
    return workspace_.FindUpwards(ParentView(from),
                                  name.empty() ? std::string_view(kUnitFile) : name);
  }

  void Scan(const std::string& file, const ScanContext& context) {
    if (!scanned_.insert(file + "\n" + context.unit_dir).second) return;
    const std::string* text = workspace_.Text(file);
    if (text == nullptr) return;
    for (const Reference& reference : ScanHcl(*text, context)) {
      // FILE:LINE, for a note or an edge's origin: most references need neither.
      const auto where = [&file, &reference] {
        return file + ":" + std::to_string(reference.line);
      };
      if (reference.kind == ReferenceKind::kRemoteSource) {
        source_unresolved_ = true;  // terraform's code is fetched: nothing here to watch
        continue;
      }
      if (reference.path.empty()) {
        if (reference.kind == ReferenceKind::kModuleSource) source_unresolved_ = true;
        notes_.insert(where() + ": `" + reference.unresolved +
                      "` is not a path infra-flash can resolve; a change to what it names "
                      "does not select layer `" +
                      layer_.name + "` (list it in the layer's `when_modified`)");
        continue;
      }
      switch (reference.kind) {
        case ReferenceKind::kInclude:
          reads_.insert(reference.path);
          // An included file is evaluated as part of the unit (terragrunt's child context).
          ScanAs(reference.path, context.unit_dir);
          break;
        case ReferenceKind::kReadConfig: {
          // A read config is parsed as a config of its own, where it lies.
          std::string target = reference.path;
          if (!workspace_.IsFile(target)) target = JoinRepoPath(target, kUnitFile).value_or(target);
          reads_.insert(target);
          ScanAs(target, Parent(target));
          break;
        }
        case ReferenceKind::kReadFile:
          reads_.insert(reference.path);
          break;
        case ReferenceKind::kModuleSource:
          has_source_ = true;
          source_dir_ = reference.module_dir;
          reads_.insert(reference.module_dir);
          ScanModuleDir(reference.module_dir);
          break;
        case ReferenceKind::kDependency:
          AddDependency(reference, where());
          break;
        case ReferenceKind::kRemoteSource:
          break;  // handled above
      }
    }
  }

  // The `module` blocks of a directory's .tf files, and the modules those use.
  void ScanModuleDir(const std::string& dir) {
    const ModuleClosures::Closure& closure = modules_.Of(dir);
    reads_.insert(closure.watched.begin(), closure.watched.end());
    notes_.insert(closure.notes.begin(), closure.notes.end());
  }

  void AddDependency(const Reference& reference, const std::string& where) {
    auto found = layer_by_dir_.find(reference.path);
    const Layer* target = found == layer_by_dir_.end() ? nullptr : found->second;
    const std::string what = reference.label.empty() ? std::string("dependencies")
                                                     : "dependency \"" + reference.label + "\"";
    if (target == nullptr) {
      notes_.insert(where + ": " + what + " points at " + reference.path +
                    ", which is no layer's dir: no edge is added for it");
      return;
    }
    edges_.push_back({target->name, where + ": " + what});
  }

  const LayersByDir& layer_by_dir_;
  const Layer& layer_;
  Workspace& workspace_;
  ModuleClosures& modules_;
  std::set<std::string>& notes_;
  std::string unit_dir_;
  std::set<std::string> reads_;
  std::set<std::string> scanned_;
  std::vector<DiscoveredEdge> edges_;
  bool has_source_ = false;
  std::string source_dir_;          // the module terraform runs, when `source` is local
  bool source_unresolved_ = false;  // a `source` that is remote or cannot be resolved
};

}  // namespace

Discovery DiscoverLayerInputs(const Config& config, const std::string& workspace_root,
                              DiscoveryOptions options) {
  Discovery discovery;
  Workspace workspace(workspace_root, options);
  ModuleClosures modules(workspace);
  std::set<std::string> notes;  // a shared file's problem is said once
  LayersByDir layer_by_dir;
  for (const Layer& layer : config.layers) {
    layer_by_dir.emplace(NormalizeRepoPath(layer.dir).value_or(""), &layer);
  }
  for (const Layer& layer : config.layers) {
    discovery.layers[layer.name] = LayerScan(layer_by_dir, layer, workspace, modules, notes).Run();
  }
  discovery.notes.assign(notes.begin(), notes.end());
  discovery.files_read = workspace.files_read();
  if (workspace.exhausted()) {
    discovery.notes.push_back("stopped reading after " + std::to_string(workspace.files_read()) +
                              " files (at most " + std::to_string(kMaxDiscoveryFiles) +
                              " files and " + std::to_string(kMaxDiscoveryBytes >> 20) +
                              " MiB per run): what the rest of the layers read is not known");
  }
  return discovery;
}

Status ApplyDiscovery(Config& config, const Discovery& discovery) {
  const DependencyResolver dependencies(config);
  for (Layer& layer : config.layers) {
    // Idempotent: what an earlier discovery added is taken out first.
    std::vector<std::string> configured;
    for (const std::string& dependency : layer.depends_on) {
      auto from = layer.depends_on_from.find(dependency);
      if (from == layer.depends_on_from.end() ||
          std::find(from->second.begin(), from->second.end(), "depends_on") != from->second.end()) {
        configured.push_back(dependency);
      }
    }
    layer.depends_on = configured;
    layer.depends_on_from.clear();
    layer.reads.clear();
    for (const std::string& dependency : layer.depends_on) {
      layer.depends_on_from[dependency].push_back("depends_on");
    }
    // The var files come from this config (a PR's run: its base's environments), not
    // from the files, so a discovery is reused across the configs of one run.
    std::set<std::string> reads;
    const Environment* environment = config.FindEnvironment(
        layer.environment.empty() ? std::string(kPlanEnvironment) : layer.environment);
    for (const std::string& file :
         environment ? environment->var_files : std::vector<std::string>{}) {
      std::optional<std::string> path = NormalizeRepoPath(file);
      if (path && !IsRepoPathWithin(*path, NormalizeRepoPath(layer.dir).value_or("."))) {
        reads.insert(*path);
      }
    }
    auto found = discovery.layers.find(layer.name);
    layer.code_dir.clear();
    if (found != discovery.layers.end()) {
      reads.insert(found->second.reads.begin(), found->second.reads.end());
      layer.code_dir = found->second.code_dir;
    }
    layer.reads.assign(reads.begin(), reads.end());
    if (found == discovery.layers.end()) continue;
    for (const DiscoveredEdge& edge : found->second.dependencies) {
      // The dir of a promoted layer is each of its targets' (config.h, "Targets").
      for (const std::string& name : dependencies.On(edge.layer, layer.environment)) {
        if (name == layer.name) continue;
        if (std::find(layer.depends_on.begin(), layer.depends_on.end(), name) ==
            layer.depends_on.end()) {
          layer.depends_on.push_back(name);
        }
        layer.depends_on_from[name].push_back(edge.from);
      }
    }
  }
  const std::vector<std::string> cycle = FindDependencyCycle(config.layers);
  if (cycle.empty()) return Ok();
  std::string message = "the layers depend on each other in a cycle: ";
  for (std::size_t i = 0; i + 1 < cycle.size(); ++i) {
    const Layer* layer = config.FindLayer(cycle[i]);
    std::string from;
    if (layer != nullptr) {
      auto it = layer->depends_on_from.find(cycle[i + 1]);
      if (it != layer->depends_on_from.end()) {
        for (const std::string& source : it->second) {
          from += (from.empty() ? "" : "; ") +
                  (source == "depends_on" ? "`depends_on` in " + config.file : source);
        }
      }
    }
    message += (i == 0 ? "" : ", ") + cycle[i] + " -> " + cycle[i + 1] + " (" + from + ")";
  }
  return Error{message, config.file};
}

Status DiscoverInto(Config& config, const std::string& workspace_root) {
  return ApplyDiscovery(config, DiscoverLayerInputs(config, workspace_root));
}

}  // namespace infra_flash
