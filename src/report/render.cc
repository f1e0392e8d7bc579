#include "report/render.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "report/budget.h"
#include "report/comment_body.h"
#include "report/markdown.h"
#include "report/state.h"

namespace infra_flash {
namespace {

struct LayerColumn {
  Stage stage;
  const char* title;
};
constexpr LayerColumn kLayerColumns[] = {
    {Stage::kFormat, "Format"}, {Stage::kLint, "Lint"},     {Stage::kValidate, "Validate"},
    {Stage::kPlan, "Plan"},     {Stage::kPolicy, "Policy"}, {Stage::kApply, "Apply"},
};

struct CheckTitle {
  CheckKind kind;
  const char* title;
};
constexpr CheckTitle kCheckTitles[] = {
    {CheckKind::kReview, "Review"},
    {CheckKind::kE2e, "E2E"},
    {CheckKind::kHealth, "Health"},
    {CheckKind::kTestEnv, "Test env"},
};

// Text fields that are not ours are capped so no single one can eat the budget.
constexpr std::size_t kMaxFieldBytes = 500;
constexpr std::size_t kMaxCommitLineBytes = 100;
constexpr std::size_t kMaxNotes = 20;
constexpr std::size_t kMaxChecks = 50;
// A check's output (an e2e tail) is for a glance; the job log has all of it.
constexpr std::size_t kMaxCheckDetailBytes = 4096;
// A policy check's failure lines, per check and target; the step summary has the same.
constexpr std::size_t kMaxPolicyOutputBytes = 2048;
constexpr std::size_t kMaxStatePolicyOutputBytes = 512;
// Below this share per plan, showing a plan is not worth it: it is left out.
constexpr std::size_t kMinimumPlanShare = 400;
// What the hidden state keeps of the plans, for the next job on the same commit to show
// (a /health, a partial /apply): at most 4 KB of each, 8 KB in all, cut from the middle.
constexpr std::size_t kMaxStatePlanBytes = 4096;
constexpr std::size_t kStatePlansBytes = 8192;

const char* CheckTitleOf(CheckKind kind) {
  for (const CheckTitle& entry : kCheckTitles) {
    if (entry.kind == kind) return entry.title;
  }
  return "Check";
}

std::string Capped(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, Utf8PrefixLength(text, limit))) + "…";
}

std::string Masked(const Masker* masker, std::string_view text) {
  return masker != nullptr ? masker->Mask(text) : MaskCredentialShapes(text);
}

std::string FormatDuration(std::int64_t milliseconds) {
  const std::int64_t seconds = (milliseconds + 500) / 1000;
  if (seconds < 60) return std::to_string(seconds) + "s";
  if (seconds < 3600)
    return std::to_string(seconds / 60) + "m " + std::to_string(seconds % 60) + "s";
  return std::to_string(seconds / 3600) + "h " + std::to_string(seconds / 60 % 60) + "m";
}

// Sum of the known stage durations of a layer; -1 when none is known.
std::int64_t LayerDuration(const LayerRow& layer) {
  std::int64_t total = -1;
  for (const LayerColumn& column : kLayerColumns) {
    const std::int64_t duration = layer.Cell(column.stage).duration_ms;
    if (duration >= 0) total = std::max<std::int64_t>(total, 0) + duration;
  }
  return total;
}

bool AnyDuration(const Dashboard& dashboard) {
  return std::any_of(dashboard.layers.begin(), dashboard.layers.end(),
                     [](const LayerRow& layer) { return LayerDuration(layer) >= 0; });
}

std::string CellText(const StageCell& cell) {
  std::string text(StageSymbol(cell.status));
  if (!cell.note.empty()) text += " " + MarkdownText(cell.note);
  return text;
}

// Only links we can vouch for: http(s), nothing that could close the markdown link.
std::optional<std::string> SafeUrl(std::string_view url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return std::nullopt;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' ||
        c == '"' || c == '\\' || c == '`') {
      return std::nullopt;
    }
  }
  return std::string(url);
}

// A URL that can be a link's destination inside a table cell: SafeUrl, ASCII only (no
// bidi tricks, no "…" of a cut value), and nothing that could end the link text or split
// the cell; a masked URL ("***") stays text.
std::optional<std::string> CellSafeUrl(std::string_view url) {
  for (char c : url) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
  }
  if (url.find_first_of("[]|*") != std::string_view::npos) return std::nullopt;
  return SafeUrl(url);
}

