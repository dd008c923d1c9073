/*
 * The live memory map (suite e820) and boot allocator (suite bootmem),
 * checked while bootmem still owns low memory (KUNIT_STAGE_BOOTMEM).  Every allocation a case makes is freed
 * again, so the page accounting after mem_init is not disturbed.  The code
 * is __init: it goes with the allocator it tests.
 */
#include <linux/bitops.h>
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/test.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include "../../mm/internal.h"	/* memmap_deferred: the hand-over's state, checked */

extern unsigned long highstart_pfn, highend_pfn;

/*
 * The bit of pfn in whichever node's bitmap covers it (reserved if none
 * does); under boot_allocator=memblock, whether memblock holds it.
 */
static bool __init bit_reserved(unsigned long pfn)
{
	return boot_page_reserved(pfn);
}

/* A case about bootmem's own workings has nothing to check under memblock. */
#define skip_under_memblock(test)						\
	do {									\
		if (using_memblock())						\
			kunit_skip(test, "boot_allocator=memblock: bootmem is not running"); \
	} while (0)

static void __init e820_live_map_is_sane(struct kunit *test)
{
	KUNIT_ASSERT_GT(test, e820.nr_map, 0);
	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];

		KUNIT_EXPECT_GT(test, e->size, 0ULL);
		if (i)	/* sorted and disjoint */
			KUNIT_EXPECT_GE(test, e->addr, e820.map[i - 1].addr + e820.map[i - 1].size);
		if (e->type == E820_RAM)	/* nothing usable in the VGA/BIOS hole */
			KUNIT_EXPECT_TRUE(test, e->addr + e->size <= 0xA0000 || e->addr >= 0x100000);
	}
}

static void __init e820_limits_match_map(struct kunit *test)
{
	unsigned long top = 0;

	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		/* The page tables name frames below 4 GiB, or 64 GiB with PAE. */
		u64 end = min(e->addr + e->size, 1ULL << MAX_PHYSMEM_BITS);

		if (e->type == E820_RAM && e->addr < end && PFN_DOWN(end) > PFN_UP(e->addr))
			top = max(top, (unsigned long)PFN_DOWN(end));
	}
	/* highmem= may lower max_pfn, never raise it */
	KUNIT_EXPECT_LE(test, max_pfn, top);
	/* nor past what the CPU addresses (find_max_pfn()) */
	KUNIT_EXPECT_GE(test, boot_cpu_data.x86_phys_bits, 32);
	if (boot_cpu_data.x86_phys_bits < 52)
		KUNIT_EXPECT_LE(test, (u64)max_pfn, 1ULL << (boot_cpu_data.x86_phys_bits - PAGE_SHIFT));
	KUNIT_EXPECT_LE(test, max_low_pfn, 896UL << 8);
	KUNIT_EXPECT_EQ(test, highend_pfn, max_pfn);
	KUNIT_EXPECT_TRUE(test, !page_is_ram(0xA0000 >> PAGE_SHIFT));
	KUNIT_EXPECT_TRUE(test, page_is_ram(0x100000 >> PAGE_SHIFT));
}

/*
 * Each node's zones tile its span.  One node (UMA) spans to highend_pfn,
 * holes and all, as 2.4's zone sizes do; NUMA nodes end at their last RAM
 * page, so when max_pfn was capped into a hole (a CPU of 32 address bits
 * under PAE, highmem= in the PCI hole) the pfns from the last node's end to
 * highend_pfn are a hole with no struct page: no RAM may be there.
 */
