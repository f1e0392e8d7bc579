// Every workflow we run (.github/workflows) or hand to users (examples/workflows) is
// well-formed for Actions and follows the supply-chain rules: third-party actions pinned by
// commit SHA with the version in a comment, permissions stated per job, no `${{ }}` inside
// a script (values reach scripts through env:, so a PR title or comment cannot become
// shell code), no token printed. Then what each of the four example setups must contain.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "ship_files.h"
#include "support/subprocess.h"

namespace infra_flash::ship {
namespace {

struct Workflow {
  std::string path;
  std::string text;
  YAML::Node root;
};

std::vector<Workflow> Workflows() {
  std::vector<Workflow> workflows;
  for (const std::string& path : WorkflowFiles()) {
    auto text = ReadRepoFile(path);
    EXPECT_TRUE(text.ok()) << path;
    if (!text.ok()) continue;
    auto root = ParseYaml(*text, path);
    EXPECT_TRUE(root.ok()) << root.error().ToString();
    if (root.ok()) workflows.push_back({path, *text, *root});
  }
  return workflows;
}

TEST(Workflows, TheExpectedFilesExist) {
  const std::vector<std::string> files = WorkflowFiles();
  for (const char* expected :
       {".github/workflows/ci.yml", ".github/workflows/release.yml",
        ".github/workflows/e2e-real.yml", "examples/workflows/pull-request.yml",
        "examples/workflows/comment.yml", "examples/workflows/push-main.yml",
        "examples/workflows/promote.yml", "examples/workflows/release-promote.yml",
        "examples/workflows/drift.yml", "examples/workflows/pull-request-fan-out.yml",
        "examples/workflows/comment-fan-out.yml"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), expected), files.end()) << expected;
  }
}

TEST(Workflows, HaveTheKeysActionsNeeds) {
  for (const Workflow& workflow : Workflows()) {
    SCOPED_TRACE(workflow.path);
    EXPECT_FALSE(ScalarOr(workflow.root["name"]).empty());
    EXPECT_TRUE(workflow.root["on"].IsDefined()) << "no `on:` trigger";
    EXPECT_TRUE(workflow.root["permissions"].IsMap())
        << "a top-level `permissions: {}` keeps jobs that forget theirs at no access";
    const YAML::Node jobs = workflow.root["jobs"];
    ASSERT_TRUE(jobs.IsMap() && jobs.size() > 0) << "no jobs";
    for (const auto& job : jobs) {
      const std::string name = job.first.Scalar();
      SCOPED_TRACE("job " + name);
      EXPECT_TRUE(job.second["permissions"].IsMap()) << "every job states its permissions";
      EXPECT_TRUE(job.second["runs-on"].IsDefined() || job.second["uses"].IsDefined());
      const YAML::Node steps = job.second["steps"];
      if (job.second["uses"].IsDefined()) continue;  // a reusable workflow has no steps
      ASSERT_TRUE(steps.IsSequence() && steps.size() > 0);
      for (std::size_t i = 0; i < steps.size(); ++i) {
        const bool uses = steps[i]["uses"].IsDefined();
        const bool run = steps[i]["run"].IsDefined();
        EXPECT_NE(uses, run) << "step " << i << " needs exactly one of uses: and run:";
      }
    }
  }
}