// MarkdownText in which each whitespace-separated http(s) URL that CellSafeUrl accepts
// becomes a link (its text escaped as any other); everything else stays text.
std::string TextWithLinks(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (auto url = CellSafeUrl(word)) {
      out += "[" + MarkdownText(word) + "](" + *url + ")";
    } else {
      out += MarkdownText(word);
    }
    if (end < text.size()) out += ' ';
    start = end + 1;
  }
  return out;
}

std::string CheckCellText(const CheckRow& check) {
  if (check.kind != CheckKind::kTestEnv || check.cell.note.empty()) return CellText(check.cell);
  return std::string(StageSymbol(check.cell.status)) + " " + TextWithLinks(check.cell.note);
}

// The dashboard ready to render: every free-text field masked and capped; the plans
// by reference (they can be megabytes: only what is kept of them is ever copied).
struct Prepared {
  Dashboard dashboard;                   // plan_text left empty
  std::vector<std::string_view> plans;   // the caller's plan text, per layer
  std::vector<std::string> state_plans;  // what the hidden state keeps of each (comments only)
};

Prepared Prepare(const Dashboard& in, const Masker* masker, Surface surface) {
  Prepared prepared;
  Dashboard& out = prepared.dashboard;
  const auto clean = [&](const std::string& text) {
    return Capped(Masked(masker, text), kMaxFieldBytes);
  };
  out.branch = clean(in.branch);
  out.sha = clean(in.sha);
  out.commit_message = Capped(Masked(masker, FirstLine(in.commit_message)), kMaxCommitLineBytes);
  out.next_step = {clean(in.next_step.command), clean(in.next_step.text)};
  out.run_url = in.run_url;
  out.updated = clean(in.updated);
  for (const std::string& note : in.notes) {
    if (out.notes.size() == kMaxNotes) break;
    out.notes.push_back(clean(note));
  }
  for (const CheckRow& check : in.checks) {
    if (out.checks.size() == kMaxChecks) break;
    CheckRow row = check;
    row.name = clean(check.name);
    row.cell.note = clean(check.cell.note);
    row.detail =
        Masked(masker, CutHead(check.detail, kMaxCheckDetailBytes, "the job log has all of it"));
    out.checks.push_back(std::move(row));
  }
  out.layers.reserve(in.layers.size());
  for (const LayerRow& layer : in.layers) {
    LayerRow row;
    row.name = clean(layer.name);
    for (const LayerColumn& column : kLayerColumns) {
      row.Cell(column.stage) = layer.Cell(column.stage);
      row.Cell(column.stage).note = clean(layer.Cell(column.stage).note);
    }
    row.plan_summary = clean(layer.plan_summary);
    row.plan_digest = clean(layer.plan_digest);
    row.lock_holder = clean(layer.lock_holder);
    row.applied_by = clean(layer.applied_by);
    row.applied_sha = clean(layer.applied_sha);
    row.plan_source_sha = clean(layer.plan_source_sha);
    for (const PolicyResult& result : layer.policies) {
      row.policies.push_back({clean(result.check), result.status,
                              Masked(masker, CutHead(result.output, kMaxPolicyOutputBytes,
                                                     "the job log has all of it"))});
    }
    for (const PolicyApproval& approval : layer.policy_approvals) {
      row.policy_approvals.push_back(
          {clean(approval.check), clean(approval.by), clean(approval.sha), clean(approval.digest)});
    }
    out.layers.push_back(std::move(row));
    // Plan text was masked when it was captured; the rendering is masked once more
    // as a whole, and its comment markers are defused in MarkdownFence.
    prepared.plans.push_back(layer.plan_text);
  }
  if (surface != Surface::kComment) return prepared;  // only a comment carries the state
  std::vector<std::size_t> sizes;
  for (std::string_view plan : prepared.plans) {
    sizes.push_back(std::min(plan.size(), kMaxStatePlanBytes));
  }
  const std::vector<std::size_t> shares = ShareBudget(sizes, kStatePlansBytes);
  for (std::size_t i = 0; i < prepared.plans.size(); ++i) {
    prepared.state_plans.push_back(
        CutMiddle(prepared.plans[i], shares[i], "the full plan is in the run's summary"));
  }
  return prepared;
}