static void __init zones_cover_every_pfn(struct kunit *test)
{
	const pg_data_t *pgdat;
	unsigned long high = 0, last_end = 0;

	for_each_pgdat(pgdat) {
		unsigned long sum = pgdat->node_start_pfn;

		for (int z = 0; z < MAX_NR_ZONES; z++) {
			KUNIT_EXPECT_EQ(test, pgdat->node_zones[z].zone_start_pfn, sum);
			sum += pgdat->node_zones[z].size;
		}
		KUNIT_EXPECT_EQ(test, sum, pgdat_end_pfn(pgdat));
		KUNIT_EXPECT_GE(test, pgdat->node_start_pfn, last_end);
		last_end = sum;
		high += pgdat->node_zones[ZONE_HIGHMEM].size;
		KUNIT_EXPECT_LE(test, pgdat->node_zones[ZONE_DMA].size, 4096UL);
		/*
		 * The batch hand-over writes every struct page as it releases
		 * it: none is written yet.  bootmem_retire=page wrote them all.
		 */
		KUNIT_EXPECT_EQ(test, pgdat->first_deferred_pfn,
				bootmem_retire_mode == BOOTMEM_RETIRE_PAGE ? ULONG_MAX :
									     pgdat->node_start_pfn);
	}
	if (numa_nodes_set_up()) {
		KUNIT_EXPECT_LE(test, last_end, highend_pfn);
		KUNIT_EXPECT_EQ(test, ram_pages(last_end, highend_pfn), 0UL);
	} else {
		KUNIT_EXPECT_EQ(test, last_end, highend_pfn);
	}
	KUNIT_EXPECT_LE(test, high, highend_pfn - highstart_pfn);
	KUNIT_EXPECT_EQ(test, memmap_deferred, bootmem_retire_mode != BOOTMEM_RETIRE_PAGE);
	/* 2.4's way: every struct page starts reserved with a count of zero, in its zone */
	if (bootmem_retire_mode == BOOTMEM_RETIRE_PAGE) {
		KUNIT_EXPECT_TRUE(test, PageReserved(pfn_to_page(last_end - 1)));
		KUNIT_EXPECT_EQ(test, page_count(pfn_to_page(last_end - 1)), 0);
		KUNIT_EXPECT_EQ(test, page_zonenum(pfn_to_page(0)), (unsigned int)ZONE_DMA);
	}
	KUNIT_EXPECT_LE(test, sizeof(struct page), 32UL);
}

static void __init bootmem_reserves_what_is_in_use(struct kunit *test)
{
	const bootmem_data_t *b = contig_page_data.bdata;
	unsigned long map_pfn;

	skip_under_memblock(test);
	map_pfn = PFN_DOWN(__pa(b->node_bootmem_map));

	KUNIT_EXPECT_TRUE(test, bit_reserved(0));
	for (unsigned long pfn = 0x100; pfn < PFN_UP(__pa(_end)); pfn++)
		KUNIT_EXPECT_TRUE(test, bit_reserved(pfn));
	KUNIT_EXPECT_TRUE(test, bit_reserved(map_pfn));
	/* clear of the image */
	KUNIT_EXPECT_TRUE(test, map_pfn >= PFN_UP(__pa(_end)) || map_pfn < 0x100);
	/* the legacy hole is not RAM, so it was never freed */
	KUNIT_EXPECT_TRUE(test, bit_reserved(0xA0));
	/* node 0's boot allocator reaches max_low_pfn unless another node's takes over */
	if (num_online_nodes() == 1)
		KUNIT_EXPECT_EQ(test, b->node_low_pfn, max_low_pfn);
	else
		KUNIT_EXPECT_LE(test, b->node_low_pfn, max_low_pfn);
}

/* Does the bitmap have n free pages in a row in [pfn, end)? */
static bool __init free_run(unsigned long pfn, unsigned long end, unsigned long n)
{
	unsigned long run = 0;

	end = min(end, contig_page_data.bdata->node_low_pfn);
	for (; pfn < end; pfn++) {
		run = bit_reserved(pfn) ? 0 : run + 1;
		if (run == n)
			return true;
	}
	return false;
}

/*
 * 2.4's rule for the goal: search from it first, and only when nothing
 * above it fits, from the bottom.  Which of the two happens depends on
 * the map (a hole from 16 MiB to 896 MiB leaves nothing above the goal),
 * so the case works out which one the bitmap allows before it asks.
 */
static void __init bootmem_alloc_goal_and_zeroing(struct kunit *test)
{
	unsigned long dma_pfn = PFN_DOWN(MAX_DMA_ADDRESS_PHYS);
	bool above = free_run(dma_pfn, ~0UL, 3), below;
	unsigned char *p, *q;
	bool zero = true;

	skip_under_memblock(test);
	p = alloc_bootmem_pages(3 * PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, p);
	below = free_run(0, dma_pfn, 1);
	q = alloc_bootmem_low_pages(PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, q);
	for (unsigned long i = 0; i < 3 * PAGE_SIZE; i++)
		zero &= p[i] == 0;
	KUNIT_EXPECT_TRUE(test, zero);
	KUNIT_EXPECT_EQ(test, __pa(p) & ~PAGE_MASK, 0UL);
	/* The goal rule is node 0's when node 0 had the room (free_run() looks there). */
	if (PFN_DOWN(__pa(p)) < contig_page_data.bdata->node_low_pfn) {
		if (above)
			KUNIT_EXPECT_GE(test, __pa(p), MAX_DMA_ADDRESS_PHYS);
		else
			KUNIT_EXPECT_LT(test, __pa(p), MAX_DMA_ADDRESS_PHYS);
	}
	if (below && PFN_DOWN(__pa(q)) < contig_page_data.bdata->node_low_pfn)
		KUNIT_EXPECT_LT(test, __pa(q), MAX_DMA_ADDRESS_PHYS);
	KUNIT_EXPECT_TRUE(test, bit_reserved(PFN_DOWN(__pa(p)) + 2));
	free_bootmem(__pa(p), 3 * PAGE_SIZE);
	free_bootmem(__pa(q), PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, bit_reserved(PFN_DOWN(__pa(p))));
}

