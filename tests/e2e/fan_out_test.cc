// A pull request's plan fanned out over a job matrix, end to end: the resolve job
// (`fan-out: true`), one leg per matrix entry (`layer:`), and the gather job (`collect:`),
// each a run of the real binary with its own checkout and its own RUNNER_TEMP; only the
// checkout and the result files travel between them, as with actions/upload-artifact and
// download-artifact (`merge-multiple: true`). Then `/apply` applies the gathered plans.
#include <filesystem>
#include <set>

#include "e2e/flows_fixture.h"

namespace infra_flash::testing {
namespace {

namespace fs = std::filesystem;

struct Leg {
  std::string layers;  // matrix.layer: names separated by spaces
  int wave = 0;
  int leg = 0;
};

class FanOutTest : public FlowsTest {
 protected:
  // The branch `feature` changes `file`. platform/main.tf: platform and every layer and
  // target that depends on it (five legs); app/main.tf: app's two targets (two legs).
  void OpenPull(const std::string& file = "platform/main.tf") {
    work.Git({"checkout", "-q", "-b", "feature"});
    head = work.Change(file, "cache");
    SeedPull(head);
  }

  // A new checkout of the workspace at the PR head, as each job makes its own.
  std::string Checkout(const std::string& name) {
    const std::string dir = work.dir.path() + "/" + name;
    fs::create_directories(dir);
    RunProcess({"git", "clone", "-q", work.root(), dir});
    RunProcess({"git", "-C", dir, "checkout", "-q", head});
    return dir;
  }

  // The job's environment beside the event's: its checkout and its own RUNNER_TEMP.
  std::map<std::string, std::string> Job(const std::string& name,
                                         std::map<std::string, std::string> inputs) {
    const std::string temp = work.dir.path() + "/" + name + "-temp";
    fs::create_directories(temp);
    inputs["GITHUB_WORKSPACE"] = Checkout(name);
    inputs["RUNNER_TEMP"] = temp;
    return inputs;
  }

  // The resolve job of the pull_request event, or of `comment` (an issue_comment event).
  std::vector<Leg> Resolve(std::map<std::string, std::string> inputs = {},
                           const std::string& comment = "") {
    inputs["INPUT_FAN-OUT"] = "true";
    ProcessResult run =
        RunEvent(comment.empty() ? "pull_request" : "issue_comment",
                 comment.empty() ? PullPayload("opened", head) : comment, Job("resolve", inputs));
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    std::vector<Leg> legs;
    Result<rapidjson::Document> matrix = json::Parse(Output("matrix"), "matrix");
    EXPECT_TRUE(matrix.ok()) << outputs;
    if (!matrix.ok()) return legs;
    const rapidjson::Value* include = json::Member(*matrix, "include");
    EXPECT_TRUE(include != nullptr && include->IsArray()) << outputs;
    if (include == nullptr || !include->IsArray()) return legs;
    for (const rapidjson::Value& entry : include->GetArray()) {
      legs.push_back({json::StringOr(json::Member(entry, "layer")),
                      static_cast<int>(json::IntOr(json::Member(entry, "wave"))),
                      static_cast<int>(json::IntOr(json::Member(entry, "leg")))});
    }
    return legs;
  }

  // Runs the leg (of `comment`, when given); returns its results directory (the
  // `results-dir` output).
  std::string RunLeg(const Leg& leg, int* exit_code = nullptr, const std::string& comment = "") {
    const std::string name = "leg" + std::to_string(leg.leg);
    ProcessResult run = RunEvent(comment.empty() ? "pull_request" : "issue_comment",
                                 comment.empty() ? PullPayload("opened", head) : comment,
                                 Job(name, {{"INPUT_LAYER", leg.layers}}));
    if (exit_code != nullptr) {
      *exit_code = run.exit_code;
    } else {
      EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    }
    return Output("results-dir");
  }

