/*
 * The boot memory allocator, as Linux 2.4's mm/bootmem.c and Gorman's
 * chapter 5 describe it: a bitmap with one bit per page frame of a node
 * (1 = reserved), allocated first-fit, used from setup_arch() until
 * mem_init() retires it.  Everything here is __init: free_initmem() gives
 * the allocator's own code back to the buddy allocator at the end of boot.
 *
 * Misuse is never silent: a bad range, a double free, an impossible
 * alignment or a call after retirement names the address and the caller
 * and stops the kernel.
 */
#include <linux/bitops.h>
#include <linux/bootmem.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "internal.h"

pg_data_t *pgdat_list;
unsigned long max_low_pfn, min_low_pfn, max_pfn;

/*
 * How free_all_bootmem_core() hands pages over: 2.4's page at a time, or
 * (the default) whole aligned blocks as modern Linux does.  Both end in
 * the same free lists: with eager merging, the free blocks of a set of
 * free pages are its maximal aligned blocks whatever the order of frees;
 * and, both going upward, each list in the same order (high memory,
 * which 2.4 frees downward: free_all_highmem_node()).
 */
enum bootmem_retire bootmem_retire_mode = BOOTMEM_RETIRE_BATCH;

static int __init bootmem_retire_setup(char *str)
{
	static const char *const ways[] __initconst = { "page", "batch", NULL };
	int i = get_choice_param("bootmem_retire", str, ways);

	if (i < 0)
		return -1;
	bootmem_retire_mode = i ? BOOTMEM_RETIRE_BATCH : BOOTMEM_RETIRE_PAGE;
	return 0;
}
early_param("bootmem_retire", bootmem_retire_setup);

/* The bitmap's size in bytes for a node of pages frames, whole longs. */
static unsigned long __init bootmap_bytes(unsigned long pages)
{
	return ALIGN((pages + 7) / 8, sizeof(long));
}

unsigned long __init bootmem_bootmap_pages(unsigned long pages)
{
	return PFN_UP(bootmap_bytes(pages));
}

static void __init check_alive(const bootmem_data_t *bdata, const char *fn,
			       unsigned long caller)
{
	if (unlikely(!bdata->node_bootmem_map))
		panic("bootmem: %s() called %s, from %pS", fn,
		      bdata->retired ? "after free_all_bootmem() retired the boot allocator"
				     : "before init_bootmem()", (void *)caller);
}

static unsigned long __init node_pages(const bootmem_data_t *bdata)
{
	return bdata->node_low_pfn - PFN_DOWN(bdata->node_boot_start);
}

/*
 * Called once per node: the bitmap goes at mapstart, covering
 * [start, end) page frames, everything reserved until the architecture
 * frees the RAM it knows about (register_bootmem_low_pages()).
 */
static unsigned long __init init_bootmem_core(pg_data_t *pgdat, unsigned long mapstart,
					      unsigned long start, unsigned long end)
{
	bootmem_data_t *bdata = pgdat->bdata;
	unsigned long mapsize = bootmap_bytes(end - start);

	if (end <= start)
		panic("init_bootmem: empty node %lu-%lu", start, end);
	bdata->node_bootmem_map = __va(PFN_PHYS(mapstart));
	bdata->node_bootmap_pfn = mapstart;
	bdata->node_boot_start = PFN_PHYS(start);
	bdata->node_low_pfn = end;
	bdata->last_offset = 0;
	bdata->last_pos = 0;
	bdata->retired = false;
	memset(bdata->node_bootmem_map, 0xff, mapsize);
	return mapsize;
}

/* NUMA: the node is online already (node_set_online()); its bitmap is on it. */
unsigned long __init init_bootmem_node(pg_data_t *pgdat, unsigned long freepfn,
				       unsigned long startpfn, unsigned long endpfn)
{
	return init_bootmem_core(pgdat, freepfn, startpfn, endpfn);
}

/*
 * UMA: one node, contig_page_data, holding every pfn.  2.4's
 * init_bootmem_core() put each node on pgdat_list; here that is
 * node_set_online(), which a NUMA machine calls for its nodes first.
 */
