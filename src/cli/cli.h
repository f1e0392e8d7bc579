// cli: the subcommands of the infra-flash binary. One table (kCommands in
// commands.cc) drives dispatch, `infra-flash --help` and `infra-flash CMD --help`.
#pragma once

#include <string>
#include <vector>

namespace infra_flash::cli {

// Runs the binary with its arguments (argv[0] excluded) and returns the exit status:
// 0 success, 1 the requested work failed, 2 unusable input or usage error.
int Main(const std::vector<std::string>& args);

}  // namespace infra_flash::cli