  // The artifacts of every leg downloaded into one directory (merge-multiple).
  std::string Download(const std::vector<std::string>& results_dirs) {
    const std::string dir = work.dir.path() + "/gathered";
    fs::create_directories(dir);
    for (const std::string& results : results_dirs) {
      for (const auto& entry : fs::directory_iterator(results)) {
        fs::copy_file(entry.path(), dir + "/" + entry.path().filename().string(),
                      fs::copy_options::overwrite_existing);
      }
    }
    return dir;
  }

  ProcessResult Gather(const std::string& dir, const std::string& comment = "") {
    return RunEvent(comment.empty() ? "pull_request" : "issue_comment",
                    comment.empty() ? PullPayload("opened", head) : comment,
                    Job("gather", {{"INPUT_COLLECT", dir}}));
  }

  // The layers the simulator planned (its `plan` runs), by the checkout they ran in.
  std::map<std::string, std::set<std::string>> PlannedByCheckout() const {
    std::map<std::string, std::set<std::string>> planned;
    for (const SimRecord& record : SimLog()) {
      if (record.event != "start" || record.argv.empty()) continue;
      const bool plan =
          record.argv[0] == "plan" ||
          (record.argv.size() > 2 && record.argv[0] == "run" &&
           std::find(record.argv.begin(), record.argv.end(), "plan") != record.argv.end());
      if (!plan) continue;
      const std::string rest = record.cwd.substr(work.dir.path().size() + 1);
      const std::string checkout = rest.substr(0, rest.find('/'));
      std::string dir = rest.substr(checkout.size() + 1);
      std::string out;
      for (const std::string& arg : record.argv) {
        if (arg.starts_with("-out=")) out = arg.substr(arg.rfind('/') + 1);
      }
      planned[checkout].insert(dir + (out.starts_with("tfplan-") ? ":" + out.substr(7) : ""));
    }
    return planned;
  }

  // The dashboard's table line of `shown` ("platform", "app · prod").
  std::string Row(const std::string& shown) {
    const std::string dashboard = Dashboard();
    const std::size_t at = dashboard.find("** " + shown + " |");
    if (at == std::string::npos) return "";
    return dashboard.substr(at, dashboard.find('\n', at) - at);
  }

  int IssueCommentRequests() const {
    return github.CountRequests("*", "/issues/1/comments") +
           github.CountRequests("*", "/issues/comments");
  }

  std::string head;
};

// Where a layer's dir is, for the simulator log: its dir, and for a target its
// environment ("app:prod").
const std::map<std::string, std::string> kDirs = {
    {"platform", "platform"},        {"data-staging", "envs/staging/data"},
    {"data-prod", "envs/prod/data"}, {"app@staging", "app:staging"},
    {"app@prod", "app:prod"},
};

TEST_F(FanOutTest, ResolveLegsGatherIntoOneDashboardThenApply) {
  OpenPull();
  github.ClearRequests();

  // The resolve job: every affected layer and target, each its own leg, all ⏳; no plan.
  std::vector<Leg> legs = Resolve();
  EXPECT_EQ(Output("layers"),
            R"(["platform","data-staging","data-prod","app@staging","app@prod"])");
  std::vector<std::string> matrix_layers;
  for (const Leg& leg : legs) matrix_layers.push_back(leg.layers);
  EXPECT_EQ(matrix_layers, (std::vector<std::string>{"platform", "data-staging", "data-prod",
                                                     "app@staging", "app@prod"}));
  ASSERT_EQ(legs.size(), 5u);
  EXPECT_EQ(legs[0].wave, 1);
  EXPECT_EQ(legs[1].wave, 2);
  EXPECT_EQ(legs[4].wave, 3) << "app@prod waits for app@staging";
  EXPECT_TRUE(SimLog().empty()) << "the resolve job runs nothing";
  EXPECT_EQ(DashboardCount(1), 1);
  for (const char* shown :
       {"platform", "data-staging", "data-prod", "app · staging", "app · prod"}) {
    EXPECT_TRUE(Contains(Row(shown), "⏳")) << shown << "\n" << Dashboard();
  }

  // Each leg plans exactly its layers, in its own checkout, and writes no comment.
  const int comments_before_legs = IssueCommentRequests();
  std::vector<std::string> results;
  for (const Leg& leg : legs) results.push_back(RunLeg(leg));
  EXPECT_EQ(IssueCommentRequests(), comments_before_legs) << "legs do not touch the dashboard";
  const auto planned = PlannedByCheckout();
  ASSERT_EQ(planned.size(), legs.size()) << Slurp(SimLogPath());
  for (const Leg& leg : legs) {
    const std::string checkout = "leg" + std::to_string(leg.leg);
    ASSERT_EQ(planned.count(checkout), 1u) << checkout;
    EXPECT_EQ(planned.at(checkout), (std::set<std::string>{kDirs.at(leg.layers)})) << checkout;
  }
  for (const std::string& dir : results) {
    EXPECT_TRUE(dir.ends_with("-temp/infra-flash-results")) << dir;
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1) << dir;
  }
  for (const Leg& leg : legs) {
    EXPECT_TRUE(Contains(Row(leg.layers == "app@prod"      ? "app · prod"
                             : leg.layers == "app@staging" ? "app · staging"
                                                           : leg.layers),
                         "⏳"))
        << "until the gather job, the rows wait";
  }

