#include "store/apply_log.h"

#include <algorithm>
#include <ctime>
#include <tuple>

#include "common/strings.h"

namespace infra_flash {
namespace {

constexpr int kMaxCreateAttempts = 20;
constexpr std::string_view kForbiddenInRef = "~^:?*[\\ ";

// Why `name` cannot be one component of a git ref (git check-ref-format), "" when it can.
std::string RefComponentProblem(std::string_view name) {
  if (name.empty()) return "it is empty";
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "it holds a control character";
    if (c == '/') return "it holds \"/\"";
    if (kForbiddenInRef.find(c) != std::string_view::npos) {
      return std::string("it holds \"") + c + "\"";
    }
  }
  if (name.find("..") != std::string_view::npos) return "it holds \"..\"";
  if (name.find("@{") != std::string_view::npos) return "it holds \"@{\"";
  if (name == "@") return "it is \"@\"";
  if (name.front() == '.' || name.front() == '-')
    return "it starts with \"" + std::string(1, name.front()) + "\"";
  if (name.back() == '.') return "it ends with \".\"";
  if (name.ends_with(".lock")) return "it ends with \".lock\"";
  return "";
}

Status CheckComponent(std::string_view what, const std::string& name) {
  const std::string problem = RefComponentProblem(name);
  if (problem.empty()) return Ok();
  return Error{"the apply log cannot record " + std::string(what) + " \"" + name +
               "\" in a git ref name: " + problem + ". Rename it in .infra-flash.yml"};
}

// "pr12" / "push" -> the PR number (0 for push); nullopt otherwise.
std::optional<std::int64_t> ParseOrigin(std::string_view origin) {
  if (origin == "push") return 0;
  if (origin.substr(0, 2) != "pr" || !IsDigits(origin.substr(2)) || origin.size() > 20) {
    return std::nullopt;
  }
  return std::stoll(std::string(origin.substr(2)));
}

bool IsStamp(std::string_view stamp) {
  return stamp.size() == 16 && IsDigits(stamp.substr(0, 8)) && stamp[8] == 'T' &&
         IsDigits(stamp.substr(9, 6)) && stamp[15] == 'Z';
}

// Splits "<stamp>-<origin>[-<n>]" into its parts.
bool ParseLastComponent(std::string_view name, AppliedEntry& entry) {
  const std::vector<std::string> parts = Split(name, '-');
  if (parts.size() != 2 && parts.size() != 3) return false;
  if (!IsStamp(parts[0])) return false;
  std::optional<std::int64_t> pr = ParseOrigin(parts[1]);
  if (!pr) return false;
  entry.stamp = parts[0];
  entry.pr = *pr;
  entry.sequence = 1;
  if (parts.size() == 3) {
    if (!IsDigits(parts[2]) || parts[2].size() > 6) return false;
    entry.sequence = std::stoi(parts[2]);
    if (entry.sequence < 2) return false;
  }
  return true;
}

// Deletes the oldest entries beyond `keep` (the one just written counts).
void Prune(RefsApi& client, const std::vector<AppliedEntry>& before_write, std::size_t keep,
           ApplyLogWrite& write) {
  const std::size_t total = before_write.size() + 1;
  if (keep == 0 || total <= keep) return;
  const std::size_t excess = total - keep;
  for (std::size_t i = 0; i < excess && i < before_write.size(); ++i) {
    Result<Removal> removed = client.DeleteRef(before_write[i].ref);
    if (removed.ok()) {
      ++write.pruned;
    } else {
      write.problems.push_back("could not prune " + before_write[i].ref + ": " +
                               removed.error().message);
    }
  }
}

}  // namespace

std::string AppliedEntry::When() const {
  if (!IsStamp(stamp)) return stamp;
  return stamp.substr(0, 4) + "-" + stamp.substr(4, 2) + "-" + stamp.substr(6, 2) + " " +
         stamp.substr(9, 2) + ":" + stamp.substr(11, 2) + ":" + stamp.substr(13, 2) + " UTC";
}

std::string AppliedEntry::Origin() const {
  return pr > 0 ? "#" + std::to_string(pr) : std::string("a push");
}

Result<std::string> ApplyLogPrefix(const std::string& environment, const std::string& layer) {
  if (Status valid = CheckComponent("the environment", environment); !valid.ok()) {
    return valid.error();
  }
  if (Status valid = CheckComponent("the layer", layer); !valid.ok()) return valid.error();
  return std::string(kApplyLogRoot) + environment + "/" + layer + "/";
}

std::string ApplyStamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

Result<std::string> AppliedRefName(const std::string& environment, const std::string& layer,
                                   const std::string& stamp, std::int64_t pr, int sequence) {
  Result<std::string> prefix = ApplyLogPrefix(environment, layer);
  if (!prefix.ok()) return prefix.error();
  std::string name = *prefix + stamp + "-" + (pr > 0 ? "pr" + std::to_string(pr) : "push");
  if (sequence > 1) name += "-" + std::to_string(sequence);
  return name;
}

