// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memblock, the boot allocator x86 took in 2.6.37 in place of bootmem:
 * two sorted arrays of physical ranges, "memory" (what there is) and
 * "reserved" (what is in use), free memory being the first less the
 * second.  Written after Linux 6.1's mm/memblock.c, whose order and names
 * this file keeps so the two can be read side by side; where it departs,
 * the comment says so and docs/departures.md lists it.
 *
 * Everything is __init: x86 does not keep memblock after boot (no
 * CONFIG_ARCH_KEEP_MEMBLOCK), and free_initmem() gives this code and its
 * static arrays to the buddy allocator.  The hand-over itself
 * (memblock_free_all() and friends) is not here.
 *
 * Misuse is never silent: a call after the hand-over, a free of memory
 * that is not reserved, an array that cannot grow or an alignment that is
 * not a power of two names the caller and stops the kernel.
 */
#include <linux/bootmem.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/string.h>
#include <asm/cache.h>
#include <asm/page.h>
#include "internal.h"

static struct memblock_region memblock_memory_init_regions[INIT_MEMBLOCK_REGIONS] __initdata;
static struct memblock_region
	memblock_reserved_init_regions[INIT_MEMBLOCK_RESERVED_REGIONS] __initdata;

struct memblock memblock __initdata = {
	.memory.regions		= memblock_memory_init_regions,
	.memory.cnt		= 1,	/* empty dummy entry */
	.memory.max		= INIT_MEMBLOCK_REGIONS,
	.memory.name		= "memory",

	.reserved.regions	= memblock_reserved_init_regions,
	.reserved.cnt		= 1,	/* empty dummy entry */
	.reserved.max		= INIT_MEMBLOCK_RESERVED_REGIONS,
	.reserved.name		= "reserved",

	.bottom_up		= false,
	.current_limit		= MEMBLOCK_ALLOC_ANYWHERE,
};

bool memblock_debug __initdata;

/* Set by memblock_mark_retired() at the hand-over; every later call is misuse. */
static bool memblock_is_retired __initdata;
/*
 * Linux's memblock_can_resize: no array may grow until every early
 * reservation is in (memblock_allow_resize()), or the grown array could
 * land on memory in use that memblock does not know of yet.
 */
static bool memblock_can_resize __initdata;

/* memblock=bottomup/topdown, kept so memblock_reset() at set-up honours it. */
static bool memblock_bottom_up_cmdline __initdata;

#define memblock_dbg(fmt, ...)						\
	do {								\
		if (memblock_debug)					\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)

/*
 * Linux's memblock_set_region_node(): x86-32 here is always NUMA-capable
 * (MAX_NUMNODES 8), so every region carries its node.
 */
static inline void memblock_set_region_node(struct memblock_region *r, int nid)
{
	r->nid = nid;
}

static inline int memblock_get_region_node(const struct memblock_region *r)
{
	return r->nid;
}

/*
 * The one check Linux lacks: after memblock_free_all() its arrays are
 * being handed to the buddy allocator (and, with free_initmem(), this
 * code too), so any use names its caller instead of corrupting memory.
 */
static void __init memblock_check_alive(const char *fn, unsigned long caller)
{
	if (unlikely(memblock_is_retired))
		panic("memblock: %s() called after memblock_free_all(), from %pS", fn,
		      (void *)caller);
}

void __init memblock_mark_retired(void)
{
	memblock_is_retired = true;
}

bool __init memblock_retired(void)
{
	return memblock_is_retired;
}

/*
 * Back to the state of a kernel that has not yet called memblock: the
 * static arrays, empty.  Arrays memblock_double_array() allocated are
 * forgotten, not freed: their memory was memblock's own.
 */
void __init memblock_reset(void)
{
	static const struct memblock_region empty = { .nid = MAX_NUMNODES };

	memblock_memory_init_regions[0] = empty;
	memblock_reserved_init_regions[0] = empty;
	memblock.memory.regions = memblock_memory_init_regions;
	memblock.memory.cnt = 1;
	memblock.memory.max = INIT_MEMBLOCK_REGIONS;
	memblock.memory.total_size = 0;
	memblock.reserved.regions = memblock_reserved_init_regions;
	memblock.reserved.cnt = 1;
	memblock.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS;
	memblock.reserved.total_size = 0;
	memblock.bottom_up = memblock_bottom_up_cmdline;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_is_retired = false;
	memblock_can_resize = false;
}

void __init memblock_allow_resize(void)
{
	memblock_can_resize = true;
}

/*
 * adjust *@size so that (@base + *@size) doesn't overflow, return new size:
 * without PAE phys_addr_t is 32 bits and a range reaching 4 GiB would wrap.
 */
static inline phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	return *size = min(*size, PHYS_ADDR_MAX - base);
}

static bool __init memblock_addrs_overlap(phys_addr_t base1, phys_addr_t size1,
					  phys_addr_t base2, phys_addr_t size2)
{
	return base1 < base2 + size2 && base2 < base1 + size1;
}

