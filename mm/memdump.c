/*
 * memdump: physical memory as the kernel sees it, at four moments of the
 * hand-over, printed for a host tool to draw (docs/memdump.md, `make
 * report`).  Everything comes from the kernel's own records -- the
 * architecture's map, each node's bootmem bitmap, the named reservations,
 * the struct pages -- read in place: nothing is allocated, so the dump
 * changes nothing it shows.
 */
#include <linux/bitops.h>
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memdump.h>
#include <linux/mmzone.h>
#include <linux/reservations.h>
#include <linux/string.h>

bool memdump_enabled;

static int __init memdump_setup(char *str)
{
	return get_flag_param("memdump", str, &memdump_enabled);
}
early_param("memdump", memdump_setup);

static const char *const stage_names[] = {
	[MEMDUMP_MAP] = "map",
	[MEMDUMP_SETUP_ARCH] = "setup_arch",
	[MEMDUMP_MEM_INIT] = "mem_init",
	[MEMDUMP_FREE_INITMEM] = "free_initmem",
};

static void dump_nodes(void)
{
	const pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		printk(KERN_INFO "memdump: node %d %lx %lx %lx\n", pgdat->node_id,
		       pgdat->node_start_pfn, pgdat_end_pfn(pgdat), pgdat->node_present_pages);
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const zone_t *zone = &pgdat->node_zones[z];

			if (zone->size)
				printk(KERN_INFO "memdump: zone %d %s %lx %lx\n", pgdat->node_id,
				       zone->name, zone->zone_start_pfn,
				       zone->zone_start_pfn + zone->size);
		}
	}
}

/* Each node's bitmap, and the runs of pages it holds reserved. */
static void dump_bootmem(void)
{
	const pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		const bootmem_data_t *b = pgdat->bdata;
		unsigned long start, pages, run = 0;

		if (!b || !b->node_bootmem_map)
			continue;
		start = PFN_DOWN(b->node_boot_start);
		pages = b->node_low_pfn - start;
		printk(KERN_INFO "memdump: bitmap %d %lx %lx\n", pgdat->node_id, b->node_bootmap_pfn,
		       b->node_bootmap_pfn + bootmem_bootmap_pages(pages));
		for (unsigned long i = 0; i <= pages; i++) {
			if (i < pages && test_bit(i, b->node_bootmem_map)) {
				run++;
				continue;
			}
			if (run)
				printk(KERN_INFO "memdump: held %d %lx %lx\n", pgdat->node_id,
				       start + i - run, start + i);
			run = 0;
		}
	}
}

/*
 * memblock's reserved regions as the pages they hold, in the `held` lines
 * bootmem's bitmap gives (boot_allocator=memblock): whole pages, rounded
 * outward as memblock_free_all() leaves them, each node's part apart.
 */
static void dump_memblock(void)
{
	const struct memblock_region *r;

	for_each_reserved_mem_region(r) {
		unsigned long start = PFN_DOWN(r->base), end = PFN_UP((u64)r->base + r->size);
		const pg_data_t *pgdat;

		for_each_pgdat(pgdat) {
			unsigned long s = max(start, pgdat->node_start_pfn);
			unsigned long e = min(end, pgdat_end_pfn(pgdat));

			if (s < e)
				printk(KERN_INFO "memdump: held %d %lx %lx\n", pgdat->node_id, s, e);
		}
	}
}

/*
 * The named reservations in ascending order of start, the record being in
 * the order the names were given: each pass prints the next one up (a
 * handful of names, a few thousand with many boot modules).
 */
static void dump_reservations(void)
{
	int nr;
	const struct reservation *r = reservation_table(&nr);
	const struct reservation *last = NULL;

	for (;;) {
		const struct reservation *next = NULL;

		for (int i = 0; i < nr; i++) {
			if (last && (r[i].start_pfn < last->start_pfn ||
				     (r[i].start_pfn == last->start_pfn && &r[i] <= last)))
				continue;
			if (!next || r[i].start_pfn < next->start_pfn)
				next = &r[i];
		}
		if (!next)
			return;
		printk(KERN_INFO "memdump: resv %lx %lx %s\n", next->start_pfn, next->end_pfn,
		       next->why);
		last = next;
	}
}

static void print_free_run(int nid, const zone_t *zone, unsigned int order,
			   unsigned long start, unsigned long end)
{
	if (end > start)
		printk(KERN_INFO "memdump: free %d %s %u %lx %lx\n", nid, zone->name, order, start,
		       end);
}

/* Each zone's free blocks, from the struct pages: runs of one order. */
static void dump_free(void)
{
	const pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const zone_t *zone = &pgdat->node_zones[z];
			unsigned long pfn = zone->zone_start_pfn, end = pfn + zone->size;
			unsigned long run_start = 0, run_end = 0;
			unsigned int run_order = 0;

			while (pfn < end) {
				const struct page *page = zone->zone_mem_map + (pfn - zone->zone_start_pfn);
				unsigned int order;

				if (!PageBuddy(page)) {
					pfn++;
					continue;
				}
				order = (unsigned int)page->private;
				if (pfn != run_end || order != run_order) {
					print_free_run(pgdat->node_id, zone, run_order, run_start, run_end);
					run_start = pfn;
					run_order = order;
				}
				pfn += 1UL << order;
				run_end = pfn;
			}
			print_free_run(pgdat->node_id, zone, run_order, run_start, run_end);
		}
	}
}

/* RAM pages, free, still reserved, and free in high memory: whole machine. */
static void dump_counts(void)
{
	printk(KERN_INFO "memdump: count %lu %lu %lu %lu\n", ram_pages(0, max_mapnr),
	       nr_free_pages(), count_reserved_pages(max_mapnr), nr_free_highpages());
}

void memdump(enum memdump_stage stage)
{
	if (!memdump_enabled)
		return;
	printk(KERN_INFO "memdump: begin 1 %s\n", stage_names[stage]);
	printk(KERN_INFO "memdump: limits %lx %lx\n", max_pfn, max_low_pfn);
	if (stage == MEMDUMP_MAP) {
		arch_memdump_map();
	} else {
		dump_nodes();
		if (stage == MEMDUMP_SETUP_ARCH && using_memblock())
			dump_memblock();
		else if (stage == MEMDUMP_SETUP_ARCH)
			dump_bootmem();
		else
			dump_free();
		dump_reservations();
		if (stage != MEMDUMP_SETUP_ARCH)
			dump_counts();
	}
	printk(KERN_INFO "memdump: end %s\n", stage_names[stage]);
}
