// infra-flash: a thin entry point over the cli module.
#include <csignal>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "common/heap.h"

int main(int argc, char** argv) {
  infra_flash::PrepareHeap();
  // A closed stdout (`infra-flash explain | head`) must be a write error we report,
  // not a silent death by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  return infra_flash::cli::Main(args);
}
