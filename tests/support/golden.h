// Golden files: rendered markdown compared with tests/golden/NAME. Regenerate them
// with INFRA_FLASH_UPDATE_GOLDEN=1 (then review the diff like any other change).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace infra_flash {

inline void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(INFRA_FLASH_SOURCE_DIR) + "/tests/golden/" + name;
  const char* update = std::getenv("INFRA_FLASH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path
                         << " is missing; run with INFRA_FLASH_UPDATE_GOLDEN=1 to create it";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "rendering differs from " << path
      << "; if the change is intended, rerun with INFRA_FLASH_UPDATE_GOLDEN=1 and review the diff";
}

}  // namespace infra_flash