static bool __init memblock_overlaps_region(struct memblock_type *type,
					    phys_addr_t base, phys_addr_t size)
{
	unsigned long i;

	memblock_cap_size(base, &size);
	for (i = 0; i < type->cnt; i++)
		if (memblock_addrs_overlap(base, size, type->regions[i].base,
					   type->regions[i].size))
			break;
	return i < type->cnt;
}

static inline phys_addr_t clamp_phys(phys_addr_t v, phys_addr_t lo, phys_addr_t hi)
{
	return min(max(v, lo), hi);
}

/* Linux's __memblock_find_range_bottom_up(): the lowest fit, 0 if none. */
static phys_addr_t __init
__memblock_find_range_bottom_up(phys_addr_t start, phys_addr_t end, phys_addr_t size,
				phys_addr_t align, int nid, enum memblock_flags flags)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_mem_range(i, nid, flags, &this_start, &this_end, NULL) {
		this_start = clamp_phys(this_start, start, end);
		this_end = clamp_phys(this_end, start, end);

		cand = ALIGN(this_start, align);
		if (cand < this_end && this_end - cand >= size)
			return cand;
	}
	return 0;
}

/* Linux's __memblock_find_range_top_down(): the highest fit, 0 if none. */
static phys_addr_t __init
__memblock_find_range_top_down(phys_addr_t start, phys_addr_t end, phys_addr_t size,
			       phys_addr_t align, int nid, enum memblock_flags flags)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_mem_range_reverse(i, nid, flags, &this_start, &this_end, NULL) {
		this_start = clamp_phys(this_start, start, end);
		this_end = clamp_phys(this_end, start, end);

		if (this_end < size)
			continue;
		cand = ALIGN_DOWN(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

/*
 * A free range of @size aligned to @align in [@start, @end) of node @nid.
 * 0 means none, so the first page is never handed out (Linux: "avoid
 * allocating the first page").
 */
static phys_addr_t __init memblock_find_in_range_node(phys_addr_t size, phys_addr_t align,
						      phys_addr_t start, phys_addr_t end,
						      int nid, enum memblock_flags flags)
{
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = memblock.current_limit;

	start = max(start, (phys_addr_t)PAGE_SIZE);
	end = max(start, end);

	if (memblock_bottom_up())
		return __memblock_find_range_bottom_up(start, end, size, align, nid, flags);
	return __memblock_find_range_top_down(start, end, size, align, nid, flags);
}

/* No mirrored memory here, so Linux's retry without MEMBLOCK_MIRROR never runs. */
static phys_addr_t __init memblock_find_in_range(phys_addr_t start, phys_addr_t end,
						 phys_addr_t size, phys_addr_t align)
{
	return memblock_find_in_range_node(size, align, start, end, NUMA_NO_NODE,
					   MEMBLOCK_NONE);
}

static void __init memblock_remove_region(struct memblock_type *type, unsigned long r)
{
	type->total_size -= type->regions[r].size;
	memmove(&type->regions[r], &type->regions[r + 1],
		(type->cnt - (r + 1)) * sizeof(type->regions[r]));
	type->cnt--;

	/* Special case for empty arrays */
	if (type->cnt == 0) {
		WARN_ON(type->total_size != 0);
		type->cnt = 1;
		type->regions[0].base = 0;
		type->regions[0].size = 0;
		type->regions[0].flags = 0;
		memblock_set_region_node(&type->regions[0], MAX_NUMNODES);
	}
}

static int __init memblock_add_range(struct memblock_type *type, phys_addr_t base,
				     phys_addr_t size, int nid, enum memblock_flags flags,
				     unsigned long caller);
static int __init memblock_remove_range(struct memblock_type *type, phys_addr_t base,
					phys_addr_t size, unsigned long caller);

/*
 * A full array is replaced by one twice its size found in memblock
 * itself.  The order is Linux's, and matters when the array full is
 * reserved itself: the new array is found (clear of the range about to be
 * reserved, which is not in the array yet), the regions copied over and
 * the array switched before the old one is freed and the new one
 * reserved, both of which write to the new array, which has room.
 *
 * Linux returns -1 when there is no room and its caller -ENOMEM, which
 * every boot-time caller ignores; here that is a panic naming @caller
 * (the caller of the memblock API call).
 */
static int __init memblock_double_array(struct memblock_type *type, phys_addr_t new_area_start,
					phys_addr_t new_area_size, unsigned long caller)
{
	struct memblock_region *new_array, *old_array;
	phys_addr_t old_alloc_size, new_alloc_size;
	phys_addr_t old_size, new_size, addr, new_end;

	if (!memblock_can_resize)
		panic("memblock: cannot resize %s array (%lu regions) before every early reservation is in (memblock_allow_resize()), from %pS",
		      type->name, type->max, (void *)caller);
	old_size = type->max * sizeof(struct memblock_region);
	new_size = old_size << 1;
	/* whole pages, so memblock_discard() can free them completely later */
	old_alloc_size = ALIGN(old_size, (phys_addr_t)PAGE_SIZE);
	new_alloc_size = ALIGN(new_size, (phys_addr_t)PAGE_SIZE);

	/* only exclude range when trying to double reserved.regions */
	if (type != &memblock.reserved)
		new_area_start = new_area_size = 0;

	addr = memblock_find_in_range(new_area_start + new_area_size, memblock.current_limit,
				      new_alloc_size, PAGE_SIZE);
	if (!addr && new_area_size)
		addr = memblock_find_in_range(0, min(new_area_start, memblock.current_limit),
					      new_alloc_size, PAGE_SIZE);
	if (!addr)
		panic("memblock: can't double %s array (%lu regions), from %pS", type->name,
		      type->max, (void *)caller);

	new_end = addr + new_size - 1;
	memblock_dbg("memblock: %s is doubled to %lu at [%pa-%pa]\n", type->name, type->max * 2,
		     &addr, &new_end);

	new_array = __va(addr);
	memcpy(new_array, type->regions, old_size);
	memset(new_array + type->max, 0, old_size);

	old_array = type->regions;
	type->regions = new_array;
	type->max <<= 1;

	/* Free old array. We needn't free it if the array is the static one */
	if (old_array != memblock_memory_init_regions &&
	    old_array != memblock_reserved_init_regions)
		memblock_remove_range(&memblock.reserved, __pa(old_array), old_alloc_size, caller);

	BUG_ON(memblock_add_range(&memblock.reserved, addr, new_alloc_size, MAX_NUMNODES,
				  MEMBLOCK_NONE, caller));
	return 0;
}

/* Merge touching regions of one node and one set of flags (6.1: the whole array). */
static void __init memblock_merge_regions(struct memblock_type *type)
{
	unsigned long i = 0;

	while (i < type->cnt - 1) {
		struct memblock_region *this = &type->regions[i];
		struct memblock_region *next = &type->regions[i + 1];

		if (this->base + this->size != next->base ||
		    memblock_get_region_node(this) != memblock_get_region_node(next) ||
		    this->flags != next->flags) {
			BUG_ON(this->base + this->size > next->base);
			i++;
			continue;
		}

		this->size += next->size;
		/* move forward from next + 1, index of which is i + 2 */
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
	}
}

/* The caller has made room (type->cnt < type->max) and keeps the order. */
static void __init memblock_insert_region(struct memblock_type *type, unsigned long idx,
					  phys_addr_t base, phys_addr_t size, int nid,
					  enum memblock_flags flags)
{
	struct memblock_region *rgn = &type->regions[idx];

	BUG_ON(type->cnt >= type->max);
	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	rgn->flags = flags;
	memblock_set_region_node(rgn, nid);
	type->cnt++;
	type->total_size += size;
}

/*
 * Add [@base, @base + @size) to @type: only the parts no region covers
 * yet become regions (with @nid and @flags), then touching ones merge.
 * Two passes, as Linux: the first counts the regions needed and grows the
 * array, the second inserts -- unless there is room for the worst case
 * (every region separates a piece of the new range) from the start.
 */
static int __init memblock_add_range(struct memblock_type *type, phys_addr_t base,
				     phys_addr_t size, int nid, enum memblock_flags flags,
				     unsigned long caller)
{
	bool insert = false;
	phys_addr_t obase = base;
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long idx, nr_new;
	struct memblock_region *rgn;

	if (!size)
		return 0;

	/* special case for empty array */
	if (type->regions[0].size == 0) {
		WARN_ON(type->cnt != 1 || type->total_size);
		type->regions[0].base = base;
		type->regions[0].size = size;
		type->regions[0].flags = flags;
		memblock_set_region_node(&type->regions[0], nid);
		type->total_size = size;
		return 0;
	}

	if (type->cnt * 2 + 1 <= type->max)
		insert = true;

repeat:
	base = obase;
	nr_new = 0;

	for_each_memblock_type(idx, type, rgn) {
		phys_addr_t rbase = rgn->base;
		phys_addr_t rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		/* @rgn overlaps: the part of the new range below it is new */
		if (rbase > base) {
			WARN_ON(nid != memblock_get_region_node(rgn));
			WARN_ON(flags != rgn->flags);
			nr_new++;
			if (insert)
				memblock_insert_region(type, idx++, base, rbase - base, nid, flags);
		}
		/* area below @rend is dealt with, forget about it */
		base = min(rend, end);
	}

	/* insert the remaining portion */
	if (base < end) {
		nr_new++;
		if (insert)
			memblock_insert_region(type, idx, base, end - base, nid, flags);
	}

	if (!nr_new)
		return 0;

	if (!insert) {
		while (type->cnt + nr_new > type->max)
			if (memblock_double_array(type, obase, size, caller) < 0)
				return -ENOMEM;
		insert = true;
		goto repeat;
	}
	memblock_merge_regions(type);
	return 0;
}

int __init memblock_add_node(phys_addr_t base, phys_addr_t size, int nid,
			     enum memblock_flags flags)
{
	phys_addr_t end = base + size - 1;

	memblock_check_alive(__func__, _RET_IP_);
	memblock_dbg("%s: [%pa-%pa] nid=%d flags=%x %pS\n", __func__, &base, &end, nid, flags,
		     (void *)_RET_IP_);
	return memblock_add_range(&memblock.memory, base, size, nid, flags, _RET_IP_);
}

/* No node yet (MAX_NUMNODES): memblock_set_node() gives it one later. */
int __init memblock_add(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_check_alive(__func__, _RET_IP_);
	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__, &base, &end, (void *)_RET_IP_);
	return memblock_add_range(&memblock.memory, base, size, MAX_NUMNODES, MEMBLOCK_NONE,
				  _RET_IP_);
}

/*
 * Split the regions of @type that cross either end of [@base, @base +
 * @size), so the range is covered by whole regions:
 * [*@start_rgn, *@end_rgn).  At most two new regions, made room for first.
 */
static int __init memblock_isolate_range(struct memblock_type *type, phys_addr_t base,
					 phys_addr_t size, unsigned long *start_rgn,
					 unsigned long *end_rgn, unsigned long caller)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long idx;
	struct memblock_region *rgn;

	*start_rgn = *end_rgn = 0;

	if (!size)
		return 0;

	/* we'll create at most two more regions */
	while (type->cnt + 2 > type->max)
		if (memblock_double_array(type, base, size, caller) < 0)
			return -ENOMEM;

	for_each_memblock_type(idx, type, rgn) {
		phys_addr_t rbase = rgn->base;
		phys_addr_t rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;

		if (rbase < base) {
			/* from below: split, go on with the top half */
			rgn->base = base;
			rgn->size -= base - rbase;
			type->total_size -= base - rbase;
			memblock_insert_region(type, idx, rbase, base - rbase,
					       memblock_get_region_node(rgn), rgn->flags);
		} else if (rend > end) {
			/* from above: split, redo the bottom half */
			rgn->base = end;
			rgn->size -= end - rbase;
			type->total_size -= end - rbase;
			memblock_insert_region(type, idx--, rbase, end - rbase,
					       memblock_get_region_node(rgn), rgn->flags);
		} else {
			/* @rgn is fully contained, record it */
			if (!*end_rgn)
				*start_rgn = idx;
			*end_rgn = idx + 1;
		}
	}
	return 0;
}