unsigned long __init init_bootmem(unsigned long start, unsigned long pages)
{
	max_low_pfn = pages;
	min_low_pfn = start;
	memnodemap_reset();
	node_set_online(0);
	return init_bootmem_core(&contig_page_data, start, 0, pages);
}

/* [addr, addr + size) must lie inside the node; say who asked if not. */
static void __init check_range(const bootmem_data_t *bdata, phys_addr_t addr,
			       unsigned long size, const char *fn, unsigned long caller)
{
	phys_addr_t start = bdata->node_boot_start;
	phys_addr_t end = PFN_PHYS(bdata->node_low_pfn);

	if (!size || addr < start || addr > end || size > end - addr)
		panic("bootmem: %s(%pa, %#lx) outside node memory %pa-%pa, from %pS",
		      fn, &addr, size, &start, &end, (void *)caller);
}

/* Partial pages at either end become reserved: outward rounding. */
static void __init reserve_bootmem_core(bootmem_data_t *bdata, phys_addr_t addr,
					unsigned long size, unsigned long caller)
{
	unsigned long sidx, eidx;

	check_alive(bdata, "reserve_bootmem", caller);
	check_range(bdata, addr, size, "reserve_bootmem", caller);
	sidx = PFN_DOWN(addr - bdata->node_boot_start);
	eidx = PFN_UP(addr + size - bdata->node_boot_start);
	for (unsigned long i = sidx; i < eidx; i++) {
		phys_addr_t page = PFN_PHYS(i) + bdata->node_boot_start;

		if (test_and_set_bit(i, bdata->node_bootmem_map))
			printk(KERN_INFO "hm, page %pa reserved twice.\n", &page);
	}
}

/*
 * Only whole pages inside the range become free: inward rounding, so a
 * partial page another user still has is never handed out.  Freeing a page
 * that is free already is a BUG, as in 2.4.
 */
static void __init free_bootmem_core(bootmem_data_t *bdata, phys_addr_t addr,
				     unsigned long size, unsigned long caller)
{
	unsigned long sidx, eidx;

	check_alive(bdata, "free_bootmem", caller);
	check_range(bdata, addr, size, "free_bootmem", caller);
	sidx = PFN_UP(addr - bdata->node_boot_start);
	eidx = PFN_DOWN(addr + size - bdata->node_boot_start);
	for (unsigned long i = sidx; i < eidx; i++) {
		if (unlikely(!test_and_clear_bit(i, bdata->node_bootmem_map))) {
			phys_addr_t page = PFN_PHYS(i) + bdata->node_boot_start;

			printk(KERN_EMERG "bootmem: page %pa freed twice, from %pS\n", &page,
			       (void *)caller);
			BUG();
		}
	}
	/*
	 * The page the last allocation ended in is free again: nothing may be
	 * packed into its tail any more (2.4 forgot this; the next small
	 * allocation could land inside a later page-sized one).
	 */
	if (bdata->last_offset && bdata->last_pos >= sidx && bdata->last_pos < eidx)
		bdata->last_offset = 0;
}

static bool __init bootmem_live(const pg_data_t *pgdat)
{
	return pgdat->bdata && pgdat->bdata->node_bootmem_map;
}

/* The part of [start, end) in bdata's node, in bytes; false if none. */
static bool __init clip_to_node(const bootmem_data_t *bdata, u64 *start, u64 *end)
{
	*start = max(*start, (u64)bdata->node_boot_start);
	*end = min(*end, (u64)PFN_PHYS((u64)bdata->node_low_pfn));
	return *start < *end;
}

/*
 * reserve_bootmem()/free_bootmem() for a range that may cross nodes:
 * each node's boot allocator takes its part (2.6.27's mark_bootmem()).
 * Nodes are cut at page boundaries, so rounding each part as its node
 * rounds it is rounding the whole.  Every byte must belong to some node
 * whose allocator is up: on one node, check_range() says what is wrong
 * in its words; on several, the range and the caller are named.
 */
