#ifndef _LINUX_MEMBLOCK_H
#define _LINUX_MEMBLOCK_H

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/numa.h>

/*
 * memblock, the boot allocator that replaced bootmem (x86 in 2.6.37;
 * bootmem deleted in 4.20): two sorted arrays of physical ranges, the
 * memory there is and the memory reserved, free being the first less the
 * second.  Names and rules are Linux 6.1's include/linux/memblock.h and
 * mm/memblock.c; where this one departs, docs/departures.md says so.
 * Selected at boot with boot_allocator=memblock (mm/boot_allocator.c).
 */
#define INIT_MEMBLOCK_REGIONS		128
#define INIT_MEMBLOCK_RESERVED_REGIONS	INIT_MEMBLOCK_REGIONS

enum memblock_flags {
	MEMBLOCK_NONE		= 0x0,	/* no special request */
	MEMBLOCK_HOTPLUG	= 0x1,	/* hotpluggable region (never set here) */
	MEMBLOCK_MIRROR		= 0x2,	/* mirrored region (never set here) */
	MEMBLOCK_NOMAP		= 0x4,	/* not in the direct mapping (never set here) */
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;		/* MAX_NUMNODES: none set yet, as Linux's memblock_add() */
};

struct memblock_type {
	unsigned long cnt;		/* regions in use; an empty array holds one of size 0 */
	unsigned long max;		/* size of the allocated array */
	phys_addr_t total_size;		/* bytes of all regions */
	struct memblock_region *regions;
	const char *name;		/* "memory" or "reserved" */
};

struct memblock {
	bool bottom_up;			/* allocate upward (memblock=bottomup) */
	phys_addr_t current_limit;	/* MEMBLOCK_ALLOC_ACCESSIBLE means below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;
extern bool memblock_debug;	/* memblock=debug: memblock_dbg() prints each call */

#define MEMBLOCK_ALLOC_ANYWHERE		(~(phys_addr_t)0)
#define MEMBLOCK_ALLOC_ACCESSIBLE	0
#define MEMBLOCK_LOW_LIMIT		0
#define PHYS_ADDR_MAX			(~(phys_addr_t)0)

/*
 * Set-up: an empty memblock, its arrays the static INIT_MEMBLOCK_REGIONS
 * ones (a host test starts each case with it; the kernel once, in
 * setup_memblock_allocator()).
 */
void memblock_reset(void);
/* From here the arrays may grow (memblock_double_array()): every early reservation is in. */
void memblock_allow_resize(void);

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags);
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
/* Give back a reserved range; not reserved is misuse: a panic naming the caller. */
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
void memblock_free(void *ptr, size_t size);
int memblock_set_node(phys_addr_t base, phys_addr_t size, struct memblock_type *type, int nid);

void memblock_set_bottom_up(bool enable);
bool memblock_bottom_up(void);
void memblock_set_current_limit(phys_addr_t limit);
phys_addr_t memblock_get_current_limit(void);

/*
 * Allocation (Linux 6.1): the highest (or, bottom-up, the lowest) free
 * range of size bytes aligned to align in [start, end), reserved.
 * _phys_alloc_range: 0 when there is none.  _alloc_try_nid: node nid
 * first, then any node; min_addr dropped if nothing is found above it;
 * max_addr MEMBLOCK_ALLOC_ACCESSIBLE means current_limit; zeroed, NULL
 * when there is no room (the caller decides whether that is fatal).
 * _raw: not zeroed.  _exact_nid_raw: node nid only.  Any of them after
 * memblock_free_all() is misuse: a panic naming the caller.
 */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
			     phys_addr_t max_addr, int nid);
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				 phys_addr_t max_addr, int nid);
void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				   phys_addr_t max_addr, int nid);

static inline void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
void memblock_dump_all(void);

/*
 * Iteration (Linux's __next_mem_range()): the ranges of type_a, less
 * those of type_b when given, of node nid (NUMA_NO_NODE: all), in address
 * order.  *idx starts at 0 and is ULLONG_MAX once done.
 */
void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags,
		      struct memblock_type *type_a, struct memblock_type *type_b,
		      phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid);
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
			  struct memblock_type *type_a, struct memblock_type *type_b,
			  phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid);

#define __for_each_mem_range(i, type_a, type_b, nid, flags, p_start, p_end, p_nid)	\
	for (i = 0, __next_mem_range(&i, nid, flags, type_a, type_b,			\
				     p_start, p_end, p_nid);				\
	     i != (u64)ULLONG_MAX;							\
	     __next_mem_range(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

#define __for_each_mem_range_rev(i, type_a, type_b, nid, flags, p_start, p_end, p_nid)	\
	for (i = (u64)ULLONG_MAX, __next_mem_range_rev(&i, nid, flags, type_a, type_b,	\
						       p_start, p_end, p_nid);		\
	     i != (u64)ULLONG_MAX;							\
	     __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

/* Every memory range. */
#define for_each_mem_range(i, p_start, p_end) \
	__for_each_mem_range(i, &memblock.memory, NULL, NUMA_NO_NODE, MEMBLOCK_NONE, \
			     p_start, p_end, NULL)

/* Every free range: memory less reserved. */
#define for_each_free_mem_range(i, nid, flags, p_start, p_end, p_nid) \
	__for_each_mem_range(i, &memblock.memory, &memblock.reserved, nid, flags, \
			     p_start, p_end, p_nid)

#define for_each_free_mem_range_reverse(i, nid, flags, p_start, p_end, p_nid) \
	__for_each_mem_range_rev(i, &memblock.memory, &memblock.reserved, nid, flags, \
				 p_start, p_end, p_nid)

#define for_each_memblock_type(i, memblock_type, rgn)			\
	for (i = 0, rgn = &memblock_type->regions[0];			\
	     i < memblock_type->cnt;					\
	     i++, rgn = &memblock_type->regions[i])

#define for_each_mem_region(region)					\
	for (region = memblock.memory.regions;				\
	     region < (memblock.memory.regions + memblock.memory.cnt);	\
	     region++)

#define for_each_reserved_mem_region(region)				\
	for (region = memblock.reserved.regions;			\
	     region < (memblock.reserved.regions + memblock.reserved.cnt); \
	     region++)

/*
 * The hand-over (Linux 6.1, mm/memblock.c): every free page below
 * max_low_pfn to the buddy allocator, the reserved ones' struct pages
 * written reserved; the pages freed.  After it memblock refuses every
 * allocation.  memblock_free_late(): a range memblock held reserved,
 * straight to the buddy allocator once it has gone.  memblock_discard():
 * the arrays memblock_double_array() grew, given back (x86 does not keep
 * memblock after boot: no CONFIG_ARCH_KEEP_MEMBLOCK).
 */
unsigned long memblock_free_all(void);
void memblock_free_late(phys_addr_t base, phys_addr_t size);
unsigned long memblock_discard(void);
bool memblock_retired(void);

#endif