  // The gather job: one dashboard, every plan in it, in one update; then `/apply`.
  ClearSimLog();
  ProcessResult gather = Gather(Download(results));
  ASSERT_EQ(gather.exit_code, 0) << gather.out << gather.err;
  EXPECT_TRUE(SimLog().empty()) << "the gather job plans nothing";
  const std::string dashboard = Dashboard();
  EXPECT_EQ(DashboardCount(1), 1);
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  for (const char* shown :
       {"platform", "data-staging", "data-prod", "app · staging", "app · prod"}) {
    EXPECT_TRUE(Contains(Row(shown), "📝")) << shown << "\n" << dashboard;
    EXPECT_TRUE(Contains(dashboard, "<summary>") && Contains(dashboard, shown)) << dashboard;
  }
  EXPECT_TRUE(Contains(dashboard, "null_resource.cache")) << "the plans' text: " << dashboard;
  EXPECT_TRUE(Contains(dashboard, "`/apply")) << dashboard;
  EXPECT_EQ(Ref("refs/infra-flash/locks/platform"), head) << "the leg took the lock";
  // The economy of a fanned-out cycle: every job's requests on issue comments together.
  EXPECT_LE(IssueCommentRequests(), 12) << github.Requests();
  std::cout << "requests on issue comments, resolve + 5 legs + gather: " << IssueCommentRequests()
            << "\n";

