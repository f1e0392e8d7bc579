// invariants: what must hold for any CommentResult, Request or layer ordering, whatever
// the comment or config said. Shared by the fuzz targets; each violation aborts, which
// libFuzzer reports as a crash with the input that caused it (and the replay test fails).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "command/command.h"
#include "command/extra_args.h"
#include "command/table.h"
#include "config/config.h"
#include "reply_invariants.h"

namespace infra_flash::fuzzing {

[[noreturn]] inline void Violated(std::string_view what, std::string_view detail = "") {
  std::fprintf(stderr, "invariant violated: %.*s %.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// The bytes an allowlisted extra arg may hold: the flag, `=`, and a value of one of the
// shapes in command/extra_args.h (address, duration, count, repository path). No blank,
// quote other than `"`, shell metacharacter, control or non-ASCII byte.
inline bool IsExtraArgByte(char c) {
  return IsAsciiAlnum(c) || std::string_view("-_.=\"[]/:@+").find(c) != std::string_view::npos;
}

// An absolute path, or one with a `..` segment.
inline bool LeavesRepository(std::string_view path) {
  if (path.starts_with('/')) return true;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    if (path.substr(0, slash) == "..") return true;
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return false;
}

inline void CheckExtraArg(const std::string& arg, ExtraArgs accepted) {
  if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') Violated("extra arg is no -flag:", arg);
  for (char c : arg) {
    if (!IsExtraArgByte(c)) Violated("extra arg holds a byte outside its shapes:", arg);
  }
  if (!IsAcceptedExtraFlag(arg, accepted)) Violated("extra arg not on the allowlist:", arg);
  const std::size_t equals = arg.find('=');
  const std::string_view value =
      equals == std::string::npos ? std::string_view() : std::string_view(arg).substr(equals + 1);
  if (arg.starts_with("-var-file=") && LeavesRepository(value)) {
    Violated("-var-file leaves the repository:", arg);
  }
}

inline void CheckRequest(const Request& request, const Config& config) {
  const CommandSpec& spec = CommandFor(request.verb);
  for (const std::string& arg : request.extra_args) CheckExtraArg(arg, spec.extra_args);
  for (const std::string& layer : request.layers) {
    if (config.FindLayer(layer) == nullptr) Violated("request names an unknown layer:", layer);
  }
  if (!request.environment.empty() && config.FindEnvironment(request.environment) == nullptr) {
    Violated("request names an unknown environment:", request.environment);
  }
  if (!request.suite.empty() && !config.commands.e2e.empty() &&
      !config.commands.e2e.contains(request.suite)) {
    Violated("request names an unknown e2e suite:", request.suite);
  }
  for (char c : request.suite) {
    if (!IsAsciiAlnum(c) && c != '.' && c != '_' && c != '-' && config.commands.e2e.empty()) {
      Violated("suite name outside [A-Za-z0-9_.-]:", request.suite);
    }
  }
}

inline void CheckReply(std::string_view reply) {
  if (reply.empty()) Violated("a reply is empty");
  const std::string problem = ReplyProblem(reply);
  if (!problem.empty()) Violated("unsafe reply:", problem);
}

// One coherent outcome: a command with a valid request, a safe non-empty reply, or
// silence with a reason.
inline void CheckCommentResult(const CommentResult& result, const Config& config) {
  switch (result.kind) {
    case CommentKind::kCommand:
      if (!result.reply.empty()) Violated("a command also carries a reply");
      CheckRequest(result.request, config);
      return;
    case CommentKind::kReply:
      CheckReply(result.reply);
      if (!result.request.extra_args.empty()) Violated("a reply carries extra args");
      return;
    case CommentKind::kIgnored:
      if (result.reason.empty()) Violated("ignored without a reason");
      if (!result.reply.empty()) Violated("ignored but carries a reply");
      return;
  }
  Violated("unknown comment kind");
}

// `waves` hold exactly the names in `layers`, once each, only layers of `config`, and
// no layer is in a wave before (or with) a layer it depends on.
inline void CheckWaves(const Config& config, const std::vector<std::string>& layers,
                       const std::vector<std::vector<std::string>>& waves) {
  std::map<std::string, std::size_t> wave_of;
  std::vector<std::string> flattened;
  for (std::size_t w = 0; w < waves.size(); ++w) {
    if (waves[w].empty()) Violated("an empty wave");
    for (const std::string& name : waves[w]) {
      if (config.FindLayer(name) == nullptr) Violated("a wave names an unknown layer:", name);
      if (!wave_of.emplace(name, w).second) Violated("a layer is in two waves:", name);
      flattened.push_back(name);
    }
  }
  if (flattened.size() != layers.size() ||
      std::set<std::string>(flattened.begin(), flattened.end()) !=
          std::set<std::string>(layers.begin(), layers.end())) {
    Violated("the waves and the layer list disagree");
  }
  for (const auto& [name, wave] : wave_of) {
    for (const std::string& dependency : config.FindLayer(name)->depends_on) {
      auto it = wave_of.find(dependency);
      if (it != wave_of.end() && it->second >= wave) {
        Violated("a layer runs no later than its dependency:", name + " <- " + dependency);
      }
    }
  }
}

}  // namespace infra_flash::fuzzing
