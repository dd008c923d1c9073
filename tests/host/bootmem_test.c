/*
 * Host tests for the boot memory allocator, mm/bootmem.c, compiled
 * unchanged into the host build and run against simulated memory.
 */
#include <linux/bitops.h>
#include <linux/bootmem.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <asm/page.h>
#include "host.h"
#include "../../mm/internal.h"

#define SIM_SIZE	(64UL << 20)
#define NODE_PAGES	(SIM_SIZE >> PAGE_SHIFT)
#define MAP_PFN		256UL		/* bitmap at 1 MiB */
#define MiB		(1UL << 20)

static bootmem_data_t *bd(void)
{
	return contig_page_data.bdata;
}

static bool page_reserved(unsigned long pfn)
{
	return test_bit(pfn, bd()->node_bootmem_map);
}

/* Fresh simulated memory and a fresh, all-reserved node for each case. */
static int bootmem_case_init(struct kunit *test)
{
	(void)test;
	sim_mem_init(SIM_SIZE);
	pgdat_list = NULL;	/* init_bootmem links the node onto the list */
	init_bootmem(MAP_PFN, NODE_PAGES);
	host_log_clear();
	return 0;
}

/* The usual setup: RAM above 2 MiB free, the low 2 MiB (and bitmap) kept. */
static void free_above_2m(void)
{
	free_bootmem(2 * MiB, SIM_SIZE - 2 * MiB);
}

static void bootmem_init_starts_all_reserved(struct kunit *test)
{
	const unsigned char *map = bd()->node_bootmem_map;

	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(map), MAP_PFN << PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, bootmem_bootmap_pages(NODE_PAGES), 1);
	for (unsigned long i = 0; i < NODE_PAGES / 8; i++)
		if (map[i] != 0xff) {
			KUNIT_FAIL(test, "bitmap byte %lu is %#x, not 0xff", i, map[i]);
			break;
		}
	KUNIT_EXPECT_EQ(test, max_low_pfn, NODE_PAGES);
	KUNIT_EXPECT_EQ(test, min_low_pfn, MAP_PFN);
	KUNIT_EXPECT_TRUE(test, pgdat_list == &contig_page_data);
	KUNIT_EXPECT_TRUE(test, contig_page_data.node_next == NULL);
}

static void bootmem_free_rounds_inward(struct kunit *test)
{
	free_bootmem(0x1800, 0x2000);	/* 0x1800..0x3800: only page 2 is whole */
	KUNIT_EXPECT_TRUE(test, page_reserved(1));
	KUNIT_EXPECT_FALSE(test, page_reserved(2));
	KUNIT_EXPECT_TRUE(test, page_reserved(3));
}

static void bootmem_reserve_rounds_outward(struct kunit *test)
{
	free_bootmem(0, 0x10000);
	reserve_bootmem(0x1800, 0x2000);	/* touches pages 1, 2 and 3 */
	KUNIT_EXPECT_FALSE(test, page_reserved(0));
	KUNIT_EXPECT_TRUE(test, page_reserved(1));
	KUNIT_EXPECT_TRUE(test, page_reserved(2));
	KUNIT_EXPECT_TRUE(test, page_reserved(3));
	KUNIT_EXPECT_FALSE(test, page_reserved(4));
	KUNIT_EXPECT_FALSE(test, host_log_contains("reserved twice"));
}

static void bootmem_reserve_twice_warns(struct kunit *test)
{
	free_bootmem(0, 0x10000);
	reserve_bootmem(0x5000, 0x1000);
	KUNIT_EXPECT_FALSE(test, host_log_contains("reserved twice"));
	reserve_bootmem(0x4800, 0x1000);	/* pages 4 (free) and 5 (reserved) */
	KUNIT_EXPECT_TRUE(test, host_log_contains("hm, page 0x0000000000005000 reserved twice."));
	KUNIT_EXPECT_FALSE(test, host_log_contains("page 0x0000000000004000 reserved twice"));
	KUNIT_EXPECT_TRUE(test, page_reserved(4));
}

static void bootmem_double_free_panics(struct kunit *test)
{
	free_bootmem(0x10000, 0x1000);
	KUNIT_EXPECT_FALSE(test, page_reserved(0x10));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(free_bootmem(0x10000, 0x1000)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("page 0x0000000000010000 freed twice"));
}

