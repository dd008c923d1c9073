#ifndef _LINUX_BOOT_ALLOCATOR_H
#define _LINUX_BOOT_ALLOCATOR_H

#include <linux/bootmem.h>
#include <linux/memblock.h>
#include <linux/string.h>

/*
 * Which boot allocator runs, chosen on the command line of one image:
 * boot_allocator=bootmem (the default: the book's, Linux 2.4) or
 * boot_allocator=memblock (Linux since 2.6.37 on x86).  The architecture's
 * set-up and hand-over pick their path by it; everything else that takes
 * boot memory -- page tables, mem_map, the early reservations -- asks
 * through the calls below (mm/boot_allocator.c), so it neither knows nor
 * cares which allocator answers.  Linux 2.6.37-4.19 did the same at build
 * time: with CONFIG_NO_BOOTMEM, mm/nobootmem.c served the bootmem calls
 * from memblock.
 */
enum boot_allocator_kind {
	BOOT_ALLOCATOR_BOOTMEM,
	BOOT_ALLOCATOR_MEMBLOCK,
};

extern enum boot_allocator_kind boot_allocator;

static inline bool using_memblock(void)
{
	return boot_allocator == BOOT_ALLOCATOR_MEMBLOCK;
}

const char *boot_allocator_name(void);

/*
 * Allocate from the boot allocator: __bootmem_alloc_nid()'s arguments and
 * flags (linux/bootmem.h).  No room is a panic naming the caller, except
 * with BOOTMEM_EXACT_NID (NULL).  Inline, so each allocator is called from
 * the caller's own code and the caller its messages name is the real one.
 *
 * The callers speak bootmem: min_addr is 2.4's goal, a preference inside
 * the node -- __alloc_bootmem_node() searches the node from the goal, then
 * from its start, and only then other nodes.  memblock_alloc_try_nid()
 * takes min_addr as a bound across all nodes, dropped last, and would put
 * a node's mem_map on another node before below 16 MiB on its own.  So,
 * as Linux's mm/nobootmem.c served bootmem's calls from memblock, a node's
 * request goes to memblock_alloc_exact_nid_raw() first (the node, from
 * min_addr, then from its start), then to any node.
 */
void boot_alloc_made(void *ptr, unsigned long size);
__noreturn void boot_alloc_failed(unsigned long size, unsigned long align, int nid,
				  u64 max_addr, unsigned long caller);

static __always_inline void *boot_memblock_alloc(unsigned long size, unsigned long align,
						 phys_addr_t min_addr, phys_addr_t max, int nid,
						 unsigned int flags)
{
	void *ptr = NULL;

	if (nid != NUMA_NO_NODE) {
		ptr = memblock_alloc_exact_nid_raw(size, align, min_addr, max, nid);
		if (ptr && !(flags & BOOTMEM_RAW))
			memset(ptr, 0, size);
	}
	if (ptr || (flags & BOOTMEM_EXACT_NID))
		return ptr;
	if (flags & BOOTMEM_RAW)
		return memblock_alloc_try_nid_raw(size, align, min_addr, max, NUMA_NO_NODE);
	return memblock_alloc_try_nid(size, align, min_addr, max, NUMA_NO_NODE);
}

static __always_inline void *boot_alloc_nid(unsigned long size, unsigned long align,
					    phys_addr_t min_addr, u64 max_addr, int nid,
					    unsigned int flags)
{
	void *ptr;

	if (using_memblock())
		ptr = boot_memblock_alloc(size, align, min_addr, (phys_addr_t)max_addr, nid, flags);
	else
		ptr = __bootmem_alloc_nid(size, align, min_addr, max_addr, nid, flags);
	if (!ptr && !(flags & BOOTMEM_EXACT_NID))
		boot_alloc_failed(size, align, nid, max_addr, _THIS_IP_);
	boot_alloc_made(ptr, size);
	return ptr;
}

#define boot_alloc_try_nid(size, align, min_addr, max_addr, nid) \
	boot_alloc_nid((size), (align), (min_addr), (max_addr), (nid), 0)
#define boot_alloc_try_nid_raw(size, align, min_addr, max_addr, nid) \
	boot_alloc_nid((size), (align), (min_addr), (max_addr), (nid), BOOTMEM_RAW)
#define boot_alloc_exact_nid_raw(size, align, min_addr, max_addr, nid) \
	boot_alloc_nid((size), (align), (min_addr), (max_addr), (nid), \
		       BOOTMEM_RAW | BOOTMEM_EXACT_NID)

/* The allocation just made stays for good, for the reason why (mm/reservations.c). */
void *boot_name_alloc(void *ptr, unsigned long size, const char *why);
/* The whole pages of [addr, addr + size) stay reserved, for the reason why. */
void boot_name_range(phys_addr_t addr, unsigned long size, const char *why);

/*
 * Reserve [addr, addr + size); why names it (NULL: the allocator's own
 * memory, given back).  bootmem reserves whole pages, memblock bytes; the
 * name covers the whole pages either way, as bootmem rounds outward.
 */
static __always_inline void boot_reserve(phys_addr_t addr, unsigned long size, const char *why)
{
	if (!using_memblock() && why)
		reserve_bootmem_named(addr, size, why);
	else if (!using_memblock())
		reserve_bootmem(addr, size);
	else
		memblock_reserve(addr, size);
	if (using_memblock() && why)
		boot_name_range(addr, size, why);
}

/* Give back what was reserved and not named. */
static __always_inline void boot_free(phys_addr_t addr, unsigned long size)
{
	if (using_memblock())
		memblock_phys_free(addr, size);
	else
		free_bootmem(addr, size);
}
/* Is the page at pfn reserved, or not the allocator's to hand out? */
bool boot_page_reserved(unsigned long pfn);
/* The most whole pages of low memory one allocation can still take. */
unsigned long boot_largest_free_run(void);
/* Whole pages of a range the allocator held, to the buddy allocator once it has retired. */
void boot_free_late(phys_addr_t addr, unsigned long size);

#endif
