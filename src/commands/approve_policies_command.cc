// /approve_policies [check…]: a policy owner's approval of the failed (or errored) policy
// checks of this commit's plans, recorded in the dashboard's state for the head commit and
// each plan's digest (policy/policy_checks.h). A new push, or a plan that changes, voids it.
#include <map>
#include <set>
#include <tuple>

#include "command/markdown.h"
#include "commands/comment_job.h"
#include "commands/requirement_facts.h"
#include "common/strings.h"
#include "policy/policy_checks.h"
#include "session/pr_session.h"

namespace infra_flash {

int ApprovePoliciesCommand(const CommentJob& job) {
  FlowContext& context = job.context;
  const std::string& login = context.event.actor;
  PrSession session(context, job.pull.number);
  session.Begin(job.pull.head_ref, job.pull.head_sha, job.pull.title);
  const DashboardState& shown = session.previous();
  if (shown.sha != job.pull.head_sha) {
    return Conclude(context, Conclusion::kDeclined,
                    "Nothing was approved: the dashboard has no plans of the head commit `" +
                        ShortSha(job.pull.head_sha) +
                        "` yet. Comment `/plan`, then approve what its checks found.");
  }
  // Every unapproved failure this approval is about, by target.
  struct Failure {
    std::string layer;
    std::string check;
    std::string digest;
  };
  std::vector<Failure> failures;
  for (const LayerRow& row : shown.layers) {
    // `atlantis approve_policies -p LAYER` (or -d DIR) narrows it to those layers.
    if (!job.request.layers.empty() && !Contains(job.request.layers, row.name)) continue;
    for (const PolicyResult* result : row.UnapprovedPolicies(shown.sha)) {
      if (!job.request.checks.empty() && !Contains(job.request.checks, result->check)) continue;
      failures.push_back({row.name, result->check, row.plan_digest});
    }
  }
  if (failures.empty()) {
    return Conclude(
        context, Conclusion::kDeclined,
        std::string("Nothing to approve: no plan of `") + ShortSha(shown.sha) + "` has " +
            (job.request.checks.empty() ? std::string("a failed policy check")
                                        : "a failed check named " + CodeList(job.request.checks)) +
            " without an approval.");
  }
  // The commenter must own every check they approve, for every target it failed on.
  GitHubReviewerDirectory directory(*context.client);
  std::optional<Result<BaseCodeowners>> codeowners;
  std::map<std::pair<std::string, std::string>, Result<bool>> owns;  // (check, dir)
  std::vector<std::string> not_owned;
  std::vector<std::string> unknown;
  for (const Failure& failure : failures) {
    const PolicyCheck* check = context.config.FindPolicy(failure.check);
    const Layer* layer = context.config.FindLayer(failure.layer);
    const std::string dir = layer != nullptr ? layer->dir : "";
    if (check == nullptr) {
      unknown.push_back("`" + failure.check + "` is no longer configured on the base branch");
      continue;
    }
    auto key = std::make_pair(failure.check, dir);
    auto it = owns.find(key);
    if (it == owns.end()) {
      const bool needs_codeowners = Contains(check->owners, "codeowners");
      if (needs_codeowners && !codeowners) {
        codeowners = ReadBaseCodeowners(context, job.pull.base_sha);
      }
      const Result<BaseCodeowners> none = Error{"not needed"};
      it = owns.emplace(key, IsPolicyOwner(*check, login, dir, codeowners ? *codeowners : none,
                                           directory))
               .first;
    }
    if (!it->second.ok()) {
      unknown.push_back(it->second.error().message);
    } else if (!*it->second) {
      const std::string line =
          "`" + failure.check + "` (owners: " + PolicyOwnersText(*check, dir) + ")";
      if (!Contains(not_owned, line)) not_owned.push_back(line);
    }
  }
  if (!not_owned.empty() || !unknown.empty()) {
    std::string reply = "@" + login + ", nothing was approved.";
    if (!not_owned.empty()) {
      reply += " Only a check's owners may approve its failures, and you are not an owner of " +
               Join(not_owned, ", ") + ".";
    }
    for (const std::string& line : unknown) reply += " " + line + ".";
    if (!not_owned.empty() && unknown.empty()) {
      reply += " Ask one of them, or fix the plan and push.";
    }
    // The dashboard is not written: a refusal changes nothing.
    return Conclude(context, Conclusion::kDeclined, reply);
  }
  std::set<std::string> approved_checks;
  for (const Failure& failure : failures) {
    LayerRow* row = nullptr;
    for (LayerRow& candidate : session.dashboard().layers) {
      if (candidate.name == failure.layer) row = &candidate;
    }
    if (row == nullptr) continue;
    row->policy_approvals.push_back({failure.check, login, shown.sha, failure.digest});
    row->policy = PolicyCell(*row, shown.sha);
    approved_checks.insert(failure.check);
  }
  std::vector<std::string> checks(approved_checks.begin(), approved_checks.end());
  std::vector<std::string> layers;
  for (const Failure& failure : failures) {
    if (!Contains(layers, failure.layer)) layers.push_back(failure.layer);
  }
  session.dashboard().notes.push_back("✅ @" + login + " approved the policy check" +
                                      (checks.size() == 1 ? " " : "s ") + CodeList(checks) +
                                      " for the plans of " + CodeList(layers) + " at `" +
                                      ShortSha(shown.sha) + "`.");
  session.dashboard().updated = "updated by /approve_policies from @" + login;
  // What still stops an apply after this approval (checks it did not name), said rather
  // than implied away.
  std::vector<std::string> still;
  for (const LayerRow& row : session.dashboard().layers) {
    for (const PolicyResult* result : row.UnapprovedPolicies(shown.sha)) {
      still.push_back(row.name + ": " + result->check);
    }
  }
  session.Finish();
  std::string reply = "Approved " + CodeList(checks) + " for " + CodeList(layers) + " at `" +
                      ShortSha(shown.sha) + "`. A new push or a changed plan voids it.";
  reply += still.empty() ? " `/apply` can go ahead."
                         : " Still failed without an approval: " + CodeList(still) + ".";
  return Conclude(context, Conclusion::kSucceeded, reply);
}

}  // namespace infra_flash