static void bootmem_alloc_honours_goal(struct kunit *test)
{
	void *p;

	free_above_2m();
	p = __alloc_bootmem(100, SMP_CACHE_BYTES, 16 * MiB);
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(p), 16 * MiB);
	KUNIT_EXPECT_TRUE(test, page_reserved(16 * MiB >> PAGE_SHIFT));
	p = __alloc_bootmem(PAGE_SIZE, PAGE_SIZE, 32 * MiB);
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(p), 32 * MiB);
}

static void bootmem_alloc_falls_back_below_goal(struct kunit *test)
{
	void *p;

	free_bootmem(2 * MiB, 14 * MiB);	/* free 2..16 MiB; goal area is full */
	p = __alloc_bootmem(PAGE_SIZE, PAGE_SIZE, 16 * MiB);
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(p), 2 * MiB);
}

static void bootmem_alloc_honours_alignment(struct kunit *test)
{
	void *p;

	free_bootmem(2 * MiB + PAGE_SIZE, SIM_SIZE - 2 * MiB - PAGE_SIZE);
	p = __alloc_bootmem(PAGE_SIZE, 0x10000, 0);
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(p), 2 * MiB + 0x10000);
	p = __alloc_bootmem(3 * PAGE_SIZE, 0x4000, 0);
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(p) & 0x3fff, 0);
	p = __alloc_bootmem(64, 64, 0);
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(p) & 63, 0);
}

static void bootmem_alloc_packs_small_into_page_tail(struct kunit *test)
{
	unsigned char *a, *b;

	free_above_2m();
	a = __alloc_bootmem(100, 32, 0);
	b = __alloc_bootmem(100, 32, 0);
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(a), 2 * MiB);
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(b), 2 * MiB + 128);
	/* The packed allocation took no new page. */
	KUNIT_EXPECT_FALSE(test, page_reserved((2 * MiB >> PAGE_SHIFT) + 1));
}

/*
 * Once the page a small allocation ended in is freed, nothing may be packed
 * into it: 2.4 would put b inside the page c takes next (found in review).
 */
static void bootmem_no_packing_into_freed_page(struct kunit *test)
{
	unsigned char *a, *b, *c;

	free_above_2m();
	a = __alloc_bootmem(100, 32, 4 * MiB);
	free_bootmem(__pa(a) & PAGE_MASK, PAGE_SIZE);
	b = __alloc_bootmem(100, 32, 4 * MiB + PAGE_SIZE);
	c = __alloc_bootmem(PAGE_SIZE, PAGE_SIZE, 4 * MiB);
	KUNIT_EXPECT_TRUE(test, b + 100 <= c || b >= c + PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, page_reserved(__pa(b) >> PAGE_SHIFT));
}

static void bootmem_alloc_zeroes_memory(struct kunit *test)
{
	unsigned char *p;

	free_above_2m();
	memset(__va(2 * MiB), 0xAA, 4 * PAGE_SIZE);
	p = __alloc_bootmem(3 * PAGE_SIZE + 10, PAGE_SIZE, 0);
	KUNIT_ASSERT_EQ(test, (unsigned long)__pa(p), 2 * MiB);
	for (unsigned long i = 0; i < 3 * PAGE_SIZE + 10; i++)
		if (p[i]) {
			KUNIT_FAIL(test, "byte %lu of the allocation is %#x", i, p[i]);
			break;
		}
}

static void bootmem_alloc_bad_align_or_size_panics(struct kunit *test)
{
	free_above_2m();
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)__alloc_bootmem(100, 48, 0)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)__alloc_bootmem(100, 3, 0)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)__alloc_bootmem(100, 0, 0)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)__alloc_bootmem(0, 32, 0)));
}

static void bootmem_alloc_out_of_memory_panics(struct kunit *test)
{
	free_bootmem(2 * MiB, 2 * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)__alloc_bootmem(3 * PAGE_SIZE, PAGE_SIZE, 0)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("bootmem alloc of 12288 bytes failed!"));
	KUNIT_EXPECT_TRUE(test, host_log_contains("Out of memory"));
	/* The two free pages are still there and still free. */
	KUNIT_EXPECT_FALSE(test, page_reserved(2 * MiB >> PAGE_SHIFT));
}

/* The first start, stepping by incr pages from 0, of pages free pages. */
static long first_fit(unsigned long pages, unsigned long incr)
{
	for (unsigned long i = 0; i + pages <= NODE_PAGES; i += incr) {
		unsigned long j = i;

		while (j < i + pages && !page_reserved(j))
			j++;
		if (j == i + pages)
			return (long)i;
	}
	return -1;
}