static int __init memblock_remove_range(struct memblock_type *type, phys_addr_t base,
					phys_addr_t size, unsigned long caller)
{
	unsigned long start_rgn, end_rgn;
	int ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn, caller);
	if (ret)
		return ret;

	while (end_rgn > start_rgn)
		memblock_remove_region(type, --end_rgn);
	return 0;
}

int __init memblock_remove(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_check_alive(__func__, _RET_IP_);
	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__, &base, &end, (void *)_RET_IP_);
	return memblock_remove_range(&memblock.memory, base, size, _RET_IP_);
}

/* Is every byte of [base, base + size) in a region of @type? */
static bool __init memblock_covers(struct memblock_type *type, phys_addr_t base,
				   phys_addr_t size)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	struct memblock_region *rgn;
	unsigned long idx;

	for_each_memblock_type(idx, type, rgn) {
		if (base >= end)
			break;
		if (rgn->base <= base && base < rgn->base + rgn->size)
			base = rgn->base + rgn->size;
	}
	return base >= end;
}

/*
 * memblock_phys_free() with the caller to name.  Departure: Linux ignores
 * a free of memory that is not reserved; here that is a double free or a
 * wrong range, and stops the kernel.
 */
static int __init __memblock_phys_free(phys_addr_t base, phys_addr_t size, unsigned long caller)
{
	phys_addr_t end = base + size - 1;

	memblock_check_alive("memblock_phys_free", caller);
	memblock_dbg("%s: [%pa-%pa] %pS\n", "memblock_phys_free", &base, &end, (void *)caller);
	if (!size)
		return 0;
	if (!memblock_covers(&memblock.reserved, base, size))
		panic("memblock: memblock_phys_free(%pa-%pa) of memory not reserved, from %pS",
		      &base, &end, (void *)caller);
	return memblock_remove_range(&memblock.reserved, base, size, caller);
}