std::optional<AppliedEntry> ParseAppliedRef(const std::string& ref, const std::string& sha) {
  if (ref.rfind(kApplyLogRoot, 0) != 0) return std::nullopt;
  const std::vector<std::string> parts = Split(ref.substr(kApplyLogRoot.size()), '/');
  if (parts.size() != 3) return std::nullopt;
  AppliedEntry entry;
  entry.environment = parts[0];
  entry.layer = parts[1];
  if (!RefComponentProblem(entry.environment).empty() ||
      !RefComponentProblem(entry.layer).empty() || !ParseLastComponent(parts[2], entry)) {
    return std::nullopt;
  }
  entry.sha = sha;
  entry.ref = ref;
  return entry;
}

std::vector<AppliedEntry> EntriesFromRefs(const std::vector<GitRef>& refs) {
  std::vector<AppliedEntry> entries;
  for (const GitRef& ref : refs) {
    if (std::optional<AppliedEntry> entry = ParseAppliedRef(ref.ref, ref.sha)) {
      entries.push_back(std::move(*entry));
    }
  }
  std::stable_sort(
      entries.begin(), entries.end(), [](const AppliedEntry& a, const AppliedEntry& b) {
        return std::tie(a.stamp, a.sequence, a.ref) < std::tie(b.stamp, b.sequence, b.ref);
      });
  return entries;
}

std::optional<AppliedEntry> LastAppliedBefore(const std::vector<AppliedEntry>& oldest_first,
                                              std::int64_t pr) {
  for (auto it = oldest_first.rbegin(); it != oldest_first.rend(); ++it) {
    if (it->pr != pr || pr == 0) return *it;
  }
  return std::nullopt;
}

Result<bool> ApplyLogLookup::Holds(const std::string& environment, const std::string& layer,
                                   const std::string& sha) {
  if (client_ == nullptr) return Error{"no GitHub token"};
  auto key = std::make_pair(environment, layer);
  auto it = logs_.find(key);
  if (it == logs_.end()) it = logs_.emplace(key, ReadApplyLog(*client_, environment, layer)).first;
  if (!it->second.ok()) return it->second.error();
  return std::any_of(it->second->begin(), it->second->end(),
                     [&](const AppliedEntry& entry) { return entry.sha == sha; });
}

Result<std::vector<AppliedEntry>> ReadApplyLog(RefsApi& client, const std::string& environment,
                                               const std::string& layer) {
  Result<std::string> prefix = ApplyLogPrefix(environment, layer);
  if (!prefix.ok()) return prefix.error();
  Result<std::vector<GitRef>> refs = client.ListMatchingRefs(*prefix);
  if (!refs.ok()) {
    return Error{"could not read the apply log of `" + layer + "` in " + environment + ": " +
                 refs.error().message};
  }
  // A prefix match by name: `data` must not pick up `data-staging`'s refs.
  std::vector<GitRef> ours;
  for (GitRef& ref : *refs) {
    if (ref.ref.rfind(*prefix, 0) == 0) ours.push_back(std::move(ref));
  }
  return EntriesFromRefs(ours);
}

Result<ApplyLogWrite> WriteApplyLogEntry(RefsApi& client, const std::string& environment,
                                         const std::string& layer, const std::string& sha,
                                         std::int64_t pr, std::chrono::system_clock::time_point now,
                                         std::size_t keep) {
  if (Result<std::string> prefix = ApplyLogPrefix(environment, layer); !prefix.ok()) {
    return prefix.error();
  }
  ApplyLogWrite write;
  const std::string stamp = ApplyStamp(now);
  std::vector<AppliedEntry> existing;
  if (Result<std::vector<AppliedEntry>> listed = ReadApplyLog(client, environment, layer);
      listed.ok()) {
    existing = std::move(listed).value();
  } else {
    write.problems.push_back(listed.error().message + " (the entry is written without pruning)");
  }
  int sequence = 1;
  for (const AppliedEntry& entry : existing) {
    if (entry.stamp == stamp) sequence = std::max(sequence, entry.sequence + 1);
  }
  for (int attempt = 0; attempt < kMaxCreateAttempts; ++attempt, ++sequence) {
    Result<std::string> name = AppliedRefName(environment, layer, stamp, pr, sequence);
    if (!name.ok()) return name.error();
    Result<RefCreation> created = client.CreateRef(*name, sha);
    if (!created.ok()) {
      return Error{"could not create " + *name + ": " + created.error().message};
    }
    if (*created == RefCreation::kCreated) {
      write.ref = *name;
      break;
    }
  }
  if (write.ref.empty()) {
    return Error{"could not find a free name under " + std::string(kApplyLogRoot) + environment +
                 "/" + layer + "/ for " + stamp + " after " + std::to_string(kMaxCreateAttempts) +
                 " tries"};
  }
  if (write.problems.empty()) Prune(client, existing, keep, write);
  return write;
}

}  // namespace infra_flash
