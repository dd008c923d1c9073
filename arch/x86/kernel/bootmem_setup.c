/*
 * The boot allocator's set-up (2.4's setup_memory() in
 * arch/i386/kernel/setup.c; Linux 2.6.2x's setup_bootmem_allocator() in
 * arch/x86/mm/init_32.c, and arch/x86/mm/discontig_32.c for NUMA): one
 * allocator for all of low memory, or one per node with low memory, each
 * bitmap placed where the early reservations leave room, the RAM freed
 * into it, and then, in one call, every early reservation reserved.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/bootmem.h>
#include <asm/e820.h>
#include <asm/early_res.h>
#include <asm/numa.h>
#include <asm/sections.h>
#include <asm/setup_memory.h>

/* The RAM in [start, end) goes free in the boot allocator that covers it. */
static void __init register_bootmem_low_pages(unsigned long start, unsigned long end)
{
	unsigned long pos = start, curr_pfn, last_pfn;

	while (e820_next_ram_range(&pos, end, &curr_pfn, &last_pfn))
		free_bootmem(PFN_PHYS(curr_pfn), PFN_PHYS(last_pfn - curr_pfn));
}

/*
 * Where a node's bootmem bitmap goes, within [lo, hi) of its memory:
 * right after the kernel image, as in 2.4, when that is in the node,
 * unless the boot loader left something there -- QEMU puts its info block
 * and the modules on the pages after the image, and the bitmap is written
 * (all ones) before those are reserved.  Then the lowest free run: RAM,
 * clear of every early reservation (the loader's blocks, modules, the
 * module table and the other nodes' bitmaps).  0 if there is none.  The
 * bitmap is reserved without a name: free_all_bootmem() gives it back
 * with the rest.
 */
static unsigned long __init find_bootmap_start(unsigned long pages, unsigned long lo,
					       unsigned long hi)
{
	u64 image_end = PFN_PHYS((u64)PFN_UP(__pa(_end))), size = PFN_PHYS((u64)pages);
	u64 map = EARLY_AREA_NONE;

	if (image_end >= PFN_PHYS((u64)lo) && image_end + size <= PFN_PHYS((u64)hi))
		map = find_early_area(image_end, image_end + size, size, PAGE_SIZE);
	if (map == EARLY_AREA_NONE)
		map = find_early_area(PFN_PHYS((u64)lo), PFN_PHYS((u64)hi), size, PAGE_SIZE);
	if (map == EARLY_AREA_NONE)
		return 0;
	reserve_early(map, map + size, NULL);
	return (unsigned long)PFN_DOWN(map);
}

/* UMA: one boot allocator for all of low memory, its bitmap after the image. */
static void __init setup_bootmem_uma(void)
{
	unsigned long map_pages = bootmem_bootmap_pages(max_low_pfn), map_pfn;

	map_pfn = find_bootmap_start(map_pages, 0, BOOT_MAPPED_PAGES);
	if (!map_pfn)
		panic("bootmem bitmap (%lu pages) fits nowhere in usable RAM below the %lluMB mapped at boot",
		      map_pages, BOOT_MAPPED_END >> 20);
	init_bootmem(map_pfn, max_low_pfn);
	register_bootmem_low_pages(0, max_low_pfn);
}

/* The first pfn past a node's low memory. */
static unsigned long __init node_low_end(const pg_data_t *pgdat)
{
	return min(pgdat_end_pfn(pgdat), max_low_pfn);
}

static void __init print_node_bootmem(const pg_data_t *pgdat, const char *how)
{
	const bootmem_data_t *b = pgdat->bdata;
	unsigned long pages = bootmem_bootmap_pages(b->node_low_pfn - pgdat->node_start_pfn);

	pr_info("Node %d: bootmem [mem %#018llx-%#018llx], bitmap %lu pages at [mem %#018llx-%#018llx]%s\n",
		pgdat->node_id, (unsigned long long)PFN_PHYS((u64)pgdat->node_start_pfn),
		(unsigned long long)PFN_PHYS((u64)b->node_low_pfn) - 1, pages,
		(unsigned long long)PFN_PHYS((u64)b->node_bootmap_pfn),
		(unsigned long long)PFN_PHYS((u64)b->node_bootmap_pfn + pages) - 1, how);
}

/*
 * Room for a node's bitmap on another node's part of the 16 MiB mapped at
 * boot, all of it on that one node: its pages are freed by pfn, and a run
 * across two nodes would be two nodes' struct pages.
 */
