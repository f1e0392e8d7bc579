#include "common/env_knob.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

namespace infra_flash {
namespace {

using std::chrono::milliseconds;

constexpr char kVariable[] = "INFRA_FLASH_TEST_KNOB_MS";

struct KnobCase {
  const char* name;
  const char* value;  // nullptr: unset
  bool ok;
  std::optional<milliseconds> expected;
};

TEST(MillisecondsKnob, Table) {
  const KnobCase cases[] = {
      {"unset", nullptr, true, std::nullopt},
      {"empty", "", true, std::nullopt},
      {"in range", "2500", true, milliseconds(2500)},
      {"the lower bound", "100", true, milliseconds(100)},
      {"the upper bound", "5000", true, milliseconds(5000)},
      {"below", "99", false, std::nullopt},
      {"above", "5001", false, std::nullopt},
      {"negative", "-1", false, std::nullopt},
      {"a unit", "250ms", false, std::nullopt},
      {"not a number", "fast", false, std::nullopt},
      {"past any integer", "99999999999999999999999", false, std::nullopt},
  };
  for (const KnobCase& c : cases) {
    if (c.value == nullptr) {
      ::unsetenv(kVariable);
    } else {
      ::setenv(kVariable, c.value, 1);
    }
    Result<std::optional<milliseconds>> knob =
        MillisecondsKnob(kVariable, milliseconds(100), milliseconds(5000));
    ASSERT_EQ(knob.ok(), c.ok) << c.name;
    if (c.ok) {
      EXPECT_EQ(*knob, c.expected) << c.name;
      continue;
    }
    EXPECT_EQ(knob.error().message, std::string(kVariable) + "=`" + c.value +
                                        "` is not a number of milliseconds from 100 to 5000")
        << c.name;
  }
  ::unsetenv(kVariable);
}

}  // namespace
}  // namespace infra_flash