  SeedComment(801);
  ProcessResult apply = RunEvent("issue_comment", CommentPayload("/apply", "alice", 801));
  ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err << RepliesOn(1);
  EXPECT_TRUE(Contains(RepliesOn(1), "Applied: platform")) << RepliesOn(1);
  EXPECT_TRUE(SimRan("apply", "/ws/platform")) << Slurp(SimLogPath());
  EXPECT_TRUE(Contains(Row("platform"), "✅")) << Dashboard();
}

// `/plan` from a comment fans out the same way (the comment workflow's three jobs): the
// resolve job reacts 👀 and shows ⏳, the legs say nothing on the PR, and the gather job
// writes the plans and concludes the comment 🚀.
TEST_F(FanOutTest, APlanCommentFansOutTooAndTheGatherJobAnswersIt) {
  OpenPull("app/main.tf");
  // An earlier one-job plan ran the checks: `/plan` runs none, and keeps their cells.
  ProcessResult autoplan = RunEvent("pull_request", PullPayload("opened", head));
  ASSERT_EQ(autoplan.exit_code, 0) << autoplan.out << autoplan.err;
  ASSERT_TRUE(Row("app · staging").starts_with("** app · staging | ✅ | ✅ | 📝"))
      << Row("app · staging");
  ClearSimLog();
  SeedComment(901);
  const std::string comment = CommentPayload("/plan", "alice", 901);
  std::vector<Leg> legs = Resolve({}, comment);
  ASSERT_EQ(legs.size(), 2u) << outputs;
  EXPECT_TRUE(SimLog().empty()) << "the resolve job plans nothing";
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes"}));
  EXPECT_TRUE(Contains(Row("app · prod"), "⏳")) << Dashboard();

  std::vector<std::string> results;
  for (const Leg& leg : legs) results.push_back(RunLeg(leg, nullptr, comment));
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes"})) << "legs are silent";
  EXPECT_EQ(RepliesOn(1), "");
  EXPECT_EQ(PlannedByCheckout().size(), legs.size()) << Slurp(SimLogPath());

  ProcessResult gather = Gather(Download(results), comment);
  ASSERT_EQ(gather.exit_code, 0) << gather.out << gather.err;
  EXPECT_EQ(Reactions(901), (std::vector<std::string>{"eyes", "rocket"}));
  const std::string dashboard = Dashboard();
  EXPECT_TRUE(Row("app · staging").starts_with("** app · staging | ✅ | ✅ | 📝"))
      << Row("app · staging");
  EXPECT_TRUE(Row("app · prod").starts_with("** app · prod | ✅ | ✅ | 📝")) << Row("app · prod");
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;

  SeedComment(902);
  ProcessResult apply =
      RunEvent("issue_comment", CommentPayload("/apply app staging", "alice", 902));
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err << RepliesOn(1);
  EXPECT_TRUE(SimRan("apply", "/ws/app")) << Slurp(SimLogPath());
}

// Other commands run in the resolve job, in one job, and give the legs nothing; a reader's
// `/plan` is refused once, by the resolve job, and the other jobs stay silent.
TEST_F(FanOutTest, OnlyAnAuthorizedPlanCommentFansOut) {
  OpenPull();
  SeedComment(911);
  std::vector<Leg> legs = Resolve({}, CommentPayload("/help", "alice", 911));
  EXPECT_TRUE(legs.empty());
  EXPECT_EQ(Output("matrix"), R"({"include":[]})");
  EXPECT_TRUE(Contains(RepliesOn(1), "/plan")) << "the help reply: " << RepliesOn(1);

  SeedComment(912);
  const std::string refused = CommentPayload("/plan", "mallory", 912);
  ProcessResult resolve =
      RunEvent("issue_comment", refused, Job("resolve-refused", {{"INPUT_FAN-OUT", "true"}}));
  EXPECT_EQ(resolve.exit_code, 0) << resolve.out << resolve.err;
  EXPECT_EQ(Output("matrix"), R"({"include":[]})") << "no leg runs";
  EXPECT_EQ(Reactions(912), (std::vector<std::string>{"eyes", "confused"}));
  const std::string replies = RepliesOn(1);
  // Were the workflow to start a leg anyway, it would plan nothing and say nothing.
  ProcessResult leg =
      RunEvent("issue_comment", refused, Job("leg-refused", {{"INPUT_LAYER", "platform"}}));
  EXPECT_EQ(leg.exit_code, 0) << leg.out << leg.err;
  EXPECT_TRUE(SimLog().empty()) << Slurp(SimLogPath());
  EXPECT_EQ(Reactions(912), (std::vector<std::string>{"eyes", "confused"}));
  EXPECT_EQ(RepliesOn(1), replies);
}

TEST_F(FanOutTest, MoreLayersThanLegsAreGroupedInDependencyOrder) {
  OpenPull();
  std::vector<Leg> legs = Resolve({{"INPUT_MAX-LEGS", "2"}});
  ASSERT_EQ(legs.size(), 2u) << outputs;
  // Dealt in turn: each leg's layers in dependency order, a chain spread over legs.
  EXPECT_EQ(legs[0].layers, "platform data-prod app@prod");
  EXPECT_EQ(legs[1].layers, "data-staging app@staging");

  // A leg plans all of its layers, in dependency order, and writes a file for each.
  const std::string results = RunLeg(legs[0]);
  const auto planned = PlannedByCheckout();
  ASSERT_EQ(planned.count("leg1"), 1u) << Slurp(SimLogPath());
  EXPECT_EQ(planned.at("leg1"), (std::set<std::string>{"platform", "envs/prod/data", "app:prod"}));
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(results)) {
    files.insert(entry.path().filename().string());
  }
  EXPECT_EQ(files, (std::set<std::string>{"infra-flash-platform.json", "infra-flash-data-prod.json",
                                          "infra-flash-app_40prod.json"}));
}

