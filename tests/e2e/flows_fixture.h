// The harness of the `infra-flash run` end-to-end tests: env vars as GitHub sets them,
// payload files, the loopback GitHub (tests/github_server), the simulator on PATH
// (tests/sim/bin) and a git repository copied from examples/monorepo as the workspace.
// Every test gets its own server, workspace and simulator state, so ctest runs them in
// parallel.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"
#include "support/gfm_render.h"
#include "support/github_server.h"
#include "support/processes.h"
#include "support/subprocess.h"
#include "support/wait.h"

namespace infra_flash::testing {

inline const std::string kSource = INFRA_FLASH_SOURCE_DIR;
inline const std::string kRepo = "o/r";
inline constexpr std::string_view kDashboardMarker = "<!-- infra-flash:dashboard -->";

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// `text` as a JSON string literal, quotes included.
inline std::string JsonText(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out + "\"";
}

inline bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class Workspace {
 public:
  Workspace() {
    dir.Write("ws/.keep", "");
    Git({"init", "-q", "-b", "main"});
    Run({"cp", "-r", kSource + "/examples/monorepo/.", root()});
    Git({"add", "-A"});
    Commit("base");
    base = Head();
  }
  std::string root() const { return dir.path() + "/ws"; }
  void Git(std::vector<std::string> args) {
    std::vector<std::string> argv = {
        "git", "-C", root(), "-c", "user.name=t", "-c", "user.email=t@example.com"};
    argv.insert(argv.end(), args.begin(), args.end());
    Run(argv);
  }
  void Run(const std::vector<std::string>& argv) {
    ProcessResult result = RunProcess(argv);
    ASSERT_EQ(result.exit_code, 0) << argv[0] << " " << argv[1] << ": " << result.err;
  }
  void Commit(const std::string& message) { Git({"commit", "-q", "--allow-empty", "-m", message}); }
  std::string Head() {
    ProcessResult result = RunProcess({"git", "-C", root(), "rev-parse", "HEAD"});
    return result.out.substr(0, 40);
  }
  // Starts `branch` from main and checks it out.
  void Branch(const std::string& branch) {
    Git({"checkout", "-q", "main"});
    Git({"checkout", "-q", "-b", branch});
  }
  // Appends a resource to `file` on the current branch and commits it.
  std::string Change(const std::string& file, const std::string& name) {
    std::ofstream out(root() + "/" + file, std::ios::app);
    out << "\nresource \"null_resource\" \"" << name << "\" {\n  triggers = { v = \"" << name
        << "\" }\n}\n";
    out.close();
    Git({"add", "-A"});
    Commit("change " + name);
    return Head();
  }
  // Appends `text` to `file` (any kind) and commits it.
  std::string Append(const std::string& file, const std::string& text) {
    std::ofstream out(root() + "/" + file, std::ios::app);
    out << text;
    out.close();
    Git({"add", "-A"});
    Commit("edit " + file);
    return Head();
  }
  // Appends `text` to `file` on main, as a merged change: the new commit is the base of
  // the PR branches to come, and the current branch (when not main) is rebased onto it.
  // What judges a PR (its config's rules) must be on its base: its own copy is only a
  // proposal (config/governing.h).
  void AppendOnBase(const std::string& file, const std::string& text) {
    const std::string branch = CurrentBranch();
    Git({"checkout", "-q", "main"});
    base = Append(file, text);
    if (branch == "main") return;
    Git({"checkout", "-q", branch});
    Git({"rebase", "-q", "main"});
  }
  std::string CurrentBranch() {
    ProcessResult result = RunProcess({"git", "-C", root(), "rev-parse", "--abbrev-ref", "HEAD"});
    return std::string(result.out.substr(0, result.out.find('\n')));
  }
  TempDir dir;
  std::string base;
};

// One pull request as the loopback GitHub holds it.
struct PullSeed {
  int number = 1;
  std::string head;
  std::string head_ref = "feature";
  std::string state = "open";
  bool merged = false;
  std::string head_repo = "o/r";  // another name: a fork
};

// One line of the simulator's log (SIM_LOG).
struct SimRecord {
  std::string event;  // start, end, hang, interrupted
  std::string step;   // hang: the step
  std::vector<std::string> argv;
  std::string cwd;
  int pid = 0;
  int plugin_pid = 0;
};

class FlowsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(github.ok()) << github.error(); }

  std::map<std::string, std::string> Environment(const std::string& name,
                                                 const std::string& payload) {
    const std::string event_path = work.dir.Write("event.json", payload);
    output_path = work.dir.Write("output.txt", "");
    summary_path = work.dir.Write("summary.md", "");
    return {
        {"GITHUB_EVENT_NAME", name},
        {"GITHUB_EVENT_PATH", event_path},
        {"GITHUB_WORKSPACE", work.root()},
        {"GITHUB_REPOSITORY", kRepo},
        {"GITHUB_API_URL", github.base_url()},
        {"GITHUB_SERVER_URL", "https://github.com"},
        {"GITHUB_RUN_ID", "42"},
        {"GITHUB_TOKEN", "tok-e2e-123"},
        {"GITHUB_OUTPUT", output_path},
        {"GITHUB_STEP_SUMMARY", summary_path},
        {"SIM_STATE_DIR", work.dir.path() + "/state"},
        {"SIM_LOG", SimLogPath()},
        {"PATH", kSource + "/tests/sim/bin:" + std::string(std::getenv("PATH"))},
    };
  }

  // Runs `infra-flash run` for one event; outputs and step summary are read back.
  ProcessResult RunEvent(const std::string& name, const std::string& payload,
                         std::map<std::string, std::string> extra = {}, int timeout_seconds = 60) {
    std::map<std::string, std::string> env = Environment(name, payload);
    for (auto& [key, value] : extra) env[key] = value;
    ProcessOptions options;
    options.env = env;
    options.unset_env = {"INPUT_GITHUB-TOKEN", "GH_TOKEN", "INPUT_CONFIRM"};
    options.timeout_seconds = timeout_seconds;
    ProcessResult result = RunProcess({BinaryUnderTest(), "run"}, options);
    outputs = Slurp(output_path);
    step_summary = Slurp(summary_path);
    return result;
  }

  // The last run's value of output `name` ("" when it was not set). GITHUB_OUTPUT holds
  // `name<<DELIMITER\nvalue\nDELIMITER\n` entries.
  std::string Output(const std::string& name) const {
    const std::string start = name + "<<";
    std::size_t at = 0;
    std::string value;
    bool found = false;
    while ((at = outputs.find(start, at)) != std::string::npos) {
      if (at != 0 && outputs[at - 1] != '\n') {
        at += start.size();
        continue;
      }
      const std::size_t line_end = outputs.find('\n', at);
      const std::string delimiter = outputs.substr(at + start.size(), line_end - at - start.size());
      const std::size_t end = outputs.find("\n" + delimiter + "\n", line_end);
      value = outputs.substr(line_end + 1, end - line_end - 1);
      found = true;
      at = end;
    }
    return found ? value : "";
  }

  std::string PullPayload(const std::string& action, const std::string& head, bool merged = false) {
    PullSeed pull;
    pull.head = head;
    pull.merged = merged;
    return PullPayload(action, pull);
  }

  std::string PullPayload(const std::string& action, const PullSeed& pull) {
    const std::string number = std::to_string(pull.number);
    return R"({"action":")" + action + R"(","number":)" + number + R"(,"pull_request":{"number":)" +
           number +
           R"(,"title":"add cache","user":{"login":"alice","type":"User"},"draft":false,)"
           R"("state":")" +
           (action == "closed" ? "closed" : "open") + R"(","merged":)" +
           (pull.merged ? "true" : "false") + R"(,"head":{"sha":")" + pull.head + R"(","ref":")" +
           pull.head_ref + R"(","repo":{"full_name":")" + pull.head_repo + R"(","fork":)" +
           (pull.head_repo != kRepo ? "true" : "false") + R"(}},"base":{"sha":")" + work.base +
           R"(","ref":"main","repo":{"full_name":"o/r"}}},"repository":{"full_name":"o/r",)"
           R"("default_branch":"main"},"sender":{"login":"alice","type":"User"}})";
  }

  std::string CommentPayload(const std::string& body, const std::string& login, int id,
                             int number = 1) {
    return R"({"action":"created","issue":{"number":)" + std::to_string(number) +
           R"(,"title":"add cache","pull_request":{}},)"
           R"("comment":{"id":)" +
           std::to_string(id) + R"(,"body":")" + body + R"(","user":{"login":")" + login +
           R"(","type":"User"}},"repository":{"full_name":)"
           R"("o/r","default_branch":"main"},"sender":{"login":")" +
           login + R"(","type":"User"}})";
  }

  std::string DispatchPayload(const std::string& inputs_json) {
    return R"({"inputs":)" + inputs_json +
           R"(,"ref":"refs/heads/main","repository":{"full_name":"o/r",)"
           R"("default_branch":"main"},"sender":{"login":"alice","type":"User"}})";
  }

  void SeedPull(const std::string& head, const std::string& extra = "") {
    github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
                R"("permissions":{"alice":"write","bob":"admin","mallory":"read"},)"
                R"("commit_pulls":{")" +
                head +
                R"(":[1]},"pulls":[{"number":1,"user":"alice",)"
                R"("head_sha":")" +
                head + R"(","base_sha":")" + work.base +
                R"(","head_ref":"feature","title":"add cache",)"
                R"("reviews":[{"user":"bob","state":"APPROVED","commit_id":")" +
                head + R"("}])" + extra + "}]}");
  }

  void SeedPull(const PullSeed& pull) {
    const std::string number = std::to_string(pull.number);
    github.Seed(R"({"repo":"o/r","tokens":{"tok-e2e-123":"github-actions[bot]"},)"
                R"("permissions":{"alice":"write","bob":"admin","mallory":"read"},)"
                R"("commit_pulls":{")" +
                pull.head + R"(":[)" + number + R"(]},"pulls":[{"number":)" + number +
                R"(,"user":"alice","head_sha":")" + pull.head + R"(","base_sha":")" + work.base +
                R"(","head_ref":")" + pull.head_ref + R"(","head_repo":")" + pull.head_repo +
                R"(","title":"add cache","state":")" + pull.state + R"(","merged":)" +
                (pull.merged ? "true" : "false") + "}]}");
  }

  // The base commit's files as the contents API serves them (for a checkout without the
  // base commit, or without git at all).
  void SeedBaseContents(const std::string& path, const std::string& text) {
    github.Seed(R"({"repo":"o/r","contents":{")" + work.base + R"(":{)" + JsonText(path) + ":" +
                JsonText(text) + "}}}");
  }

  void SeedComment(int id, int number = 1) {
    github.Seed(R"({"repo":"o/r","comments":[{"id":)" + std::to_string(id) + R"(,"issue":)" +
                std::to_string(number) + R"(,"body":"x","user":"alice"}]})");
  }

  // The dashboard comment's body on PR #1, the pull request most tests open ("" when
  // there is none).
  std::string Dashboard() { return DashboardOf(1); }
  // Everything the loopback GitHub holds for the repository (comments, reactions, refs,
  // statuses, ...) as JSON: for "nothing anywhere" checks and for failure messages.
  std::string RepositoryState() { return github.State(kRepo); }

  // Every comment on PR `number` (the dashboard, replies, the health comment) and the last
  // step summary, rendered as GitHub renders them and checked (support/gfm_render.h).
  void ExpectCommentsRenderCleanly(int number = 1) {
    int index = 0;
    for (const std::string& body : CommentsOn(number)) {
      ExpectRendersCleanly(
          "comment " + std::to_string(++index) + " on #" + std::to_string(number) + ":\n" + body,
          body);
    }
    EXPECT_GT(index, 0) << "no comment on #" << number;
    if (!step_summary.empty()) ExpectRendersCleanly("the step summary", step_summary);
  }

  // The dashboard comment's body on PR `number` ("" when there is none).
  std::string DashboardOf(int number) {
    const std::vector<std::string> bodies = CommentsOn(number);
    for (const std::string& body : bodies) {
      if (Contains(body, kDashboardMarker)) return body;
    }
    return "";
  }
  int DashboardCount(int number) {
    int count = 0;
    for (const std::string& body : CommentsOn(number)) count += Contains(body, kDashboardMarker);
    return count;
  }
  // The bodies of the comments on PR `number`, oldest first.
  std::vector<std::string> CommentsOn(int number) {
    std::vector<std::string> bodies;
    Result<rapidjson::Document> state = json::Parse(github.State(kRepo), "state");
    if (!state.ok()) return bodies;
    const rapidjson::Value* comments = json::Member(*state, "comments");
    if (comments == nullptr || !comments->IsArray()) return bodies;
    for (const rapidjson::Value& comment : comments->GetArray()) {
      if (json::IntOr(json::Member(comment, "issue")) != number) continue;
      bodies.push_back(json::StringOr(json::Member(comment, "body")));
    }
    return bodies;
  }
  // The replies on PR `number`: comments that are neither the dashboard nor seeded ("x").
  std::string RepliesOn(int number) {
    std::string replies;
    for (const std::string& body : CommentsOn(number)) {
      if (!Contains(body, kDashboardMarker) && body != "x") replies += body + "\n---\n";
    }
    return replies;
  }
  // The reactions on comment `id`, in order.
  std::vector<std::string> Reactions(int id) {
    std::vector<std::string> names;
    Result<rapidjson::Document> state = json::Parse(github.State(kRepo), "state");
    if (!state.ok()) return names;
    const rapidjson::Value* list = json::Find(*state, {"reactions", std::to_string(id)});
    if (list == nullptr || !list->IsArray()) return names;
    for (const rapidjson::Value& name : list->GetArray()) names.push_back(json::StringOr(&name));
    return names;
  }
  // The sha a ref points at ("" when it does not exist).
  std::string Ref(const std::string& ref) {
    Result<rapidjson::Document> state = json::Parse(github.State(kRepo), "state");
    if (!state.ok()) return "";
    return json::StringOr(json::Find(*state, {"refs", ref}));
  }

  std::string SimLogPath() const { return work.dir.path() + "/sim.log"; }
  void ClearSimLog() { work.dir.Write("sim.log", ""); }
  std::vector<SimRecord> SimLog() const {
    std::vector<SimRecord> records;
    std::istringstream lines(Slurp(SimLogPath()));
    for (std::string line; std::getline(lines, line);) {
      Result<rapidjson::Document> parsed = json::Parse(line, "sim.log");
      if (!parsed.ok()) continue;
      SimRecord record;
      record.event = json::StringOr(json::Member(*parsed, "event"));
      record.step = json::StringOr(json::Member(*parsed, "step"));
      record.cwd = json::StringOr(json::Member(*parsed, "cwd"));
      record.pid = static_cast<int>(json::IntOr(json::Member(*parsed, "pid")));
      record.plugin_pid = static_cast<int>(json::IntOr(json::Member(*parsed, "plugin_pid")));
      if (const rapidjson::Value* argv = json::Member(*parsed, "argv"); argv && argv->IsArray()) {
        for (const rapidjson::Value& arg : argv->GetArray()) {
          record.argv.push_back(json::StringOr(&arg));
        }
      }
      records.push_back(std::move(record));
    }
    return records;
  }
  // Did the simulator run `subcommand` (plan, apply, ...) in a directory ending in `dir`?
  bool SimRan(const std::string& subcommand, const std::string& dir) const {
    for (const SimRecord& record : SimLog()) {
      if (record.event != "start" || record.argv.empty() || record.argv[0] != subcommand) continue;
      if (record.cwd.ends_with(dir)) return true;
    }
    return false;
  }

  // Did the simulator log a hang at `step` ("plan", "apply")?
  bool SimHangs(const std::string& step) const {
    for (const SimRecord& record : SimLog()) {
      if (record.event == "hang" && record.step == step) return true;
    }
    return false;
  }

  LoopbackGitHub github{kSource, {"tok-e2e-123"}};
  Workspace work;
  std::string output_path;
  std::string summary_path;
  std::string outputs;
  std::string step_summary;
};

}  // namespace infra_flash::testing
