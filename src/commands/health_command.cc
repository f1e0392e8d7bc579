// `/health`: probes the services of the config's `health:` list and keeps ONE health
// comment on the PR (found by kHealthMarker): it shows "testing…" first and is edited
// when the results arrive; a later `/health` edits the same comment, or posts a new
// one when someone deleted it. The dashboard gets a Health row (✅ all up, ❌ "N of M
// down"). Probes: 5 s each, connecting included, at most 8 at a time; the environment
// variable INFRA_FLASH_HEALTH_TIMEOUT_MS (100 to 120000) changes the timeout, for tests
// and for services known to be slow.
//
// Outcome: 🚀 and exit 0 when every service is up (🔒 auth required counts as up);
// 😕 and exit 1 (kFlowFailed) when any is down or could not be checked, so that a
// workflow can react to an outage (`if: failure()`), as `infra-flash health` does on
// a terminal. Without `health:` entries the reply says how to add them (😕, exit 0:
// nothing failed, there was nothing to do).
#include <chrono>
#include <optional>
#include <string>

#include "commands/comment_job.h"
#include "health/health.h"
#include "health/render.h"
#include "session/pr_session.h"
#include "status/check_row.h"

namespace infra_flash {
namespace {

constexpr char kNothingConfigured[] =
    "`/health` has nothing to probe: `.infra-flash.yml` has no `health:` list. Add the "
    "services to watch, for example:\n\n"
    "```yaml\nhealth:\n  - { layer: platform, name: Vault, url: "
    "\"https://vault.${BASE_DOMAIN}/v1/sys/health\", expect: [200, 429] }\n```\n\n"
    "`expect` lists the status codes that mean healthy (default: any 2xx); `${VAR}` is "
    "read from the job's environment.";

ProbeOptions HealthProbeOptions(const FlowContext& context) {
  ProbeOptions options;
  if (const auto& limit = context.settings->knobs.health_timeout) options.timeout = *limit;
  return options;
}

// The oldest health comment on the PR, if any (the same rule as the dashboard's: the
// lowest id wins, so racing jobs agree on one).
std::optional<std::int64_t> FindHealthComment(FlowContext& context, std::int64_t number) {
  Result<std::vector<IssueComment>> comments = context.client->ListIssueComments(number);
  if (!comments.ok()) {
    context.Log("could not list the PR's comments (posting a new health comment): " +
                comments.error().message);
    return std::nullopt;
  }
  // Only our own: anyone can post a comment that starts with the marker.
  Result<std::string> self = context.client->Viewer();
  if (!self.ok()) {
    context.Log(
        "could not tell which account infra-flash acts as (posting a new health "
        "comment): " +
        self.error().message);
    return std::nullopt;
  }
  for (const IssueComment& comment : *comments) {
    if (comment.user_login == *self && comment.body.rfind(kHealthMarker, 0) == 0) {
      return comment.id;
    }
  }
  return std::nullopt;
}

// Shows `report` in the health comment `id` (edited), or in a new comment when there is
// none or it was deleted meanwhile. Returns the comment's id, nullopt when posting failed.
std::optional<std::int64_t> ShowReport(FlowContext& context, std::int64_t number,
                                       std::optional<std::int64_t> id, const HealthReport& report) {
  const std::string body = context.masker.Mask(RenderHealthMarkdown(report));
  if (id) {
    Result<std::optional<IssueComment>> edited = context.client->UpdateIssueComment(*id, body);
    if (edited.ok() && edited->has_value()) return id;
    context.Log(edited.ok() ? "the health comment was deleted; posting a new one"
                            : "could not edit the health comment (posting a new one): " +
                                  edited.error().message);
  }
  Result<IssueComment> posted = context.client->CreateIssueComment(number, body);
  if (!posted.ok()) {
    context.Error("could not post the health comment: " + posted.error().message);
    return std::nullopt;
  }
  return posted->id;
}

// "all 4 up" / "2 of 4 down" (+ ", 1 not checked"), for the dashboard row.
std::string Summary(const HealthReport& report) {
  const int total = static_cast<int>(report.services.size());
  const int down = report.Count(Availability::kDown);
  const int not_checked = report.Count(HealthState::kNotChecked);
  if (report.AllUp()) return "all " + std::to_string(total) + " up";
  std::string note = std::to_string(down) + " of " + std::to_string(total) + " down";
  if (not_checked > 0) note += ", " + std::to_string(not_checked) + " not checked";
  return note;
}

}  // namespace

int HealthCommand(const CommentJob& job) {
  FlowContext& context = job.context;
  const std::vector<HealthCheck>& checks = context.config.health;
  if (checks.empty()) {
    return Conclude(context, Conclusion::kDeclined, kNothingConfigured);
  }
  const std::int64_t number = job.pull.number;
  PrSession session(context, number);
  session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
  SetCheck(session.dashboard(), CheckKind::kHealth, "", StageStatus::kPending,
           "testing " + std::to_string(checks.size()) + " services");
  session.Show();

  const EnvironmentLookup environment = ProcessEnvironment();
  std::optional<std::int64_t> comment = FindHealthComment(context, number);
  comment = ShowReport(context, number, comment,
                       PendingHealthReport(checks, environment, context.masker));

  CurlProber prober;
  const ProbeOptions options = HealthProbeOptions(context);
  const HealthReport report =
      CheckHealth(checks, prober, options, environment, context.masker, *context.clock);
  const bool up = report.AllUp();
  context.Log("/health: " + Summary(report));
  ShowReport(context, number, comment, report);

  SetCheck(session.dashboard(), CheckKind::kHealth, "",
           up ? StageStatus::kPassed : StageStatus::kFailed, Summary(report));
  session.Finish();
  return Conclude(context, up ? Conclusion::kSucceeded : Conclusion::kFailed, "");
}

}  // namespace infra_flash
