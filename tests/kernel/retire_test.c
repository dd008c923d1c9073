/*
 * The hand-over itself (Gorman 5.5-5.6), checked on the live machine once
 * mem_init() has run: every page of RAM is free or reserved for a named
 * reason, the bitmap went back with the rest, high memory is all in the
 * buddy allocator with PG_highmem, holes stayed reserved, kmap reaches the
 * top of high memory -- and, at the end of boot, the names are still
 * there and right, .init is free too and the page tables map text and
 * rodata read-only.
 */
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/poison.h>
#include <linux/reservations.h>
#include <linux/string.h>
#include <kunit/test.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>
#include <asm/meminit.h>
#include <asm/pgalloc.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include "../../mm/internal.h"	/* memmap_deferred: the hand-over's state, checked */

/*
 * Is pfn inside a free buddy block?  Look for a head at each alignment,
 * in pfn's own zone: a block never crosses a zone, so a head in a gap
 * between nodes, or in another node, is not pfn's.
 */
static bool pfn_is_free(unsigned long pfn)
{
	const zone_t *zone = page_zone(pfn_to_page(pfn));

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long h = pfn & ~((1UL << o) - 1);
		const struct page *head;

		if (h < zone->zone_start_pfn)
			break;
		head = pfn_to_page(h);
		if (PageBuddy(head) && head->private >= o)
			return true;
	}
	return false;
}

/*
 * Every page of RAM is free or reserved, and every reserved one for exactly
 * one named reason.  Run after mem_init() and again at the end of boot:
 * the names outlive free_initmem() and the boot module table.
 */
static void retire_every_ram_page_accounted(struct kunit *test)
{
	unsigned long pos = 0, rs, re, unnamed = 0, twice = 0, nfree = 0, nres = 0;

	while (e820_next_ram_range(&pos, max_mapnr, &rs, &re)) {
		for (unsigned long pfn = rs; pfn < re; pfn++) {
			const char *why = NULL;
			int reasons = nr_reasons_for(pfn, &why);

			if (pfn_is_free(pfn)) {
				nfree++;
				continue;
			}
			KUNIT_EXPECT_TRUE(test, PageReserved(pfn_to_page(pfn)));
			nres++;
			if (reasons == 0 && unnamed++ < 4)
				KUNIT_FAIL(test, "pfn %05lx reserved for no named reason", pfn);
			if (reasons > 1 && twice++ < 4)
				KUNIT_FAIL(test, "pfn %05lx has %d reasons (one is %s)", pfn, reasons, why);
		}
	}
	KUNIT_EXPECT_EQ(test, unnamed, 0UL);
	KUNIT_EXPECT_EQ(test, twice, 0UL);
	KUNIT_EXPECT_EQ(test, nfree, nr_free_pages());
	KUNIT_EXPECT_EQ(test, nfree + nres, e820_ram_pages(0, max_mapnr));
}

/* After mem_init, and again at the end of boot, when .init is free and unnamed. */
static void retire_named_ranges_are_reserved(struct kunit *test)
{
	int nr;
	const struct reservation *r = reservation_table(&nr);

	KUNIT_ASSERT_GT(test, nr, 2);
	for (int i = 0; i < nr; i++)
		for (unsigned long pfn = r[i].start_pfn; pfn < r[i].end_pfn; pfn++)
			if (page_is_ram(pfn) && !PageReserved(pfn_to_page(pfn))) {
				KUNIT_FAIL(test, "pfn %05lx (%s) is not reserved", pfn, r[i].why);
				return;
			}
}

