#include "commands/command_fixture.h"

#include <stdlib.h>

#include <fstream>

#include "config/config.h"
#include "git/changed_paths.h"
#include "git/git.h"
#include "layers/layers.h"
#include "report/comment_body.h"
#include "report/state.h"

namespace infra_flash::testing {
namespace {

namespace fs = std::filesystem;

void GitOrFail(const fs::path& root, const std::vector<std::string>& arguments) {
  std::vector<std::string> argv = {"-c", "user.name=t", "-c", "user.email=t@example.com"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  ProcessOutput output = Git(root.string(), argv);
  ASSERT_TRUE(GitSucceeded(output)) << GitSaid(output);
}

}  // namespace

void CommandTest::SetUp() {
  std::string pattern = (fs::temp_directory_path() / "infra-flash-commands-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  root_ = pattern;
  for (const char* dir : {"platform", "app", "edge", "db"}) {
    fs::create_directories(root_ / dir);
    std::ofstream(root_ / dir / "main.tf") << "# " << dir << "\n";
  }
  GitOrFail(root_, {"init", "-q"});
  GitOrFail(root_, {"add", "-A"});
  GitOrFail(root_, {"commit", "-q", "-m", "layers"});
  Result<std::string> head = HeadCommit(root_.string());
  ASSERT_TRUE(head.ok()) << head.error().message;
  head_sha_ = *head;

  Result<Config> config = ParseConfig(kCommandsConfig, ".infra-flash.yml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  Result<LayerIndex> index = LayerIndex::Build(*config);
  ASSERT_TRUE(index.ok());

  settings_.github.repository = "octo/infra";
  settings_.github.server_url = "https://github.example";
  settings_.github.run_id = "42";
  context_.settings = &settings_;
  context_.config = std::move(config).value();
  context_.index.emplace(std::move(index).value());
  context_.workspace = root_.string();
  auto github = std::make_unique<FakeGitHub>();
  github_ = github.get();
  context_.client = std::move(github);
  executor_ = std::make_unique<SimulatedExecutor>(clock_, [this](const PlannedStep& step) {
    SimulatedStep result;
    result.duration = std::chrono::seconds(1);
    const EngineScript& script = engine_[step.layer];
    if (step.name == "plan") {
      result.exit_code =
          script.plan_exit >= 0 ? script.plan_exit : (script.plan_json.empty() ? 0 : 2);
    }
    if (step.name == "show") result.stdout_data = script.plan_json;
    if (step.name == "apply") result.exit_code = script.apply_exit;
    return result;
  });
  context_.processes = executor_.get();
  context_.clock = &clock_;

  pull_.number = kPr;
  pull_.state = "open";
  pull_.title = "Grow the platform";
  pull_.user_login = "alice";
  pull_.head_sha = head_sha_;
  pull_.head_ref = "grow";
  pull_.head_repository = "octo/infra";
  pull_.base_repository = "octo/infra";
  pull_.base_ref = "main";
  pull_.base_sha = std::string(40, 'b');
  pull_.mergeable = true;
  pull_.mergeable_state = "clean";
  github_->pulls[kPr] = pull_;
  github_->pulls_of_commit[head_sha_].push_back(kPr);
  github_->permissions["alice"] = Permission::kWrite;
}

void CommandTest::TearDown() {
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

int CommandTest::Run(Verb verb, const std::vector<std::string>& layers, const std::string& actor,
                     const std::string& environment, const std::string& suite) {
  std::string body = std::string("/") + VerbName(verb);
  if (!suite.empty()) body += " " + suite;
  for (const std::string& layer : layers) body += " " + layer;
  if (!environment.empty()) body += " " + environment;
  last_comment_ = github_->AddComment(kPr, actor, body).id;
  context_.event = Event{};
  context_.event.trigger = Trigger::kComment;
  context_.event.event_name = "issue_comment";
  context_.event.repository = "octo/infra";
  context_.event.actor = actor;
  context_.event.pr_number = kPr;
  context_.event.comment_id = last_comment_;
  context_.event.comment_body = body;
  Decision decision;
  decision.event = context_.event;
  decision.intent = Intent::kCommand;
  decision.layers = layers;
  Request request;
  request.verb = verb;
  request.layers = layers;
  request.environment = environment;
  request.suite = suite;
  decision.command = request;
  const CommentJob job{context_, decision, request, pull_};
  return RunCommand(job);
}

std::string CommandTest::Output(const std::string& name) const {
  for (const auto& [key, value] : context_.outputs) {
    if (key == name) return value;
  }
  return "";
}

std::string CommandTest::PlanJson(const std::string& address, int value) {
  return R"({"format_version":"1.2","resource_changes":[{"address":")" + address +
         R"(","change":{"actions":["create"],"after":{"v":)" + std::to_string(value) + "}}}]}";
}

std::optional<DashboardState> CommandTest::Dashboard() const {
  auto it = github_->comments.find(kPr);
  if (it == github_->comments.end()) return std::nullopt;
  for (const IssueComment& comment : it->second) {
    if (!IsDashboardComment(comment.body)) continue;
    Result<DashboardState> state = ParseDashboardState(comment.body);
    if (state.ok()) return *state;
  }
  return std::nullopt;
}

const LayerRow* CommandTest::Row(const std::string& layer) const {
  shown_ = Dashboard();
  return shown_ ? shown_->FindLayer(layer) : nullptr;
}

std::string CommandTest::LastReply() const {
  auto it = github_->comments.find(kPr);
  if (it == github_->comments.end()) return "";
  for (auto comment = it->second.rbegin(); comment != it->second.rend(); ++comment) {
    if (comment->id == last_comment_) return "";  // nothing after the command
    if (!IsDashboardComment(comment->body)) return comment->body;
  }
  return "";
}

std::vector<Reaction> CommandTest::LastReactions() const {
  auto it = github_->reactions.find(last_comment_);
  return it == github_->reactions.end() ? std::vector<Reaction>{} : it->second;
}

std::vector<std::string> CommandTest::Ran(const std::string& step) const {
  std::vector<std::string> layers;
  for (const auto& record : executor_->records()) {
    if (record.step == step) layers.push_back(record.layer);
  }
  return layers;
}

std::string CommandTest::CommitToThePr(const std::string& file) {
  std::ofstream(root_ / file, std::ios::app) << "# changed by the PR\n";
  GitOrFail(root_, {"commit", "-q", "-am", "the PR"});
  Result<std::string> head = HeadCommit(root_.string());
  EXPECT_TRUE(head.ok());
  github_->pulls_of_commit[*head].push_back(kPr);
  pull_.head_sha = *head;
  github_->pulls[kPr] = pull_;
  return *head;
}

void CommandTest::AddOtherPull(std::int64_t number, const std::string& sha) {
  PullRequest other = pull_;
  other.number = number;
  other.head_sha = sha;
  other.head_ref = "other";
  github_->pulls[number] = other;
  github_->pulls_of_commit[sha].push_back(number);
}

}  // namespace infra_flash::testing
