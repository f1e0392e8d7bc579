// The local commands: `infra-flash plan|apply|verify|ci [LAYER…]` in a checkout, in
// the `dev` environment unless told otherwise. They find .infra-flash.yml (walking up
// from the current directory), pick the layers (named ones, those changed since a git
// ref, or all) with their dependents, run the same step sequences as the action, with
// a live view on a terminal and a summary at the end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace infra_flash::cli {

// Runs `verb` ("plan", "apply", "verify" or "ci") with its arguments (the verb
// excluded). Exit status: 0 everything succeeded (plans with changes included);
// 1 a layer failed, was skipped or cancelled, or a required tool is missing;
// 2 usage errors and unusable input (bad flags, unknown layer, invalid config), and
// for verify: drift found and nothing failed.
int RunLocalCommand(std::string_view verb, const std::vector<std::string>& args);

// The --help text of `verb`.
std::string LocalCommandUsage(std::string_view verb);

}  // namespace infra_flash::cli