/* mem_init() handed no module page to the buddy allocator. */
static void __init retire_boot_modules_stay_reserved(struct kunit *test)
{
	u32 nr, bad = 0;
	const struct boot_module *m = boot_module_table(&nr);

	if (!nr)
		kunit_skip(test, "no boot modules");
	for (u32 i = 0; i < nr; i++)
		for (unsigned long pfn = PFN_DOWN(m[i].start);
		     m[i].end > m[i].start && pfn < PFN_UP(m[i].end); pfn++)
			if ((pfn_is_free(pfn) || !PageReserved(pfn_to_page(pfn))) && bad++ < 4)
				KUNIT_FAIL(test, "module %u (%#x-%#x): pfn %05lx went to the buddy allocator",
					   i, m[i].start, m[i].end, pfn);
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

/* Every node's boot allocator is gone, and its bitmap's pages are free. */
static void __init retire_bitmap_freed_and_bootmem_gone(struct kunit *test)
{
	const pg_data_t *pgdat;

	if (using_memblock())
		kunit_skip(test, "boot_allocator=memblock: bootmem is not running");
	KUNIT_EXPECT_EQ(test, contig_page_data.bdata->node_bootmap_pfn, min_low_pfn);
	for_each_pgdat(pgdat) {
		const bootmem_data_t *b = pgdat->bdata;
		unsigned long pages;

		if (!b)
			continue;
		pages = bootmem_bootmap_pages(b->node_low_pfn - PFN_DOWN(b->node_boot_start));
		KUNIT_EXPECT_NULL(test, b->node_bootmem_map);
		KUNIT_EXPECT_TRUE(test, b->retired);
		for (unsigned long i = 0; i < pages; i++)
			KUNIT_EXPECT_TRUE(test, pfn_is_free(b->node_bootmap_pfn + i));
	}
}

/*
 * Every struct page is written once mem_init() is done, whoever wrote it
 * (free_area_init_core() with bootmem_retire=page, the hand-over's
 * release otherwise); each pfn's page says its zone and node (numa suite).
 */
static void __init retire_every_struct_page_written(struct kunit *test)
{
	const pg_data_t *pgdat;

	KUNIT_EXPECT_FALSE(test, memmap_deferred);
	for_each_pgdat(pgdat)
		KUNIT_EXPECT_EQ(test, pgdat->first_deferred_pfn, ULONG_MAX);
}

static void __init retire_highmem_released(struct kunit *test)
{
	unsigned long ram = 0, bad = 0;

	if (highend_pfn == highstart_pfn)
		kunit_skip(test, "no high memory");
	for (unsigned long pfn = highstart_pfn; pfn < highend_pfn; pfn++) {
		const struct page *page;

		/* Between two nodes there is no struct page, and must be no RAM. */
		if (!pfn_valid(pfn)) {
			bad += page_is_ram(pfn);
			continue;
		}
		page = pfn_to_page(pfn);
		if (!page_is_ram(pfn)) {
			bad += !PageReserved(page) || pfn_is_free(pfn);
			continue;
		}
		ram++;
		bad += !PageHighMem(page) || PageReserved(page) || !pfn_is_free(pfn);
	}
	KUNIT_EXPECT_EQ(test, bad, 0UL);
	KUNIT_EXPECT_EQ(test, ram, totalhigh_pages);
	KUNIT_EXPECT_EQ(test, nr_free_highpages(), totalhigh_pages);
}

/*
 * The entry maps pfn with prot and nothing more, but for the Accessed and
 * Dirty bits: the CPU's record of use, no part of the mapping.
 */
static void expect_kernel_pte(struct kunit *test, pte_t *pte, unsigned long pfn, pgprot_t prot)
{
	KUNIT_ASSERT_NOT_NULL(test, pte);
	KUNIT_EXPECT_EQ(test, pte_pfn(*pte), pfn);
	KUNIT_EXPECT_EQ(test, pte_val(pte_mkclean(pte_mkold(*pte))), pte_val(pfn_pte(pfn, prot)));
}

/* Write a pattern through one mapping, read it back through another. */
static void kmap_pattern(struct kunit *test, struct page *page, u32 seed)
{
	u32 *p = kmap(page);
	u32 *q;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, (unsigned long)page_address(page), (unsigned long)p);
	expect_kernel_pte(test, lookup_kernel_pte((unsigned long)p), page_to_pfn(page), PAGE_KERNEL);
	for (unsigned long i = 0; i < PAGE_SIZE / 4; i++)
		p[i] = seed ^ (u32)i;
	kunmap(page);
	q = kmap_atomic(page, KM_SELFTEST);
	for (unsigned long i = 0; i < PAGE_SIZE / 4; i++)
		if (q[i] != (seed ^ (u32)i)) {
			KUNIT_FAIL(test, "pfn %05lx word %lu: %08x", page_to_pfn(page),
				   i, q[i]);
			break;
		}
	kunmap_atomic(q, KM_SELFTEST);
}