static void __init mark_bootmem(phys_addr_t addr, unsigned long size, bool reserve,
				const char *fn, unsigned long caller)
{
	u64 covered = 0, s, e;
	const pg_data_t *one = NULL;
	pg_data_t *pgdat;
	int live = 0;

	check_alive(contig_page_data.bdata, fn, caller);
	for_each_pgdat(pgdat) {
		if (!bootmem_live(pgdat))
			continue;
		one = pgdat;
		live++;
		s = addr;
		e = (u64)addr + size;
		if (clip_to_node(pgdat->bdata, &s, &e))
			covered += e - s;
	}
	if (live == 1)
		check_range(one->bdata, addr, size, fn, caller);
	if (!size || covered != size)
		panic("bootmem: %s(%pa, %#lx) not inside the nodes' boot memory, from %pS",
		      fn, &addr, size, (void *)caller);
	for_each_pgdat(pgdat) {
		s = addr;
		e = (u64)addr + size;
		if (!bootmem_live(pgdat) || !clip_to_node(pgdat->bdata, &s, &e))
			continue;
		if (reserve)
			reserve_bootmem_core(pgdat->bdata, (phys_addr_t)s, (unsigned long)(e - s), caller);
		else
			free_bootmem_core(pgdat->bdata, (phys_addr_t)s, (unsigned long)(e - s), caller);
	}
}

/*
 * Is the page at pfn reserved (or outside every node's boot memory, so
 * not ours to hand out)?  Later Linux's memblock_is_reserved().
 * setup_arch() asks before reserving what the boot loader left, so pages
 * that several of its blocks share are reserved once, without comparing
 * the blocks with each other.
 */
bool __init bootmem_page_reserved(unsigned long pfn)
{
	const pg_data_t *pgdat;

	check_alive(contig_page_data.bdata, "bootmem_page_reserved", _RET_IP_);
	for_each_pgdat(pgdat) {
		const bootmem_data_t *bdata = pgdat->bdata;
		unsigned long start;

		if (!bootmem_live(pgdat))
			continue;
		start = PFN_DOWN(bdata->node_boot_start);
		if (pfn >= start && pfn < bdata->node_low_pfn)
			return test_bit(pfn - start, bdata->node_bootmem_map);
	}
	return true;
}

void __init reserve_bootmem_node(pg_data_t *pgdat, phys_addr_t addr, unsigned long size)
{
	reserve_bootmem_core(pgdat->bdata, addr, size, _RET_IP_);
}

void __init reserve_bootmem(phys_addr_t addr, unsigned long size)
{
	mark_bootmem(addr, size, true, "reserve_bootmem", _RET_IP_);
}

/*
 * Reserve and say why, in one call: the pages named are the pages
 * reserve_bootmem_core() reserved, rounded outward as it rounds them, and
 * only once it has checked the range (mm/reservations.c).
 */
void __init reserve_bootmem_named(phys_addr_t addr, unsigned long size, const char *why)
{
	mark_bootmem(addr, size, true, "reserve_bootmem", _RET_IP_);
	note_reservation(PFN_DOWN(addr), PFN_UP((u64)addr + size), why);
}

void __init free_bootmem_node(pg_data_t *pgdat, phys_addr_t addr, unsigned long size)
{
	free_bootmem_core(pgdat->bdata, addr, size, _RET_IP_);
}

void __init free_bootmem(phys_addr_t addr, unsigned long size)
{
	mark_bootmem(addr, size, false, "free_bootmem", _RET_IP_);
}

/*
 * First fit from 'preferred', area pages long, stepping by incr.  A
 * reserved page at j rules out every start from i to j, so the search
 * resumes past it: 2.4 tried each start again, and a request no node can
 * meet (mem_map for tens of GiB) then tested bits for seconds per node.
 */
