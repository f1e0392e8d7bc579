// env_knob: the environment variables that tune infra-flash's waits
// (INFRA_FLASH_HTTP_TIMEOUT_MS, INFRA_FLASH_HEALTH_TIMEOUT_MS, ...), for slow installations
// and for tests. A knob is optional: unset or empty means the caller's default.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "common/result.h"

namespace infra_flash {

// The whole number of milliseconds in the variable `name`: nullopt when it is unset or
// empty. A value that is not a plain decimal number from `min` to `max` is an Error
// ("NAME=`value` is not a number of milliseconds from MIN to MAX"), never a guess: the
// caller logs it and keeps its default.
Result<std::optional<std::chrono::milliseconds>> MillisecondsKnob(std::string_view name,
                                                                  std::chrono::milliseconds min,
                                                                  std::chrono::milliseconds max);

}  // namespace infra_flash
