/*
 * The buddy allocator on the real zones, after mem_init(): the invariant
 * checker over every zone, each allocation class landing in its zones,
 * split and merge giving back the exact free-area state, and highmem pages
 * usable through kmap.  Every case leaves the allocator as it found it.
 */
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/test.h>

struct free_snapshot {
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
	unsigned long free_pages[MAX_NR_ZONES];
};

static void snapshot(struct free_snapshot *s)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const zone_t *zone = &contig_page_data.node_zones[z];

		s->free_pages[z] = zone->free_pages;
		for (int o = 0; o < MAX_ORDER; o++)
			s->nr_free[z][o] = zone->free_area[o].nr_free;
	}
}

static void expect_same(struct kunit *test, const struct free_snapshot *a)
{
	struct free_snapshot b;

	snapshot(&b);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		KUNIT_EXPECT_EQ(test, b.free_pages[z], a->free_pages[z]);
		for (int o = 0; o < MAX_ORDER; o++)
			KUNIT_EXPECT_EQ(test, b.nr_free[z][o], a->nr_free[z][o]);
	}
}

static void buddy_invariants_hold_in_every_zone(struct kunit *test)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			KUNIT_EXPECT_EQ(test, check_zone(&pgdat->node_zones[z], true), 0);
}

static void buddy_counters_agree(struct kunit *test)
{
	unsigned long sum = 0, high = 0;
	const pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		for (int z = 0; z < MAX_NR_ZONES; z++)
			sum += pgdat->node_zones[z].free_pages;
		high += pgdat->node_zones[ZONE_HIGHMEM].free_pages;
	}
	KUNIT_EXPECT_EQ(test, nr_free_pages(), sum);
	KUNIT_EXPECT_EQ(test, nr_free_highpages(), high);
}

/*
 * Will __alloc_pages() take an order-0 page from this zone when it heads
 * the zone list?  Its first pass, over the whole list, wants more than
 * pages_low + 1 free; below that the next zone serves first.  A tiny zone
 * (highmem=100K) never qualifies.
 */
static bool zone_serves(int z)
{
	const pg_data_t *pgdat;

	/* Any node's: the zone lists reach every node's zones of a type before the next type. */
	for_each_pgdat(pgdat) {
		const zone_t *zone = &pgdat->node_zones[z];

		if (zone->size && zone->free_pages > zone->pages_low + 1)
			return true;
	}
	return false;
}

/*
 * Will the first pass of __alloc_pages() find a block of this order in
 * the class's zone list?  Then the allocation must succeed, whatever the
 * shape of the machine (a ZONE_DMA filled by a boot module, a ZONE_NORMAL
 * cut out by a hole, no high memory at all).
 */
static bool class_serves(unsigned int gfp, unsigned int order)
{
	zone_t **zp = contig_page_data.node_zonelists[gfp & GFP_ZONEMASK].zones;
	unsigned long min = 1UL << order;

	for (; *zp; zp++) {
		min += (*zp)->pages_low;
		if ((*zp)->free_pages <= min)
			continue;
		for (unsigned int o = order; o < MAX_ORDER; o++)
			if ((*zp)->free_area[o].nr_free)
				return true;
	}
	return false;
}

static void buddy_classes_land_in_their_zones(struct kunit *test)
{
	bool has_dma = class_serves(GFP_DMA, 0), has_kern = class_serves(GFP_KERNEL, 0);
	bool has_normal = zone_serves(ZONE_NORMAL);
	bool has_high = zone_serves(ZONE_HIGHMEM);
	struct page *dma = alloc_page(GFP_DMA), *kern = alloc_page(GFP_KERNEL);
	struct page *high = alloc_page(GFP_HIGHUSER);

	if (has_dma) {
		KUNIT_ASSERT_NOT_NULL(test, dma);
		KUNIT_EXPECT_EQ(test, page_zonenum(dma), (unsigned int)ZONE_DMA);
		KUNIT_EXPECT_LT(test, page_to_pfn(dma), 4096UL);
		KUNIT_EXPECT_EQ(test, page_count(dma), 1);
	}
	if (has_kern) {
		KUNIT_ASSERT_NOT_NULL(test, kern);
		KUNIT_EXPECT_EQ(test, page_zonenum(kern), has_normal ? ZONE_NORMAL : ZONE_DMA);
	}
	if (has_high || has_kern) {
		KUNIT_ASSERT_NOT_NULL(test, high);
		KUNIT_EXPECT_EQ(test, page_zonenum(high),
				has_high ? ZONE_HIGHMEM : has_normal ? ZONE_NORMAL : ZONE_DMA);
	}
	if (dma)
		__free_page(dma);
	if (kern)
		__free_page(kern);
	if (high)
		__free_page(high);
	if (!has_dma || !has_kern)
		kunit_skip(test, "a zone list with no page to spare");
}