/* @ptr virtual, as memblock_alloc() returned it (6.1's memblock_free()). */
void __init memblock_free(void *ptr, size_t size)
{
	memblock_check_alive(__func__, _RET_IP_);
	if (ptr)
		__memblock_phys_free(__pa(ptr), size, _RET_IP_);
}

int __init memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	return __memblock_phys_free(base, size, _RET_IP_);
}

int __init memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_check_alive(__func__, _RET_IP_);
	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__, &base, &end, (void *)_RET_IP_);
	return memblock_add_range(&memblock.reserved, base, size, MAX_NUMNODES, MEMBLOCK_NONE,
				  _RET_IP_);
}

/*
 * Linux's movable_node_is_enabled(): there is no movable_node= here, so
 * hotpluggable memory (never marked so here anyway) is not skipped.
 */
static inline bool movable_node_is_enabled(void)
{
	return false;
}

/*
 * Only memory regions have nodes and flags that matter: a region of
 * another node than @nid (NUMA_NO_NODE: any) is skipped -- one of no node
 * yet (MAX_NUMNODES) matches only NUMA_NO_NODE -- and so is NOMAP memory
 * unless asked for, mirror-less memory when mirror is asked for.
 */
static bool __init should_skip_region(struct memblock_type *type, struct memblock_region *m,
				      int nid, int flags)
{
	int m_nid = memblock_get_region_node(m);

	/* we never skip regions when iterating memblock.reserved */
	if (type != &memblock.memory)
		return false;

	if (nid != NUMA_NO_NODE && nid != m_nid)
		return true;

	if (movable_node_is_enabled() && (m->flags & MEMBLOCK_HOTPLUG) &&
	    !(flags & MEMBLOCK_HOTPLUG))
		return true;

	if ((flags & MEMBLOCK_MIRROR) && !(m->flags & MEMBLOCK_MIRROR))
		return true;

	if (!(flags & MEMBLOCK_NOMAP) && (m->flags & MEMBLOCK_NOMAP))
		return true;

	return false;
}