TEST_F(FanOutTest, ALegWithoutAResultShowsNoResultNeverPending) {
  OpenPull("app/main.tf");
  std::vector<Leg> legs = Resolve();
  ASSERT_EQ(legs.size(), 2u);
  ASSERT_EQ(legs[1].layers, "app@prod");
  const std::string staging = RunLeg(legs[0]);  // app@prod's runner was lost
  ProcessResult gather = Gather(Download({staging}));
  EXPECT_EQ(gather.exit_code, 1) << gather.out << gather.err;
  const std::string dashboard = Dashboard();
  EXPECT_FALSE(Contains(dashboard, "⏳")) << dashboard;
  EXPECT_TRUE(Contains(Row("app · prod"), "❌ no result")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "No result for `app@prod`")) << dashboard;
  EXPECT_TRUE(Contains(Row("app · staging"), "📝")) << dashboard;
  EXPECT_TRUE(Contains(gather.out + gather.err, "no result for `app@prod`")) << gather.out;
}

TEST_F(FanOutTest, NothingAffectedGivesAnEmptyMatrixAndSaysSo) {
  work.Git({"checkout", "-q", "-b", "feature"});
  head = work.Append("docs/notes.md", "words\n");
  SeedPull(head);
  std::vector<Leg> legs = Resolve();
  EXPECT_TRUE(legs.empty());
  EXPECT_EQ(Output("matrix"), R"({"include":[]})");
  EXPECT_TRUE(Contains(Dashboard(), "Nothing to plan")) << Dashboard();
}

// A leg runs the PR's code (its plan does), so its result files are the PR's to write. The
// gather job takes from them what a plan writes, for this commit's layers only: a file
// cannot mark a layer applied, add a layer, or speak for another commit or PR, and a file
// from a newer infra-flash is refused rather than guessed at.
TEST_F(FanOutTest, ForgedResultFilesAreNotTakenAtTheirWord) {
  OpenPull("app/main.tf");
  std::vector<Leg> legs = Resolve();
  std::vector<std::string> results;
  for (const Leg& leg : legs) results.push_back(RunLeg(leg));
  const std::string dir = Download(results);
  const std::string staging_file = dir + "/infra-flash-app_40staging.json";
  const std::string staging = Slurp(staging_file);
  ASSERT_TRUE(Contains(staging, "\"plan\":[\"changes\"")) << staging;

  // The app@staging file says it was applied by "mallory".
  std::string applied = staging;
  applied.replace(
      applied.find("\"plan_summary\""), 0,
      R"("apply":["passed","forged"],"applied_by":"mallory","applied_sha":")" + head + R"(",)");
  std::ofstream(staging_file) << applied;
  // A file for bootstrap, which this PR does not change, and one for platform (which it does
  // not change either) at another commit.
  const std::string name = "\"name\":\"app@staging\"";
  std::string bootstrap = staging;
  bootstrap.replace(bootstrap.find(name), name.size(), "\"name\":\"bootstrap\"");
  std::ofstream(dir + "/infra-flash-bootstrap.json") << bootstrap;
  std::string other_commit = staging;
  other_commit.replace(other_commit.find(name), name.size(), "\"name\":\"platform\"");
  other_commit.replace(other_commit.find(head), head.size(), std::string(40, 'a'));
  std::ofstream(dir + "/infra-flash-platform.json") << other_commit;
  // A newer format for app@prod.
  std::string newer = Slurp(dir + "/infra-flash-app_40prod.json");
  newer.replace(newer.find("\"infra_flash_leg_result\":1"), 26, "\"infra_flash_leg_result\":9");
  std::ofstream(dir + "/infra-flash-app_40prod.json") << newer;

  ProcessResult gather = Gather(dir);
  EXPECT_EQ(gather.exit_code, 1) << gather.out << gather.err;
  const std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(Row("app · staging"), "📝")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "forged")) << dashboard;
  EXPECT_FALSE(Contains(dashboard, "\"apply\":")) << "no apply in the state: " << dashboard;
  EXPECT_FALSE(Contains(dashboard, "mallory")) << dashboard;
  EXPECT_EQ(Row("bootstrap"), "") << dashboard;
  EXPECT_EQ(Row("platform"), "") << dashboard;
  EXPECT_TRUE(Contains(Row("app · prod"), "❌ no result")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "3 result files were not used")) << dashboard;
  const std::string log = gather.out + gather.err;
  EXPECT_TRUE(Contains(log, "for another commit (aaaaaaa)")) << log;
  EXPECT_TRUE(Contains(log, "which this pull request's plan does not include")) << log;
  EXPECT_TRUE(Contains(log, "format 9; this infra-flash reads format 1")) << log;

  // The forged "applied" did not stick: `/apply` still applies app in staging.
  SeedComment(802);
  ProcessResult apply =
      RunEvent("issue_comment", CommentPayload("/apply app staging", "alice", 802));
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err << RepliesOn(1);
  EXPECT_TRUE(SimRan("apply", "/ws/app")) << Slurp(SimLogPath());
}

