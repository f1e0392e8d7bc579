// duration: how the health table words a time span: "42 ms", "5 s", "1.2 s".
#pragma once

#include <chrono>
#include <string>

namespace infra_flash {

// Under a second in milliseconds; whole seconds without decimals; otherwise seconds
// with one decimal, truncated (1,290 ms is "1.2 s").
std::string HumanDuration(std::chrono::milliseconds duration);

}  // namespace infra_flash