static long __init find_free_area(const bootmem_data_t *bdata, unsigned long preferred,
				  unsigned long eidx, unsigned long areasize, unsigned long incr)
{
	const unsigned long *map = bdata->node_bootmem_map;

	for (unsigned long i = preferred; i < eidx; i += incr) {
		unsigned long j;

		if (test_bit(i, map))
			continue;
		for (j = i + 1; j < i + areasize; j++)
			if (j >= eidx || test_bit(j, map))
				break;
		if (j == i + areasize)
			return (long)i;
		if (j >= eidx)
			break;
		i += (j - i) / incr * incr;
	}
	return -1;
}

/*
 * The longest run of free pages in any node's boot allocator, and the
 * node that holds it: the largest allocation of whole pages that can
 * still succeed (mem_map must be one piece of low memory).
 */
unsigned long __init bootmem_largest_free_run(const pg_data_t **where)
{
	const pg_data_t *pgdat;
	unsigned long best = 0;

	*where = NULL;
	for_each_pgdat(pgdat) {
		const unsigned long *map;
		unsigned long n, i = 0, end;

		if (!bootmem_live(pgdat))
			continue;
		map = pgdat->bdata->node_bootmem_map;
		n = node_pages(pgdat->bdata);
		while ((i = find_next_zero_bit(map, n, i)) < n) {
			end = find_next_bit(map, n, i);
			if (end - i > best) {
				best = end - i;
				*where = pgdat;
			}
			i = end;
		}
	}
	return best;
}

/*
 * 2.4's __alloc_bootmem_core().  Search from the goal (when the goal is in
 * this node), then from the node's start.  A small request may be packed
 * into the tail of the page the previous allocation ended in, when the
 * free area found starts right after it (last_pos/last_offset, Gorman 5.3.3).
 * Nothing at or above limit_pfn, when it is not 0 (2.6's limit argument).
 */
static void *__init __alloc_bootmem_core(bootmem_data_t *bdata, unsigned long size,
					 unsigned long align, phys_addr_t goal,
					 unsigned long limit_pfn, unsigned long caller, bool zero)
{
	unsigned long eidx = node_pages(bdata);
	unsigned long offset = 0, preferred = 0, areasize, incr;
	phys_addr_t boot_start = bdata->node_boot_start;
	long start;
	void *ret;

	check_alive(bdata, "__bootmem_alloc_nid", caller);
	if (!size || !align || (align & (align - 1)))
		panic("__alloc_bootmem_core: bad size %lu or alignment %lu (not a power of two), from %pS",
		      size, align, (void *)caller);
	if (limit_pfn && limit_pfn < bdata->node_low_pfn)
		eidx = limit_pfn > PFN_DOWN(bdata->node_boot_start) ?
		       limit_pfn - PFN_DOWN(bdata->node_boot_start) : 0;
	if (boot_start & (align - 1))
		offset = (align - (boot_start & (align - 1))) >> PAGE_SHIFT;
	if (goal && goal >= boot_start && PFN_DOWN(goal) < bdata->node_low_pfn)
		preferred = (unsigned long)(goal - boot_start);
	preferred = (ALIGN(preferred, align) >> PAGE_SHIFT) + offset;
	areasize = PFN_UP(size);
	incr = align >> PAGE_SHIFT ? align >> PAGE_SHIFT : 1;

	start = find_free_area(bdata, preferred, eidx, areasize, incr);
	if (start < 0 && preferred)
		start = find_free_area(bdata, offset, eidx, areasize, incr);
	if (start < 0)
		return NULL;

	if (align <= PAGE_SIZE && bdata->last_offset && bdata->last_pos + 1 == (unsigned long)start) {
		unsigned long off = ALIGN(bdata->last_offset, align);
		unsigned long remaining = PAGE_SIZE - off;

		BUG_ON(off > PAGE_SIZE);
		ret = __va(PFN_PHYS(bdata->last_pos) + off + boot_start);
		if (size < remaining) {
			areasize = 0;
			bdata->last_offset = off + size;
		} else {
			remaining = size - remaining;
			areasize = PFN_UP(remaining);
			bdata->last_pos = start + areasize - 1;
			bdata->last_offset = remaining;
		}
		bdata->last_offset &= ~PAGE_MASK;
	} else {
		bdata->last_pos = start + areasize - 1;
		bdata->last_offset = size & ~PAGE_MASK;
		ret = __va(PFN_PHYS(start) + boot_start);
	}
	for (unsigned long i = start; i < start + areasize; i++)
		if (test_and_set_bit(i, bdata->node_bootmem_map))
			BUG();
	if (zero)
		memset(ret, 0, size);
	return ret;
}

