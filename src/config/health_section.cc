// `health:`: services probed by `/health`.
#include "config/section_support.h"
#include "config/sections.h"

namespace infra_flash {
namespace {

Status ParseHealthLayer(LoadContext& context, const std::string& path, const YamlNode& value,
                        HealthCheck& check) {
  Result<std::string> name = ReadText(context.file, path, value, "a layer name");
  if (!name.ok()) return name.error();
  check.layer = std::move(*name);
  context.marks.health_layers.push_back({check.layer, &value});
  return Ok();
}

Status ParseHealthName(LoadContext& context, const std::string& path, const YamlNode& value,
                       HealthCheck& check) {
  Result<std::string> name = ReadText(context.file, path, value, "a display name");
  if (!name.ok()) return name.error();
  check.name = std::move(*name);
  return Ok();
}

Status ParseHealthUrl(LoadContext& context, const std::string& path, const YamlNode& value,
                      HealthCheck& check) {
  Result<std::string> url = ReadHttpUrl(context, path, value);
  if (!url.ok()) return url.error();
  check.url = std::move(*url);
  return Ok();
}

Status ParseHealthExpect(LoadContext& context, const std::string& path, const YamlNode& value,
                         HealthCheck& check) {
  INFRA_FLASH_TRY(ExpectList(context.file, path, value, "a list of HTTP status codes"));
  for (std::size_t i = 0; i < value.items.size(); ++i) {
    Result<std::int64_t> code = ReadInt(context.file, Index(path, i), *value.items[i], 100, 599);
    if (!code.ok()) return code.error();
    check.expect.push_back(static_cast<int>(*code));
  }
  return Ok();
}

constexpr std::array<Field<HealthCheck>, 4> kHealthFields = {{
    {{"layer", "the layer this service belongs to"}, ParseHealthLayer},
    {{"name", "the service's name in the health table", KeyPresence::kRequired}, ParseHealthName},
    {{"url", "the URL probed with GET, http:// or https://", KeyPresence::kRequired},
     ParseHealthUrl},
    {{"expect", "HTTP status codes that mean healthy (default: any 2xx)"}, ParseHealthExpect},
}};

}  // namespace

Status ParseHealth(LoadContext& context, const std::string& path, const YamlNode& value,
                   Config& config) {
  INFRA_FLASH_TRY(ExpectList(context.file, path, value, "a list of health checks"));
  for (std::size_t i = 0; i < value.items.size(); ++i) {
    const YamlNode& item = *value.items[i];
    std::string item_path = Index(path, i);
    INFRA_FLASH_TRY(ExpectMap(context.file, item_path, item, "a map with `name` and `url`"));
    HealthCheck check;
    INFRA_FLASH_TRY(ParseFields(context, item_path, item, item, kHealthFields, check));
    config.health.push_back(std::move(check));
  }
  return Ok();
}

std::vector<ConfigKey> HealthCheckKeys() { return KeysOf(kHealthFields); }

}  // namespace infra_flash
