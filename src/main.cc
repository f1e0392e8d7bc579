// infra-flash: a thin entry point over the cli module.
#include <string>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return infra_flash::cli::Main(args);
}
