/*
 * The nodes, checked on the live machine after mem_init(): each node's
 * pfns find their own struct pages in their own zones, each node's boot
 * allocator had its bitmap on the node and gave it back, each node's
 * mem_map sits on the node (in low memory when the node has none), and
 * allocations go to the local node first, then to the others nearest
 * first.  On a UMA machine the same checks hold for its one node.
 */
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <kunit/test.h>
#include <asm/meminit.h>

static unsigned long node_low_end(const pg_data_t *pgdat)
{
	return min(pgdat_end_pfn(pgdat), max_low_pfn);
}

/* Nodes in id order, disjoint, each span holding its present RAM. */
static void __init numa_nodes_lie_in_order(struct kunit *test)
{
	const pg_data_t *pgdat;
	unsigned long end = 0, present = 0;
	int last = -1;

	for_each_pgdat(pgdat) {
		KUNIT_EXPECT_GT(test, pgdat->node_id, last);
		KUNIT_EXPECT_TRUE(test, NODE_DATA(pgdat->node_id) == pgdat);
		KUNIT_EXPECT_GE(test, pgdat->node_start_pfn, end);
		KUNIT_EXPECT_EQ(test, pgdat->node_present_pages,
				ram_pages(pgdat->node_start_pfn, pgdat_end_pfn(pgdat)));
		KUNIT_EXPECT_LE(test, pgdat->node_present_pages, pgdat->node_spanned_pages);
		present += pgdat->node_present_pages;
		end = pgdat_end_pfn(pgdat);
		last = pgdat->node_id;
	}
	KUNIT_EXPECT_EQ(test, present, ram_pages(0, max_mapnr));
	KUNIT_EXPECT_TRUE(test, NODE_DATA(0) == &contig_page_data);
}

/*
 * Every pfn of every node: its struct page is in the node's mem_map, says
 * the node and a zone of the node that spans the pfn, and leads back to
 * the pfn -- the memory model, both ways, for each page.
 */