/*
 * find_free_area() resumes past the reserved page that ends a candidate
 * (issue 22, d): on a map reserved in scattered runs, every whole-page
 * allocation still lands where 2.4's one-start-at-a-time search puts it,
 * for every alignment.
 */
static void bootmem_alloc_first_fit_over_scattered_reservations(struct kunit *test)
{
	static const unsigned long aligns[] = { 1, 2, 4, 16, 64 };
	unsigned long seed = 12345;

	free_above_2m();
	for (int k = 0; k < 200; k++) {
		seed = seed * 1103515245 + 12345;
		reserve_bootmem(2 * MiB + ((seed >> 8) % (NODE_PAGES - 600)) * PAGE_SIZE,
				((seed >> 4) % 8 + 1) * PAGE_SIZE);
	}
	for (int k = 0; k < 60; k++) {
		unsigned long incr = aligns[k % 5], pages = k % 7 + 1;
		long want = first_fit(pages, incr);
		void *p;

		if (want < 0)
			break;
		p = __alloc_bootmem(pages * PAGE_SIZE, incr * PAGE_SIZE, 0);
		KUNIT_EXPECT_EQ(test, (unsigned long)__pa(p) >> PAGE_SHIFT, (unsigned long)want);
	}
}

/* The longest run of free pages, and its node: what a mem_map can still get. */
static void bootmem_largest_free_run_is_the_longest(struct kunit *test)
{
	const pg_data_t *where;

	KUNIT_EXPECT_EQ(test, bootmem_largest_free_run(&where), 0);
	KUNIT_EXPECT_TRUE(test, where == NULL);
	free_above_2m();
	KUNIT_EXPECT_EQ(test, bootmem_largest_free_run(&where), NODE_PAGES - 512);
	KUNIT_EXPECT_TRUE(test, where == &contig_page_data);
	reserve_bootmem(32 * MiB, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, bootmem_largest_free_run(&where), (SIM_SIZE - 32 * MiB) / PAGE_SIZE - 1);
	reserve_bootmem(SIM_SIZE - PAGE_SIZE, PAGE_SIZE);
	reserve_bootmem(48 * MiB, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, bootmem_largest_free_run(&where), 30 * MiB / PAGE_SIZE);
}

/* What setup_arch() asks before reserving a page the boot loader left. */
static void bootmem_page_reserved_follows_the_bitmap(struct kunit *test)
{
	free_above_2m();
	reserve_bootmem(3 * MiB, PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, bootmem_page_reserved(MAP_PFN));
	KUNIT_EXPECT_FALSE(test, bootmem_page_reserved((2 * MiB >> PAGE_SHIFT)));
	KUNIT_EXPECT_TRUE(test, bootmem_page_reserved(3 * MiB >> PAGE_SHIFT));
	KUNIT_EXPECT_FALSE(test, bootmem_page_reserved((3 * MiB >> PAGE_SHIFT) + 1));
	/* Outside the node nothing is ours to hand out. */
	KUNIT_EXPECT_TRUE(test, bootmem_page_reserved(NODE_PAGES));
}

static void bootmem_alloc_before_init_panics(struct kunit *test)
{
	pgdat_list = NULL;
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)__alloc_bootmem(100, 32, 0)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("before init_bootmem"));
}

