// common/heap: the process heap in transparent huge pages where the kernel allows it.
//
// Every first touch of a 4 KB heap page is a page fault, and on the virtual machines CI
// runners are, one costs about 10 µs: a decision over 500 layers touches some 400 of them,
// 4 ms of its 25. In a region advised MADV_HUGEPAGE (honoured in the kernel's default
// `madvise` mode), one fault maps 2 MB. This is what glibc's `glibc.malloc.hugetlb=1`
// tunable does, which a program cannot set for itself.
#pragma once

namespace infra_flash {

// Whether the heap is glibc's brk heap, which PrepareHeap works on: false in sanitizer
// builds, whose allocators keep their own.
bool HeapIsGlibcs();

// Grows the heap by a few MB once and advises its 2 MB-aligned part MADV_HUGEPAGE. Call it
// first in main(), before threads start. Best effort: where the kernel has transparent huge
// pages off, or the heap is not glibc's (HeapIsGlibcs), it changes nothing.
void PrepareHeap();

}  // namespace infra_flash