enum class PlanDetails {
  kShown,    // the plans, cut to share the budget
  kLeftOut,  // each plan's <details> says it did not fit
  kNone,     // no <details> at all (rows are being cut too)
};
enum class StateBlock { kIncluded, kDropped };

struct Layout {
  PlanDetails details = PlanDetails::kShown;
  StateBlock state = StateBlock::kIncluded;
  bool state_plans = false;  // the state keeps the plans' excerpts (Prepared::state_plans)
  std::size_t max_rows = std::numeric_limits<std::size_t>::max();
  std::vector<std::string> plans;  // the (cut) text per layer
};

void RenderHeader(const Dashboard& dashboard, std::string& out) {
  out += "## ⚡ infra-flash";
  if (!dashboard.branch.empty()) out += " | " + MarkdownCodeSpan(dashboard.branch);
  out += "\n";
  if (!dashboard.sha.empty()) {
    out += "Commit " + MarkdownCodeSpan(ShortSha(dashboard.sha));
    if (!dashboard.commit_message.empty()) out += " — " + MarkdownText(dashboard.commit_message);
    out += "\n";
  }
  out += "\n";
}

// The Lint column is there when a layer lints, the Policy column when a check covers a
// layer (its cell is more than a bare "—"): a dashboard without either keeps the four
// columns it always had.
bool ShowsColumn(const Dashboard& dashboard, Stage stage) {
  if (stage != Stage::kLint && stage != Stage::kPolicy) return true;
  return std::any_of(dashboard.layers.begin(), dashboard.layers.end(), [&](const LayerRow& layer) {
    const StageCell& cell = layer.Cell(stage);
    return cell.status != StageStatus::kNotRun || !cell.note.empty();
  });
}

void RenderLayerTable(const Dashboard& dashboard, std::size_t max_rows, std::string& out) {
  if (dashboard.layers.empty()) {
    out += "_No layers are affected by this change._\n\n";
    return;
  }
  std::vector<LayerColumn> columns;
  for (const LayerColumn& column : kLayerColumns) {
    if (ShowsColumn(dashboard, column.stage)) columns.push_back(column);
  }
  const bool timed = AnyDuration(dashboard);
  out += "| Layer |";
  for (const LayerColumn& column : columns) out += std::string(" ") + column.title + " |";
  out += timed ? " Time |\n|:--|" : "\n|:--|";
  for (std::size_t i = 0; i < columns.size(); ++i) out += ":-:|";
  out += timed ? "--:|\n" : "\n";
  const std::size_t shown = std::min(max_rows, dashboard.layers.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const LayerRow& layer = dashboard.layers[i];
    out +=
        "| **L" + std::to_string(i + 1) + "** " + MarkdownText(ShownLayerName(layer.name)) + " |";
    for (const LayerColumn& column : columns) {
      out += " " + CellText(layer.Cell(column.stage)) + " |";
    }
    if (timed) {
      const std::int64_t duration = LayerDuration(layer);
      out += " " + (duration >= 0 ? FormatDuration(duration) : std::string("—")) + " |";
    }
    out += "\n";
  }
  out += "\n";
}

// What a table cut to fit leaves out, counted by the plan's symbol (a skipped plan and a
// plan without changes both show ⏭️).
void RenderHiddenRows(const Dashboard& dashboard, std::size_t shown, std::string& out) {
  if (shown >= dashboard.layers.size()) return;
  std::vector<std::pair<std::string_view, std::size_t>> counts;  // in order of status
  for (int status = 0; status < kStageStatusCount; ++status) {
    const std::string_view symbol = StageSymbol(static_cast<StageStatus>(status));
    std::size_t count = 0;
    for (std::size_t i = shown; i < dashboard.layers.size(); ++i) {
      count += static_cast<int>(dashboard.layers[i].plan.status) == status;
    }
    auto same = std::find_if(counts.begin(), counts.end(),
                             [&](const auto& entry) { return entry.first == symbol; });
    if (same != counts.end()) {
      same->second += count;
    } else {
      counts.emplace_back(symbol, count);
    }
  }
  out += "_… and " + std::to_string(dashboard.layers.size() - shown) + " more layers (plans:";
  for (const auto& [symbol, count] : counts) {
    if (count != 0) out += " " + std::string(symbol) + " " + std::to_string(count);
  }
  out += "); the full table is in the run's summary._\n\n";
}

