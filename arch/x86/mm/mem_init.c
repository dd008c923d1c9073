/*
 * Zones and the hand-over (Linux 2.4 arch/i386/mm/init.c, Gorman
 * 5.5-5.6; Linux 2.6's arch/x86/mm/init_32.c holds the same functions):
 * zone_sizes_init() sizes the zones and gives each node its mem_map
 * during setup_arch(); free_pages_init(), for mem_init(), retires the
 * boot allocator into the buddy allocator and releases high memory.
 * Nothing here touches the CPU or the page tables -- those stay in
 * init.c -- so the host tests link this file unchanged and boot their
 * simulated machine through it (tests/host/buddy_sim.c), as Linux's
 * tools/testing/memblock links mm/memblock.c.
 */
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/reservations.h>
#include <linux/string.h>
#include <asm/cache.h>
#include <asm/dma.h>
#include <asm/e820.h>
#include <asm/meminit.h>
#include <asm/numa.h>
#include <asm/setup.h>

unsigned long highstart_pfn, highend_pfn;

/*
 * ZONE_DMA below 16 MiB, ZONE_NORMAL to max_low_pfn, the rest highmem.
 * Like 2.4's i386 code we report no holes, so each zone's watermarks
 * follow its span as the book's figures do.  mem_map, a struct page for
 * every pfn of every zone, stays reserved for good, so it is allocated
 * here, named, and handed in: 2.4's free_area_init_core() takes a mem_map
 * from its caller and makes one only if none is given.  The time taken is
 * mostly initialising struct pages ("memmap").
 */
static void __init zone_sizes_init_uma(void)
{
	unsigned long zones_size[MAX_NR_ZONES] = { 0 };
	unsigned long max_dma = MAX_DMA_ADDRESS_PHYS >> PAGE_SHIFT;
	unsigned long low = max_low_pfn, pages = 0;

	if (low < max_dma) {
		zones_size[ZONE_DMA] = low;
	} else {
		zones_size[ZONE_DMA] = max_dma;
		zones_size[ZONE_NORMAL] = low - max_dma;
	}
	zones_size[ZONE_HIGHMEM] = highend_pfn - highstart_pfn;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		pages += zones_size[z];
	mem_map = boot_name_alloc(boot_alloc_try_nid_raw(pages * sizeof(struct page),
							       SMP_CACHE_BYTES, MAX_DMA_ADDRESS_PHYS,
							       BOOTMEM_ALLOC_ACCESSIBLE, 0),
				     pages * sizeof(struct page), "mem_map");
	free_area_init(zones_size);
}

/*
 * One node of a NUMA machine: its part of each zone, the holes in each
 * (so watermarks follow present pages), and its mem_map from its own low
 * memory -- or, for a node that holds only high memory, from low memory
 * wherever there is room (2.6's i386 NUMA remapped part of the node into
 * the kernel's address space instead; see docs/departures.md).
 */
static void __init zone_sizes_init_node(pg_data_t *pgdat)
{
	unsigned long limit[MAX_NR_ZONES] = {
		MAX_DMA_ADDRESS_PHYS >> PAGE_SHIFT, max_low_pfn, highend_pfn,
	};
	unsigned long zones_size[MAX_NR_ZONES], zholes[MAX_NR_ZONES];
	unsigned long start = pgdat->node_start_pfn, end = pgdat_end_pfn(pgdat), lo = start;
	struct page *map;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long hi = min(max(limit[z], lo), end);

		zones_size[z] = hi - lo;
		zholes[z] = zones_size[z] - ram_pages(lo, hi);
		lo = hi;
	}
	/* Page-aligned: no two nodes' maps share a page, so each page has one name. */
	map = boot_name_alloc(boot_alloc_try_nid_raw((end - start) * sizeof(struct page),
							   PAGE_SIZE, MAX_DMA_ADDRESS_PHYS,
							   BOOTMEM_ALLOC_ACCESSIBLE, pgdat->node_id),
				 (end - start) * sizeof(struct page), "mem_map");
	free_area_init_node(pgdat->node_id, pgdat, map, zones_size, start, zholes);
}

/*
 * The nodes after pgdat leave: high memory now ends with pgdat, whose
 * span stops at its last RAM page before end.  They are all highmem-only
 * (pgdat keeps its low memory), so none has a boot allocator to undo.
 */
