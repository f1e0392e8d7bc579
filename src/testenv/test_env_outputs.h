// test_env_outputs: what a test environment offers reviewers (a URL, a name), read
// from the engine's `output -json` ({"NAME": {"value": V, "type": T, "sensitive": B}})
// and turned into one line for the dashboard. Sensitive outputs are never shown: only
// their name with "(sensitive)". Internal to flow/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/mask.h"
#include "common/result.h"
#include "run/interrupt.h"
#include "run/steps.h"

namespace infra_flash {

struct TestEnvOutput {
  std::string name;
  std::string value;  // a string as it is; anything else as compact JSON
  bool sensitive = false;
};

// The outputs in the order the JSON lists them. Errors: text that is not a JSON object;
// an entry without a `value` is skipped, one whose `sensitive` is not `false` counts as
// sensitive.
Result<std::vector<TestEnvOutput>> ParseTestEnvOutputs(std::string_view json_text);

// "url = https://pr-7.example.test · token = (sensitive)": values masked by `masker` and
// cut to a readable length, at most a handful of outputs ("… 3 more"); "" for none.
std::string FormatTestEnvOutputs(const std::vector<TestEnvOutput>& outputs, const Masker& masker);

// Runs `ENGINE output -json` in the directory and with the variables of `like` (a built-in
// step of the layer in the test environment, whose argv[0] is the engine), so it reads the
// state that step's init chose. Errors say why, in one line: it could not start, failed
// (with the end of its stderr, masked), timed out, was interrupted, or printed no JSON.
Result<std::vector<TestEnvOutput>> ReadTestEnvOutputs(const PlannedStep& like, int timeout_seconds,
                                                      const Masker& masker,
                                                      InterruptSignals* interrupts);

}  // namespace infra_flash
