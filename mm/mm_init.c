/*
 * Setting up the zones and mem_map the buddy allocator works on, and the
 * struct pages the hand-over writes: Linux 6.3 moved this out of
 * mm/page_alloc.c into mm/mm_init.c, as here.
 *
 * free_area_init_core() sizes each zone and takes mem_map from bootmem
 * (2.4, Gorman 2.2 and 5.5).  With bootmem_retire=page it starts every
 * struct page reserved with a count of zero, and mem_init() frees them
 * again; with the batch hand-over (the default) no struct page is written
 * here at all: each is written once, by the pass of the hand-over that
 * frees it or keeps it reserved ("deferred" below).
 */
#include <linux/boot_allocator.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include "internal.h"

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem" };

struct page *mem_map;
unsigned long max_mapnr;
unsigned long num_physpages;

/* 2.4's zone_balance_ratio/min/max: pages_min = size/128 within [20, 255]. */
static void __init set_zone_watermarks(zone_t *zone, unsigned long present_pages)
{
	unsigned long mask = present_pages / 128;

	if (mask < 20)
		mask = 20;
	else if (mask > 255)
		mask = 255;
	zone->pages_min = mask;
	zone->pages_low = mask * 2;
	zone->pages_high = mask * 3;
}

/*
 * mem_map lives in low memory, a struct page per page frame: 20 bytes a
 * page, 320 MiB of the 896 MiB for the 64 GiB a PAE kernel can address
 * (Gorman 2.4).  The highest max_pfn whose mem_map fits in budget bytes
 * (the architecture's share of its low RAM), never below max_low_pfn;
 * max_pfn itself when it fits.
 */
unsigned long memmap_fit_pfn(unsigned long max_pfn, unsigned long max_low_pfn, u64 budget)
{
	u64 room = budget / sizeof(struct page);

	if (max_pfn <= room || max_pfn <= max_low_pfn)
		return max_pfn;
	return room > max_low_pfn ? (unsigned long)room : max_low_pfn;
}

/* ---- deferred struct page init: the hand-over writes the struct pages ---- */

/*
 * 2.4's free_area_init_core() writes every struct page reserved, and its
 * hand-over writes each free one again to free it: two passes over
 * mem_map.  The batch hand-over writes each struct page once, in the pass
 * that releases it -- Linux 4.2's deferred struct page init
 * (deferred_init_memmap()), here for the whole node, since nothing reads
 * a struct page before mem_init(): bootmem keeps its state in its bitmap.
 * bootmem_retire=page keeps 2.4's two passes.
 *
 * Each node's struct pages are written in pfn order, and
 * pgdat->first_deferred_pfn marks how far: a merge never looks at a buddy
 * at or past it (its memory could look like anything, a free block too),
 * a __free_pages() of a page not written yet is a bad_page(), and each
 * range below must start exactly where the last one ended -- a range
 * skipped or written twice is a panic that names it.
 */
bool memmap_deferred;

static bool __init defer_memmap(void)
{
	return bootmem_retire_mode == BOOTMEM_RETIRE_BATCH;
}

/* Is page's struct page one the hand-over has still to write? */
bool page_unwritten(const struct page *page)
{
	const pg_data_t *pgdat = mem_map_pgdat(page);

	return pgdat && (unsigned long)(page - pgdat->node_mem_map) + pgdat->node_start_pfn >=
			pgdat->first_deferred_pfn;
}

bool pfn_unwritten(unsigned long pfn)
{
	return pfn >= NODE_DATA(pfn_to_nid(pfn))->first_deferred_pfn;
}

static unsigned int zone_idx(const zone_t *zone)
{
	return (unsigned int)(zone - zone->zone_pgdat->node_zones);
}

/*
 * Was pfn's struct page written ahead, reserved, by memblock's first pass?
 * Read only at the ends of a gap the free pass steps over, so a gap
 * nobody wrote is caught without a walk of the pages in it.
 */
static bool __init written_reserved(const pg_data_t *pgdat, unsigned long pfn)
{
	const struct page *page = pfn_to_page(pfn);

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const zone_t *zone = &pgdat->node_zones[z];

		if (pfn >= zone->zone_start_pfn && pfn < zone->zone_start_pfn + zone->size)
			return !page->count && page->flags == ((1UL << PG_reserved) |
							       page_links(z, pgdat->node_id));
	}
	return false;
}