// Every step that runs infra-flash (`uses: ./` or `uses: OWNER/infra-flash@…`) passes only
// inputs action.yml declares, and every `steps.ID.outputs.NAME` of such a step is one of its
// outputs: a misspelt input is silently empty on GitHub, a misspelt output too.
TEST(Workflows, InfraFlashStepsUseOnlyTheInputsAndOutputsActionYmlDeclares) {
  auto action_text = ReadRepoFile("action.yml");
  ASSERT_TRUE(action_text.ok());
  auto action = ParseYaml(*action_text, "action.yml");
  ASSERT_TRUE(action.ok()) << action.error().ToString();
  std::set<std::string> inputs;
  for (const auto& input : (*action)["inputs"]) inputs.insert(input.first.Scalar());
  std::set<std::string> outputs;
  for (const auto& output : (*action)["outputs"]) outputs.insert(output.first.Scalar());
  int steps_checked = 0;
  for (const Workflow& workflow : Workflows()) {
    SCOPED_TRACE(workflow.path);
    for (const auto& job : workflow.root["jobs"]) {
      const YAML::Node steps = job.second["steps"];
      if (!steps.IsSequence()) continue;
      std::set<std::string> ids;  // the infra-flash steps of this job, by id
      for (const auto& step : steps) {
        const std::string uses = ScalarOr(step["uses"]);
        if (uses != "./" && uses.find("/infra-flash@") == std::string::npos) continue;
        ++steps_checked;
        if (step["id"].IsDefined()) ids.insert(step["id"].Scalar());
        for (const auto& with : step["with"]) {
          EXPECT_TRUE(inputs.count(with.first.Scalar()))
              << "job " << job.first.Scalar() << " passes `" << with.first.Scalar()
              << "`, which action.yml does not declare";
        }
      }
      const std::string text = YAML::Dump(job.second);
      for (const std::string& id : ids) {
        const std::string prefix = "steps." + id + ".outputs.";
        for (std::size_t at = text.find(prefix); at != std::string::npos;
             at = text.find(prefix, at + 1)) {
          std::size_t end = at + prefix.size();
          while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                       text[end] == '-' || text[end] == '_')) {
            ++end;
          }
          const std::string name = text.substr(at + prefix.size(), end - at - prefix.size());
          EXPECT_TRUE(outputs.count(name)) << "job " << job.first.Scalar() << " reads output `"
                                           << name << "`, which action.yml does not declare";
        }
      }
    }
  }
  EXPECT_GE(steps_checked, 8) << "the examples and e2e-real.yml run infra-flash";
}

TEST(Workflows, ActionsArePinnedByCommitWithTheVersionInAComment) {
  for (const Workflow& workflow : Workflows()) {
    SCOPED_TRACE(workflow.path);
    int parsed_uses = 0;
    for (const auto& job : workflow.root["jobs"]) {
      if (job.second["uses"].IsDefined()) ++parsed_uses;
      for (const auto& step : job.second["steps"]) {
        if (step["uses"].IsDefined()) ++parsed_uses;
      }
    }
    const std::vector<UsesLine> found = FindUses(workflow.text);
    EXPECT_EQ(static_cast<int>(found.size()), parsed_uses)
        << "a `uses:` the line scan missed (flow style?) would escape the pin check";
    for (const UsesLine& uses : found) {
      const UsesKind kind = ClassifyUses(uses.value);
      EXPECT_NE(kind, UsesKind::kUnpinned)
          << "line " << uses.line << ": " << uses.value
          << " can be moved under us; pin the full commit SHA (and the version in a comment)";
      if (kind == UsesKind::kPinnedCommit) {
        EXPECT_TRUE(IsVersionComment(uses.comment))
            << "line " << uses.line << ": say which version the SHA is, e.g. `# v4.2.2`";
      }
    }
  }
}

TEST(Workflows, ScriptsInterpolateNothingAndPrintNoToken) {
  for (const Workflow& workflow : Workflows()) {
    SCOPED_TRACE(workflow.path);
    for (const auto& job : workflow.root["jobs"]) {
      for (const auto& step : job.second["steps"]) {
        const std::string script = ScalarOr(step["run"]);
        const std::string step_name = ScalarOr(step["name"]);
        EXPECT_EQ(script.find("${{"), std::string::npos)
            << "job " << job.first.Scalar() << ", step '" << step_name
            << "': pass values through env: instead of ${{ }} in the script";
        for (std::string_view line : SplitLines(script)) {
          EXPECT_FALSE(PrintsToken(line)) << "prints a token: " << line;
        }
      }
    }
  }
}

// GitHub runs a Linux step's script with `bash -e`: a script bash cannot parse (say, YAML
// took a " #" for a comment and cut the line) fails only on GitHub, after a push.
TEST(Workflows, ScriptsAreValidBash) {
  for (const Workflow& workflow : Workflows()) {
    SCOPED_TRACE(workflow.path);
    for (const auto& job : workflow.root["jobs"]) {
      for (const auto& step : job.second["steps"]) {
        if (!step["run"].IsDefined() || step["shell"].IsDefined()) continue;
        infra_flash::testing::ProcessOptions options;
        options.stdin_text = step["run"].Scalar();
        infra_flash::testing::ProcessResult bash =
            infra_flash::testing::RunProcess({"bash", "-n"}, options);
        EXPECT_EQ(bash.exit_code, 0) << "job " << job.first.Scalar() << ", step '"
                                     << ScalarOr(step["name"]) << "': " << bash.err;
      }
    }
  }
}

