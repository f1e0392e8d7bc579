#include "session/pr_session.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "common/strings.h"
#include "github/dashboard_comment.h"
#include "report/render.h"
#include "status/dashboard_update.h"

namespace infra_flash {

namespace {

// A leg's dashboard: shown nowhere, and no previous one to start from.
class NoSink final : public DashboardSink {
 public:
  Status Publish(const Dashboard&) override { return Ok(); }
  Result<std::optional<std::string>> Load() override { return std::optional<std::string>(); }
};

}  // namespace

PrSession::PrSession(FlowContext& context, std::int64_t number, SessionOutput output)
    : context_(context), number_(number) {
  if (output == SessionOutput::kNone) {
    sink_ = std::make_unique<NoSink>();
  } else if (context.client) {
    GitHubSinkOptions options;
    options.render.masker = &context.masker;
    sink_ = std::make_unique<GitHubSink>(*context.client, number, options);
  } else {
    sink_ = std::make_unique<TerminalSink>(std::cout);
  }
  PublisherOptions options;
  options.background = BackgroundFlush::kOn;
  publisher_ = std::make_unique<DashboardPublisher>(
      *sink_, [clock = context_.clock] { return clock->Now(); }, options);
}

PrSession::~PrSession() = default;

void PrSession::Begin(const std::string& branch, const std::string& sha, const std::string& title) {
  Result<std::optional<std::string>> body = sink_->Load();
  if (!body.ok()) {
    context_.Log("could not read the previous dashboard (starting afresh): " +
                 body.error().message);
  } else if (body->has_value()) {
    Result<DashboardState> state = ParseDashboardState(**body);
    if (state.ok()) {
      previous_ = std::move(state).value();
      had_previous_ = true;
    } else {
      context_.Log("the previous dashboard's state is unreadable (starting afresh): " +
                   state.error().message);
    }
  }
  if (had_previous_ && previous_.sha == sha) {
    dashboard_ = DashboardFromState(previous_);
  } else if (had_previous_ && !previous_.sha.empty()) {
    dashboard_.notes.push_back("New commit: the plans of `" + ShortSha(previous_.sha) +
                               "` are superseded and planned again.");
    // A test environment outlives commits until the PR closes: its row is how the close
    // knows what to destroy, whether or not this commit deploys it again.
    for (const CheckRow& check : previous_.checks) {
      if (check.kind == CheckKind::kTestEnv) {
        CheckRow row;
        row.kind = check.kind;
        row.name = check.name;
        row.cell = check.cell;
        row.detail = check.detail;
        dashboard_.checks.push_back(std::move(row));
      }
    }
  }
  if (std::string note = PolicyNote(context_); !note.empty()) {
    dashboard_.notes.erase(std::remove(dashboard_.notes.begin(), dashboard_.notes.end(), note),
                           dashboard_.notes.end());
    dashboard_.notes.insert(dashboard_.notes.begin(), note);
  }
  dashboard_.branch = branch;
  dashboard_.sha = sha;
  if (!title.empty()) dashboard_.commit_message = title;
  dashboard_.run_url = RunUrlOf(context_);
}

void PrSession::Show() {
  // While work is pending the next step says what it waits for, never the last job's advice
  // (an `/apply` suggested for a plan that is being replaced).
  if (NextStep waiting = WaitingStep(dashboard_); !waiting.text.empty()) {
    dashboard_.next_step = waiting;
  }
  if (Status shown = publisher_->Update(dashboard_); !shown.ok()) {
    context_.Log("dashboard update failed (will retry): " + shown.error().message);
  }
}

Result<LayerRun> PrSession::Run(
    const LayerRunRequest& request,
    const std::function<void(Dashboard&, const LayerResult&, const LayerRun*)>& record) {
  LayerProgress progress([&](const LayerResult& result) {
    record(dashboard_, result, nullptr);
    Show();
  });
  context_.Log(action::GroupStart(std::string(RunVerbName(request.verb)) + ": " +
                                  Join(request.layers, ", ")));
  Result<LayerRun> run = RunLayersFor(context_, context_.config, request, &progress);
  if (run.ok()) {
    for (const LayerResult& result : run->result.layers) {
      record(dashboard_, result, &*run);
      for (const StepResult& step : result.steps) {
        if (!step.output.empty()) context_.LogUntrusted(step.output);
      }
      if (result.outcome == Outcome::kFailed || result.outcome == Outcome::kTimedOut) {
        context_.Error(std::string(RunVerbName(request.verb)) + " of " + result.layer +
                       " failed: " + result.reason);
      }
    }
  }
  context_.Log(action::GroupEnd());
  Show();
  return run;
}

void PrSession::Finish(PendingRows pending) {
  if (context_.Interrupted()) {
    CloseUnfinished(dashboard_, "cancelled");
    dashboard_.notes.push_back("This job was cancelled; rows it had not finished show ⛔.");
  } else if (pending == PendingRows::kClose) {
    CloseUnfinished(dashboard_, "not finished");
  }
  if (context_.event.trigger == Trigger::kPullRequestClosed) {
    dashboard_.next_step = NextStep{"", "This pull request is closed."};
  } else if (NextStep waiting = WaitingStep(dashboard_);
             pending == PendingRows::kLeaveForLegs && !waiting.text.empty()) {
    dashboard_.next_step = waiting;
  } else {
    dashboard_.next_step = SuggestNextStep(dashboard_);
  }
  (void)publisher_->Update(dashboard_);  // a failed write stays pending; Flush retries it
  Status written = publisher_->Flush();
  auto* github = dynamic_cast<GitHubSink*>(sink_.get());
  if (written.ok() && github != nullptr) written = github->Settle();
  if (!written.ok() && context_.event.is_fork && written.error().http_status == 403) {
    // On `pull_request`, a fork's token is read-only: GitHub refuses every write. That is
    // how GitHub protects the repository, not a failure of this job: the dashboard is in
    // the step summary, and the job ends neutral.
    action::Annotation notice;
    notice.severity = action::Severity::kNotice;
    notice.message =
        "This pull request comes from a fork, and GitHub gives its pull_request jobs a read-only "
        "token: the dashboard is in this job's summary instead of a comment. Maintainers plan "
        "forks from a comment (`/plan`) once the base branch's config says `forks: { plan: true "
        "}`.";
    context_.Log(context_.annotations.Format(notice));
    context_.summary += "> ℹ️ " + notice.message + "\n\n";
  } else if (!written.ok()) {
    context_.Error("could not write the dashboard: " + written.error().message +
                   ". The PR does not show what this job did; its step summary does.");
    context_.dashboard_unwritten = true;
  }
  RenderOptions summary_options{Surface::kStepSummary};
  summary_options.masker = &context_.masker;
  context_.summary += RenderDashboard(dashboard_, summary_options);
  if (github != nullptr) {
    if (auto id = github->comment_id()) {
      const GitHubEnvironment& env = context_.settings->github;
      context_.Output("dashboard-url", env.server_url + "/" + env.repository + "/pull/" +
                                           std::to_string(number_) + "#issuecomment-" +
                                           std::to_string(*id));
    }
  }
}

std::vector<std::string> LayersWithChanges(const Dashboard& dashboard) {
  std::vector<std::string> layers;
  for (const LayerRow& row : dashboard.layers) {
    if (row.plan.status == StageStatus::kChanges && row.apply.status != StageStatus::kPassed) {
      layers.push_back(row.name);
    }
  }
  return layers;
}

}  // namespace infra_flash