/*
 * [start_pfn, end_pfn) of zone is next to be written: it must be, and it
 * is now.  It may start past first_deferred_pfn where memblock's first
 * pass wrote the pages between (memmap_ahead_pfn): the free pass steps
 * over them, once their ends are seen written.
 */
static unsigned long __init step_over_written(zone_t *zone, unsigned long to)
{
	pg_data_t *pgdat = zone->zone_pgdat;
	unsigned long next = pgdat->first_deferred_pfn;

	if (to > next && to <= pgdat->memmap_ahead_pfn && written_reserved(pgdat, next) &&
	    written_reserved(pgdat, to - 1))
		pgdat->first_deferred_pfn = to;
	return pgdat->first_deferred_pfn;
}

static void __init claim_deferred(zone_t *zone, unsigned long start_pfn, unsigned long end_pfn,
				  unsigned long caller)
{
	pg_data_t *pgdat = zone->zone_pgdat;
	unsigned long next = step_over_written(zone, start_pfn);

	if (start_pfn != next || end_pfn < start_pfn ||
	    start_pfn < zone->zone_start_pfn || end_pfn > zone->zone_start_pfn + zone->size)
		panic("memmap: node %d zone %s: struct pages %#lx-%#lx written out of order (next to write %#lx), from %pS",
		      pgdat->node_id, zone->name, start_pfn, end_pfn, next, (void *)caller);
}

/*
 * Every struct page starts reserved, unreferenced, in its zone: one store
 * of the whole structure per pfn (mem_map came unzeroed from bootmem).
 */
static void __init init_zone_pages(struct page *map, unsigned long n, unsigned int zone, int nid)
{
	const struct page init = {
		.flags = (1UL << PG_reserved) | page_links(zone, nid),
	};

	for (unsigned long i = 0; i < n; i++)
		map[i] = init;
}

/*
 * Pages that stay reserved (holes, what the boot allocator kept), written
 * so: next in pfn order, or -- memblock's first pass -- ahead of the free
 * pass, each range past the last.
 */
static void __init deferred_init_pages(zone_t *zone, unsigned long start_pfn,
				       unsigned long end_pfn, unsigned long caller)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (start_pfn > pgdat->first_deferred_pfn && start_pfn >= pgdat->memmap_ahead_pfn &&
	    start_pfn >= zone->zone_start_pfn && end_pfn <= zone->zone_start_pfn + zone->size) {
		init_zone_pages(pfn_to_page(start_pfn), end_pfn - start_pfn, zone_idx(zone),
				pgdat->node_id);
		pgdat->memmap_ahead_pfn = end_pfn;
		return;
	}
	claim_deferred(zone, start_pfn, end_pfn, caller);
	init_zone_pages(pfn_to_page(start_pfn), end_pfn - start_pfn, zone_idx(zone),
			pgdat->node_id);
	pgdat->first_deferred_pfn = end_pfn;
	pgdat->memmap_ahead_pfn = max(pgdat->memmap_ahead_pfn, end_pfn);
}

/*
 * Free pages written as the pages of maximal aligned blocks and freed,
 * block by block: a block is written just before its head goes to the
 * buddy allocator, so the merge sees only written struct pages.  There is
 * nothing to check -- these pages had no state -- and nothing to read.
 * Each page gets what is read of a page that does not head a free block:
 * its flags (zone, node, no PG_buddy, no PG_reserved), its count, and
 * private, 0 in every page of an allocated block but its head's (which
 * holds the order).  lru is a free block head's alone -- written by
 * __free_pages_core() and by every later split or merge before anything
 * reads it -- so it is left as it is: 12 bytes stored per page, not the
 * whole struct page, the hand-over's one pass over mem_map that much
 * lighter (docs/performance.md; Linux zeroes the whole struct page in
 * __init_single_page()).
 */
static unsigned long __init deferred_free_pages(zone_t *zone, unsigned long start_pfn,
						unsigned long end_pfn, unsigned long set_flags,
						bool to_tail, unsigned long caller)
{
	pg_data_t *pgdat = zone->zone_pgdat;
	unsigned long flags = page_links(zone_idx(zone), pgdat->node_id) | set_flags;
	unsigned long pfn = start_pfn;

	claim_deferred(zone, start_pfn, end_pfn, caller);
	while (pfn < end_pfn) {
		unsigned int order = block_order(pfn, end_pfn);
		struct page *page = pfn_to_page(pfn);

		for (unsigned long i = 0; i < (1UL << order); i++) {
			page[i].flags = flags;
			page[i].count = 0;
			page[i].private = 0;
		}
		pfn += 1UL << order;
		pgdat->first_deferred_pfn = pfn;
		__free_pages_core(page, order, to_tail, caller);
	}
	return end_pfn - start_pfn;
}

