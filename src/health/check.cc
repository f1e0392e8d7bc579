// CheckHealth: expand, probe in one parallel round, classify.
#include <algorithm>

#include "health/health.h"
#include "health/redaction.h"

namespace infra_flash {
namespace {

std::string DisplayUrl(const std::string& url, const Masker& masker) {
  return masker.Mask(RedactUrl(url));
}

std::vector<Result<ExpandedUrl>> ExpandAll(const std::vector<HealthCheck>& checks,
                                           const EnvironmentLookup& environment) {
  std::vector<Result<ExpandedUrl>> urls;
  for (const HealthCheck& check : checks) urls.push_back(ExpandUrlTemplate(check.url, environment));
  return urls;
}

HealthReport Pending(const std::vector<HealthCheck>& checks,
                     const std::vector<Result<ExpandedUrl>>& urls, const Masker& masker) {
  HealthReport report;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    ServiceHealth row;
    row.layer = checks[i].layer;
    row.name = checks[i].name;
    if (urls[i].ok()) {
      row.url = DisplayUrl(urls[i]->display, masker);
      row.detail = "testing…";
    } else {
      // The template itself is shown: it names the missing variable and holds no value.
      row.url = DisplayUrl(checks[i].url, masker);
      row.state = HealthState::kNotChecked;
      row.detail = urls[i].error().message;
    }
    report.services.push_back(std::move(row));
  }
  return report;
}

void Record(ServiceHealth& row, const ProbeOutcome& outcome, const HealthCheck& check,
            const ProbeOptions& options, const Masker& masker) {
  const Classification verdict = ClassifyProbe(outcome, check.expect, options.timeout);
  row.state = verdict.state;
  row.status = outcome.failure == ProbeFailure::kNone ? outcome.status : 0;
  row.detail = masker.Mask(verdict.detail);
  row.elapsed = outcome.elapsed;
}

}  // namespace

int HealthReport::Count(Availability availability) const {
  return static_cast<int>(std::count_if(
      services.begin(), services.end(),
      [&](const ServiceHealth& s) { return LegendOf(s.state).availability == availability; }));
}

int HealthReport::Count(HealthState state) const {
  return static_cast<int>(std::count_if(services.begin(), services.end(),
                                        [&](const ServiceHealth& s) { return s.state == state; }));
}

bool HealthReport::AllUp() const {
  return Count(Availability::kUp) == static_cast<int>(services.size());
}

HealthReport PendingHealthReport(const std::vector<HealthCheck>& checks,
                                 const EnvironmentLookup& environment, const Masker& masker) {
  return Pending(checks, ExpandAll(checks, environment), masker);
}

HealthReport CheckHealth(const std::vector<HealthCheck>& checks, Prober& prober,
                         const ProbeOptions& options, const EnvironmentLookup& environment,
                         const Masker& masker, const Clock& clock) {
  const auto start = clock.Now();
  const std::vector<Result<ExpandedUrl>> expanded = ExpandAll(checks, environment);
  HealthReport report = Pending(checks, expanded, masker);
  report.options = options;
  std::vector<std::string> urls;
  std::vector<std::size_t> rows;  // the report row of each probed URL
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (!expanded[i].ok()) continue;
    urls.push_back(expanded[i]->url);
    rows.push_back(i);
  }
  const std::vector<ProbeOutcome> outcomes = prober.ProbeAll(urls, options);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    ProbeOutcome outcome = k < outcomes.size() ? outcomes[k] : ProbeOutcome{};
    if (k >= outcomes.size()) {  // never leave a row on ⏳
      outcome.failure = ProbeFailure::kOther;
      outcome.failure_detail = "the prober returned no result";
    }
    Record(report.services[rows[k]], outcome, checks[rows[k]], options, masker);
  }
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now() - start);
  return report;
}

}  // namespace infra_flash
