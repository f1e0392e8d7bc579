// PrepareHeap: malloc keeps working around the moved break, and where the kernel offers
// transparent huge pages, the heap's region beyond it carries the advice.
#include "common/heap.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace infra_flash {
namespace {

std::string ReadAll(const char* path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The VmFlags lines of the process's [heap] mappings.
std::vector<std::string> HeapFlags() {
  std::ifstream smaps("/proc/self/smaps");
  std::vector<std::string> flags;
  bool in_heap = false;
  for (std::string line; std::getline(smaps, line);) {
    if (line.find('-') != std::string::npos && line.find(':') == std::string::npos) continue;
    if (line.size() > 10 && line.find(" rw-p ") != std::string::npos) {
      in_heap = line.find("[heap]") != std::string::npos;
      continue;
    }
    if (in_heap && line.rfind("VmFlags:", 0) == 0) flags.push_back(line);
  }
  return flags;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

TEST(PrepareHeap, MallocWorksAroundItAndTheHeapIsAdvised) {
  PrepareHeap();
  // Sizes from tiny to past the mmap threshold, written and checked, freed out of order.
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

  if (kSanitized) GTEST_SKIP() << "a sanitizer's allocator is not on the brk heap";
  const std::string mode = ReadAll("/sys/kernel/mm/transparent_hugepage/enabled");
  if (mode.find("[madvise]") == std::string::npos) {
    GTEST_SKIP() << "transparent huge pages are not in `madvise` mode here: " << mode;
  }
  bool advised = false;
  for (const std::string& flags : HeapFlags()) advised |= flags.find(" hg") != std::string::npos;
  EXPECT_TRUE(advised) << "no [heap] mapping has the MADV_HUGEPAGE flag (hg)";
}

}  // namespace
}  // namespace infra_flash