/*
 * The hand-over's runs, whichever way mem_map was set up: reserved pages
 * written already are checked and freed as they are; a run that reaches
 * past first_deferred_pfn is the next to write (claim_deferred() refuses
 * one that does not start there, straddling or skipping).
 */
static unsigned long __init free_boot_run(zone_t *zone, unsigned long start_pfn,
					  unsigned long end_pfn, unsigned long set_flags,
					  bool to_tail, unsigned long caller)
{
	if (start_pfn >= end_pfn)
		return 0;
	if (end_pfn > zone->zone_pgdat->first_deferred_pfn)
		return deferred_free_pages(zone, start_pfn, end_pfn, set_flags, to_tail, caller);
	return free_reserved_range(start_pfn, end_pfn, set_flags, to_tail, caller);
}

/*
 * Low memory, from free_all_bootmem_core()'s bitmap walk (Linux's
 * mm/memblock.c __free_pages_memory()): 2.4 frees it upward, each block
 * to the head of its list, as here.
 */
unsigned long __init __free_pages_memory(zone_t *zone, unsigned long start_pfn,
					 unsigned long end_pfn)
{
	return free_boot_run(zone, start_pfn, end_pfn, 0, false, _RET_IP_);
}

/*
 * What stays reserved -- holes, what bootmem kept -- needs nothing once
 * written; not yet written, it is written reserved now (Linux's
 * reserve_bootmem_region(), mm/mm_init.c, for the same job).
 */
void __init reserve_bootmem_region(zone_t *zone, unsigned long start_pfn, unsigned long end_pfn)
{
	if (start_pfn < end_pfn && end_pfn > zone->zone_pgdat->first_deferred_pfn)
		deferred_init_pages(zone, start_pfn, end_pfn, _RET_IP_);
}

/*
 * A node's high memory, never in bootmem, to the buddy allocator in the
 * batch hand-over: each RAM run of its HighMem zone in maximal blocks,
 * PG_highmem set, the holes written reserved; returns the pages freed
 * (bootmem_retire=page keeps 2.4's one_highpage_init() loop, arch/x86/mm/
 * init.c).  Linux 6.15 frees high memory in mm/ too (memblock_free_all()).
 *
 * 2.4's loop frees it downward, a page at a time, so each free block is
 * listed when its lowest page is freed, in front of the blocks above it:
 * its lists read upward from the head.  The struct pages must be written
 * upward (first_deferred_pfn), so the blocks are released upward too,
 * each put at the tail of its list -- behind the blocks below it, where
 * the downward loop leaves it.  The same lists, in the same order (a
 * merge with a free block below can only be the last thing to happen to
 * a block here, as it is there), for one list move per block released
 * (__free_pages_core()), off the free path.
 */
unsigned long __init free_all_highmem_node(pg_data_t *pgdat)
{
	zone_t *zone = &pgdat->node_zones[ZONE_HIGHMEM];
	unsigned long start = zone->zone_start_pfn, end = start + zone->size;
	unsigned long pos = start, done = start, rs, re, count = 0;

	while (next_ram_range(&pos, end, &rs, &re)) {
		reserve_bootmem_region(zone, done, rs);
		count += free_boot_run(zone, rs, re, 1UL << PG_highmem, true, _RET_IP_);
		done = re;
	}
	reserve_bootmem_region(zone, done, end);
	return count;
}

/*
 * The end of mem_init()'s release: whatever no release reached (a zone
 * with no RAM, a node's holes past its last RAM) is written reserved, and
 * every struct page is written (Linux sets first_deferred_pfn to
 * ULONG_MAX the same way).
 */
void __init memmap_init_done(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			zone_t *zone = &pgdat->node_zones[z];
			unsigned long end = zone->zone_start_pfn + zone->size;

			if (!zone->size || end <= pgdat->first_deferred_pfn)
				continue;
			/* What memblock's first pass wrote past its last free page stays as written. */
			step_over_written(zone, min(pgdat->memmap_ahead_pfn, end));
			reserve_bootmem_region(zone, max(zone->zone_start_pfn, pgdat->first_deferred_pfn),
					       end);
		}
		pgdat->first_deferred_pfn = ULONG_MAX;
	}
	memmap_deferred = false;
}