static void __init numa_every_page_in_its_node(struct kunit *test)
{
	const pg_data_t *pgdat;
	unsigned long bad = 0;

	for_each_pgdat(pgdat) {
		for (unsigned long pfn = pgdat->node_start_pfn; pfn < pgdat_end_pfn(pgdat); pfn++) {
			const struct page *page = pfn_to_page(pfn);
			const zone_t *zone;

			if (page != pgdat->node_mem_map + (pfn - pgdat->node_start_pfn) ||
			    !pfn_valid(pfn) || page_to_nid(page) != pgdat->node_id ||
			    page_to_pfn(page) != pfn) {
				if (bad++ < 4)
					KUNIT_FAIL(test, "pfn %05lx of node %d: struct page %p is not its own",
						   pfn, pgdat->node_id, (const void *)page);
				continue;
			}
			zone = page_zone(page);
			if ((zone->zone_pgdat != pgdat || pfn < zone->zone_start_pfn ||
			     pfn >= zone->zone_start_pfn + zone->size) && bad++ < 4)
				KUNIT_FAIL(test, "pfn %05lx of node %d is outside its zone %s",
					   pfn, pgdat->node_id, zone->name);
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0UL);
}

/*
 * A node with low memory had a boot allocator covering exactly that, with
 * its bitmap on the node; it is retired, and the bitmap's pages are free
 * in the node's own zones.  A node with only high memory had none.
 */
static void __init numa_bitmaps_local_and_freed(struct kunit *test)
{
	const pg_data_t *pgdat;

	if (using_memblock())
		kunit_skip(test, "boot_allocator=memblock: bootmem is not running");
	for_each_pgdat(pgdat) {
		const bootmem_data_t *b = pgdat->bdata;
		unsigned long pages;

		if (pgdat->node_start_pfn >= max_low_pfn) {
			KUNIT_EXPECT_NULL(test, b);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL(test, b);
		KUNIT_EXPECT_EQ(test, PFN_DOWN(b->node_boot_start), pgdat->node_start_pfn);
		KUNIT_EXPECT_EQ(test, b->node_low_pfn, node_low_end(pgdat));
		KUNIT_EXPECT_TRUE(test, b->retired);
		KUNIT_EXPECT_NULL(test, b->node_bootmem_map);
		pages = bootmem_bootmap_pages(b->node_low_pfn - pgdat->node_start_pfn);
		/* On the node, unless the node's low memory had no room at all (said in the log). */
		if (!b->map_borrowed) {
			KUNIT_EXPECT_GE(test, b->node_bootmap_pfn, pgdat->node_start_pfn);
			KUNIT_EXPECT_LE(test, b->node_bootmap_pfn + pages, node_low_end(pgdat));
		}
		for (unsigned long i = 0; i < pages; i++) {
			const struct page *page = pfn_to_page(b->node_bootmap_pfn + i);

			KUNIT_EXPECT_FALSE(test, PageReserved(page));
			if (!b->map_borrowed)
				KUNIT_EXPECT_TRUE(test, page_zone(page)->zone_pgdat == pgdat);
		}
	}
}

/* Pages of the node's low memory not reserved now: free, or handed out since. */
static unsigned long __init node_low_unreserved(const pg_data_t *pgdat)
{
	unsigned long n = 0;

	for (unsigned long pfn = pgdat->node_start_pfn; pfn < node_low_end(pgdat); pfn++)
		n += !PageReserved(pfn_to_page(pfn));
	return n;
}

/*
 * mem_map on the node where its low memory had room for it, in low memory
 * otherwise: a node with a sliver of low memory, or one that boot modules
 * fill, falls back to another node, as alloc_bootmem_node() does.  What
 * is unreserved now was free then, but for the bitmap given back since:
 * a node with twice the map unreserved must have had the room.
 */
static void __init numa_mem_map_placed(struct kunit *test)
{
	const pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		unsigned long first = PFN_DOWN(__pa(pgdat->node_mem_map));
		unsigned long last = PFN_DOWN(__pa(pgdat->node_mem_map + pgdat->node_spanned_pages) - 1);
		unsigned long low_ram = node_low_unreserved(pgdat);

		KUNIT_EXPECT_LT(test, last, max_low_pfn);
		if (pgdat->node_start_pfn < max_low_pfn && low_ram >= 2 * (last - first + 1)) {
			KUNIT_EXPECT_EQ(test, pfn_to_nid(first), pgdat->node_id);
			KUNIT_EXPECT_EQ(test, pfn_to_nid(last), pgdat->node_id);
		}
	}
}

/* The classes of allocation build_zonelists() makes lists for. */
static const unsigned int gfp_classes[] = { GFP_DMA, GFP_KERNEL, GFP_HIGHUSER };

static int class_top_zone(unsigned int gfp)
{
	return (gfp & __GFP_DMA) ? ZONE_DMA : (gfp & __GFP_HIGHMEM) ? ZONE_HIGHMEM : ZONE_NORMAL;
}

/*
 * Each zonelist holds every non-empty zone the class may use, once, in
 * zone order: the highest type first, and within a type the local node's
 * zone first, then the others never nearer after farther.
 */
static void __init numa_zonelists_by_distance(struct kunit *test)
{
	pg_data_t *pgdat, *other;

	for_each_pgdat(pgdat) {
		for (size_t c = 0; c < ARRAY_SIZE(gfp_classes); c++) {
			zone_t **zp = pgdat->node_zonelists[gfp_classes[c] & GFP_ZONEMASK].zones;
			int top = class_top_zone(gfp_classes[c]), n = 0, want = 0, prev_d = 0;
			int prev_z = top;

			for (; *zp; zp++, n++) {
				int z = (int)(*zp - (*zp)->zone_pgdat->node_zones);
				int d = node_distance(pgdat->node_id, (*zp)->zone_pgdat->node_id);

				KUNIT_EXPECT_LE(test, z, prev_z);
				if (z != prev_z)
					prev_d = 0;
				KUNIT_EXPECT_GE(test, d, prev_d);
				if (!prev_d && pgdat->node_zones[z].size)
					KUNIT_EXPECT_TRUE(test, *zp == &pgdat->node_zones[z]);
				KUNIT_EXPECT_GT(test, (*zp)->size, 0UL);
				prev_z = z;
				prev_d = d;
			}
			for_each_pgdat(other)
				for (int z = 0; z <= top; z++)
					want += other->node_zones[z].size ? 1 : 0;
			KUNIT_EXPECT_EQ(test, n, want);
		}
	}
}

/*
 * An allocation for a node comes from the first zone of its list with
 * room -- the node's own when it has such memory free, else the nearest
 * node's -- and goes back whole.
 */
static void __init numa_allocation_local_first(struct kunit *test)
{
	pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		for (size_t c = 0; c < ARRAY_SIZE(gfp_classes); c++) {
			unsigned int gfp = gfp_classes[c];
			zone_t **zp = pgdat->node_zonelists[gfp & GFP_ZONEMASK].zones;
			unsigned long min = 1;
			zone_t *expect = NULL;
			struct page *page;

			for (; *zp && !expect; zp++) {
				min += (*zp)->pages_low;
				if ((*zp)->free_pages > min)
					expect = *zp;
			}
			if (!expect)
				continue;
			page = alloc_pages_node(pgdat->node_id, gfp, 0);
			KUNIT_ASSERT_NOT_NULL(test, page);
			KUNIT_EXPECT_TRUE(test, page_zone(page) == expect);
			if (expect->zone_pgdat == pgdat)
				KUNIT_EXPECT_EQ(test, page_to_nid(page), pgdat->node_id);
			__free_page(page);
		}
	}
}

static struct kunit_case numa_cases[] = {
	KUNIT_CASE(numa_nodes_lie_in_order),
	KUNIT_CASE(numa_every_page_in_its_node),
	KUNIT_CASE(numa_bitmaps_local_and_freed),
	KUNIT_CASE(numa_mem_map_placed),
	KUNIT_CASE(numa_zonelists_by_distance),
	KUNIT_CASE(numa_allocation_local_first),
	{}
};

static struct kunit_suite numa_suite = {
	.name = "numa",
	.stage = KUNIT_STAGE_MEM_INIT,
	.test_cases = numa_cases,
};
kunit_test_suite(numa_suite);