TEST(Workflows, CheckoutKeepsCredentialsOnlyWhereTheJobPushes) {
  for (const Workflow& workflow : Workflows()) {
    SCOPED_TRACE(workflow.path);
    for (const auto& job : workflow.root["jobs"]) {
      const bool may_push = ScalarOr(job.second["permissions"]["contents"]) == "write";
      for (const auto& step : job.second["steps"]) {
        if (ScalarOr(step["uses"]).rfind("actions/checkout@", 0) != 0) continue;
        const bool persists = ScalarOr(Lookup(step, "with.persist-credentials")) != "false";
        // Pushes itself, or through scripts/release-tags.sh (which pushes the release's tags).
        const bool pushes =
            workflow.text.find("git push") != std::string::npos ||
            (workflow.text.find("scripts/release-tags.sh") != std::string::npos &&
             ReadRepoFile("scripts/release-tags.sh")->find("git push") != std::string::npos);
        EXPECT_TRUE(!persists || (may_push && pushes))
            << "job " << job.first.Scalar()
            << ": actions/checkout leaves the token in .git/config; set persist-credentials: false";
      }
    }
  }
}

// What each setup must contain to work as docs/action.md describes.
TEST(Workflows, SetupsHaveWhatTheyNeed) {
  enum class Match { kEquals, kContains };
  const struct {
    const char* file;
    const char* path;
    Match match;
    const char* expected;
  } cases[] = {
      // PR autoplan: plans on pushes, releases locks on close.
      {"examples/workflows/pull-request.yml", "on.pull_request.types.3", Match::kEquals,
       "ready_for_review"},
      {"examples/workflows/pull-request.yml", "on.pull_request.types.4", Match::kEquals, "closed"},
      {"examples/workflows/pull-request.yml", "jobs.plan.permissions.pull-requests", Match::kEquals,
       "write"},
      // PR autoplan fanned out: resolve -> one leg per matrix entry -> gather, every job on
      // the PR head; legs do not cancel each other, and the gather job runs whatever they did.
      {"examples/workflows/pull-request-fan-out.yml", "jobs.resolve.steps.1.with.fan-out",
       Match::kEquals, "true"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.resolve.outputs.matrix", Match::kEquals,
       "${{ steps.infra-flash.outputs.matrix }}"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.plan.needs", Match::kEquals, "resolve"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.plan.strategy.matrix", Match::kEquals,
       "${{ fromJSON(needs.resolve.outputs.matrix) }}"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.plan.strategy.fail-fast",
       Match::kEquals, "false"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.plan.steps.1.with.layer",
       Match::kEquals, "${{ matrix.layer }}"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.plan.steps.2.with.path", Match::kEquals,
       "${{ steps.infra-flash.outputs.results-dir }}"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.plan.steps.2.if", Match::kEquals,
       "always()"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.gather.needs.1", Match::kEquals,
       "plan"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.gather.if", Match::kContains,
       "always()"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.gather.steps.1.with.merge-multiple",
       Match::kEquals, "true"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.gather.steps.1.with.path",
       Match::kEquals, ".infra-flash-results"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.gather.steps.2.with.collect",
       Match::kEquals, ".infra-flash-results"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.resolve.steps.0.with.ref",
       Match::kContains, "pull_request.head.sha"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.plan.steps.0.with.ref",
       Match::kContains, "pull_request.head.sha"},
      {"examples/workflows/pull-request-fan-out.yml", "jobs.gather.steps.0.with.ref",
       Match::kContains, "pull_request.head.sha"},
      // `/plan` fanned out from a comment: the command job resolves, the gather job answers.
      {"examples/workflows/comment-fan-out.yml", "jobs.command.steps.1.with.fan-out",
       Match::kEquals, "true"},
      {"examples/workflows/comment-fan-out.yml", "jobs.command.if", Match::kEquals,
       "github.event.issue.pull_request && github.event.comment.user.type != 'Bot'"},
      {"examples/workflows/comment-fan-out.yml", "jobs.command.concurrency.queue", Match::kEquals,
       "max"},
      {"examples/workflows/comment-fan-out.yml", "jobs.plan.strategy.matrix", Match::kEquals,
       "${{ fromJSON(needs.command.outputs.matrix) }}"},
      {"examples/workflows/comment-fan-out.yml", "jobs.plan.strategy.fail-fast", Match::kEquals,
       "false"},
      {"examples/workflows/comment-fan-out.yml", "jobs.plan.steps.1.with.layer", Match::kEquals,
       "${{ matrix.layer }}"},
      {"examples/workflows/comment-fan-out.yml", "jobs.gather.if", Match::kContains, "always()"},
      {"examples/workflows/comment-fan-out.yml", "jobs.gather.permissions.issues", Match::kEquals,
       "write"},
      {"examples/workflows/comment-fan-out.yml", "jobs.gather.steps.2.with.collect", Match::kEquals,
       ".infra-flash-results"},
      // Comment-triggered: every person's comment on a PR, with what commands need. No filter
      // on the body: fenced or indented commands and the config's own aliases reach the parser.
      {"examples/workflows/comment.yml", "on.issue_comment.types.0", Match::kEquals, "created"},
      {"examples/workflows/comment.yml", "jobs.command.if", Match::kEquals,
       "github.event.issue.pull_request && github.event.comment.user.type != 'Bot'"},
      {"examples/workflows/comment.yml", "jobs.command.permissions.pull-requests", Match::kEquals,
       "write"},
      {"examples/workflows/comment.yml", "jobs.command.permissions.contents", Match::kEquals,
       "write"},
      {"examples/workflows/comment.yml", "jobs.command.permissions.issues", Match::kEquals,
       "write"},
      {"examples/workflows/comment.yml", "jobs.command.steps.0.with.ref", Match::kContains,
       "github.event.issue.number"},
      // Queued per PR on the job (after its `if:`), so that no comment cancels a command.
      {"examples/workflows/comment.yml", "jobs.command.concurrency.cancel-in-progress",
       Match::kEquals, "false"},
      {"examples/workflows/comment.yml", "jobs.command.concurrency.queue", Match::kEquals, "max"},
      // Push to main: two pushes never apply at once, none is cancelled half-way.
      {"examples/workflows/push-main.yml", "on.push.branches.0", Match::kEquals, "main"},
      {"examples/workflows/push-main.yml", "concurrency.group", Match::kEquals,
       "infra-flash-apply"},
      {"examples/workflows/push-main.yml", "concurrency.cancel-in-progress", Match::kEquals,
       "false"},
      {"examples/workflows/push-main.yml", "concurrency.queue", Match::kEquals, "max"},
      {"examples/workflows/push-main.yml", "jobs.converge.permissions.contents", Match::kEquals,
       "write"},
      // Manual promotion: the four inputs reach the Action, and it queues with push-main.
      {"examples/workflows/promote.yml", "on.workflow_dispatch.inputs.command.type", Match::kEquals,
       "choice"},
      {"examples/workflows/promote.yml", "on.workflow_dispatch.inputs.environment.required",
       Match::kEquals, "true"},
      {"examples/workflows/promote.yml", "on.workflow_dispatch.inputs.layers.type", Match::kEquals,
       "string"},
      {"examples/workflows/promote.yml", "on.workflow_dispatch.inputs.confirm.type", Match::kEquals,
       "string"},
      {"examples/workflows/promote.yml", "jobs.promote.steps.1.with.command", Match::kEquals,
       "${{ inputs.command }}"},
      {"examples/workflows/promote.yml", "jobs.promote.steps.1.with.environment", Match::kEquals,
       "${{ inputs.environment }}"},
      {"examples/workflows/promote.yml", "jobs.promote.steps.1.with.layers", Match::kEquals,
       "${{ inputs.layers }}"},
      {"examples/workflows/promote.yml", "jobs.promote.steps.1.with.confirm", Match::kEquals,
       "${{ inputs.confirm }}"},
      {"examples/workflows/promote.yml", "concurrency.group", Match::kEquals, "infra-flash-apply"},
      {"examples/workflows/promote.yml", "concurrency.queue", Match::kEquals, "max"},
      // Ours: the release can push, the real end-to-end run uses this repository's Action.
      {".github/workflows/release.yml", "jobs.release.permissions.packages", Match::kEquals,
       "write"},
      // The nightly drift scan: every layer, and the issue it keeps needs `issues: write`.
      {"examples/workflows/drift.yml", "on.schedule.0.cron", Match::kContains, "* * *"},
      {"examples/workflows/drift.yml", "jobs.drift.permissions.issues", Match::kEquals, "write"},
      {"examples/workflows/drift.yml", "jobs.drift.permissions.contents", Match::kEquals, "read"},
      {"examples/workflows/drift.yml", "jobs.drift.steps.1.with.command", Match::kEquals, "verify"},
      {"examples/workflows/drift.yml", "jobs.drift.steps.1.with.layers", Match::kEquals, "all"},
      {"examples/workflows/drift.yml", "concurrency.group", Match::kEquals, "infra-flash-apply"},
      // Released by hand with a version that must be new; tags go through the script whose
      // rules tests/ship/release_tags_test.py checks (never moved; the major tag forward only).
      {".github/workflows/release.yml", "on.workflow_dispatch.inputs.version.required",
       Match::kEquals, "true"},
      {".github/workflows/release.yml", "jobs.release.steps.1.run", Match::kContains,
       "release tags never move"},
      {".github/workflows/release.yml", "jobs.release.steps.8.run", Match::kContains,
       "scripts/release-tags.sh \"$TAG\" HEAD origin"},
      // The image carries its SBOM and provenance, and GitHub's signed build attestation.
      {".github/workflows/release.yml", "jobs.release.steps.5.run", Match::kContains,
       "--sbom=true --provenance=mode=max"},
      {".github/workflows/release.yml", "jobs.release.steps.6.uses", Match::kContains,
       "actions/attest-build-provenance@"},
      {".github/workflows/release.yml", "jobs.release.permissions.attestations", Match::kEquals,
       "write"},
      {".github/workflows/e2e-real.yml", "jobs.example.steps.1.uses", Match::kEquals, "./"},
      {".github/workflows/ci.yml", "jobs.test.steps.2.run", Match::kEquals, "scripts/test.sh"},
      {".github/workflows/ci.yml", "jobs.test.env.INFRA_FLASH_WERROR", Match::kEquals, "ON"},
  };
  for (const auto& c : cases) {
    auto root = LoadYaml(c.file);
    ASSERT_TRUE(root.ok()) << root.error().ToString();
    const YAML::Node node = Lookup(*root, c.path);
    const std::string where = std::string(c.file) + " " + c.path;
    ASSERT_TRUE(node.IsDefined()) << where << " is missing";
    if (c.match == Match::kEquals) {
      EXPECT_EQ(ScalarOr(node), c.expected) << where;
    } else {
      EXPECT_NE(ScalarOr(node).find(c.expected), std::string::npos)
          << where << " lacks " << c.expected;
    }
  }
}