/* ---- zones ---- */

static void __init free_area_init_core(int nid, pg_data_t *pgdat, struct page **gmap,
				       unsigned long *zones_size, unsigned long zone_start_pfn,
				       unsigned long *zholes_size)
{
	unsigned long totalpages = 0, holes = 0;
	struct page *lmem_map;

	for (int j = 0; j < MAX_NR_ZONES; j++) {
		totalpages += zones_size[j];
		holes += zholes_size ? zholes_size[j] : 0;
	}

	/* 2.4: the caller may hand in the node's mem_map, or have one made. */
	lmem_map = *gmap;
	if (!lmem_map)
		lmem_map = boot_alloc_try_nid_raw(totalpages * sizeof(struct page), SMP_CACHE_BYTES,
						     MAX_DMA_ADDRESS_PHYS, BOOTMEM_ALLOC_ACCESSIBLE, nid);
	*gmap = pgdat->node_mem_map = lmem_map;
	pgdat->node_spanned_pages = totalpages;
	pgdat->node_present_pages = zholes_size ? totalpages - holes : ram_pages(zone_start_pfn,
									zone_start_pfn + totalpages);
	pgdat->node_start_pfn = zone_start_pfn;
	pgdat->node_id = nid;
	pgdat->nr_zones = 0;
	/* The batch hand-over writes the struct pages: see memmap_deferred. */
	memmap_deferred = defer_memmap();
	pgdat->first_deferred_pfn = memmap_deferred ? zone_start_pfn : ULONG_MAX;
	pgdat->memmap_ahead_pfn = zone_start_pfn;

	for (int j = 0; j < MAX_NR_ZONES; j++) {
		zone_t *zone = pgdat->node_zones + j;
		unsigned long size = zones_size[j];

		zone->name = zone_names[j];
		zone->size = size;
		zone->zone_pgdat = pgdat;
		zone->zone_start_pfn = zone_start_pfn;
		zone->zone_mem_map = lmem_map + (zone_start_pfn - pgdat->node_start_pfn);
		if (size)
			pgdat->nr_zones = j + 1;
		zone->free_pages = 0;
		for (int o = 0; o < MAX_ORDER; o++) {
			INIT_LIST_HEAD(&zone->free_area[o].free_list);
			zone->free_area[o].nr_free = 0;
		}
		/*
		 * As 2.4: watermarks from the zone's size less the holes the
		 * architecture reports (i386 reports none), none for an empty zone.
		 */
		zone->pages_min = zone->pages_low = zone->pages_high = 0;
		if (size)
			set_zone_watermarks(zone, size - (zholes_size ? zholes_size[j] : 0));
		if (pgdat->first_deferred_pfn == ULONG_MAX)
			init_zone_pages(zone->zone_mem_map, size, (unsigned int)j, nid);
		zone_start_pfn += size;
	}
}

/*
 * What 2.4's free_area_init_core() prints as it goes, printed by the
 * caller once its timing is taken: the serial console is not memory init.
 */
void __init print_zone_sizes(const pg_data_t *pgdat)
{
	printk(KERN_INFO "On node %d totalpages: %lu\n", pgdat->node_id, pgdat->node_spanned_pages);
	for (int j = 0; j < MAX_NR_ZONES; j++)
		printk(KERN_INFO "zone(%d): %lu pages.\n", j, pgdat->node_zones[j].size);
}

void __init free_area_init_node(int nid, pg_data_t *pgdat, struct page *pmap,
				unsigned long *zones_size, unsigned long zone_start_pfn,
				unsigned long *zholes_size)
{
	/*
	 * 2.4's NUMA entry: pmap is the node's part of mem_map if the
	 * architecture laid one out, NULL to have one allocated from the
	 * node's own boot memory.  Holes get struct pages too: they stay
	 * PG_reserved for good.  zholes_size, per zone, are the pages that
	 * are not RAM, so a node's watermarks follow its present pages.
	 * Node 0's map is 2.4's mem_map.  The caller builds the zonelists once
	 * every node is up (build_all_zonelists()).
	 */
	free_area_init_core(nid, pgdat, &pmap, zones_size, zone_start_pfn, zholes_size);
	if (!nid)
		mem_map = pgdat->node_mem_map;
}

/* UMA: one node, and its mem_map is the global one. */
void __init free_area_init(unsigned long *zones_size)
{
	free_area_init_core(0, &contig_page_data, &mem_map, zones_size, 0, NULL);
	build_all_zonelists();
}