static void bootmem_reserve_outside_node_panics(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(reserve_bootmem(SIM_SIZE, PAGE_SIZE)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(reserve_bootmem(SIM_SIZE - PAGE_SIZE, 2 * PAGE_SIZE)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(reserve_bootmem(0x1000, 0)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("outside node memory"));
}

static void bootmem_free_outside_node_panics(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(free_bootmem(SIM_SIZE - PAGE_SIZE, 2 * PAGE_SIZE)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(free_bootmem(SIM_SIZE + PAGE_SIZE, PAGE_SIZE)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(free_bootmem((phys_addr_t)0xfffff000u, 2 * PAGE_SIZE)));
	/* Nothing was freed by the refused calls. */
	KUNIT_EXPECT_TRUE(test, page_reserved(NODE_PAGES - 1));
}

/*
 * A node of pages frames with its bitmap at map, the RAM above the bitmap
 * freed into it, and mem_map and the zones set up: ready to retire.
 * Returns init_bootmem()'s bitmap size in bytes.
 */
static unsigned long node_ready_to_retire(unsigned long pages, unsigned long map)
{
	unsigned long zones[MAX_NR_ZONES] = { 4096, pages - 4096, 0 };
	unsigned long map_pages = bootmem_bootmap_pages(pages), bytes;

	sim_mem_init(PFN_PHYS((u64)pages));
	pgdat_list = NULL;
	mem_map = NULL;
	bytes = init_bootmem(map, pages);
	free_bootmem(PFN_PHYS(map + map_pages), PFN_PHYS(pages - map - map_pages));
	free_area_init(zones);
	max_mapnr = pages;
	return bytes;
}

/*
 * A departure from 2.4 (docs/departures.md): 2.4 frees
 * ((idx / 8) + PAGE_SIZE - 1) / PAGE_SIZE bitmap pages, one fewer than it
 * reserved when the long-aligned bitmap spills into a second page; a
 * node of 32,770 pages (4,097 bitmap bytes, 4,100 aligned) keeps a page
 * for ever.  This kernel frees every page it reserved for the bitmap.
 */
static void bootmem_retire_frees_every_bitmap_page(struct kunit *test)
{
	const unsigned long pages = 32770, map = 256;

	KUNIT_EXPECT_EQ(test, bootmem_bootmap_pages(pages), 2UL);
	KUNIT_EXPECT_EQ(test, node_ready_to_retire(pages, map), ALIGN(4097UL, sizeof(long)));
	free_all_bootmem();
	KUNIT_EXPECT_FALSE(test, PageReserved(pfn_to_page(map)));
	KUNIT_EXPECT_FALSE(test, PageReserved(pfn_to_page(map + 1)));	/* 2.4 keeps this one */
	KUNIT_EXPECT_TRUE(test, PageReserved(pfn_to_page(map - 1)));	/* never freed */
}

/*
 * Misuse 2.4 let through: free_bootmem() over the bitmap's own page, then
 * retirement, frees that page twice (once as a clear bit, once as the
 * bitmap) and 2.4 says nothing.  Here the second free is a bad_page().
 */
static void bootmem_freeing_the_bitmap_then_retiring_panics(struct kunit *test)
{
	const unsigned long map = 256;

	node_ready_to_retire(8192, map);
	free_bootmem(PFN_PHYS(map), PAGE_SIZE);		/* the bitmap's page: misuse */
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(free_all_bootmem()));
	KUNIT_EXPECT_TRUE(test, host_log_contains("Bad page state"));
}

/*
 * The batch hand-over writes each struct page as it releases it
 * (mm/mm_init.c, "deferred"): none is written before, every one after,
 * reserved pages reserved and free ones free, each in its zone.
 */
static void bootmem_retire_writes_every_struct_page(struct kunit *test)
{
	const unsigned long pages = 8192, map = 256;
	unsigned long bad = 0, map_start, map_end;

	node_ready_to_retire(pages, map);
	map_start = PFN_DOWN(__pa(mem_map));
	map_end = PFN_UP(__pa(mem_map + pages));
	KUNIT_EXPECT_TRUE(test, memmap_deferred);
	KUNIT_EXPECT_EQ(test, contig_page_data.first_deferred_pfn, 0UL);
	memset(mem_map, 0x5a, pages * sizeof(struct page));
	free_all_bootmem();
	memmap_init_done();
	KUNIT_EXPECT_FALSE(test, memmap_deferred);
	KUNIT_EXPECT_EQ(test, contig_page_data.first_deferred_pfn, ULONG_MAX);
	for (unsigned long pfn = 0; pfn < pages; pfn++) {
		const struct page *page = pfn_to_page(pfn);
		/* below the bitmap (init_bootmem()), and mem_map */
		bool kept = pfn < map || (pfn >= map_start && pfn < map_end);

		bad += PageReserved(page) != kept || page->count ||
		       page_zonenum(page) != (pfn < 4096 ? ZONE_DMA : ZONE_NORMAL) ||
		       page_to_nid(page) != 0;
	}
	KUNIT_EXPECT_EQ(test, bad, 0UL);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), pages - map - (map_end - map_start));
}