void RenderChecks(const Dashboard& dashboard, std::string& out) {
  if (dashboard.checks.empty()) return;
  out += "| Check | Status |\n|:--|:--|\n";
  for (const CheckRow& check : dashboard.checks) {
    out += std::string("| ") + CheckTitleOf(check.kind);
    if (!check.name.empty()) out += " " + MarkdownCodeSpan(check.name, CodeContext::kTableCell);
    out += " | " + CheckCellText(check) + " |\n";
  }
  out += "\n";
}

// The checks' output, collapsed; left out with the plans when rows are being cut.
void RenderCheckDetails(const Dashboard& dashboard, PlanDetails details, std::string& out) {
  if (details == PlanDetails::kNone) return;
  bool any = false;
  for (const CheckRow& check : dashboard.checks) {
    if (check.detail.empty()) continue;
    out += "<details><summary>" + std::string(StageSymbol(check.cell.status)) + " " +
           CheckTitleOf(check.kind);
    if (!check.name.empty()) out += " " + HtmlText(check.name);
    out += " output</summary>\n\n" + MarkdownFence(check.detail) + "\n</details>\n";
    any = true;
  }
  if (any) out += "\n";
}

// What failed each target's policy checks (or could not run), collapsed, with who approved
// it; left out with the plans when rows are being cut.
void RenderPolicyDetails(const Dashboard& dashboard, PlanDetails details, std::string& out) {
  if (details == PlanDetails::kNone) return;
  bool any = false;
  for (const LayerRow& layer : dashboard.layers) {
    std::vector<const PolicyResult*> failed;
    for (const PolicyResult& result : layer.policies) {
      if (result.status != StageStatus::kPassed) failed.push_back(&result);
    }
    if (failed.empty()) continue;
    out += "<details><summary>" + std::string(StageSymbol(layer.policy.status)) + " Policy " +
           HtmlText(ShownLayerName(layer.name)) + "</summary>\n\n";
    for (const PolicyResult* result : failed) {
      out += "**" + MarkdownText(result->check) + "** " +
             std::string(PolicyVerdictText(result->status));
      if (const PolicyApproval* approval = layer.ApprovalOf(result->check, dashboard.sha)) {
        out += ", approved by " + MarkdownText("@" + approval->by);  // shown, never a mention
      }
      out += "\n\n";
      if (!result->output.empty()) out += MarkdownFence(result->output) + "\n";
    }
    out += "</details>\n";
    any = true;
  }
  if (any) out += "\n";
}

std::size_t PlanCount(const Prepared& input) {
  return static_cast<std::size_t>(std::count_if(
      input.plans.begin(), input.plans.end(), [](std::string_view plan) { return !plan.empty(); }));
}

void RenderPlans(const Prepared& input, const Layout& layout, std::string& out) {
  if (layout.details == PlanDetails::kNone || PlanCount(input) == 0) return;
  for (std::size_t i = 0; i < input.dashboard.layers.size(); ++i) {
    const LayerRow& layer = input.dashboard.layers[i];
    if (input.plans[i].empty()) continue;
    out += "<details><summary>" + std::string(StageSymbol(layer.plan.status)) + " " +
           HtmlText(ShownLayerName(layer.name)) + " plan";
    if (!layer.plan_summary.empty()) out += ": " + HtmlText(layer.plan_summary);
    out += "</summary>\n\n";
    if (layout.details == PlanDetails::kShown) {
      out += MarkdownFence(layout.plans[i]);
    } else {
      out +=
          "_Left out: the comment has no room for it. The full plan is in the run's "
          "summary._\n";
    }
    out += "\n</details>\n";
  }
  out += "\n";
}

void RenderNotes(const Dashboard& dashboard, std::string& out) {
  for (const std::string& note : dashboard.notes)
    out += "> ⚠️ " + MarkdownTextWithCode(note) + "\n";
  if (!dashboard.notes.empty()) out += "\n";
}

void RenderNextStep(const Dashboard& dashboard, Surface surface, std::string& out) {
  const NextStep& step = dashboard.next_step;
  std::string line;
  if (!step.command.empty()) line = "👉 Comment " + MarkdownCodeSpan(step.command);
  // A job still running says what it waits for ("⏳ Waiting for plan…"), not what to do.
  const bool waiting = step.command.empty() && step.text.rfind("⏳", 0) == 0;
  if (!step.text.empty()) {
    line += (line.empty() ? (waiting ? "" : "👉 ") : " ") + MarkdownTextWithCode(step.text);
  }
  if (surface == Surface::kComment) {
    // Each marker on a line of its own: a line that starts with `<!--` is an HTML block to
    // CommonMark, and nothing in it would be markdown (the command's code span included).
    out +=
        std::string(kNextStepMarker) + "\n" + line + "\n" + std::string(kNextStepEndMarker) + "\n";
  } else if (!line.empty()) {
    out += line + "\n";
  }
}