static void __init cut_nodes_at(pg_data_t *pgdat, unsigned long end)
{
	unsigned long pos = pgdat->node_start_pfn, rs, re, last = pos;

	for (pg_data_t *next = pgdat->node_next; next; next = next->node_next)
		pr_warn("NUMA: node %d [mem %#018llx-%#018llx] left offline: no low memory for its mem_map\n",
			next->node_id, (unsigned long long)PFN_PHYS((u64)next->node_start_pfn),
			(unsigned long long)PFN_PHYS((u64)pgdat_end_pfn(next)) - 1);
	pgdat->node_next = NULL;
	while (e820_next_ram_range(&pos, end, &rs, &re))
		last = re;
	pgdat->node_spanned_pages = last - pgdat->node_start_pfn;
	pgdat->node_present_pages = ram_pages(pgdat->node_start_pfn, last);
	max_pfn = highend_pfn = last;
	if (highend_pfn < highstart_pfn)
		highstart_pfn = highend_pfn;
	/* memblock knows all of RAM: what the kernel leaves unused is no longer memory. */
	if (using_memblock())
		memblock_remove(PFN_PHYS((u64)last), PHYS_ADDR_MAX - PFN_PHYS((u64)last));
	/* Fewer, shorter nodes: a shift as coarse or coarser fits. */
	BUG_ON(!memnodemap_init());
}

/* The node before pgdat on pgdat_list (node 0 is never cut away). */
static pg_data_t *__init node_before(const pg_data_t *pgdat)
{
	pg_data_t *prev = pgdat_list;

	while (prev->node_next != pgdat)
		prev = prev->node_next;
	return prev;
}

/*
 * A node's mem_map is one piece of some node's low memory.  Where no
 * piece is left that holds it, high memory stops where what fits ends --
 * the node cut (or, if not a megabyte fits, left offline) and the nodes
 * after it offline -- with the numbers, as check_mem_map_cost() caps a
 * UMA machine; a node whose low memory alone does not fit is refused.
 * Linux 2.6's i386 NUMA remapped part of each node into the kernel's
 * space instead (docs/departures.md).  False: pgdat is offline now.
 */
static bool __init fit_node_mem_map(pg_data_t *pgdat)
{
	unsigned long start = pgdat->node_start_pfn, spanned = pgdat->node_spanned_pages;
	unsigned long pages = PFN_UP((u64)spanned * sizeof(struct page)), room, fit, low;

	room = boot_largest_free_run();
	if (pages <= room)
		return true;
	fit = ALIGN_DOWN(start + (unsigned long)(PFN_PHYS((u64)room) / sizeof(struct page)),
			 (1UL << 20) >> PAGE_SHIFT);
	low = min(pgdat_end_pfn(pgdat), max_low_pfn);
	if (start < low && fit < low)
		panic("Node %d: mem_map for [mem %#018llx-%#018llx] would take %luMB, and for its low memory alone %luMB; the largest free piece of low RAM is %luMB",
		      pgdat->node_id, (unsigned long long)PFN_PHYS((u64)start),
		      (unsigned long long)PFN_PHYS((u64)pgdat_end_pfn(pgdat)) - 1, pages >> 8,
		      (unsigned long)PFN_UP((u64)(low - start) * sizeof(struct page)) >> 8,
		      room >> 8);
	printk(KERN_WARNING "Node %d: mem_map for %luMB of RAM would take %luMB; the largest free piece of low RAM is %luMB: using %luMB of RAM, high memory ending at %luMB\n",
	       pgdat->node_id, spanned >> 8, pages >> 8, room >> 8,
	       fit > start ? (fit - start) >> 8 : 0, max(fit, start) >> 8);
	if (fit > start) {
		cut_nodes_at(pgdat, fit);
		return true;
	}
	pgdat = node_before(pgdat);
	cut_nodes_at(pgdat, pgdat_end_pfn(pgdat));
	return false;
}

static void __init print_node_memmap(const pg_data_t *pgdat)
{
	unsigned long start = pgdat->node_start_pfn, end = pgdat_end_pfn(pgdat);
	u64 pa = __pa(pgdat->node_mem_map);

	pr_info("Node %d: mem_map [mem %#018llx-%#018llx] on node %d\n", pgdat->node_id,
		(unsigned long long)pa,
		(unsigned long long)(pa + (end - start) * sizeof(struct page) - 1),
		pfn_to_nid(PFN_DOWN(pa)));
	pr_info("Initmem setup node %d [mem %#018llx-%#018llx]\n", pgdat->node_id,
		(unsigned long long)PFN_PHYS((u64)start), (unsigned long long)PFN_PHYS((u64)end) - 1);
}