/*
 * The next range of @type_a, less @type_b's when given, in address
 * order: Linux's algorithm.  @type_b's complement is walked as the gaps
 * before each of its regions and after the last; *@idx keeps both
 * places, the low 32 bits in @type_a and the high 32 in that complement.
 * The range that ends first is the one advanced.
 */
void __init __next_mem_range(u64 *idx, int nid, enum memblock_flags flags,
			     struct memblock_type *type_a, struct memblock_type *type_b,
			     phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid)
{
	int idx_a = *idx & 0xffffffff;
	int idx_b = *idx >> 32;

	if (nid == MAX_NUMNODES) {
		pr_warn("memblock: %s: usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead\n",
			__func__);
		nid = NUMA_NO_NODE;
	}

	for (; idx_a < (int)type_a->cnt; idx_a++) {
		struct memblock_region *m = &type_a->regions[idx_a];
		phys_addr_t m_start = m->base;
		phys_addr_t m_end = m->base + m->size;
		int m_nid = memblock_get_region_node(m);

		if (should_skip_region(type_a, m, nid, flags))
			continue;

		if (!type_b) {
			if (out_start)
				*out_start = m_start;
			if (out_end)
				*out_end = m_end;
			if (out_nid)
				*out_nid = m_nid;
			idx_a++;
			*idx = (u32)idx_a | (u64)idx_b << 32;
			return;
		}

		/* scan areas before each reservation */
		for (; idx_b < (int)type_b->cnt + 1; idx_b++) {
			struct memblock_region *r = &type_b->regions[idx_b];
			phys_addr_t r_start = idx_b ? r[-1].base + r[-1].size : 0;
			phys_addr_t r_end = idx_b < (int)type_b->cnt ? r->base : PHYS_ADDR_MAX;

			/* if idx_b advanced past idx_a, break out to advance idx_a */
			if (r_start >= m_end)
				break;
			/* if the two regions intersect, we're done */
			if (m_start < r_end) {
				if (out_start)
					*out_start = max(m_start, r_start);
				if (out_end)
					*out_end = min(m_end, r_end);
				if (out_nid)
					*out_nid = m_nid;
				/* the region which ends first is advanced */
				if (m_end <= r_end)
					idx_a++;
				else
					idx_b++;
				*idx = (u32)idx_a | (u64)idx_b << 32;
				return;
			}
		}
	}

	/* signal end of iteration */
	*idx = ULLONG_MAX;
}

/* __next_mem_range() from the top down: *@idx ULLONG_MAX starts at the end. */
void __init __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
				 struct memblock_type *type_a, struct memblock_type *type_b,
				 phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid)
{
	int idx_a = *idx & 0xffffffff;
	int idx_b = *idx >> 32;

	if (nid == MAX_NUMNODES) {
		pr_warn("memblock: %s: usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead\n",
			__func__);
		nid = NUMA_NO_NODE;
	}

	if (*idx == (u64)ULLONG_MAX) {
		idx_a = (int)type_a->cnt - 1;
		idx_b = type_b ? (int)type_b->cnt : 0;
	}

	for (; idx_a >= 0; idx_a--) {
		struct memblock_region *m = &type_a->regions[idx_a];
		phys_addr_t m_start = m->base;
		phys_addr_t m_end = m->base + m->size;
		int m_nid = memblock_get_region_node(m);

		if (should_skip_region(type_a, m, nid, flags))
			continue;

		if (!type_b) {
			if (out_start)
				*out_start = m_start;
			if (out_end)
				*out_end = m_end;
			if (out_nid)
				*out_nid = m_nid;
			idx_a--;
			*idx = (u32)idx_a | (u64)idx_b << 32;
			return;
		}

		/* scan areas before each reservation */
		for (; idx_b >= 0; idx_b--) {
			struct memblock_region *r = &type_b->regions[idx_b];
			phys_addr_t r_start = idx_b ? r[-1].base + r[-1].size : 0;
			phys_addr_t r_end = idx_b < (int)type_b->cnt ? r->base : PHYS_ADDR_MAX;

			/* if idx_b advanced past idx_a, break out to advance idx_a */
			if (r_end <= m_start)
				break;
			/* if the two regions intersect, we're done */
			if (m_end > r_start) {
				if (out_start)
					*out_start = max(m_start, r_start);
				if (out_end)
					*out_end = min(m_end, r_end);
				if (out_nid)
					*out_nid = m_nid;
				if (m_start >= r_start)
					idx_a--;
				else
					idx_b--;
				*idx = (u32)idx_a | (u64)idx_b << 32;
				return;
			}
		}
	}
	/* signal end of iteration */
	*idx = ULLONG_MAX;
}

