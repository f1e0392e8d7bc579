// The harness of the fault tests: tests/e2e/flows_fixture.h (the real binary, the
// loopback GitHub, the simulator, a git workspace) plus what the fault, race and
// concurrency tests read back: the dashboard's rows and hidden state, the simulator's
// state files (what was really applied), the simulator's timed log (which engine
// processes ran at once), and faults written as the server's /_admin/faults JSON.
#pragma once

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {

// One fault for tests/github_server/server.py (see its docstring for the kinds).
struct Fault {
  std::string kind;          // status, secondary_rate_limit, malformed, ...
  std::string method = "*";  // GET, POST, PATCH, DELETE or *
  std::string path;          // a Python regex searched in the request path
  int times = 1;             // how many matching requests it hits; -1: all of them
  int skip = 0;              // matching requests let through first
  std::string extra;         // more members, e.g. R"("status":502)"
};

inline std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

inline std::string FaultJson(const Fault& fault) {
  std::string json = R"({"kind":)" + JsonString(fault.kind) + R"(,"method":)" +
                     JsonString(fault.method) + R"(,"path":)" + JsonString(fault.path) +
                     R"(,"times":)" + std::to_string(fault.times) + R"(,"skip":)" +
                     std::to_string(fault.skip);
  if (!fault.extra.empty()) json += "," + fault.extra;
  return json + "}";
}

// How many times `needle` occurs in `text`.
inline int Occurrences(const std::string& text, std::string_view needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// The dashboard's table row of `layer` ("" when absent).
inline std::string RowOf(const std::string& dashboard, const std::string& layer) {
  const std::string cell = "** " + layer + " |";
  const std::size_t at = dashboard.find(cell);
  if (at == std::string::npos) return "";
  const std::size_t start = dashboard.rfind('\n', at) + 1;
  return dashboard.substr(start, dashboard.find('\n', at) - start);
}

// One engine process as the simulator logged it (SIM_LOG, SIM_LOG_LOCKS=1), with times
// on the machine's monotonic clock, comparable across processes.
struct SimSpan {
  int pid = 0;
  std::string subcommand;  // plan, apply, show, ...
  std::string cwd;
  std::string env_marker;  // SIM_JOB of the job that ran it ("" when unset)
  double start = 0;
  double locked = -1;  // when it held the state lock (-1: never)
  double end = -1;     // -1: no end logged (killed)
  int exit_code = -1;
};

inline std::vector<SimSpan> ReadSimSpans(const std::string& log_path) {
  std::map<int, SimSpan> by_pid;
  std::vector<int> order;
  std::istringstream lines(Slurp(log_path));
  for (std::string line; std::getline(lines, line);) {
    Result<rapidjson::Document> parsed = json::Parse(line, "sim.log");
    if (!parsed.ok()) continue;
    const int pid = static_cast<int>(json::IntOr(json::Member(*parsed, "pid")));
    const std::string event = json::StringOr(json::Member(*parsed, "event"));
    if (by_pid.count(pid) == 0) order.push_back(pid);
    SimSpan& span = by_pid[pid];
    span.pid = pid;
    auto number = [&](const char* name) {
      const rapidjson::Value* value = json::Member(*parsed, name);
      return value != nullptr && value->IsNumber() ? value->GetDouble() : -1.0;
    };
    if (event == "start") {
      const rapidjson::Value* argv = json::Member(*parsed, "argv");
      if (argv != nullptr && argv->IsArray() && !argv->Empty()) {
        span.subcommand = json::StringOr(&(*argv)[0]);
      }
      span.cwd = json::StringOr(json::Member(*parsed, "cwd"));
      span.env_marker = json::StringOr(json::Find(*parsed, {"env", "SIM_JOB"}));
      span.start = number("start");
    } else if (event == "state_locked") {
      span.locked = number("at");
    } else if (event == "end") {
      span.end = number("end");
      span.exit_code = static_cast<int>(json::IntOr(json::Member(*parsed, "exit_code"), -1));
    }
  }
  std::vector<SimSpan> spans;
  for (int pid : order) spans.push_back(by_pid[pid]);
  return spans;
}

// Pairs of `subcommand` processes in a directory ending in `dir` (one layer, whichever
// checkout) whose [from, end] overlap, where `from` is the process start
// (Window::kProcess) or the moment it held the state lock (Window::kStateLock).
enum class Window { kProcess, kStateLock };
inline int OverlappingPairs(const std::vector<SimSpan>& spans, const std::string& subcommand,
                            const std::string& dir, Window window) {
  std::vector<SimSpan> chosen;
  for (const SimSpan& span : spans) {
    if (span.subcommand == subcommand && span.cwd.ends_with(dir)) chosen.push_back(span);
  }
  int pairs = 0;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    for (std::size_t j = i + 1; j < chosen.size(); ++j) {
      const SimSpan& a = chosen[i];
      const SimSpan& b = chosen[j];
      const double a_from = window == Window::kProcess ? a.start : a.locked;
      const double b_from = window == Window::kProcess ? b.start : b.locked;
      if (a_from < 0 || b_from < 0) continue;  // never held the lock
      const double a_end = a.end < 0 ? 1e300 : a.end;
      const double b_end = b.end < 0 ? 1e300 : b.end;
      if (a_from < b_end && b_from < a_end) ++pairs;
    }
  }
  return pairs;
}

class FaultsTest : public FlowsTest {
 protected:
  void AddFault(const Fault& fault) {
    github.AddFaults(R"({"faults":[)" + FaultJson(fault) + "]}");
  }
  void ClearFaults() { github.Admin("DELETE", "/_admin/faults"); }

  // How many requests a fault of `kind` answered so far.
  int FaultsAnswered(const std::string& kind) {
    Result<rapidjson::Document> requests = json::Parse(github.Requests(), "requests");
    if (!requests.ok() || !requests->IsArray()) return -1;
    int count = 0;
    for (const rapidjson::Value& request : requests->GetArray()) {
      count += json::StringOr(json::Member(request, "fault")) == kind;
    }
    return count;
  }

  // Does any state the simulator wrote hold the resource `null_resource.<name>`? That is
  // what was really applied, whatever the dashboard says.
  bool Applied(const std::string& name) const {
    const std::string needle = "null_resource." + name;
    std::error_code error;
    const std::string root = work.dir.path() + "/state";
    if (!std::filesystem::exists(root, error)) return false;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root, error)) {
      if (!entry.is_regular_file() || !entry.path().string().ends_with(".tfstate")) continue;
      if (Contains(Slurp(entry.path().string()), needle)) return true;
    }
    return false;
  }

  std::vector<SimSpan> SimSpans() const { return ReadSimSpans(SimLogPath()); }

  // Runs `infra-flash run` as job `tag` with its own event, output and summary files, so
  // that several jobs can run at once (RunEvent shares one set). `workspace` defaults to
  // the fixture's; the simulator's state and log are shared, as one backend is.
  ProcessResult RunJobAs(const std::string& tag, const std::string& name,
                         const std::string& payload, std::map<std::string, std::string> extra = {},
                         const std::string& workspace = "") {
    const std::string prefix = "job-" + tag;
    std::map<std::string, std::string> env = {
        {"GITHUB_EVENT_NAME", name},
        {"GITHUB_EVENT_PATH", work.dir.Write(prefix + "-event.json", payload)},
        {"GITHUB_WORKSPACE", workspace.empty() ? work.root() : workspace},
        {"GITHUB_REPOSITORY", kRepo},
        {"GITHUB_API_URL", github.base_url()},
        {"GITHUB_SERVER_URL", "https://github.com"},
        {"GITHUB_RUN_ID", "42"},
        {"GITHUB_TOKEN", "tok-e2e-123"},
        {"GITHUB_OUTPUT", work.dir.Write(prefix + "-output.txt", "")},
        {"GITHUB_STEP_SUMMARY", work.dir.Write(prefix + "-summary.md", "")},
        {"SIM_STATE_DIR", work.dir.path() + "/state"},
        {"SIM_LOG", SimLogPath()},
        {"SIM_LOG_LOCKS", "1"},
        {"SIM_JOB", tag},
        {"PATH", kSource + "/tests/sim/bin:" + std::string(std::getenv("PATH"))},
    };
    for (auto& [key, value] : extra) env[key] = value;
    ProcessOptions options;
    options.env = env;
    options.unset_env = {"INPUT_GITHUB-TOKEN", "GH_TOKEN", "INPUT_CONFIRM"};
    options.timeout_seconds = 120;
    return RunProcess({BinaryUnderTest(), "run"}, options);
  }

  // Waits (support/wait.h) until the simulator logged the start of `subcommand` in a
  // directory ending in `dir`.
  bool WaitForSim(const std::string& subcommand, const std::string& dir) {
    return WaitUntil([&] { return SimRan(subcommand, dir); });
  }

  // The hidden state block of PR `number`'s dashboard ("" when none).
  std::string HiddenStateOf(int number) {
    const std::string dashboard = DashboardOf(number);
    const std::size_t at = dashboard.find("<!-- infra-flash:state");
    if (at == std::string::npos) return "";
    return dashboard.substr(at, dashboard.find("-->", at) - at);
  }
};

}  // namespace infra_flash::testing