static unsigned long __init borrow_bootmap(unsigned long pages)
{
	const pg_data_t *other;
	unsigned long map = 0;

	for_each_pgdat(other)
		if (!map && other->node_start_pfn < BOOT_MAPPED_PAGES)
			map = find_bootmap_start(pages, other->node_start_pfn,
						 min(node_low_end(other), BOOT_MAPPED_PAGES));
	return map;
}

/*
 * One node's boot allocator (2.4's init_bootmem_node(), as its
 * discontiguous architectures call it), before paging_init(): its bitmap
 * on the node's own part of the 16 MiB head.asm maps, or -- when the node
 * has no room there, or starts above it -- for now wherever below 16 MiB
 * there is room (move_bootmem_bitmaps() takes it home once all low
 * memory is mapped); the node's RAM freed into it.
 */
static void __init setup_node_bootmem(pg_data_t *pgdat)
{
	unsigned long start = pgdat->node_start_pfn, end = node_low_end(pgdat);
	unsigned long pages = bootmem_bootmap_pages(end - start), map;

	map = find_bootmap_start(pages, start, min(end, BOOT_MAPPED_PAGES));
	pgdat->bdata->map_borrowed = !map;
	if (!map)
		map = borrow_bootmap(pages);
	if (!map)
		panic("Node %d: its bootmem bitmap (%lu pages) fits nowhere in usable RAM below the %lluMB mapped at boot",
		      pgdat->node_id, pages, BOOT_MAPPED_END >> 20);
	init_bootmem_node(pgdat, map, start, end);
	if (!pgdat->node_id)
		min_low_pfn = map;
	register_bootmem_low_pages(start, end);
	print_node_bootmem(pgdat, pgdat->bdata->map_borrowed ? " (until paging_init)" : "");
}

/*
 * NUMA: a boot allocator for each node with low memory, all of them
 * before paging_init(), which takes its page tables from them -- and so
 * every reservation is made once, whatever node it falls in.  Nodes that
 * hold only high memory get none, ever: bootmem hands out memory it can
 * address, and high memory has no kernel mapping.  2.6's i386 NUMA
 * (discontig.c) gave only node 0 a boot allocator, every other node being
 * highmem on the machines it ran on; 2.4's discontiguous architectures
 * gave every node one, all their memory being mapped.  This kernel does
 * both: one for each node with low memory, none for the rest, whose pages
 * one_highpage_init() releases.
 */
static void __init setup_bootmem_numa(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		if (pgdat->node_start_pfn >= max_low_pfn) {
			pgdat->bdata = NULL;
			pr_info("Node %d: highmem only, no boot allocator\n", pgdat->node_id);
			continue;
		}
		setup_node_bootmem(pgdat);
	}
}

/*
 * The boot allocator, UMA or NUMA, then every early reservation reserved
 * in it -- the loader's share said once the modules are known to be where
 * bootmem protects them -- and the record, taken, let go.
 */
void __init setup_bootmem_allocator(const struct boot_info *bi)
{
	if (numa_enabled)
		setup_bootmem_numa();
	else
		setup_bootmem_uma();
	check_boot_modules();
	early_res_to_bootmem(0, PFN_PHYS((u64)max_low_pfn));
	print_boot_loader_data(bi);
	early_res_discard();
}

/*
 * After paging_init(): a bitmap that had to start on another node moves
 * to its own node's memory, now mapped, when the node has room -- taken
 * from the node's own allocator, copied (its new pages' bits included),
 * the old pages freed where they were.  A node whose low memory is all
 * taken (boot modules, say) keeps it where it is, and says so.
 */
void __init move_bootmem_bitmaps(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		bootmem_data_t *b = pgdat->bdata;
		unsigned long bytes, old;
		void *map;

		if (!b || !b->map_borrowed)
			continue;
		bytes = PFN_PHYS(bootmem_bootmap_pages(b->node_low_pfn - pgdat->node_start_pfn));
		map = bootmem_alloc_exact_nid_raw(bytes, PAGE_SIZE, 0, BOOTMEM_ALLOC_ACCESSIBLE,
						  pgdat->node_id);
		if (!map) {
			print_node_bootmem(pgdat, " (no room on the node: it stays there)");
			continue;
		}
		memcpy(map, b->node_bootmem_map, bytes);
		old = b->node_bootmap_pfn;
		b->node_bootmem_map = map;
		b->node_bootmap_pfn = PFN_DOWN(__pa(map));
		b->map_borrowed = false;
		free_bootmem(PFN_PHYS(old), bytes);
		print_node_bootmem(pgdat, " (moved to the node)");
	}
}