/*
 * Give the regions of @type in [@base, @base + @size) node @nid, splitting
 * those that cross its ends; touching ones of one node merge again.
 */
int __init memblock_set_node(phys_addr_t base, phys_addr_t size, struct memblock_type *type,
			     int nid)
{
	unsigned long start_rgn, end_rgn, i;
	int ret;

	memblock_check_alive(__func__, _RET_IP_);
	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn, _RET_IP_);
	if (ret)
		return ret;

	for (i = start_rgn; i < end_rgn; i++)
		memblock_set_region_node(&type->regions[i], nid);

	memblock_merge_regions(type);
	return 0;
}

/*
 * Find and reserve: on node @nid first, then on any node unless
 * @exact_nid; 0 when nothing fits.  An alignment of 0 is Linux's
 * SMP_CACHE_BYTES; one that is not a power of two (which Linux's
 * round_down() would turn into nonsense) stops the kernel.
 */
static phys_addr_t __init memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
						   phys_addr_t start, phys_addr_t end, int nid,
						   bool exact_nid, unsigned long caller)
{
	phys_addr_t found;

	if (nid == MAX_NUMNODES) {
		pr_warn("memblock: usage of MAX_NUMNODES is deprecated. Use NUMA_NO_NODE instead, from %pS\n",
			(void *)caller);
		nid = NUMA_NO_NODE;
	}

	if (!align) {
		pr_warn("memblock: alignment 0, using SMP_CACHE_BYTES, from %pS\n", (void *)caller);
		align = SMP_CACHE_BYTES;
	}
	if (align & (align - 1))
		panic("memblock: alignment %#llx is not a power of two, from %pS",
		      (unsigned long long)align, (void *)caller);

	found = memblock_find_in_range_node(size, align, start, end, nid, MEMBLOCK_NONE);
	if (found && !memblock_add_range(&memblock.reserved, found, size, MAX_NUMNODES,
					 MEMBLOCK_NONE, caller))
		return found;

	if (nid != NUMA_NO_NODE && !exact_nid) {
		found = memblock_find_in_range_node(size, align, start, end, NUMA_NO_NODE,
						    MEMBLOCK_NONE);
		if (found && !memblock_add_range(&memblock.reserved, found, size, MAX_NUMNODES,
						 MEMBLOCK_NONE, caller))
			return found;
	}
	return 0;
}

phys_addr_t __init memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
					     phys_addr_t start, phys_addr_t end)
{
	memblock_check_alive(__func__, _RET_IP_);
	memblock_dbg("%s: %llu bytes align=0x%llx from=%pa max_addr=%pa %pS\n", __func__,
		     (unsigned long long)size, (unsigned long long)align, &start, &end,
		     (void *)_RET_IP_);
	return memblock_alloc_range_nid(size, align, start, end, NUMA_NO_NODE, false, _RET_IP_);
}

/*
 * The virtual-address allocations' common part: below current_limit
 * whatever @max_addr says, and above @min_addr if possible, else anywhere.
 */
static void *__init memblock_alloc_internal(phys_addr_t size, phys_addr_t align,
					    phys_addr_t min_addr, phys_addr_t max_addr,
					    int nid, bool exact_nid, unsigned long caller)
{
	phys_addr_t alloc;

	if (max_addr > memblock.current_limit)
		max_addr = memblock.current_limit;

	alloc = memblock_alloc_range_nid(size, align, min_addr, max_addr, nid, exact_nid, caller);

	/* retry allocation without lower limit */
	if (!alloc && min_addr)
		alloc = memblock_alloc_range_nid(size, align, 0, max_addr, nid, exact_nid, caller);

	if (!alloc)
		return NULL;
	return __va(alloc);
}

void *__init memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align,
					  phys_addr_t min_addr, phys_addr_t max_addr, int nid)
{
	memblock_check_alive(__func__, _RET_IP_);
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=%pa max_addr=%pa %pS\n", __func__,
		     (unsigned long long)size, (unsigned long long)align, nid, &min_addr,
		     &max_addr, (void *)_RET_IP_);
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid, true, _RET_IP_);
}