TEST_F(FanOutTest, AJobIsOneRoleAndALegPlansOnlyWhatThePlanResolved) {
  OpenPull();
  ProcessResult both =
      RunEvent("pull_request", PullPayload("opened", head),
               Job("both", {{"INPUT_FAN-OUT", "true"}, {"INPUT_LAYER", "platform"}}));
  EXPECT_EQ(both.exit_code, 2) << both.out << both.err;
  EXPECT_TRUE(Contains(both.out + both.err, "the inputs fan-out and layer choose different jobs"))
      << both.out << both.err;

  ProcessResult stranger = RunEvent("pull_request", PullPayload("opened", head),
                                    Job("stranger", {{"INPUT_LAYER", "bootstrap"}}));
  EXPECT_EQ(stranger.exit_code, 2) << stranger.out << stranger.err;
  EXPECT_TRUE(Contains(stranger.out + stranger.err,
                       "names `bootstrap`, which this pull "
                       "request's plan does not include"))
      << stranger.out << stranger.err;
  EXPECT_TRUE(SimLog().empty()) << Slurp(SimLogPath());
  EXPECT_EQ(DashboardCount(1), 0);
}

// A leg runs the base branch's policy checks on its plans, as the one-job plan does; the
// gather job shows their verdicts, and keeps them for `/apply`.
TEST_F(FanOutTest, LegsRunThePolicyChecksAndTheGatherShowsThem) {
  std::ofstream(work.root() + "/.infra-flash.yml", std::ios::app) << R"yaml(policies:
  - name: prod-frozen
    argv: [python3, -c, "print('FAIL - prod is frozen this week'); raise SystemExit(1)"]
    environments: [prod]
)yaml";
  work.Git({"add", "-A"});
  work.Commit("freeze prod");
  work.base = work.Head();
  OpenPull("app/main.tf");
  const std::vector<Leg> legs = Resolve();
  ASSERT_EQ(legs.size(), 2u);
  std::vector<std::string> results;
  for (const Leg& leg : legs) results.push_back(RunLeg(leg));
  ProcessResult gather = Gather(Download(results));
  EXPECT_EQ(gather.exit_code, 0) << gather.out << gather.err;
  const std::string dashboard = Dashboard();
  EXPECT_TRUE(Contains(dashboard, "| Policy |")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "| ❌ prod-frozen |")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, "FAIL - prod is frozen this week")) << dashboard;
  EXPECT_TRUE(Contains(dashboard, R"("policies":[{"check":"prod-frozen","status":"failed")"))
      << "the verdict is in the hidden state for /apply: " << dashboard;
  EXPECT_TRUE(Contains(dashboard, "👉 Comment `/approve_policies`")) << dashboard;
}

}  // namespace
}  // namespace infra_flash::testing