/*
 * ZONE_DMA below 16 MiB, ZONE_NORMAL to max_low_pfn, the rest highmem.
 * Like 2.4's i386 code a UMA machine reports no holes, so each zone's
 * watermarks follow its span as the book's figures do.  mem_map, a
 * struct page for every pfn of every zone, stays reserved for good, so it
 * is allocated here, named, and handed in: 2.4's free_area_init_core()
 * takes a mem_map from its caller and makes one only if none is given.
 * The time taken is mostly initialising struct pages ("memmap").
 */
void __init zone_sizes_init(void)
{
	u64 t0 = local_clock_ns();
	pg_data_t *pgdat;

	if (!numa_enabled) {
		zone_sizes_init_uma();
	} else {
		for_each_pgdat(pgdat) {
			if (!fit_node_mem_map(pgdat))
				break;
			zone_sizes_init_node(pgdat);
		}
		build_all_zonelists();
	}
	meminit_timing.memmap_ns = local_clock_ns() - t0;
	/* The lines said as each node was set up, once the time is taken. */
	for_each_pgdat(pgdat) {
		if (numa_enabled)
			print_node_memmap(pgdat);
		print_zone_sizes(pgdat);
	}
}

/* ---- retiring bootmem (Gorman 5.5) ---- */

/* 2.4's one_highpage_init(): a hole stays reserved, RAM goes to the buddy. */
static void __init one_highpage_init(struct page *page, unsigned long pfn)
{
	if (!page_is_ram(pfn)) {
		SetPageReserved(page);
		return;
	}
	free_highmem_page(page);
}

/*
 * High memory was never in bootmem.  Each node's HighMem zone in turn:
 * bootmem_retire=page walks it downward a page at a time as 2.4 does
 * (Linux 6.1 still goes a page at a time, upward); the default has mm/
 * free each RAM run in maximal aligned blocks, listed as the downward
 * walk lists them (free_all_highmem_node(), mm/mm_init.c).
 */
static void __init set_highmem_pages_init(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		zone_t *zone = &pgdat->node_zones[ZONE_HIGHMEM];
		unsigned long start = zone->zone_start_pfn, end = start + zone->size;

		if (!zone->size)
			continue;
		if (bootmem_retire_mode == BOOTMEM_RETIRE_PAGE) {
			for (unsigned long pfn = end; pfn-- > start;)
				one_highpage_init(pfn_to_page(pfn), pfn);
			continue;
		}
		totalhigh_pages += free_all_highmem_node(pgdat);
	}
}

/*
 * The book's two ways (Gorman 5.5): free_all_bootmem() retires the one
 * node of a UMA machine; a NUMA machine retires each node that has a boot
 * allocator with free_all_bootmem_node(), its own bitmap included.
 */
static unsigned long __initdata node_retired[MAX_NUMNODES];

static unsigned long __init retire_bootmem(void)
{
	unsigned long pages = 0;
	pg_data_t *pgdat;

	/* Today's Linux: memblock_free_all(), every node at once. */
	if (using_memblock())
		return memblock_free_all();
	if (!numa_enabled)
		return free_all_bootmem();
	for_each_pgdat(pgdat) {
		if (!pgdat->bdata)
			continue;
		node_retired[pgdat->node_id] = free_all_bootmem_node(pgdat);
		pages += node_retired[pgdat->node_id];
	}
	return pages;
}

/*
 * What each node gave, and the high memory each released (Linux 6.1's
 * "Initializing HighMem for node" line, which it prints before): printed
 * once the timed phases are over, so neither counts the serial console.
 */
static void __init print_retirement(void)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		const zone_t *high = &pgdat->node_zones[ZONE_HIGHMEM];

		if (using_memblock())
			;	/* memblock_free_all() frees every node at once */
		else if (numa_enabled && pgdat->bdata)
			printk(KERN_INFO "Node %d: free_all_bootmem_node: %lu pages\n",
			       pgdat->node_id, node_retired[pgdat->node_id]);
		else if (numa_enabled)
			printk(KERN_INFO "Node %d: highmem only, no boot allocator to retire\n",
			       pgdat->node_id);
		if (high->size)
			printk(KERN_INFO "Initializing HighMem for node %d (%08lx:%08lx)\n",
			       pgdat->node_id, high->zone_start_pfn,
			       high->zone_start_pfn + high->size);
	}
}