static __noreturn void __init bootmem_oom(unsigned long size, u64 max_addr,
					  unsigned long caller)
{
	printk(KERN_ALERT "bootmem alloc of %lu bytes failed!\n", size);
	if (max_addr != BOOTMEM_ALLOC_ACCESSIBLE)
		printk(KERN_ALERT "bootmem: none free below %#llx\n", (unsigned long long)max_addr);
	panic("Out of memory (bootmem, from %pS)", (void *)caller);
}

/*
 * Every node in node order whose boot allocator is up, the first with
 * room (2.4's __alloc_bootmem()), or NULL.
 */
static void *__init alloc_any_node(unsigned long size, unsigned long align, phys_addr_t goal,
				   unsigned long limit_pfn, bool zero, unsigned long caller)
{
	pg_data_t *pgdat;
	void *ptr;

	if (!pgdat_list)
		panic("__bootmem_alloc_nid called before init_bootmem, from %pS", (void *)caller);
	check_alive(contig_page_data.bdata, "__bootmem_alloc_nid", caller);
	for_each_pgdat(pgdat) {
		if (!bootmem_live(pgdat))
			continue;
		ptr = __alloc_bootmem_core(pgdat->bdata, size, align, goal, limit_pfn, caller, zero);
		if (ptr)
			return ptr;
	}
	return NULL;
}

/*
 * The entry point (linux/bootmem.h says what each argument does).  A
 * node of its own first, then any node's, as 2.6's __alloc_bootmem_node()
 * falls back (2.4 panicked): a node without a boot allocator -- one that
 * holds only high memory -- gets low memory wherever there is some.
 */
void *__init __bootmem_alloc_nid(unsigned long size, unsigned long align, phys_addr_t min_addr,
				 u64 max_addr, int nid, unsigned int flags)
{
	unsigned long limit_pfn = (unsigned long)PFN_DOWN(max_addr);
	bool zero = !(flags & BOOTMEM_RAW);
	void *ptr = NULL;

	if (nid != NUMA_NO_NODE) {
		pg_data_t *pgdat = NODE_DATA(nid);

		if ((flags & BOOTMEM_EXACT_NID) || (pgdat->bdata && !pgdat->bdata->retired))
			ptr = __alloc_bootmem_core(pgdat->bdata, size, align, min_addr, limit_pfn,
						   _RET_IP_, zero);
	}
	if (!ptr && !(flags & BOOTMEM_EXACT_NID))
		ptr = alloc_any_node(size, align, min_addr, limit_pfn, zero, _RET_IP_);
	if (!ptr && !(flags & BOOTMEM_EXACT_NID))
		bootmem_oom(size, max_addr, _RET_IP_);
	return ptr;
}

/* ---- retirement (Gorman 5.5) ---- */

/*
 * 2.4's loop: every page of the node whose bit is clear, one at a time,
 * walking the node's struct pages (bit 0 is the node's first page).
 */
static unsigned long __init free_all_pages_one_by_one(pg_data_t *pgdat, unsigned long idx)
{
	bootmem_data_t *bdata = pgdat->bdata;
	struct page *page = pgdat->node_mem_map;
	unsigned long count = 0;

	for (unsigned long i = 0; i < idx; i++, page++) {
		if (test_bit(i, bdata->node_bootmem_map))
			continue;
		free_reserved_page(page);
		count++;
	}
	return count;
}

