/*
 * Host tests for the node side of mm/: nodes put online in id order,
 * memnodemap telling nodes apart with the coarsest shift that can, and
 * the boot allocator across two nodes -- a range split between their
 * bitmaps, a node-local allocation falling back to the other node, and
 * a range no node holds refused.  Two nodes of 32 MiB in 64 MiB of
 * simulated memory.
 */
#include <linux/bitops.h>
#include <linux/bootmem.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <asm/page.h>
#include "host.h"

#define SIM_SIZE	(64UL << 20)
#define NODE1_PFN	8192UL		/* 32 MiB */
#define END_PFN		16384UL
#define MiB		(1UL << 20)

static void set_span(int nid, unsigned long start, unsigned long end)
{
	NODE_DATA(nid)->node_start_pfn = start;
	NODE_DATA(nid)->node_spanned_pages = end - start;
}

/* Nodes 1 then 0 online (the list must still be in id order), spans set. */
static int numa_case_init(struct kunit *test)
{
	(void)test;
	sim_mem_init(SIM_SIZE);
	pgdat_list = NULL;
	node_set_online(1);
	node_set_online(0);
	set_span(0, 0, NODE1_PFN);
	set_span(1, NODE1_PFN, END_PFN);
	max_mapnr = END_PFN;
	host_log_clear();
	return 0;
}

static void numa_case_exit(void)
{
	memnodemap_reset();
	pgdat_list = NULL;
}

/* Both nodes' boot allocators, bitmaps on their own nodes, all RAM free. */
static void two_node_bootmem(void)
{
	init_bootmem_node(NODE_DATA(0), 256, 0, NODE1_PFN);
	init_bootmem_node(NODE_DATA(1), NODE1_PFN, NODE1_PFN, END_PFN);
	free_bootmem(0, SIM_SIZE);	/* one call, split between the nodes */
	reserve_bootmem(PFN_PHYS(256), PAGE_SIZE);
	reserve_bootmem(PFN_PHYS(NODE1_PFN), PAGE_SIZE);
}

static bool bit(int nid, unsigned long pfn)
{
	const bootmem_data_t *b = NODE_DATA(nid)->bdata;

	return test_bit(pfn - PFN_DOWN(b->node_boot_start), b->node_bootmem_map);
}

static void numa_nodes_online_in_id_order(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, pgdat_list == NODE_DATA(0));
	KUNIT_EXPECT_TRUE(test, NODE_DATA(0)->node_next == NODE_DATA(1));
	KUNIT_EXPECT_NULL(test, NODE_DATA(1)->node_next);
	KUNIT_EXPECT_EQ(test, num_online_nodes(), 2);
	node_set_online(1);	/* again: no second entry */
	KUNIT_EXPECT_EQ(test, num_online_nodes(), 2);
	KUNIT_EXPECT_TRUE(test, node_online(1));
	KUNIT_EXPECT_FALSE(test, node_online(2));
	numa_case_exit();
}

/* The boundary at 2^13 pfns: shift 13, one entry per node. */
static void numa_memnodemap_coarsest_shift(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, memnodemap_init());
	KUNIT_EXPECT_EQ(test, memnode_shift, 13U);
	KUNIT_EXPECT_EQ(test, pfn_to_nid(0), 0);
	KUNIT_EXPECT_EQ(test, pfn_to_nid(NODE1_PFN - 1), 0);
	KUNIT_EXPECT_EQ(test, pfn_to_nid(NODE1_PFN), 1);
	KUNIT_EXPECT_EQ(test, pfn_to_nid(END_PFN - 1), 1);
	KUNIT_EXPECT_TRUE(test, pfn_valid(END_PFN - 1));
	KUNIT_EXPECT_FALSE(test, pfn_valid(END_PFN));
	numa_case_exit();
}