/*
 * 2.4 packs a small allocation into the tail of the page the last one
 * ended in -- when the free area it finds starts on the very next page
 * (Gorman 5.3.3).  Whether it does depends on the map (a hole right after
 * the first page stops it), so the case asks the bitmap first.
 */
static void __init bootmem_packs_small_allocations(struct kunit *test)
{
	char *a, *b;
	bool next_free;

	skip_under_memblock(test);
	a = alloc_bootmem(100);

	KUNIT_ASSERT_NOT_NULL(test, a);
	next_free = !bit_reserved(PFN_DOWN(__pa(a)) + 1);
	b = alloc_bootmem(100);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, __pa(a) & (SMP_CACHE_BYTES - 1), 0UL);
	if (next_free) {
		/* the second fills the tail of the first one's page, cache aligned */
		KUNIT_EXPECT_EQ(test, (unsigned long)(b - a), ALIGN(100UL, SMP_CACHE_BYTES));
	} else {
		/* a new page, and the packing restarts from its head */
		KUNIT_EXPECT_EQ(test, __pa(b) & ~PAGE_MASK, 0UL);
		KUNIT_EXPECT_EQ(test, contig_page_data.bdata->last_offset, 100UL);
		free_bootmem(__pa(b), PAGE_SIZE);
	}
	free_bootmem(__pa(a) & PAGE_MASK, PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, bit_reserved(PFN_DOWN(__pa(a))));
	KUNIT_EXPECT_FALSE(test, bit_reserved(PFN_DOWN(__pa(b))));
}

static void __init bootmem_alignment(struct kunit *test)
{
	void *p;

	skip_under_memblock(test);
	p = __alloc_bootmem(PAGE_SIZE, 64 * PAGE_SIZE, MAX_DMA_ADDRESS_PHYS);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, __pa(p) & (64 * PAGE_SIZE - 1), 0UL);
	free_bootmem(__pa(p), PAGE_SIZE);
}

static struct kunit_case e820_cases[] __initdata = {
	KUNIT_CASE(e820_live_map_is_sane),
	KUNIT_CASE(e820_limits_match_map),
	{}
};

static struct kunit_suite e820_suite = {
	.name = "e820",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = e820_cases,
};
kunit_test_suite(e820_suite);

/* The loader's modules survived the bitmap, page tables and mem_map. */
static void __init bootmem_spares_boot_modules(struct kunit *test)
{
	u32 nr;
	const struct boot_module *m = boot_module_table(&nr);
	int changed = boot_modules_changed(m, nr);

	if (changed < 0)
		kunit_skip(test, "no boot modules");
	KUNIT_EXPECT_EQ(test, changed, 0);
}

/*
 * Every page of every module is reserved, however many the loader gave
 * (the table holds them all: there is no limit to fall back on), and so is
 * the table itself.
 */
static void __init bootmem_reserves_every_boot_module(struct kunit *test)
{
	u32 nr, unreserved = 0;
	const struct boot_module *m = boot_module_table(&nr);

	if (!nr)
		kunit_skip(test, "no boot modules");
	KUNIT_EXPECT_TRUE(test, bit_reserved(PFN_DOWN(__pa(m))));
	for (u32 i = 0; i < nr; i++)
		for (unsigned long pfn = PFN_DOWN(m[i].start);
		     m[i].end > m[i].start && pfn < PFN_UP(m[i].end); pfn++)
			if (!bit_reserved(pfn) && unreserved++ < 4)
				KUNIT_FAIL(test, "module %u (%#x-%#x): pfn %05lx not reserved",
					   i, m[i].start, m[i].end, pfn);
	KUNIT_EXPECT_EQ(test, unreserved, 0U);
}

static struct kunit_case bootmem_cases[] __initdata = {
	KUNIT_CASE(bootmem_spares_boot_modules),
	KUNIT_CASE(bootmem_reserves_every_boot_module),
	KUNIT_CASE(zones_cover_every_pfn),
	KUNIT_CASE(bootmem_reserves_what_is_in_use),
	KUNIT_CASE(bootmem_alloc_goal_and_zeroing),
	KUNIT_CASE(bootmem_packs_small_allocations),
	KUNIT_CASE(bootmem_alignment),
	{}
};

static struct kunit_suite bootmem_suite = {
	.name = "bootmem",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = bootmem_cases,
};
kunit_test_suite(bootmem_suite);