/*
 * The calls into the buddy allocator by order: since[] held the counts at
 * the start of the low-memory phase, mid[] at the start of high memory's;
 * each becomes its phase's own.
 */
static void __init count_orders_since(unsigned long since[MAX_ORDER],
				      unsigned long mid[MAX_ORDER])
{
	unsigned long now[MAX_ORDER];

	nr_handover_free_orders(now);
	for (int o = 0; o < MAX_ORDER; o++) {
		since[o] = mid[o] - since[o];
		mid[o] = now[o] - mid[o];
	}
}

/*
 * The arrays memblock grew go back, as Linux's memblock_discard() gives
 * them back (x86 keeps no memblock after boot): once every struct page is
 * written (memmap_init_done()), as Linux does it from
 * page_alloc_init_late(), and counted with the low-memory release as
 * bootmem's bitmap is -- pages, calls and orders.
 */
static unsigned long __init discard_memblock(struct meminit_timing *t)
{
	unsigned long before[MAX_ORDER], after[MAX_ORDER], calls = nr_handover_free_calls();
	unsigned long pages;

	if (!using_memblock())
		return 0;
	nr_handover_free_orders(before);
	pages = memblock_discard();
	nr_handover_free_orders(after);
	for (int o = 0; o < MAX_ORDER; o++)
		t->lowmem_orders[o] += after[o] - before[o];
	t->lowmem_calls += nr_handover_free_calls() - calls;
	t->lowmem_pages += pages;
	return pages;
}

/*
 * Low memory from the boot allocator, then high memory, timed apart;
 * returns the reserved low pages mem_init()'s Memory: line counts.
 */
unsigned long __init free_pages_init(void)
{
	struct meminit_timing *t = &meminit_timing;
	unsigned long reservedpages, calls = nr_handover_free_calls();
	u64 t0 = local_clock_ns(), t1;

	nr_handover_free_orders(t->lowmem_orders);
	t->lowmem_pages = retire_bootmem();
	t1 = local_clock_ns();
	t->lowmem_calls = nr_handover_free_calls() - calls;
	calls = nr_handover_free_calls();
	nr_handover_free_orders(t->highmem_orders);
	/*
	 * 2.4 counts the reserved low pages in a pass over their struct pages
	 * (bootmem_retire=page still does).  Every low RAM page the release
	 * did not free is reserved, so the batch release has the number
	 * already: RAM below max_low_pfn less what it freed (the census at the
	 * end of boot checks the pages themselves).
	 */
	if (bootmem_retire_mode == BOOTMEM_RETIRE_PAGE)
		reservedpages = count_reserved_pages(max_low_pfn);
	else
		reservedpages = ram_pages(0, max_low_pfn) - t->lowmem_pages;
	set_highmem_pages_init();
	memmap_init_done();
	t->highmem_calls = nr_handover_free_calls() - calls;
	count_orders_since(t->lowmem_orders, t->highmem_orders);
	t->highmem_ns = local_clock_ns() - t1;
	reservedpages -= discard_memblock(t);
	totalram_pages += t->lowmem_pages + totalhigh_pages;
	t->free_all_bootmem_ns = t1 - t0;
	print_retirement();
	return reservedpages;
}

/*
 * Give back [begin, end), page-aligned pages of the kernel image kept
 * since boot under one name (Linux 2.6's free_init_pages(),
 * arch/x86/mm/init_32.c; today's free_reserved_area()): the name goes,
 * each page is filled with poison -- so a stale pointer into it finds a
 * value that traps -- then freed and counted in totalram_pages.  Not
 * __init: free_initmem() frees .init with it.  The pages freed.
 */
unsigned long free_init_pages(void *begin, void *end, int poison)
{
	unsigned long pages = 0;

	forget_reservation(PFN_DOWN(__pa(begin)), PFN_DOWN(__pa(end)));
	for (char *addr = begin; addr < (char *)end; addr += PAGE_SIZE, pages++) {
		memset(addr, poison, PAGE_SIZE);
		free_reserved_page(virt_to_page(addr));
	}
	totalram_pages += pages;
	return pages;
}