/*
 * The highest 2 MiB block of high memory the allocator will hand out: take
 * highmem blocks of the largest order (chained through page->lru while
 * held) until the zone's watermark stops us, keep the top one.  The blocks
 * the watermark keeps back are what may lie above it.
 */
static struct page *alloc_top_highmem_block(void)
{
	LIST_HEAD(held);
	struct page *top = NULL, *page;

	while ((page = alloc_pages(GFP_HIGHUSER, MAX_ORDER - 1))) {
		if (page_zonenum(page) != ZONE_HIGHMEM) {
			__free_pages(page, MAX_ORDER - 1);
			break;
		}
		list_add(&page->lru, &held);
		if (!top || page_to_pfn(page) > page_to_pfn(top))
			top = page;
	}
	while (!list_empty(&held)) {
		page = list_entry(held.next, struct page, lru);
		list_del(&page->lru);
		if (page != top)
			__free_pages(page, MAX_ORDER - 1);
	}
	return top;
}

/* Aligned 2 MiB blocks of high memory that lie wholly in RAM above pfn. */
static unsigned long ram_blocks_above(unsigned long pfn)
{
	const unsigned long block = 1UL << (MAX_ORDER - 1);
	unsigned long pos = pfn, rs, re, n = 0;

	while (e820_next_ram_range(&pos, highend_pfn, &rs, &re)) {
		rs = ALIGN(max(rs, pfn), block);
		re = ALIGN_DOWN(re, block);
		if (re > rs)
			n += (re - rs) / block;
	}
	return n;
}

/*
 * kmap at the top of high memory, wherever the map puts it: above the
 * block the allocator handed out there may be only what the watermark
 * keeps back (pages_low) and a few blocks, counted in RAM, not addresses,
 * so that holes in high memory do not matter.
 */
static void retire_kmap_round_trip_top_of_highmem(struct kunit *test)
{
	const unsigned long block_pages = 1UL << (MAX_ORDER - 1);
	zone_t **zp = contig_page_data.node_zonelists[GFP_HIGHUSER & GFP_ZONEMASK].zones;
	unsigned long kmapped = nr_kmapped(), above, kept = 0;
	struct page *block;

	/* The allocator keeps back pages_low of each highmem zone on the way (2.4's sum). */
	for (; *zp; zp++)
		if (*zp - (*zp)->zone_pgdat->node_zones == ZONE_HIGHMEM)
			kept += (*zp)->pages_low;

	block = alloc_top_highmem_block();
	if (!block)
		kunit_skip(test, "no 2 MiB block of high memory");
	above = ram_blocks_above(page_to_pfn(block) + block_pages);
	KUNIT_EXPECT_LE(test, above * block_pages,
			3 * block_pages + kept);
	KUNIT_EXPECT_NULL(test, page_address(block));	/* no permanent mapping */
	/* More than LAST_PKMAP mappings: the window wraps and is flushed. */
	for (int round = 0; round < 3; round++)
		for (unsigned long i = 0; i < block_pages; i++)
			kmap_pattern(test, block + i, 0x9e3779b9u * (u32)(i + 1) + (u32)round);
	KUNIT_EXPECT_EQ(test, nr_kmapped(), kmapped);
	__free_pages(block, MAX_ORDER - 1);
}

