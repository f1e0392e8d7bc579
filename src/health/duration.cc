#include "health/duration.h"

namespace infra_flash {

std::string HumanDuration(std::chrono::milliseconds duration) {
  const long long millis = duration.count();
  if (millis < 1000) return std::to_string(millis) + " ms";
  if (millis % 1000 == 0) return std::to_string(millis / 1000) + " s";
  return std::to_string(millis / 1000) + "." + std::to_string(millis % 1000 / 100) + " s";
}

}  // namespace infra_flash