// What `file` reads of a matrix entry is what the resolve job writes.
void MatrixKeysAreWritten(const std::string& file) {
  auto text = ReadRepoFile(file);
  ASSERT_TRUE(text.ok());
  const std::set<std::string> written = {"layer", "wave", "leg"};
  int read = 0;
  for (std::size_t at = text->find("matrix."); at != std::string::npos;
       at = text->find("matrix.", at + 1)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>((*text)[at - 1])) ||
                   (*text)[at - 1] == '.' || (*text)[at - 1] == '_')) {
      continue;  // outputs.matrix, strategy.matrix
    }
    std::size_t end = at + 7;
    while (end < text->size() && (std::isalnum(static_cast<unsigned char>((*text)[end])) ||
                                  (*text)[end] == '-' || (*text)[end] == '_')) {
      ++end;
    }
    const std::string key = text->substr(at + 7, end - at - 7);
    EXPECT_TRUE(written.count(key))
        << "matrix." << key << " is not a key of the resolve job's matrix";
    ++read;
  }
  EXPECT_GE(read, 2) << "the legs read matrix.layer and name their artifacts by matrix.leg";
}

// The fanned-out setup reads the matrix entries the resolve job writes: `layer`, `wave` and
// `leg` (src/flow/fan_out_flow.cc; tests/e2e/fan_out_test.cc parses a real one).
TEST(Workflows, TheFanOutMatrixKeysAreTheOnesTheResolveJobWrites) {
  for (const char* file :
       {"examples/workflows/pull-request-fan-out.yml", "examples/workflows/comment-fan-out.yml"}) {
    SCOPED_TRACE(file);
    MatrixKeysAreWritten(file);
  }
}

}  // namespace
}  // namespace infra_flash::ship
