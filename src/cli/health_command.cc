#include "cli/health_command.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "cli/flags.h"
#include "common/mask.h"
#include "config/config.h"
#include "health/health.h"
#include "health/render.h"

namespace infra_flash::cli {
namespace {

constexpr char kDefaultConfig[] = ".infra-flash.yml";
constexpr double kMaxTimeoutSeconds = 120;

const std::vector<FlagSpec>& HealthFlags() {
  static const std::vector<FlagSpec> flags = {
      {"config", FlagKind::kValue, "FILE", "config file (default: .infra-flash.yml)"},
      {"timeout", FlagKind::kValue, "SECONDS",
       "per-service timeout, connecting included (default: 5; at most 120)"},
      {"format", FlagKind::kValue, "FORMAT", "markdown (default) or json"},
  };
  return flags;
}

enum class Format { kMarkdown, kJson };

int Fail(const std::string& message) {
  std::fprintf(stderr, "infra-flash health: %s\n", message.c_str());
  return 2;
}

Result<std::chrono::milliseconds> ParseTimeout(const std::string& text) {
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0' || !std::isfinite(seconds) || seconds <= 0 ||
      seconds > kMaxTimeoutSeconds) {
    return Error{"--timeout wants a number of seconds above 0 and at most 120, not `" + text + "`"};
  }
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

Result<Format> ParseFormat(const std::string& text) {
  if (text == "markdown") return Format::kMarkdown;
  if (text == "json") return Format::kJson;
  return Error{"--format is `markdown` or `json`, not `" + text + "`"};
}

}  // namespace

std::string HealthUsage() {
  return "usage: infra-flash health [--config FILE] [--timeout SECONDS] [--format "
         "markdown|json]\n\n"
         "Probes every service of the config's `health:` list in parallel (GET, at most 8 at a\n"
         "time, redirects not followed) and prints the status table that `/health` posts.\n"
         "URLs may use ${VAR} from the environment; credentials in URLs are masked.\n"
         "Legend: ✅ healthy (a code in `expect`, default any 2xx) · 🔒 401/403 auth required\n"
         "(counts as up) · ❔ 404 or another unexpected answer · ⚠️ 503/429/525/526 "
         "unavailable\n"
         "or TLS · ❌ 502/504/5xx · ⛔ timeout, DNS, refused, TLS failure · ⚙️ not "
         "checked.\n"
         "Exit status: 0 all up, 1 any down or not checked, 2 usage or config error.\n\n"
         "flags:\n" +
         FlagsHelp(HealthFlags());
}

int RunHealth(const std::vector<std::string>& args) {
  Result<ParsedFlags> flags = ParseFlags(args, HealthFlags(), "health");
  if (!flags.ok()) return Fail(flags.error().message);
  if (flags->help) {
    std::fputs(HealthUsage().c_str(), stdout);
    return 0;
  }
  if (!flags->positional.empty()) return Fail("unexpected argument `" + flags->positional[0] + "`");
  Result<std::chrono::milliseconds> timeout = ParseTimeout(flags->Value("timeout", "5"));
  if (!timeout.ok()) return Fail(timeout.error().message);
  Result<Format> format = ParseFormat(flags->Value("format", "markdown"));
  if (!format.ok()) return Fail(format.error().message);
  Result<Config> config = LoadConfig(flags->Value("config", kDefaultConfig));
  if (!config.ok()) return Fail(config.error().ToString());

  Masker masker;
  masker.AddSecretsFromEnvironment(config->run.mask_env);
  ProbeOptions options;
  options.timeout = *timeout;
  CurlProber prober;
  const HealthReport report =
      CheckHealth(config->health, prober, options, ProcessEnvironment(), masker, SystemClock());
  const std::string text =
      *format == Format::kJson ? RenderHealthJson(report) : RenderHealthMarkdown(report);
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
  return report.AllUp() ? 0 : 1;
}

}  // namespace infra_flash::cli
