#include "health/render.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "health/duration.h"
#include "report/markdown.h"

namespace infra_flash {
namespace {

constexpr std::string_view kConfigHint =
    "No services to probe: add a `health:` list to `.infra-flash.yml`, e.g.\n\n"
    "```yaml\nhealth:\n  - { layer: platform, name: Vault, url: "
    "\"https://vault.${BASE_DOMAIN}/v1/sys/health\", expect: [200, 429] }\n```\n";

std::string Plural(int count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

std::string Heading(const HealthReport& report) {
  const int total = static_cast<int>(report.services.size());
  const int down = report.Count(Availability::kDown);
  const int not_checked = report.Count(HealthState::kNotChecked);
  const int pending = report.Count(HealthState::kPending);
  std::string title;
  if (total == 0) {
    title = "No services configured";
  } else if (pending > 0) {
    title = "⏳ Testing " + Plural(pending, "service", "services") + "…";
  } else if (down == 0 && not_checked == 0) {
    title = "✅ All systems operational";
  } else if (down == 0) {
    title = "⚙️ " + std::to_string(not_checked) + " of " +
            Plural(total, "service", "services") + " not checked";
  } else {
    title = "❌ " + std::to_string(down) + " of " + Plural(total, "service", "services") + " down";
    if (not_checked > 0) title += ", " + std::to_string(not_checked) + " not checked";
  }
  return "## 🩺 Health: " + title + "\n";
}

// The host (and port) a service's URL names: what a reader recognises in a table, without
// the path, the query or credentials (already redacted to ***).
std::string DomainOf(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  const std::size_t at = url.rfind('@');
  if (at != std::string_view::npos) url.remove_prefix(at + 1);
  return std::string(url);
}

std::string Row(const ServiceHealth& service) {
  const StateLegend& legend = LegendOf(service.state);
  const std::string layer = service.layer.empty() ? "—" : MarkdownText(service.layer);
  const bool timed =
      service.state != HealthState::kPending && service.state != HealthState::kNotChecked;
  return "| " + layer + " | " + MarkdownText(service.name) + " | " +
         MarkdownCodeSpan(DomainOf(service.url), CodeContext::kTableCell) + " | " +
         std::string(legend.emoji) + " " +
         MarkdownTextWithCode(service.detail, CodeContext::kTableCell) +
         (timed ? " · " + HumanDuration(service.elapsed) : "") + " |\n";
}

std::string Legend() {
  std::string out;
  std::string_view last_emoji;
  for (const StateLegend& entry : HealthLegend()) {
    if (entry.state == HealthState::kPending) continue;
    if (entry.emoji == last_emoji) {  // ❔ covers two states: one legend entry
      out += " / " + std::string(entry.meaning);
      continue;
    }
    out += (out.empty() ? "" : " · ") + std::string(entry.emoji) + " " + std::string(entry.meaning);
    last_emoji = entry.emoji;
  }
  return out;
}

std::string Footer(const HealthReport& report) {
  std::string out = "\n<sub>" + Legend();
  if (report.Count(HealthState::kPending) == 0) {
    const int probed =
        static_cast<int>(report.services.size()) - report.Count(HealthState::kNotChecked);
    out += "<br>Probed " + Plural(probed, "service", "services") + " in " +
           HumanDuration(report.elapsed) + ", at most " +
           std::to_string(report.options.max_concurrency) + " at a time, " +
           HumanDuration(report.options.timeout) + " timeout each; redirects are not followed.";
  }
  return out + "</sub>\n";
}

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void WriteService(Writer& out, const ServiceHealth& service) {
  const StateLegend& legend = LegendOf(service.state);
  out.StartObject();
  out.Key("layer");
  out.String(service.layer);
  out.Key("name");
  out.String(service.name);
  out.Key("url");
  out.String(service.url);
  out.Key("state");
  out.String(legend.name.data(), static_cast<rapidjson::SizeType>(legend.name.size()));
  out.Key("emoji");
  out.String(legend.emoji.data(), static_cast<rapidjson::SizeType>(legend.emoji.size()));
  out.Key("status");
  if (service.status > 0) {
    out.Int(service.status);
  } else {
    out.Null();
  }
  out.Key("detail");
  out.String(service.detail);
  out.Key("elapsed_ms");
  out.Int64(service.elapsed.count());
  out.EndObject();
}

}  // namespace

std::string RenderHealthMarkdown(const HealthReport& report) {
  std::string out = std::string(kHealthMarker) + "\n" + Heading(report);
  if (report.services.empty()) return out + "\n" + std::string(kConfigHint);
  // The seed design's layout: the verdict above, the table open below it.
  const int total = static_cast<int>(report.services.size());
  out += "\n<details open><summary>Results: " + std::to_string(report.Count(Availability::kUp)) +
         "/" + std::to_string(total) + " healthy</summary>\n\n";
  out += "| Layer | Service | Domain | Status |\n|:--|:--|:--|:--|\n";
  for (const ServiceHealth& service : report.services) out += Row(service);
  return out + "\n</details>\n" + Footer(report);
}

std::string RenderHealthJson(const HealthReport& report) {
  rapidjson::StringBuffer buffer;
  Writer out(buffer);
  out.SetIndent(' ', 2);
  out.StartObject();
  out.Key("healthy");
  out.Bool(report.AllUp());
  out.Key("total");
  out.Int(static_cast<int>(report.services.size()));
  out.Key("up");
  out.Int(report.Count(Availability::kUp));
  out.Key("down");
  out.Int(report.Count(Availability::kDown));
  out.Key("not_checked");
  out.Int(report.Count(HealthState::kNotChecked));
  out.Key("elapsed_ms");
  out.Int64(report.elapsed.count());
  out.Key("services");
  out.StartArray();
  for (const ServiceHealth& service : report.services) WriteService(out, service);
  out.EndArray();
  out.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace infra_flash
