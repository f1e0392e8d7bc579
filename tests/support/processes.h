// Live processes as tests see them through /proc (Linux): finding the one to signal,
// and checking that nothing was left running. Only our own processes can be read.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace infra_flash::testing {

// Whether `pid` still runs. A zombie (finished, waiting to be reaped) does not.
bool Alive(pid_t pid);

// The live processes whose environment holds `needle` (e.g. "SIM_STATE_DIR=/tmp/x").
std::vector<pid_t> ProcessesWithEnvironment(const std::string& needle);

// The live process running the executable `binary` (a path, e.g. BinaryUnderTest())
// whose environment holds `needle`; 0 when there is none.
pid_t FindProcess(const std::string& binary, const std::string& needle);

// `pid`'s command line, its arguments separated by NUL bytes; "" once it is gone.
std::string CommandLineOf(pid_t pid);

}  // namespace infra_flash::testing
