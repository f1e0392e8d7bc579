#include "common/heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace infra_flash {

namespace {

// Sanitizers bring their own allocator, which is not on the brk heap.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kOwnAllocator = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
constexpr bool kOwnAllocator = true;
#else
constexpr bool kOwnAllocator = false;
#endif
#else
constexpr bool kOwnAllocator = false;
#endif

}  // namespace

bool HeapIsGlibcs() { return !kOwnAllocator; }

void PrepareHeap() {
  if (kOwnAllocator) return;
  constexpr std::uintptr_t kHugePage = 2u << 20;
  constexpr std::uintptr_t kPage = 4096;
  constexpr std::size_t kPad = 8u << 20;
  constexpr std::size_t kMmapThreshold = 4u << 20;
  // From now on the heap grows by, and is trimmed back to, kPad beyond what is in use: the
  // region advised below stays the heap's for a run's life.
  if (mallopt(M_TOP_PAD, static_cast<int>(kPad)) != 1) return;
  // Blocks up to 4 MB (a changed-files list, a config, a JSON document) come from the heap
  // too, instead of a mapping of their own whose every page faults.
  (void)mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold));
  // A huge page is only mapped at the first touch of a 2 MB range none of whose pages is
  // mapped yet, so nothing may write into the region before it is advised. malloc writes
  // a chunk header wherever its free space starts; all of that must stay below `first`.
  // 1. Use up the free space at the heap's top, so that the next request makes it grow.
  //    In pieces under the mmap threshold (128 KB), which mmap would serve instead.
  constexpr std::size_t kPiece = 96u << 10;
  void* held[256];
  int count = 0;
  for (std::size_t top = mallinfo2().keepcost; top > 4096 && count < 40;
       top = mallinfo2().keepcost) {
    held[count] = std::malloc(std::min(top - 64, kPiece));
    if (held[count] == nullptr) break;
    ++count;
  }
  // 2. Move the break to one page before a 2 MB boundary: malloc takes a break it did not
  //    set as the start of its next growth, and writes its headers in that one page.
  char* const end = static_cast<char*>(sbrk(0));
  const std::uintptr_t first =
      (reinterpret_cast<std::uintptr_t>(end) + kPage + kHugePage - 1) & ~(kHugePage - 1);
  const auto release = [&] {
    for (int i = 0; i < count; ++i) std::free(held[i]);
  };
  if (end == reinterpret_cast<char*>(-1) ||
      sbrk(static_cast<std::intptr_t>(first - kPage - reinterpret_cast<std::uintptr_t>(end))) ==
          reinterpret_cast<void*>(-1)) {
    release();
    return;
  }
  // 3. Small requests: the first that free space left below cannot serve grows the heap
  //    by kPad, and it and the new top's header fit in the page before `first`.
  const char* const moved = static_cast<char*>(sbrk(0));
  while (count < 256 && static_cast<char*>(sbrk(0)) == moved) {
    held[count] = std::malloc(3000);
    if (held[count] == nullptr) break;
    ++count;
  }
  release();
  // 4. Advise what lies beyond `first`. Advised after the growth: a brk growth beyond an
  //    advised region starts a new mapping without the advice.
  const std::uintptr_t last = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(kHugePage - 1);
  if (last > first) {
    (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);  // best effort
  }
}

}  // namespace infra_flash
