#include "session/drift_issue.h"

#include <algorithm>

#include "common/strings.h"
#include "report/markdown.h"
#include "status/drift.h"

namespace infra_flash {
namespace {

constexpr char kMarker[] = "<!-- infra-flash:drift -->";
constexpr char kTitle[] = "Drift: the infrastructure differs from the code";
// The body stays well under GitHub's 65,536 characters: each layer's excerpt is bounded,
// and excerpts stop once the body is this long (the table always shows every layer).
constexpr std::size_t kExcerptChars = 2'000;
constexpr std::size_t kExcerptLines = 30;
constexpr std::size_t kBodyBudget = 60'000;

std::string StatusCell(const LayerResult& layer) {
  std::string cell;
  switch (layer.outcome) {
    case Outcome::kNoChanges:
    case Outcome::kSucceeded:
      cell = "✅ in sync";
      break;
    case Outcome::kDrift:
    case Outcome::kHasChanges:
      cell = "⚠️ drift";
      break;
    case Outcome::kTimedOut:
      cell = "❌ timed out";
      break;
    case Outcome::kSkipped:
      cell = "⏭️ not scanned";
      break;
    case Outcome::kCancelled:
      cell = "⛔ cancelled";
      break;
    case Outcome::kFailed:
      cell = "❌ error";
      break;
  }
  if (!layer.reason.empty())
    cell += ": " + MarkdownTextWithCode(layer.reason, CodeContext::kTableCell);
  return cell;
}

std::string EnvironmentOf(const DriftScan& scan, const std::string& name) {
  const Layer* layer = scan.config != nullptr ? scan.config->FindLayer(name) : nullptr;
  if (layer != nullptr && !layer->environment.empty()) return layer->environment;
  return scan.environment;
}

// What a reader needs of a drifted layer's plan: the resources it would change and its
// "Plan:" line; else the end of the output (an error says why at the end).
std::string Excerpt(const LayerResult& layer) {
  std::string output;
  for (const StepResult& step : layer.steps) {
    if (step.name == "plan" || step.name == "verify") output = step.output;
  }
  if (output.empty() && !layer.steps.empty()) output = layer.steps.back().output;
  std::vector<std::string_view> lines = SplitLines(output);
  std::vector<std::string_view> kept;
  for (std::string_view line : lines) {
    const std::string_view trimmed = Trim(line);
    if (trimmed.starts_with("# ") || trimmed.starts_with("Plan:") ||
        trimmed.starts_with("Changes to Outputs") || trimmed.starts_with("Error")) {
      kept.push_back(line);
    }
  }
  if (kept.empty()) {
    const std::size_t from = lines.size() > 15 ? lines.size() - 15 : 0;
    kept.assign(lines.begin() + static_cast<std::ptrdiff_t>(from), lines.end());
  }
  std::string text;
  std::size_t count = 0;
  for (std::string_view line : kept) {
    if (++count > kExcerptLines || text.size() + line.size() > kExcerptChars) {
      text += "… (" + std::to_string(kept.size() - count + 1) + " more lines in the run's log)\n";
      break;
    }
    text += std::string(line) + "\n";
  }
  return text;
}

}  // namespace

std::string DriftTable(const DriftScan& scan) {
  std::string out = "| Layer | Environment | Status |\n|:--|:--|:--|\n";
  for (const LayerResult& layer : scan.result->layers) {
    out += "| " + MarkdownCodeSpan(layer.layer, CodeContext::kTableCell) + " | " +
           MarkdownCodeSpan(EnvironmentOf(scan, layer.layer), CodeContext::kTableCell) + " | " +
           StatusCell(layer) + " |\n";
  }
  return out;
}

std::string DriftIssueBody(const DriftScan& scan) {
  const DriftCounts counts = CountDrift(*scan.result);
  std::string body = std::string(kMarker) + "\n";
  if (counts.drifted == 0 && counts.errors == 0) {
    body += "## ✅ In sync: every layer matches the code\n\n";
  } else {
    body += "## ⚠️ " + std::to_string(counts.drifted) + " of " + std::to_string(counts.total) +
            " layers drifted";
    if (counts.errors > 0) {
      body += ", " + std::to_string(counts.errors) + " could not be scanned";
    }
    body += "\n\n";
  }
  std::string where =
      scan.branch.empty() ? std::string("the scanned checkout") : MarkdownCodeSpan(scan.branch);
  if (!scan.commit.empty()) where += " at " + MarkdownCodeSpan(ShortSha(scan.commit, 7));
  body +=
      "A drift scan (`plan -detailed-exitcode`, no state lock, nothing applied) compared the "
      "real infrastructure with " +
      where + (scan.when.empty() ? "" : " on " + MarkdownText(scan.when)) +
      (scan.run_url.empty() ? "" : " ([run](" + scan.run_url + "))") +
      ". infra-flash updates this issue after every scan and closes it when a scan finds "
      "every layer in sync.\n\n";
  body += DriftTable(scan);
  body +=
      "\nTo see a drifted layer's changes, plan it (`infra-flash plan LAYER`, or `/plan "
      "LAYER` on a pull request); to bring it back, apply the code or change the code to "
      "match.\n";
  for (const LayerResult& layer : scan.result->layers) {
    if (!IsDrift(layer.outcome) && !IsScanError(layer.outcome)) continue;
    const std::string excerpt = Excerpt(layer);
    if (excerpt.empty()) continue;
    std::string section = "\n<details><summary>" + HtmlText(layer.layer) + ": " +
                          (IsDrift(layer.outcome) ? "what differs" : "what failed") +
                          "</summary>\n\n" + MarkdownFence(DefuseCommentMarkers(excerpt)) +
                          "\n</details>\n";
    if (body.size() + section.size() > kBodyBudget) {
      body += "\n(More plan excerpts are in the run's log.)\n";
      break;
    }
    body += section;
  }
  return body;
}

Result<DriftIssueUpdate> KeepDriftIssue(IssuesApi& issues, const std::string& author,
                                        const DriftScan& scan) {
  Result<std::vector<Issue>> open = issues.ListOpenIssues(kDriftLabel);
  if (!open.ok()) return open.error();
  const Issue* report = nullptr;
  for (const Issue& issue : *open) {
    if (issue.body.rfind(kMarker, 0) != 0) continue;  // not a report infra-flash wrote
    if (!author.empty() && issue.user_login != author) continue;
    report = &issue;  // the oldest one
    break;
  }
  const DriftCounts counts = CountDrift(*scan.result);
  const bool clean = counts.drifted == 0 && counts.errors == 0;
  DriftIssueUpdate update;
  const std::string body = DriftIssueBody(scan);
  if (report == nullptr) {
    if (clean) return update;  // nothing to report, nothing open
    Result<Issue> created = issues.CreateIssue({kTitle, body, {kDriftLabel}});
    if (!created.ok()) return created.error();
    update.action = DriftIssueUpdate::Action::kOpened;
    update.number = created->number;
    update.url = created->html_url;
    return update;
  }
  update.number = report->number;
  update.url = report->html_url;
  if (clean) {
    std::string comment = "✅ The drift scan of " +
                          (scan.commit.empty() ? std::string("the default branch")
                                               : MarkdownCodeSpan(ShortSha(scan.commit, 7))) +
                          " found every layer in sync" +
                          (scan.run_url.empty() ? "" : " ([run](" + scan.run_url + "))") +
                          ". Closing; the next scan that finds drift opens a new issue.";
    Result<IssueComment> said = issues.CreateIssueComment(report->number, comment);
    if (!said.ok()) return said.error();
    Result<Issue> closed = issues.UpdateIssue(report->number, body, "closed");
    if (!closed.ok()) return closed.error();
    update.action = DriftIssueUpdate::Action::kClosed;
    return update;
  }
  Result<Issue> updated = issues.UpdateIssue(report->number, body, "");
  if (!updated.ok()) return updated.error();
  update.action = DriftIssueUpdate::Action::kUpdated;
  return update;
}

}  // namespace infra_flash