void RenderFooter(const Dashboard& dashboard, Surface surface, std::string& out) {
  std::vector<std::string> parts;
  auto url = SafeUrl(dashboard.run_url);
  if (url && surface == Surface::kComment)
    parts.push_back("📄 [Full output](" + *url + ") in the run's summary");
  if (url && surface != Surface::kComment) parts.push_back("Run: " + *url);
  if (!dashboard.updated.empty()) parts.push_back(MarkdownText(dashboard.updated));
  if (parts.empty()) return;
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : " · ") + part;
  out += surface == Surface::kTerminal ? joined + "\n" : "\n<sub>" + joined + "</sub>\n";
}

std::string RenderWith(const Prepared& input, Surface surface, const Layout& layout) {
  const Dashboard& dashboard = input.dashboard;
  std::string out;
  if (surface == Surface::kComment) {
    out += std::string(kDashboardMarker) + "\n";
    // The seed design's per-commit marker, for tools that look for the dashboard of a
    // commit: only a SHA's hex digits ever go inside it.
    if (dashboard.sha.size() >= 7 &&
        dashboard.sha.find_first_not_of("0123456789abcdef") == std::string::npos) {
      out += "<!-- infra-dashboard:" + dashboard.sha.substr(0, 7) + " -->\n";
    }
  }
  RenderHeader(dashboard, out);
  RenderLayerTable(dashboard, layout.max_rows, out);
  RenderHiddenRows(dashboard, layout.max_rows, out);
  RenderChecks(dashboard, out);
  RenderCheckDetails(dashboard, layout.details, out);
  RenderPolicyDetails(dashboard, layout.details, out);
  RenderPlans(input, layout, out);
  RenderNotes(dashboard, out);
  if (layout.state == StateBlock::kDropped && surface == Surface::kComment) {
    out +=
        "> ⚠️ Too many layers to keep the hidden state in one comment: the next job plans "
        "again before it applies.\n\n";
  }
  RenderNextStep(dashboard, surface, out);
  RenderFooter(dashboard, surface, out);
  if (surface == Surface::kComment) {
    if (layout.state == StateBlock::kIncluded) {
      DashboardState state = StateOf(dashboard);
      for (std::size_t i = 0; layout.state_plans && i < state.layers.size(); ++i) {
        state.layers[i].plan_text = input.state_plans[i];
      }
      // The checks' failure lines travel like the plans' excerpts: shortened, and left out
      // with them when the comment runs out of room (the verdicts always stay).
      for (LayerRow& layer : state.layers) {
        for (PolicyResult& result : layer.policies) {
          result.output =
              layout.state_plans ? Capped(result.output, kMaxStatePolicyOutputBytes) : "";
        }
      }
      out += RenderStateBlock(state) + "\n";
    }
    out += std::string(kDashboardEndMarker) + "\n";
  }
  return out;
}

std::string_view WhereFull(Surface surface) {
  return surface == Surface::kComment ? "the full plan is in the run's summary"
                                      : "the full plan is in the job log";
}

// Cuts the plans to share `available` bytes.
std::vector<std::string> CutPlans(const Prepared& input, std::size_t available, Surface surface) {
  std::vector<std::size_t> sizes;
  for (std::string_view plan : input.plans) sizes.push_back(plan.size());
  const std::vector<std::size_t> shares = ShareBudget(sizes, available);
  std::vector<std::string> plans;
  for (std::size_t i = 0; i < input.plans.size(); ++i) {
    plans.push_back(CutMiddle(input.plans[i], shares[i], WhereFull(surface)));
  }
  return plans;
}