static void retire_init_section_freed(struct kunit *test)
{
	unsigned long first = PFN_DOWN(__pa(__init_begin)), last = PFN_DOWN(__pa(__init_end));

	KUNIT_ASSERT_LT(test, first, last);
	for (unsigned long pfn = first; pfn < last; pfn++) {
		const char *why = NULL;

		KUNIT_EXPECT_FALSE(test, PageReserved(pfn_to_page(pfn)));
		KUNIT_EXPECT_TRUE(test, pfn_is_free(pfn));
		/* its "kernel init" name went with its reservation */
		KUNIT_EXPECT_EQ(test, nr_reasons_for(pfn, &why), 0);
	}
	/*
	 * Poisoned with int3 before it was freed, every byte of it; with
	 * initmem=unmap not even mapped any more (unless the allocator has
	 * handed the page out since).
	 */
	if (initmem_unmap) {
		KUNIT_EXPECT_FALSE(test, pte_present(*lookup_kernel_pte((unsigned long)__init_begin)));
		return;
	}
	for (const unsigned char *p = (const unsigned char *)__init_begin;
	     p < (const unsigned char *)__init_end; p++)
		if (*p != POISON_FREE_INITMEM) {
			KUNIT_FAIL(test, "freed .init byte at %p is %02x, not %02x",
				   p, *p, POISON_FREE_INITMEM);
			return;
		}
}

static struct kunit_case retire_cases[] __initdata = {
	KUNIT_CASE(retire_every_ram_page_accounted),
	KUNIT_CASE(retire_named_ranges_are_reserved),
	KUNIT_CASE(retire_boot_modules_stay_reserved),
	KUNIT_CASE(retire_bitmap_freed_and_bootmem_gone),
	KUNIT_CASE(retire_every_struct_page_written),
	KUNIT_CASE(retire_highmem_released),
	KUNIT_CASE(retire_kmap_round_trip_top_of_highmem),
	{}
};

static struct kunit_suite retire_suite = {
	.name = "retire",
	.stage = KUNIT_STAGE_MEM_INIT,
	.test_cases = retire_cases,
};
kunit_test_suite(retire_suite);

/*
 * What mark_rodata_ro() left in the page tables: each page of text and
 * rodata a read-only kernel mapping of its own frame -- text executable,
 * rodata not where NX is on -- the first page of data still writable
 * (rodata_test() checks that the CPU honours them).
 */
static void retire_text_rodata_read_only(struct kunit *test)
{
	unsigned long etext = ALIGN((unsigned long)_etext, PAGE_SIZE);
	unsigned long end = ALIGN((unsigned long)__end_rodata, PAGE_SIZE);
	pte_t *pte;

	for (unsigned long va = (unsigned long)_text; va < end; va += PAGE_SIZE)
		expect_kernel_pte(test, lookup_kernel_pte(va), PFN_DOWN(__pa(va)),
				  va < etext ? PAGE_KERNEL_RX : PAGE_KERNEL_RO);
	pte = lookup_kernel_pte((unsigned long)_sdata);
	KUNIT_ASSERT_NOT_NULL(test, pte);
	KUNIT_EXPECT_TRUE(test, pte_present(*pte) && pte_write(*pte));
	KUNIT_EXPECT_EQ(test, pte_val(*pte) & _PAGE_NX, __supported_pte_mask & _PAGE_NX);
}

static struct kunit_case retire_late_cases[] = {
	KUNIT_CASE(retire_every_ram_page_accounted),
	KUNIT_CASE(retire_named_ranges_are_reserved),
	KUNIT_CASE(retire_init_section_freed),
	KUNIT_CASE(retire_text_rodata_read_only),
	{}
};

static struct kunit_suite retire_late_suite = {
	.name = "retire_late",
	.stage = KUNIT_STAGE_LATE,
	.test_cases = retire_late_cases,
};
kunit_test_suite(retire_late_suite);