void *__init memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
					phys_addr_t min_addr, phys_addr_t max_addr, int nid)
{
	memblock_check_alive(__func__, _RET_IP_);
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=%pa max_addr=%pa %pS\n", __func__,
		     (unsigned long long)size, (unsigned long long)align, nid, &min_addr,
		     &max_addr, (void *)_RET_IP_);
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid, false, _RET_IP_);
}

void *__init memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align,
				    phys_addr_t min_addr, phys_addr_t max_addr, int nid)
{
	void *ptr;

	memblock_check_alive(__func__, _RET_IP_);
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=%pa max_addr=%pa %pS\n", __func__,
		     (unsigned long long)size, (unsigned long long)align, nid, &min_addr,
		     &max_addr, (void *)_RET_IP_);
	ptr = memblock_alloc_internal(size, align, min_addr, max_addr, nid, false, _RET_IP_);
	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

phys_addr_t __init memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

phys_addr_t __init memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

/* Binary search: the index of the region of @type holding @addr, or -1. */
static int __init memblock_search(struct memblock_type *type, phys_addr_t addr)
{
	unsigned int left = 0, right = type->cnt;

	do {
		unsigned int mid = (right + left) / 2;

		if (addr < type->regions[mid].base)
			right = mid;
		else if (addr >= type->regions[mid].base + type->regions[mid].size)
			left = mid + 1;
		else
			return (int)mid;
	} while (left < right);
	return -1;
}

bool __init memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) != -1;
}

bool __init memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) != -1;
}

/* Is [base, base + size) inside one memory region? (Linux: one, not several touching.) */
bool __init memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	int idx = memblock_search(&memblock.memory, base);
	phys_addr_t end = base + memblock_cap_size(base, &size);

	if (idx == -1)
		return false;
	return memblock.memory.regions[idx].base + memblock.memory.regions[idx].size >= end;
}

/* Linux's sense: true when any of the range is reserved. */
bool __init memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return memblock_overlaps_region(&memblock.reserved, base, size);
}

void __init memblock_set_bottom_up(bool enable)
{
	memblock.bottom_up = enable;
}

bool __init memblock_bottom_up(void)
{
	return memblock.bottom_up;
}

void __init memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

phys_addr_t __init memblock_get_current_limit(void)
{
	return memblock.current_limit;
}

static void __init memblock_dump(struct memblock_type *type)
{
	phys_addr_t base, end, size;
	enum memblock_flags flags;
	unsigned long idx;
	struct memblock_region *rgn;

	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);

	for_each_memblock_type(idx, type, rgn) {
		char nid_buf[32] = "";

		base = rgn->base;
		size = rgn->size;
		end = base + size - 1;
		flags = rgn->flags;
		if (memblock_get_region_node(rgn) != MAX_NUMNODES)
			snprintf(nid_buf, sizeof(nid_buf), " on node %d",
				 memblock_get_region_node(rgn));
		pr_info(" %s[%#x]\t[%pa-%pa], %pa bytes%s flags: %#x\n", type->name,
			(unsigned int)idx, &base, &end, &size, nid_buf, (unsigned int)flags);
	}
}

static void __init __memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = %pa reserved size = %pa\n", &memblock.memory.total_size,
		&memblock.reserved.total_size);

	memblock_dump(&memblock.memory);
	memblock_dump(&memblock.reserved);
}

/* As Linux: only with memblock=debug. */
void __init memblock_dump_all(void)
{
	if (memblock_debug)
		__memblock_dump_all();
}

/*
 * memblock=debug (Linux's), and memblock=bottomup / memblock=topdown
 * (this kernel's: Linux sets the direction only through movable_node).
 * Not static: the host tests call it.
 */
int __init early_memblock(char *p)
{
	static const char *const choices[] __initconst = { "debug", "bottomup", "topdown", NULL };

	switch (get_choice_param("memblock", p, choices)) {
	case 0:
		memblock_debug = true;
		return 0;
	case 1:
	case 2:
		memblock_bottom_up_cmdline = p[0] == 'b';
		memblock_set_bottom_up(memblock_bottom_up_cmdline);
		return 0;
	default:
		return -1;
	}
}
early_param("memblock", early_memblock);

/* ---- the hand-over (Linux 6.1's memblock_free_all(); Gorman 5.5 for bootmem's) ---- */

/* fn on each part of the pfns [start, end) that lies in one zone of a node. */
static unsigned long __init for_each_zone_part(unsigned long start, unsigned long end,
					       unsigned long (*fn)(zone_t *, unsigned long,
								   unsigned long))
{
	unsigned long count = 0;
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		for (int z = 0; z < MAX_NR_ZONES && start < end; z++) {
			zone_t *zone = &pgdat->node_zones[z];
			unsigned long s = max(start, zone->zone_start_pfn);
			unsigned long e = min(end, zone->zone_start_pfn + zone->size);

			if (s < e)
				count += fn(zone, s, e);
		}
	}
	return count;
}