/*
 * Zone by zone, the bitmap's runs a word at a time (find_next_bit()): each
 * run of clear bits released in maximal aligned blocks, each run of set
 * bits left reserved.  With the struct pages deferred (the default) this
 * is the one pass that writes them.
 */
static unsigned long __init free_all_pages_in_blocks(pg_data_t *pgdat, unsigned long idx)
{
	const unsigned long *map = pgdat->bdata->node_bootmem_map;
	unsigned long start = pgdat->node_start_pfn, count = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zone_t *zone = &pgdat->node_zones[z];
		unsigned long i = max(zone->zone_start_pfn, start) - start;
		unsigned long end = min(zone->zone_start_pfn + zone->size, start + idx) - start;

		while (i < end) {
			unsigned long used = find_next_bit(map, end, i);
			unsigned long next = find_next_zero_bit(map, end, used);

			count += __free_pages_memory(zone, start + i, start + used);
			reserve_bootmem_region(zone, start + used, start + next);
			i = next;
		}
	}
	return count;
}

/*
 * The bitmap's own pages, each found by its pfn -- a bitmap that had to
 * lodge on another node need not be where this node's struct pages are.
 * On a node whose struct pages are not written yet (its turn comes
 * later) a page goes back to that node's boot allocator instead, and
 * leaves with that node's free pages.
 */
static unsigned long __init free_bootmap_pages(bootmem_data_t *bdata, unsigned long map_pages)
{
	unsigned long count = 0;

	for (unsigned long pfn = bdata->node_bootmap_pfn; pfn < bdata->node_bootmap_pfn + map_pages;
	     pfn++) {
		if (!pfn_unwritten(pfn)) {
			free_reserved_page(pfn_to_page(pfn));
			count++;
			continue;
		}
		free_bootmem_core(NODE_DATA(pfn_to_nid(pfn))->bdata, PFN_PHYS(pfn), PAGE_SIZE,
				  _RET_IP_);
	}
	return count;
}

/*
 * Retire one node's boot allocator: every page whose bit is clear goes to
 * the buddy allocator, then the bitmap's own pages, and the bitmap is
 * forgotten -- any later bootmem call panics naming its caller.
 */
static unsigned long __init free_all_bootmem_core(pg_data_t *pgdat)
{
	bootmem_data_t *bdata = pgdat->bdata;
	unsigned long start = PFN_DOWN(bdata->node_boot_start);
	unsigned long idx = node_pages(bdata);
	unsigned long count;

	check_alive(bdata, "free_all_bootmem", _RET_IP_);
	if (!pgdat->node_mem_map || !pfn_valid(bdata->node_low_pfn - 1) ||
	    pgdat->node_start_pfn != start)
		panic("free_all_bootmem_core: node %d's mem_map does not cover its bitmap's pfns %lu-%lu",
		      pgdat->node_id, start, bdata->node_low_pfn);
	if (bootmem_retire_mode == BOOTMEM_RETIRE_PAGE)
		count = free_all_pages_one_by_one(pgdat, idx);
	else
		count = free_all_pages_in_blocks(pgdat, idx);
	/* Then the bitmap itself: the allocator's last own pages. */
	count += free_bootmap_pages(bdata, bootmem_bootmap_pages(idx));
	bdata->node_bootmem_map = NULL;
	bdata->retired = true;
	return count;
}

unsigned long __init free_all_bootmem_node(pg_data_t *pgdat)
{
	return free_all_bootmem_core(pgdat);
}

unsigned long __init free_all_bootmem(void)
{
	return free_all_bootmem_core(&contig_page_data);
}

/*
 * Boot memory freed after the boot allocator retired (setup_arch()'s boot
 * module table, read until free_initmem()): the whole pages inside the
 * range, still reserved, go straight to the buddy allocator (Linux
 * 2.6.28's free_bootmem_late()).  The caller counts them in totalram_pages.
 */
void __init free_bootmem_late(phys_addr_t addr, unsigned long size)
{
	free_reserved_range(PFN_UP(addr), PFN_DOWN((u64)addr + size), 0, false, _RET_IP_);
}
