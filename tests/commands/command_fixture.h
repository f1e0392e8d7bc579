// The comment commands against fakes: FakeGitHub (tests/support/fake_github.h) for the
// API, SimulatedExecutor on a FakeRunClock for the engine's processes, and a real git
// checkout in a temporary directory (the commands ask git which commit is checked out).
// A test seeds what the repository holds, runs a command as the comment router would
// after authorizing it, and reads what the command left: the exit status, the reaction,
// the reply, the dashboard, the refs and the steps that ran.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands/comment_job.h"
#include "session/context.h"
#include "status/state.h"
#include "support/fake_github.h"
#include "support/simulated_executor.h"

namespace infra_flash::testing {

// platform <- app (depends_on), and an independent `edge`; prod needs an approval.
inline constexpr char kCommandsConfig[] = R"(version: 1
engine: terraform
layers:
  platform: { dir: platform }
  app: { dir: app, depends_on: [platform] }
  edge: { dir: edge }
  db: { dir: db, environment: prod }
environments:
  prod:
    state_key: "prod/{layer}.tfstate"
    require: [approved]
permissions: { plan: write, apply: write }
review: { label: needs-review }
commands:
  e2e: { smoke: ["true"], broken: ["false"] }
)";

// What the simulated engine does for one layer.
struct EngineScript {
  std::string plan_json;  // `show -json` output; empty: a plan without changes
  int plan_exit = -1;     // set: the plan step's exit status (else 2 with changes, 0 without)
  int apply_exit = 0;
};

class CommandTest : public ::testing::Test {
 protected:
  static constexpr std::int64_t kPr = 7;
  static constexpr std::int64_t kOtherPr = 8;

  void SetUp() override;
  void TearDown() override;

  // Runs `verb` on `layers` as `actor` (a comment on PR kPr), through the command's
  // function. Returns the exit status.
  int Run(Verb verb, const std::vector<std::string>& layers, const std::string& actor = "alice",
          const std::string& environment = "", const std::string& suite = "");
  // The value of the output `name`; "" when unset.
  std::string Output(const std::string& name) const;

  // A plan JSON whose digest differs with `value`.
  static std::string PlanJson(const std::string& address, int value);

  // The dashboard as its hidden state says; nullopt when there is none.
  std::optional<DashboardState> Dashboard() const;
  const LayerRow* Row(const std::string& layer) const;
  // The newest comment that is not the dashboard (a command's reply).
  std::string LastReply() const;
  // The reactions on the newest command comment.
  std::vector<Reaction> LastReactions() const;
  // Layer names of the steps named `step` that ran, in order.
  std::vector<std::string> Ran(const std::string& step) const;
  // Commits a change to `file` in the checkout and makes it the PR's head; its SHA.
  std::string CommitToThePr(const std::string& file);
  // Another open PR, whose head is `sha`.
  void AddOtherPull(std::int64_t number, const std::string& sha);

  std::filesystem::path root_;
  std::string head_sha_;
  FakeGitHub* github_ = nullptr;  // owned by context_
  FakeRunClock clock_;
  std::map<std::string, EngineScript> engine_;  // by layer
  std::unique_ptr<SimulatedExecutor> executor_;
  FlowSettings settings_;
  FlowContext context_;
  PullRequest pull_;
  std::int64_t last_comment_ = 0;
  mutable std::optional<DashboardState> shown_;  // what Row() points into
};

}  // namespace infra_flash::testing
