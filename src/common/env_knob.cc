#include "common/env_knob.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace infra_flash {

Result<std::optional<std::chrono::milliseconds>> MillisecondsKnob(std::string_view name,
                                                                  std::chrono::milliseconds min,
                                                                  std::chrono::milliseconds max) {
  const char* text = std::getenv(std::string(name).c_str());
  if (text == nullptr || *text == '\0') return std::optional<std::chrono::milliseconds>();
  const std::string_view value(text);
  std::int64_t number = -1;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size() || number < min.count() ||
      number > max.count()) {
    return Error{std::string(name) + "=`" + std::string(value) +
                 "` is not a number of milliseconds from " + std::to_string(min.count()) + " to " +
                 std::to_string(max.count())};
  }
  return std::optional<std::chrono::milliseconds>(std::chrono::milliseconds(number));
}

}  // namespace infra_flash