/* A gap between the nodes has no struct page; an odd boundary a fine shift. */
static void numa_memnodemap_gap_and_odd_boundary(struct kunit *test)
{
	/* 4999 and 5001 first differ above bit 2: entries of 8 pfns. */
	set_span(0, 0, 5000);
	set_span(1, 5001, END_PFN);
	KUNIT_ASSERT_TRUE(test, memnodemap_init());
	KUNIT_EXPECT_EQ(test, memnode_shift, 3U);
	KUNIT_EXPECT_TRUE(test, pfn_valid(4999));
	KUNIT_EXPECT_FALSE(test, pfn_valid(5000));
	KUNIT_EXPECT_TRUE(test, pfn_valid(5001));
	KUNIT_EXPECT_EQ(test, pfn_to_nid(5001), 1);
	/* Touching at an odd pfn: entries of one pfn, too many past MEMNODEMAP_SIZE. */
	set_span(0, 0, 5001);
	set_span(1, 5001, MEMNODEMAP_SIZE);
	KUNIT_ASSERT_TRUE(test, memnodemap_init());
	KUNIT_EXPECT_EQ(test, memnode_shift, 0U);
	set_span(1, 5001, MEMNODEMAP_SIZE + 1);
	host_log_clear();
	KUNIT_EXPECT_FALSE(test, memnodemap_init());
	KUNIT_EXPECT_TRUE(test, host_log_contains("NUMA: node boundaries too fine: entries of 4 KiB "
						  "(shift 0) would need 16385 entries to reach pfn 0x4000, "
						  "the memnodemap has 16384"));
	numa_case_exit();
}

/* free_bootmem()/reserve_bootmem() across the boundary reach both bitmaps. */
static void numa_bootmem_range_split_between_nodes(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, memnodemap_init());
	two_node_bootmem();
	KUNIT_EXPECT_FALSE(test, bit(0, NODE1_PFN - 1));
	KUNIT_EXPECT_FALSE(test, bit(1, NODE1_PFN + 1));
	KUNIT_EXPECT_TRUE(test, bit(1, NODE1_PFN));
	reserve_bootmem(30 * MiB, 4 * MiB);
	KUNIT_EXPECT_TRUE(test, bit(0, PFN_DOWN(30 * MiB)));
	KUNIT_EXPECT_TRUE(test, bit(0, NODE1_PFN - 1));
	KUNIT_EXPECT_TRUE(test, bit(1, PFN_DOWN(34 * MiB) - 1));
	KUNIT_EXPECT_FALSE(test, bit(1, PFN_DOWN(34 * MiB)));
	KUNIT_EXPECT_TRUE(test, bootmem_page_reserved(NODE1_PFN + 1));
	KUNIT_EXPECT_FALSE(test, bootmem_page_reserved(PFN_DOWN(34 * MiB)));
	KUNIT_EXPECT_TRUE(test, bootmem_page_reserved(END_PFN));	/* no node's */
	numa_case_exit();
}

/* A range partly outside both nodes is refused, naming the range and caller. */
static void numa_bootmem_range_outside_nodes_panics(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, memnodemap_init());
	two_node_bootmem();
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(reserve_bootmem(60 * MiB, 8 * MiB)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("not inside the nodes' boot memory"));
	numa_case_exit();
}

/* Node-local first; a full node falls back to the other; _local says NULL. */
static void numa_alloc_node_local_then_any(struct kunit *test)
{
	void *p, *q;

	KUNIT_ASSERT_TRUE(test, memnodemap_init());
	two_node_bootmem();
	p = alloc_bootmem_pages_node(NODE_DATA(1), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pfn_to_nid(PFN_DOWN(__pa(p))), 1);
	reserve_bootmem(PFN_PHYS(NODE1_PFN), (END_PFN - NODE1_PFN) << PAGE_SHIFT);
	KUNIT_EXPECT_NULL(test, bootmem_alloc_exact_nid_raw(PAGE_SIZE, PAGE_SIZE, 0,
							     BOOTMEM_ALLOC_ACCESSIBLE, 1));
	q = alloc_bootmem_pages_node(NODE_DATA(1), PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_EQ(test, pfn_to_nid(PFN_DOWN(__pa(q))), 0);
	numa_case_exit();
}

static struct kunit_case host_numa_cases[] = {
	KUNIT_CASE(numa_nodes_online_in_id_order),
	KUNIT_CASE(numa_memnodemap_coarsest_shift),
	KUNIT_CASE(numa_memnodemap_gap_and_odd_boundary),
	KUNIT_CASE(numa_bootmem_range_split_between_nodes),
	KUNIT_CASE(numa_bootmem_range_outside_nodes_panics),
	KUNIT_CASE(numa_alloc_node_local_then_any),
	{}
};

static struct kunit_suite host_numa = {
	.name = "host_numa",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_numa_cases,
	.init = numa_case_init,
};
kunit_test_suite(host_numa);