/* bootmem_retire=page keeps 2.4's free_area_init_core(): all written, reserved, at once. */
static void bootmem_page_mode_writes_struct_pages_first(struct kunit *test)
{
	enum bootmem_retire saved = bootmem_retire_mode;
	unsigned long reserved = 0;

	bootmem_retire_mode = BOOTMEM_RETIRE_PAGE;
	node_ready_to_retire(8192, 256);
	bootmem_retire_mode = saved;
	KUNIT_EXPECT_FALSE(test, memmap_deferred);
	KUNIT_EXPECT_EQ(test, contig_page_data.first_deferred_pfn, ULONG_MAX);
	for (unsigned long pfn = 0; pfn < 8192; pfn++)
		reserved += PageReserved(pfn_to_page(pfn));
	KUNIT_EXPECT_EQ(test, reserved, 8192UL);
}

/* Freeing a page whose struct page is not written yet is a bad_page(), not garbage. */
static void bootmem_free_before_mem_init_is_bad_page(struct kunit *test)
{
	node_ready_to_retire(8192, 256);
	memset(mem_map, 0, 8192 * sizeof(struct page));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(__free_page(pfn_to_page(5000))));
	KUNIT_EXPECT_TRUE(test, host_log_contains("not written yet"));
	KUNIT_EXPECT_TRUE(test, host_log_contains("pfn:01388"));
}

/* The struct pages are written in pfn order, each once: a skip or a rewrite is named. */
static void bootmem_deferred_ranges_in_order(struct kunit *test)
{
	zone_t *normal = &contig_page_data.node_zones[ZONE_NORMAL];
	zone_t *dma = &contig_page_data.node_zones[ZONE_DMA];

	node_ready_to_retire(8192, 256);
	/* a skip: pfns 0-4095 not written */
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(__free_pages_memory(normal, 4096, 4100)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("written out of order"));
	reserve_bootmem_region(dma, 0, 16);
	__free_pages_memory(dma, 16, 32);
	KUNIT_EXPECT_EQ(test, contig_page_data.first_deferred_pfn, 32UL);
	/* straddling what is written and what is not */
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(__free_pages_memory(dma, 24, 40)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(reserve_bootmem_region(dma, 30, 40)));
	KUNIT_EXPECT_EQ(test, contig_page_data.first_deferred_pfn, 32UL);
	/* beyond its zone */
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(__free_pages_memory(dma, 32, 4100)));
	/* a rewrite of what is free now is a double free, not a silent rewrite */
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(__free_pages_memory(dma, 16, 32)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("Bad page state"));
}

static struct kunit_case host_bootmem_cases[] = {
	KUNIT_CASE(bootmem_retire_writes_every_struct_page),
	KUNIT_CASE(bootmem_page_mode_writes_struct_pages_first),
	KUNIT_CASE(bootmem_free_before_mem_init_is_bad_page),
	KUNIT_CASE(bootmem_deferred_ranges_in_order),
	KUNIT_CASE(bootmem_init_starts_all_reserved),
	KUNIT_CASE(bootmem_retire_frees_every_bitmap_page),
	KUNIT_CASE(bootmem_freeing_the_bitmap_then_retiring_panics),
	KUNIT_CASE(bootmem_no_packing_into_freed_page),
	KUNIT_CASE(bootmem_free_rounds_inward),
	KUNIT_CASE(bootmem_reserve_rounds_outward),
	KUNIT_CASE(bootmem_reserve_twice_warns),
	KUNIT_CASE(bootmem_page_reserved_follows_the_bitmap),
	KUNIT_CASE(bootmem_double_free_panics),
	KUNIT_CASE(bootmem_alloc_honours_goal),
	KUNIT_CASE(bootmem_alloc_first_fit_over_scattered_reservations),
	KUNIT_CASE(bootmem_largest_free_run_is_the_longest),
	KUNIT_CASE(bootmem_alloc_falls_back_below_goal),
	KUNIT_CASE(bootmem_alloc_honours_alignment),
	KUNIT_CASE(bootmem_alloc_packs_small_into_page_tail),
	KUNIT_CASE(bootmem_alloc_zeroes_memory),
	KUNIT_CASE(bootmem_alloc_bad_align_or_size_panics),
	KUNIT_CASE(bootmem_alloc_out_of_memory_panics),
	KUNIT_CASE(bootmem_alloc_before_init_panics),
	KUNIT_CASE(bootmem_reserve_outside_node_panics),
	KUNIT_CASE(bootmem_free_outside_node_panics),
	{}
};

static struct kunit_suite host_bootmem = {
	.name = "host_bootmem",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_bootmem_cases,
	.init = bootmem_case_init,
};
kunit_test_suite(host_bootmem);
