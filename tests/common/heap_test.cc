// PrepareHeap: malloc keeps working around the break it moves, and in a process that calls
// it first (as main() does), the heap beyond the break is advised for huge pages where the
// kernel offers them.
#include "common/heap.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace infra_flash {
namespace {

std::string ReadAll(const char* path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Here, in a process whose heap is already in use: whatever PrepareHeap manages, every
// allocation after it works, from tiny to past the mmap threshold, freed out of order.
TEST(PrepareHeap, MallocWorksAroundIt) {
  PrepareHeap();
  std::vector<char*> blocks;
  for (std::size_t size = 1; size < (1u << 22); size = size * 3 + 1) {
    char* block = static_cast<char*>(std::malloc(size));
    ASSERT_NE(block, nullptr);
    std::memset(block, static_cast<int>(size & 0x7f), size);
    blocks.push_back(block);
  }
  for (std::size_t i = 0, size = 1; i < blocks.size(); ++i, size = size * 3 + 1) {
    EXPECT_EQ(blocks[i][size - 1], static_cast<char>(size & 0x7f));
  }
  for (std::size_t i = 0; i < blocks.size(); i += 2) std::free(blocks[i]);
  for (std::size_t i = 1; i < blocks.size(); i += 2) std::free(blocks[i]);
}

// In a process of its own that calls it first (tests/common/heap_probe.cc).
TEST(PrepareHeap, AdvisesTheHeapOfAProcessThatCallsItFirst) {
  if (!HeapIsGlibcs()) GTEST_SKIP() << "a sanitizer's allocator is not on the brk heap";
  const std::string mode = ReadAll("/sys/kernel/mm/transparent_hugepage/enabled");
  if (mode.find("[madvise]") == std::string::npos && mode.find("[always]") == std::string::npos) {
    GTEST_SKIP() << "transparent huge pages are off here: " << mode;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> probe(popen(HEAP_PROBE, "r"), pclose);
  ASSERT_NE(probe, nullptr);
  std::string out;
  std::array<char, 256> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), probe.get()) != nullptr) out += buffer.data();
  EXPECT_EQ(pclose(probe.release()), 0) << out;
  // The advice is deterministic; whether the kernel found a free huge page to back it is
  // not (memory may be fragmented), so the size is only reported.
  EXPECT_EQ(out.rfind("advised\n", 0), 0u) << out;
  std::cout << "heap_probe: " << out;
}

}  // namespace
}  // namespace infra_flash