// The most table rows that fit in `limit` with `layout` otherwise as given; the
// rendering, or nullopt when not even the table's head fits.
std::optional<std::string> WithMostRows(const Prepared& input, Surface surface, std::size_t limit,
                                        Layout layout) {
  std::size_t low = 0;  // rows known to fit, once `best` is set
  std::size_t high = input.dashboard.layers.size();
  std::optional<std::string> best;
  while (low <= high) {
    layout.max_rows = low + (high - low) / 2;
    std::string out = RenderWith(input, surface, layout);
    if (out.size() <= limit) {
      best = std::move(out);
      low = layout.max_rows + 1;
    } else if (layout.max_rows == 0) {
      break;
    } else {
      high = layout.max_rows - 1;
    }
  }
  return best;
}

// The plans cut to share what the rest of `layout` leaves of `limit`; nullopt when
// that is too little to be worth showing.
std::optional<std::string> WithPlansCut(const Prepared& input, Surface surface, std::size_t limit,
                                        Layout layout) {
  layout.details = PlanDetails::kShown;
  layout.plans.assign(input.plans.size(), "");
  const std::size_t fixed = RenderWith(input, surface, layout).size();
  const std::size_t plan_count = PlanCount(input);
  if (fixed >= limit) return std::nullopt;
  if (plan_count > 0 && (limit - fixed) / plan_count < kMinimumPlanShare) return std::nullopt;
  std::size_t available = limit - fixed;
  // Fences may grow past the placeholder's and defused markers take 3 bytes more:
  // measure, and shrink the plans' budget by the overshoot until it fits.
  for (int round = 0; round < 4 && available > 0; ++round) {
    layout.plans = CutPlans(input, available, surface);
    std::string out = RenderWith(input, surface, layout);
    if (out.size() <= limit) return out;
    const std::size_t overshoot = out.size() - limit + 64 * (round + 1);
    available = available > overshoot ? available - overshoot : 0;
  }
  return std::nullopt;
}

// The dashboard within `limit` bytes. What gives way, in order: plan text (cut from
// the middle, shared fairly), then the plans' excerpts in the hidden state, then plans
// altogether, then table rows, and only then the hidden state (the next job plans again
// without it), with which the same steps are tried once more.
std::string RenderWithin(const Prepared& input, Surface surface, std::size_t limit) {
  Layout layout;
  layout.plans.assign(input.plans.size(), "");
  for (StateBlock state : {StateBlock::kIncluded, StateBlock::kDropped}) {
    layout.state = state;
    layout.state_plans =
        state == StateBlock::kIncluded && !input.state_plans.empty() && PlanCount(input) > 0;
    if (auto out = WithPlansCut(input, surface, limit, layout)) return *out;
    if (layout.state_plans) {
      layout.state_plans = false;
      if (auto out = WithPlansCut(input, surface, limit, layout)) return *out;
    }
    layout.details = PlanDetails::kLeftOut;
    std::string out = RenderWith(input, surface, layout);
    if (out.size() <= limit) return out;
    layout.details = PlanDetails::kNone;
    if (auto fitted = WithMostRows(input, surface, limit, layout)) return *fitted;
  }
  // Only the fixed head is left: a handful of capped fields.
  layout.max_rows = 0;
  return RenderWith(input, surface, layout);
}

}  // namespace

std::size_t RenderLimit(const RenderOptions& options) {
  if (options.max_bytes > 0) return options.max_bytes;
  switch (options.surface) {
    case Surface::kComment:
      return kCommentLimitBytes;
    case Surface::kStepSummary:
      return kStepSummaryLimitBytes;
    case Surface::kTerminal:
      return 0;
  }
  return kCommentLimitBytes;
}

std::string RenderDashboard(const Dashboard& dashboard, const RenderOptions& options) {
  const Prepared input = Prepare(dashboard, options.masker, options.surface);
  const std::size_t limit = RenderLimit(options);
  if (limit == 0) {
    Layout layout;
    layout.plans.assign(input.plans.begin(), input.plans.end());
    return Masked(options.masker, RenderWith(input, options.surface, layout));
  }
  const std::size_t room = limit > options.reserved_bytes ? limit - options.reserved_bytes : 0;
  // Masking nearly always shortens the text; a URL password of one or two characters
  // becomes "***", so measure after masking and make room if needed.
  std::size_t budget = room;
  std::string out = Masked(options.masker, RenderWithin(input, options.surface, budget));
  for (int round = 0; round < 3 && out.size() > room; ++round) {
    budget -= std::min(budget, out.size() - room + 256);
    out = Masked(options.masker, RenderWithin(input, options.surface, budget));
  }
  return out;
}

}  // namespace infra_flash