static unsigned long __init reserve_zone_part(zone_t *zone, unsigned long start_pfn,
					      unsigned long end_pfn)
{
	reserve_bootmem_region(zone, start_pfn, end_pfn);
	return 0;
}

/* The whole free pages of a free range, below max_low_pfn: high memory is not ours. */
static bool __init free_pfns(phys_addr_t start, phys_addr_t end, unsigned long *start_pfn,
			     unsigned long *end_pfn)
{
	*start_pfn = PFN_UP(start);
	*end_pfn = min((unsigned long)PFN_DOWN(end), max_low_pfn);
	return *start_pfn < *end_pfn;
}

/*
 * Linux walks memblock.reserved here and writes each region's struct
 * pages reserved (reserve_bootmem_region()); the holes it wrote at
 * memmap_init().  Here no struct page is written before the hand-over
 * (mm/mm_init.c, "deferred"), so this pass writes everything the free pass
 * will not -- the reserved regions and the holes between memory regions,
 * which are the gaps between free ranges -- in address order, each page
 * once.  Without deferral (bootmem_retire=page) every page is written
 * reserved already and this writes nothing.
 */
static void __init memmap_init_reserved_pages(void)
{
	unsigned long done = 0, start_pfn, end_pfn;
	struct memblock_region *region;
	phys_addr_t start, end;
	u64 i;

	/* Each reserved region takes the node of the memory under it, as in Linux. */
	for_each_mem_region(region)
		memblock_set_node(region->base, region->size, &memblock.reserved,
				  memblock_get_region_node(region));

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		if (!free_pfns(start, end, &start_pfn, &end_pfn))
			continue;
		for_each_zone_part(done, start_pfn, reserve_zone_part);
		done = end_pfn;
	}
	for_each_zone_part(done, max_low_pfn, reserve_zone_part);
}

/*
 * Linux's __free_memory_core(): a free range's whole pages below
 * max_low_pfn, each zone's part to __free_pages_memory() (mm/mm_init.c),
 * which frees it in the largest naturally aligned blocks:
 * order = min(MAX_ORDER - 1, __ffs(pfn)), shrunk to fit.
 */
static unsigned long __init __free_memory_core(phys_addr_t start, phys_addr_t end)
{
	unsigned long start_pfn, end_pfn;

	if (!free_pfns(start, end, &start_pfn, &end_pfn))
		return 0;
	return for_each_zone_part(start_pfn, end_pfn, __free_pages_memory);
}

static unsigned long __init free_low_memory_core_early(void)
{
	unsigned long count = 0;
	phys_addr_t start, end;
	u64 i;

	memmap_init_reserved_pages();
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL)
		count += __free_memory_core(start, end);
	return count;
}

/*
 * Retire memblock: every free page of low memory to the buddy allocator;
 * the pages freed.  From here on memblock refuses every call that would
 * change it (memblock_mark_retired()).
 */
unsigned long __init memblock_free_all(void)
{
	unsigned long pages;

	memblock_check_alive(__func__, _RET_IP_);
	pages = free_low_memory_core_early();
	memblock_mark_retired();
	return pages;
}

/*
 * Memory memblock held reserved, freed once it has retired (Linux's
 * memblock_free_late(), which frees a page at a time; here in blocks, as
 * free_bootmem_late()).  free_reserved_range() refuses a page that is not
 * reserved, naming the caller.  The caller counts the pages in
 * totalram_pages.
 */
void __init memblock_free_late(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size - 1;

	memblock_dbg("%s: [%pa-%pa] %pS\n", __func__, &base, &end, (void *)_RET_IP_);
	if (!memblock_retired() || memmap_deferred)
		panic("memblock: memblock_free_late(%pa-%pa) before memblock_free_all() has run and every struct page is written, from %pS",
		      &base, &end, (void *)_RET_IP_);
	free_reserved_range(PFN_UP(base), PFN_DOWN(base + size), 0, false, _RET_IP_);
}

/*
 * The arrays memblock_double_array() grew go back to the buddy allocator,
 * as Linux's memblock_discard() gives them back: x86 does not keep
 * memblock after boot (no CONFIG_ARCH_KEEP_MEMBLOCK), and the static
 * arrays are __initdata, freed with .init.  Returns the pages freed.
 */
static unsigned long __init discard_array(struct memblock_type *type,
					  struct memblock_region *init_regions)
{
	phys_addr_t addr, size;

	if (type->regions == init_regions)
		return 0;
	addr = __pa(type->regions);
	size = PFN_PHYS(PFN_UP(sizeof(struct memblock_region) * type->max));
	memblock_free_late(addr, size);
	type->regions = init_regions;
	type->cnt = 0;
	type->max = 0;
	return PFN_DOWN(size);
}

unsigned long __init memblock_discard(void)
{
	return discard_array(&memblock.reserved, memblock_reserved_init_regions) +
	       discard_array(&memblock.memory, memblock_memory_init_regions);
}
