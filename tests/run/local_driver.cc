// A stand-in for `infra-flash VERB ...` while the binary's command table does not
// dispatch the local commands yet: the end-to-end tests run this when it does not.
#include <string>
#include <vector>

#include "cli/local.h"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::vector<std::string> args(argv + 2, argv + argc);
  return infra_flash::cli::RunLocalCommand(argv[1], args);
}