static void buddy_split_and_merge_restore_state(struct kunit *test)
{
	static const unsigned int gfps[] = { GFP_DMA, GFP_KERNEL, GFP_HIGHUSER };
	struct free_snapshot before;
	struct page *pages[3][4];

	snapshot(&before);
	for (int g = 0; g < 3; g++)
		for (unsigned int o = 0; o < 4; o++) {
			bool serves = class_serves(gfps[g], o * 3);

			pages[g][o] = alloc_pages(gfps[g], o * 3);
			/* what the first pass can serve must be served */
			if (serves)
				KUNIT_EXPECT_NOT_NULL(test, pages[g][o]);
			if (pages[g][o])
				KUNIT_EXPECT_EQ(test, page_to_pfn(pages[g][o]) &
						((1UL << (o * 3)) - 1), 0UL);
		}
	for (int g = 2; g >= 0; g--)
		for (unsigned int o = 0; o < 4; o++)
			if (pages[g][o])
				__free_pages(pages[g][o], o * 3);
	expect_same(test, &before);
	buddy_invariants_hold_in_every_zone(test);
}

static void buddy_get_free_pages_lowmem(struct kunit *test)
{
	unsigned long addr = get_zeroed_page(GFP_KERNEL), big;
	bool zero = true;

	KUNIT_ASSERT_NE(test, addr, 0UL);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		zero &= ((unsigned char *)addr)[i] == 0;
	KUNIT_EXPECT_TRUE(test, zero);
	KUNIT_EXPECT_EQ(test, (unsigned long)page_address(virt_to_page(addr)), addr);
	big = __get_free_pages(GFP_KERNEL, 4);
	KUNIT_ASSERT_NE(test, big, 0UL);
	memset((void *)big, 0x5a, 16 * PAGE_SIZE);	/* all of it is ours */
	free_pages(big, 4);
	free_page(addr);
	KUNIT_EXPECT_EQ(test, __get_free_pages(GFP_HIGHUSER, 0), 0UL);
	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, MAX_ORDER));
}

static void buddy_refcount_frees_on_last_put(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long free = nr_free_pages();

	KUNIT_ASSERT_NOT_NULL(test, page);
	page->count++;			/* a second user */
	__free_page(page);		/* drops a reference only */
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free);
	KUNIT_EXPECT_EQ(test, page_count(page), 1);
	__free_page(page);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free + 1);
}

static void buddy_highmem_through_kmap(struct kunit *test)
{
	bool serves = zone_serves(ZONE_HIGHMEM);
	struct page *page = alloc_page(GFP_HIGHUSER);
	u32 *p;

	if (!serves) {
		if (page)
			__free_page(page);
		kunit_skip(test, "no high memory to allocate from");
	}
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_NULL(test, page_address(page));
	p = kmap(page);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p[0] = 0xfeedface;
	p[PAGE_SIZE / 4 - 1] = 0xdeadbeef;
	KUNIT_EXPECT_EQ(test, p[0], 0xfeedfaceU);
	KUNIT_EXPECT_EQ(test, p[PAGE_SIZE / 4 - 1], 0xdeadbeefU);
	kunmap(page);
	__free_page(page);
}

static struct kunit_case buddy_cases[] = {
	KUNIT_CASE(buddy_invariants_hold_in_every_zone),
	KUNIT_CASE(buddy_counters_agree),
	KUNIT_CASE(buddy_classes_land_in_their_zones),
	KUNIT_CASE(buddy_split_and_merge_restore_state),
	KUNIT_CASE(buddy_get_free_pages_lowmem),
	KUNIT_CASE(buddy_refcount_frees_on_last_put),
	KUNIT_CASE(buddy_highmem_through_kmap),
	{}
};

static struct kunit_suite buddy_suite = {
	.name = "buddy",
	.stage = KUNIT_STAGE_MEM_INIT,
	.test_cases = buddy_cases,
};
kunit_test_suite(buddy_suite);
