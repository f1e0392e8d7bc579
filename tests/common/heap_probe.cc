// Started by heap_test.cc. Calls PrepareHeap first, as main() does, then makes and writes
// 1 MB of small allocations, and prints what /proc/self/smaps says of its [heap]
// mappings: "advised" when one carries MADV_HUGEPAGE (VmFlags "hg"), and the kB of huge
// pages they hold ("huge_kb N").
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "common/heap.h"

int main() {
  infra_flash::PrepareHeap();
  std::vector<std::string> many;
  for (int i = 0; i < 4000; ++i) many.emplace_back(256, static_cast<char>('a' + i % 26));
  std::ifstream smaps("/proc/self/smaps");
  bool in_heap = false;
  bool advised = false;
  long huge_kb = 0;
  for (std::string line; std::getline(smaps, line);) {
    const bool mapping = !line.empty() && line.find(':') > line.find(' ');
    if (mapping) {
      in_heap = line.find("[heap]") != std::string::npos;
    } else if (in_heap && line.rfind("VmFlags:", 0) == 0) {
      advised = advised || line.find(" hg") != std::string::npos;
    } else if (in_heap && line.rfind("AnonHugePages:", 0) == 0) {
      huge_kb += std::stol(line.substr(14));
    }
  }
  std::cout << (advised ? "advised" : "not advised") << "\nhuge_kb " << huge_kb << "\n";
  return many.size() == 4000 ? 0 : 1;
}
