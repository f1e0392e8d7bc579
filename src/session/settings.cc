#include "session/settings.h"

#include "common/env_knob.h"

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

void Read(const char* name, milliseconds min, milliseconds max, std::optional<milliseconds>& into,
          std::vector<std::string>& problems) {
  Result<std::optional<milliseconds>> knob = MillisecondsKnob(name, min, max);
  if (knob.ok()) {
    into = *knob;
  } else {
    problems.push_back(knob.error().message + "; the default is used");
  }
}

}  // namespace

Knobs ReadKnobs() {
  Knobs knobs;
  Read("INFRA_FLASH_HTTP_TIMEOUT_MS", milliseconds(1'000), milliseconds(600'000),
       knobs.http_timeout, knobs.problems);
  Read("INFRA_FLASH_HEALTH_TIMEOUT_MS", milliseconds(100), milliseconds(120'000),
       knobs.health_timeout, knobs.problems);
  Read("INFRA_FLASH_DEPLOY_BACKOFF_MS", milliseconds(0), milliseconds(60'000), knobs.deploy_backoff,
       knobs.problems);
  return knobs;
}

}  // namespace infra_flash
