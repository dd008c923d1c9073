/*
 * Host tests for memblock, mm/memblock.c, in the manner of Linux's
 * tools/testing/memblock (basic_api.c, alloc_api.c, alloc_nid_api.c):
 * exact regions and addresses after each call, on simulated memory.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/string.h>

#include <asm/cache.h>
#include <asm/page.h>
#include "host.h"
#include "../../mm/internal.h"

#define SIM_SIZE	(16UL << 20)
#define SZ_1K		0x400UL
#define SZ_4K		0x1000UL
#define SZ_16K		0x4000UL
#define SZ_64K		0x10000UL
#define SZ_1M		0x100000UL
#define SZ_2M		0x200000UL
#define SZ_4M		0x400000UL
#define SZ_8M		0x800000UL
#define SZ_16M		0x1000000UL

int early_memblock(char *p);	/* mm/memblock.c: memblock= */

static struct memblock_type *mem(void)
{
	return &memblock.memory;
}

static struct memblock_type *rsv(void)
{
	return &memblock.reserved;
}

static int memblock_case_init(struct kunit *test)
{
	(void)test;
	sim_mem_init(SIM_SIZE);
	memblock_debug = false;
	memblock_reset();
	memblock_allow_resize();
	host_log_clear();
	return 0;
}

/* Region i of type is exactly [base, base + size). */
#define EXPECT_RGN(test, type, i, b, s) do {					\
	KUNIT_EXPECT_EQ(test, (u64)(type)->regions[i].base, (u64)(b));		\
	KUNIT_EXPECT_EQ(test, (u64)(type)->regions[i].size, (u64)(s));		\
} while (0)

static void memblock_reset_gives_empty_arrays(struct kunit *test)
{
	memblock_add(SZ_1M, SZ_1M);
	memblock_reserve(SZ_1M, SZ_4K);
	memblock_set_bottom_up(true);
	memblock_set_current_limit(SZ_8M);
	memblock_reset();
	memblock_allow_resize();
	KUNIT_EXPECT_EQ(test, mem()->cnt, 1UL);
	KUNIT_EXPECT_EQ(test, mem()->max, (unsigned long)INIT_MEMBLOCK_REGIONS);
	EXPECT_RGN(test, mem(), 0, 0, 0);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, 0ULL);
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 1UL);
	KUNIT_EXPECT_EQ(test, rsv()->max, (unsigned long)INIT_MEMBLOCK_RESERVED_REGIONS);
	EXPECT_RGN(test, rsv(), 0, 0, 0);
	KUNIT_EXPECT_STREQ(test, mem()->name, "memory");
	KUNIT_EXPECT_STREQ(test, rsv()->name, "reserved");
	KUNIT_EXPECT_FALSE(test, memblock_bottom_up());
	KUNIT_EXPECT_EQ(test, (u64)memblock_get_current_limit(), (u64)MEMBLOCK_ALLOC_ANYWHERE);
	KUNIT_EXPECT_FALSE(test, memblock_retired());
}

static void memblock_add_one_region(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, memblock_add(SZ_1M, SZ_4M), 0);
	KUNIT_EXPECT_EQ(test, mem()->cnt, 1UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, SZ_4M);
	KUNIT_EXPECT_EQ(test, mem()->regions[0].nid, MAX_NUMNODES);
	KUNIT_EXPECT_EQ(test, mem()->regions[0].flags, MEMBLOCK_NONE);
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_mem_size(), (u64)SZ_4M);
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 1UL);
	KUNIT_EXPECT_EQ(test, (u64)memblock_reserved_size(), 0ULL);
}

static void memblock_add_node_gives_nid(struct kunit *test)
{
	memblock_add_node(SZ_1M, SZ_1M, 3, MEMBLOCK_NONE);
	KUNIT_EXPECT_EQ(test, mem()->regions[0].nid, 3);
}

static void memblock_add_keeps_order(struct kunit *test)
{
	memblock_add(SZ_8M, SZ_1M);
	memblock_add(SZ_1M, SZ_1M);
	memblock_add(SZ_4M, SZ_1M);
	KUNIT_EXPECT_EQ(test, mem()->cnt, 3UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, SZ_1M);
	EXPECT_RGN(test, mem(), 1, SZ_4M, SZ_1M);
	EXPECT_RGN(test, mem(), 2, SZ_8M, SZ_1M);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, 3ULL * SZ_1M);
}

static void memblock_add_merges_touching(struct kunit *test)
{
	memblock_add(SZ_2M, SZ_1M);
	memblock_add(SZ_1M, SZ_1M);		/* below, touching */
	memblock_add(3 * SZ_1M, SZ_1M);		/* above, touching */
	KUNIT_EXPECT_EQ(test, mem()->cnt, 1UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, 3 * SZ_1M);
}

static void memblock_add_touching_other_node_stays_apart(struct kunit *test)
{
	memblock_add_node(SZ_1M, SZ_1M, 0, MEMBLOCK_NONE);
	memblock_add_node(SZ_2M, SZ_1M, 1, MEMBLOCK_NONE);
	KUNIT_EXPECT_EQ(test, mem()->cnt, 2UL);
	KUNIT_EXPECT_EQ(test, mem()->regions[0].nid, 0);
	KUNIT_EXPECT_EQ(test, mem()->regions[1].nid, 1);
}

static void memblock_add_overlaps(struct kunit *test)
{
	memblock_add(SZ_2M, SZ_2M);			/* [2M, 4M) */
	memblock_add(SZ_1M, SZ_2M);			/* bottom overlap: [1M, 3M) */
	EXPECT_RGN(test, mem(), 0, SZ_1M, 3 * SZ_1M);
	memblock_add(3 * SZ_1M, SZ_2M);			/* top overlap: to 5M */
	EXPECT_RGN(test, mem(), 0, SZ_1M, SZ_4M);
	memblock_add(SZ_2M, SZ_4K);			/* within: nothing */
	memblock_add(SZ_1M, SZ_4M);			/* the same again */
	KUNIT_EXPECT_EQ(test, mem()->cnt, 1UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, SZ_4M);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, (u64)SZ_4M);
}

static void memblock_add_across_several(struct kunit *test)
{
	memblock_add(SZ_1M, SZ_1M);
	memblock_add(3 * SZ_1M, SZ_1M);
	memblock_add(5 * SZ_1M, SZ_1M);
	memblock_add(7 * SZ_1M, SZ_1M);
	KUNIT_EXPECT_EQ(test, mem()->cnt, 4UL);
	memblock_add(SZ_1M + SZ_1M / 2, SZ_4M);		/* 1.5M .. 5.5M */
	KUNIT_EXPECT_EQ(test, mem()->cnt, 2UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, 5 * SZ_1M);
	EXPECT_RGN(test, mem(), 1, 7 * SZ_1M, SZ_1M);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, 6ULL * SZ_1M);
}

/* 32 bits without PAE: a range to 4 GiB would wrap, so it is cut short (both builds cap alike). */
static void memblock_add_caps_size_at_phys_max(struct kunit *test)
{
	phys_addr_t base = PHYS_ADDR_MAX - 0xfff;

	memblock_add(base, SZ_16K);
	EXPECT_RGN(test, mem(), 0, base, 0xfff);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, 0xfffULL);
}

static void memblock_reserve_merges_and_counts(struct kunit *test)
{
	memblock_reserve(SZ_1M, SZ_4K);
	memblock_reserve(SZ_1M + SZ_4K, SZ_4K);
	memblock_reserve(SZ_2M, SZ_4K);
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 2UL);
	EXPECT_RGN(test, rsv(), 0, SZ_1M, 2 * SZ_4K);
	EXPECT_RGN(test, rsv(), 1, SZ_2M, SZ_4K);
	KUNIT_EXPECT_EQ(test, (u64)memblock_reserved_size(), 3ULL * SZ_4K);
	KUNIT_EXPECT_EQ(test, rsv()->regions[0].nid, MAX_NUMNODES);
	/* memory is untouched: reserved need not be memory */
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_mem_size(), 0ULL);
}

static void memblock_remove_splits(struct kunit *test)
{
	memblock_add(SZ_1M, SZ_4M);			/* [1M, 5M) */
	memblock_remove(SZ_2M, SZ_1M);			/* middle */
	KUNIT_EXPECT_EQ(test, mem()->cnt, 2UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, SZ_1M);
	EXPECT_RGN(test, mem(), 1, 3 * SZ_1M, SZ_2M);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, 3ULL * SZ_1M);
	memblock_remove(SZ_4M, SZ_4M);			/* top part, past the end */
	EXPECT_RGN(test, mem(), 1, 3 * SZ_1M, SZ_1M);
	memblock_remove(0, SZ_1M + SZ_4K);		/* bottom part, from below */
	EXPECT_RGN(test, mem(), 0, SZ_1M + SZ_4K, SZ_1M - SZ_4K);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, 2 * SZ_1M - SZ_4K);
}

static void memblock_remove_across_and_all(struct kunit *test)
{
	memblock_add(SZ_1M, SZ_1M);
	memblock_add(3 * SZ_1M, SZ_1M);
	memblock_add(5 * SZ_1M, SZ_1M);
	memblock_remove(SZ_1M + SZ_1M / 2, SZ_4M);	/* 1.5M .. 5.5M */
	KUNIT_EXPECT_EQ(test, mem()->cnt, 2UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, SZ_1M / 2);
	EXPECT_RGN(test, mem(), 1, 5 * SZ_1M + SZ_1M / 2, SZ_1M / 2);
	memblock_remove(0, SZ_8M);
	KUNIT_EXPECT_EQ(test, mem()->cnt, 1UL);
	EXPECT_RGN(test, mem(), 0, 0, 0);
	KUNIT_EXPECT_EQ(test, mem()->regions[0].nid, MAX_NUMNODES);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, 0ULL);
	/* and the empty array takes a region again */
	memblock_add(SZ_2M, SZ_1M);
	EXPECT_RGN(test, mem(), 0, SZ_2M, SZ_1M);
}

static void memblock_phys_free_splits(struct kunit *test)
{
	memblock_reserve(SZ_1M, SZ_2M);
	KUNIT_EXPECT_EQ(test, memblock_phys_free(SZ_1M + SZ_1M / 2, SZ_1M / 2), 0);
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 2UL);
	EXPECT_RGN(test, rsv(), 0, SZ_1M, SZ_1M / 2);
	EXPECT_RGN(test, rsv(), 1, SZ_2M, SZ_1M);
	memblock_free(__va(SZ_2M), SZ_1M);
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 1UL);
	KUNIT_EXPECT_EQ(test, (u64)memblock_reserved_size(), (u64)(SZ_1M / 2));
	memblock_free(NULL, SZ_1M);			/* as Linux: nothing */
	KUNIT_EXPECT_EQ(test, memblock_phys_free(SZ_8M, 0), 0);	/* size 0: nothing */
	KUNIT_EXPECT_EQ(test, (u64)memblock_reserved_size(), (u64)(SZ_1M / 2));
}

/* Free across two touching reserved regions of different nodes: wholly reserved. */
static void memblock_phys_free_across_touching_regions(struct kunit *test)
{
	memblock_reserve(SZ_1M, SZ_2M);
	memblock_set_node(SZ_2M, SZ_1M, rsv(), 1);
	KUNIT_ASSERT_EQ(test, rsv()->cnt, 2UL);
	KUNIT_EXPECT_FALSE(test, HOST_PANICS(memblock_phys_free(SZ_1M + SZ_4K, SZ_2M - 2 * SZ_4K)));
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 2UL);
	EXPECT_RGN(test, rsv(), 0, SZ_1M, SZ_4K);
	EXPECT_RGN(test, rsv(), 1, 3 * SZ_1M - SZ_4K, SZ_4K);
}

static void memblock_phys_free_not_reserved_panics(struct kunit *test)
{
	memblock_reserve(SZ_1M, SZ_1M);
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_phys_free(SZ_4M, SZ_4K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg,
		"memblock: memblock_phys_free(0x0000000000400000-0x0000000000400fff) of memory not reserved, from 0x"));
	/* partly reserved: misuse too, and nothing changes */
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_phys_free(SZ_2M - SZ_4K, SZ_16K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "of memory not reserved"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_free(__va(SZ_1M / 2), SZ_1M)));
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 1UL);
	EXPECT_RGN(test, rsv(), 0, SZ_1M, SZ_1M);
}

/* The usual machine: memory [1M, 16M), nothing reserved. */
static void add_1m_16m(void)
{
	memblock_add(SZ_1M, SZ_16M - SZ_1M);
}

static void memblock_alloc_top_down(struct kunit *test)
{
	add_1m_16m();
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ANYWHERE),
			(u64)(SZ_16M - SZ_4K));
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ANYWHERE),
			(u64)(SZ_16M - 2 * SZ_4K));
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 1UL);
	EXPECT_RGN(test, rsv(), 0, SZ_16M - 2 * SZ_4K, 2 * SZ_4K);
	/* past a reservation at the top */
	memblock_reserve(SZ_8M, SZ_8M - 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc(100, 8)), (u64)(SZ_8M - 104));
}

static void memblock_alloc_bottom_up(struct kunit *test)
{
	add_1m_16m();
	memblock_set_bottom_up(true);
	KUNIT_EXPECT_TRUE(test, memblock_bottom_up());
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc(100, 8)), (u64)SZ_1M);
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc(100, 8)), (u64)(SZ_1M + 104));
	memblock_reserve(SZ_1M + 208, SZ_1M);
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ANYWHERE),
			(u64)(SZ_2M + SZ_4K));
}

/* Physical address 0 is never handed out (Linux: "avoid allocating the first page"). */
static void memblock_alloc_never_address_zero(struct kunit *test)
{
	memblock_add(0, SZ_16K);
	memblock_set_bottom_up(true);
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, SZ_16K), (u64)SZ_4K);
	memblock_set_bottom_up(false);
	memblock_reserve(SZ_4K, SZ_16K - SZ_4K);
	/* only page 0 is free: nothing */
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_1K, 8, 0, SZ_16K), 0ULL);
	KUNIT_EXPECT_NULL(test, memblock_alloc(SZ_1K, 8));
}

static void memblock_alloc_alignment(struct kunit *test)
{
	memblock_add(SZ_1M + SZ_4K, SZ_16M - SZ_1M - SZ_4K - 100);
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(100, SZ_64K, 0, MEMBLOCK_ALLOC_ANYWHERE),
			(u64)(SZ_16M - SZ_64K));
	memblock_set_bottom_up(true);
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_1M, 0, MEMBLOCK_ALLOC_ANYWHERE),
			(u64)SZ_2M);
	/* 0 is SMP_CACHE_BYTES, as Linux */
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(10, 0, 0, MEMBLOCK_ALLOC_ANYWHERE),
			(u64)(SZ_1M + SZ_4K));
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(10, 0, 0, MEMBLOCK_ALLOC_ANYWHERE),
			(u64)(SZ_1M + SZ_4K + SMP_CACHE_BYTES));
}

static void memblock_alloc_bad_alignment_panics(struct kunit *test)
{
	add_1m_16m();
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)memblock_alloc(100, 48)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg,
				       "memblock: alignment 0x30 is not a power of two, from 0x"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)memblock_phys_alloc_range(100, 3, 0, SZ_8M)));
	KUNIT_EXPECT_EQ(test, (u64)memblock_reserved_size(), 0ULL);
}

static void memblock_alloc_min_max(struct kunit *test)
{
	add_1m_16m();
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_4K, SZ_2M, SZ_4M),
			(u64)(SZ_4M - SZ_4K));
	memblock_set_bottom_up(true);
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_4K, SZ_2M, SZ_4M),
			(u64)SZ_2M);
	/* does not fit between min and max */
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4M, SZ_4K, SZ_2M, SZ_4M), 0ULL);
	memblock_set_bottom_up(false);
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, SZ_1M, SZ_8M,
								 NUMA_NO_NODE)),
			(u64)(SZ_8M - SZ_4K));
}

/* Nothing above min_addr: memblock_alloc_internal() tries again from 0; the phys call does not. */
static void memblock_alloc_min_addr_retry(struct kunit *test)
{
	memblock_add(SZ_1M, 3 * SZ_1M);			/* [1M, 4M) */
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_4K, SZ_8M,
							     MEMBLOCK_ALLOC_ANYWHERE), 0ULL);
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, SZ_8M,
								 MEMBLOCK_ALLOC_ACCESSIBLE,
								 NUMA_NO_NODE)),
			(u64)(SZ_4M - SZ_4K));
	memblock_set_bottom_up(true);
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid_raw(SZ_4K, SZ_4K, SZ_8M, SZ_16M,
								     NUMA_NO_NODE)),
			(u64)SZ_1M);
}

static void memblock_alloc_below_current_limit(struct kunit *test)
{
	add_1m_16m();
	memblock_set_current_limit(SZ_4M);
	KUNIT_EXPECT_EQ(test, (u64)memblock_get_current_limit(), (u64)SZ_4M);
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc(SZ_4K, SZ_4K)), (u64)(SZ_4M - SZ_4K));
	/* max_addr above the limit is clipped to it */
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, 0, SZ_8M, NUMA_NO_NODE)),
			(u64)(SZ_4M - 2 * SZ_4K));
	/* memblock_phys_alloc_range() is not limited (Linux) */
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, SZ_8M),
			(u64)(SZ_8M - SZ_4K));
}

static void memblock_alloc_no_room(struct kunit *test)
{
	memblock_add(SZ_1M, SZ_16K);
	memblock_reserve(SZ_1M + SZ_4K, SZ_4K);
	KUNIT_EXPECT_NULL(test, memblock_alloc(2 * SZ_4K + 1, 8));
	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_alloc_range(3 * SZ_4K, 8, 0, SZ_16M), 0ULL);
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 1UL);
	KUNIT_EXPECT_EQ(test, (u64)memblock_reserved_size(), (u64)SZ_4K);
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc(2 * SZ_4K, 8)), (u64)(SZ_1M + 2 * SZ_4K));
}

static void memblock_alloc_zeroes_unless_raw(struct kunit *test)
{
	unsigned char *p;
	unsigned long nz = 0;

	add_1m_16m();
	memset(__va(SZ_16M - SZ_16K), 0xaa, SZ_16K);
	p = memblock_alloc_try_nid_raw(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
	KUNIT_ASSERT_EQ(test, (u64)__pa(p), (u64)(SZ_16M - SZ_4K));
	KUNIT_EXPECT_EQ(test, p[0], 0xaa);
	p = memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
	KUNIT_EXPECT_EQ(test, p[SZ_4K - 1], 0xaa);
	p = memblock_alloc_try_nid(SZ_4K + 10, 8, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
	KUNIT_ASSERT_EQ(test, (u64)__pa(p), (u64)(SZ_16M - 3 * SZ_4K - 16));
	for (unsigned long i = 0; i < SZ_4K + 10; i++)
		nz += p[i] != 0;
	KUNIT_EXPECT_EQ(test, nz, 0UL);
}

/* Two nodes: [1M, 4M) on 0, [4M, 16M) on 1. */
static void two_nodes(void)
{
	memblock_add_node(SZ_1M, 3 * SZ_1M, 0, MEMBLOCK_NONE);
	memblock_add_node(SZ_4M, SZ_16M - SZ_4M, 1, MEMBLOCK_NONE);
}

static void memblock_alloc_on_node(struct kunit *test)
{
	two_nodes();
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, 0, 0, 0)),
			(u64)(SZ_4M - SZ_4K));
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, 0, 0)),
			(u64)(SZ_4M - 2 * SZ_4K));
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, 0, 0, 1)),
			(u64)(SZ_16M - SZ_4K));
	/* an allocation never spans two nodes' regions: free [4M - 4K, 4M + 4K) */
	memblock_reset();
	memblock_allow_resize();
	two_nodes();
	memblock_reserve(SZ_1M, 3 * SZ_1M - SZ_4K);
	memblock_reserve(SZ_4M + SZ_4K, SZ_16M - SZ_4M - SZ_4K);
	KUNIT_EXPECT_NULL(test, memblock_alloc(2 * SZ_4K, SZ_4K));
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc(SZ_4K, SZ_4K)), (u64)SZ_4M);
}

static void memblock_alloc_try_nid_falls_back_exact_does_not(struct kunit *test)
{
	two_nodes();
	memblock_reserve(SZ_1M, 3 * SZ_1M);		/* node 0 full */
	KUNIT_EXPECT_NULL(test, memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, 0, 0));
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, 0, 0, 0)),
			(u64)(SZ_16M - SZ_4K));
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid_raw(SZ_4K, SZ_4K, 0, 0, 0)),
			(u64)(SZ_16M - 2 * SZ_4K));
}

/* Memory of no node yet (memblock_add()) matches only NUMA_NO_NODE (should_skip_region()). */
static void memblock_alloc_node_less_memory(struct kunit *test)
{
	add_1m_16m();
	KUNIT_EXPECT_NULL(test, memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, 0, 0));
	KUNIT_EXPECT_EQ(test, (u64)__pa(memblock_alloc_try_nid(SZ_4K, SZ_4K, 0, 0, 0)),
			(u64)(SZ_16M - SZ_4K));
}

static void memblock_set_node_splits_and_merges(struct kunit *test)
{
	memblock_add(SZ_1M, 7 * SZ_1M);			/* [1M, 8M) */
	KUNIT_EXPECT_EQ(test, memblock_set_node(SZ_2M, SZ_2M, mem(), 1), 0);
	KUNIT_ASSERT_EQ(test, mem()->cnt, 3UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, SZ_1M);
	EXPECT_RGN(test, mem(), 1, SZ_2M, SZ_2M);
	EXPECT_RGN(test, mem(), 2, SZ_4M, SZ_4M);
	KUNIT_EXPECT_EQ(test, mem()->regions[0].nid, MAX_NUMNODES);
	KUNIT_EXPECT_EQ(test, mem()->regions[1].nid, 1);
	KUNIT_EXPECT_EQ(test, mem()->regions[2].nid, MAX_NUMNODES);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, 7ULL * SZ_1M);
	memblock_set_node(0, SZ_16M, mem(), 1);
	KUNIT_EXPECT_EQ(test, mem()->cnt, 1UL);
	EXPECT_RGN(test, mem(), 0, SZ_1M, 7 * SZ_1M);
	KUNIT_EXPECT_EQ(test, mem()->regions[0].nid, 1);
	/* an add over it keeps the existing region's node */
	memblock_add_node(0, SZ_2M, 1, MEMBLOCK_NONE);
	KUNIT_EXPECT_EQ(test, mem()->cnt, 1UL);
	EXPECT_RGN(test, mem(), 0, 0, SZ_8M);
}

static unsigned long region_bytes(unsigned long max)
{
	return ALIGN(max * sizeof(struct memblock_region), PAGE_SIZE);
}

/*
 * More disjoint memory regions than the static array holds: a new array
 * twice the size, at the top of free memory, reserved, the regions intact.
 */
static void memblock_double_memory_array(struct kunit *test)
{
	const unsigned long n = INIT_MEMBLOCK_REGIONS + 40;
	phys_addr_t arr;
	unsigned long bad = 0;

	memblock_add(SZ_8M, SZ_8M);
	for (unsigned long i = 0; i < n; i++)
		memblock_add(SZ_64K + i * SZ_16K, SZ_4K);
	KUNIT_EXPECT_EQ(test, mem()->max, 2UL * INIT_MEMBLOCK_REGIONS);
	KUNIT_ASSERT_EQ(test, mem()->cnt, n + 1);
	arr = __pa(mem()->regions);
	KUNIT_EXPECT_EQ(test, (u64)arr, (u64)(SZ_16M - region_bytes(mem()->max)));
	for (unsigned long i = 0; i < n; i++)
		bad += mem()->regions[i].base != SZ_64K + i * SZ_16K ||
		       mem()->regions[i].size != SZ_4K;
	KUNIT_EXPECT_EQ(test, bad, 0UL);
	EXPECT_RGN(test, mem(), n, SZ_8M, SZ_8M);
	KUNIT_EXPECT_EQ(test, (u64)mem()->total_size, (u64)(n * SZ_4K + SZ_8M));
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 1UL);
	EXPECT_RGN(test, rsv(), 0, arr, region_bytes(mem()->max));
	KUNIT_EXPECT_EQ(test, rsv()->max, (unsigned long)INIT_MEMBLOCK_RESERVED_REGIONS);
}

/*
 * The reserved array doubles while a reservation is being added to it:
 * the new array reserves itself, then the reservation goes in.  Twice, so
 * the first grown array is given back.
 */
static void memblock_double_reserved_array(struct kunit *test)
{
	const unsigned long n = 2 * INIT_MEMBLOCK_REGIONS + 40;
	phys_addr_t arr, first;
	unsigned long bad = 0;

	memblock_add(SZ_1M, SZ_16M - SZ_1M);
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS + 1; i++)
		memblock_reserve(SZ_1M + i * SZ_16K, SZ_4K);
	KUNIT_ASSERT_EQ(test, rsv()->max, 2UL * INIT_MEMBLOCK_REGIONS);
	first = __pa(rsv()->regions);
	KUNIT_EXPECT_EQ(test, (u64)first, (u64)(SZ_16M - region_bytes(rsv()->max)));
	KUNIT_EXPECT_TRUE(test, memblock_is_region_reserved(first, region_bytes(rsv()->max)));
	for (unsigned long i = INIT_MEMBLOCK_REGIONS + 1; i < n; i++)
		memblock_reserve(SZ_1M + i * SZ_16K, SZ_4K);
	KUNIT_EXPECT_EQ(test, rsv()->max, 4UL * INIT_MEMBLOCK_REGIONS);
	arr = __pa(rsv()->regions);
	/* the second array goes below the first, which is then given back */
	KUNIT_EXPECT_EQ(test, (u64)arr, (u64)(first - region_bytes(rsv()->max)));
	KUNIT_EXPECT_FALSE(test, memblock_is_region_reserved(first, region_bytes(rsv()->max / 2)));
	KUNIT_ASSERT_EQ(test, rsv()->cnt, n + 1);
	for (unsigned long i = 0; i < n; i++)
		bad += rsv()->regions[i].base != SZ_1M + i * SZ_16K ||
		       rsv()->regions[i].size != SZ_4K;
	KUNIT_EXPECT_EQ(test, bad, 0UL);
	EXPECT_RGN(test, rsv(), n, arr, region_bytes(rsv()->max));
	KUNIT_EXPECT_EQ(test, (u64)rsv()->total_size, (u64)(n * SZ_4K + region_bytes(rsv()->max)));
	KUNIT_EXPECT_EQ(test, mem()->max, (unsigned long)INIT_MEMBLOCK_REGIONS);
}

/* Freeing splits a region: isolation doubles the array when it has no two spare entries. */
static void memblock_double_reserved_on_free(struct kunit *test)
{
	memblock_add(SZ_1M, SZ_16M - SZ_1M);
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS - 1; i++)
		memblock_reserve(SZ_1M + i * SZ_16K, SZ_4K);
	memblock_reserve(SZ_8M, SZ_1M);
	KUNIT_ASSERT_EQ(test, rsv()->cnt, (unsigned long)INIT_MEMBLOCK_REGIONS);
	memblock_phys_free(SZ_8M + SZ_4K, SZ_4K);
	KUNIT_EXPECT_EQ(test, rsv()->max, 2UL * INIT_MEMBLOCK_REGIONS);
	KUNIT_EXPECT_EQ(test, rsv()->cnt, INIT_MEMBLOCK_REGIONS + 2UL);
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(SZ_8M));
	KUNIT_EXPECT_FALSE(test, memblock_is_reserved(SZ_8M + SZ_4K));
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(SZ_8M + 2 * SZ_4K));
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(__pa(rsv()->regions)));
}

static void memblock_double_without_room_panics(struct kunit *test)
{
	/* memory in pieces of 1 KiB: no page for a new array anywhere */
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_add(SZ_1M + i * SZ_4K, SZ_1K);
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_add(SZ_8M, SZ_1K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg,
				       "memblock: can't double memory array (128 regions), from 0x"));
	KUNIT_EXPECT_EQ(test, mem()->cnt, (unsigned long)INIT_MEMBLOCK_REGIONS);
	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS; i++)
		memblock_reserve(SZ_1M + i * SZ_4K, SZ_1K);
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_reserve(SZ_8M, SZ_1K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "can't double reserved array (128 regions)"));
}

/* Before memblock_allow_resize() no array may grow (Linux 6.1 panics too). */
static void memblock_double_before_allow_resize_panics(struct kunit *test)
{
	memblock_reset();
	add_1m_16m();
	for (unsigned long i = 0; i < INIT_MEMBLOCK_RESERVED_REGIONS; i++)
		memblock_reserve(SZ_2M + i * 2 * SZ_4K, SZ_4K);
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_reserve(SZ_8M, SZ_4K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg,
		"memblock: cannot resize reserved array (128 regions) before every early reservation is in"));
	KUNIT_EXPECT_EQ(test, rsv()->max, (unsigned long)INIT_MEMBLOCK_RESERVED_REGIONS);
	memblock_allow_resize();
	memblock_reserve(SZ_8M, SZ_4K);
	KUNIT_EXPECT_EQ(test, rsv()->max, 2UL * INIT_MEMBLOCK_RESERVED_REGIONS);
}

static void memblock_calls_after_retire_panic(struct kunit *test)
{
	add_1m_16m();
	memblock_reserve(SZ_2M, SZ_4K);
	memblock_mark_retired();
	KUNIT_EXPECT_TRUE(test, memblock_retired());
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_reserve(SZ_4M, SZ_4K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg,
		"memblock: memblock_reserve() called after memblock_free_all(), from 0x"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_add(SZ_4M, SZ_4K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "memblock_add() called after"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_add_node(SZ_4M, SZ_4K, 0, MEMBLOCK_NONE)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_remove(SZ_4M, SZ_4K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "memblock_remove() called after"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_phys_free(SZ_2M, SZ_4K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "memblock_phys_free() called after"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_free(__va(SZ_2M), SZ_4K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "memblock_free() called after"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)memblock_alloc(SZ_4K, SZ_4K)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "memblock_alloc_try_nid() called after"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)memblock_alloc_try_nid_raw(SZ_4K, SZ_4K, 0, 0, 0)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)memblock_alloc_exact_nid_raw(SZ_4K, SZ_4K, 0, 0, 0)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS((void)memblock_phys_alloc_range(SZ_4K, SZ_4K, 0, SZ_8M)));
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "memblock_phys_alloc_range() called after"));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_set_node(0, SZ_8M, mem(), 0)));
	/* nothing changed */
	KUNIT_EXPECT_EQ(test, rsv()->cnt, 1UL);
	EXPECT_RGN(test, rsv(), 0, SZ_2M, SZ_4K);
	memblock_reset();
	memblock_allow_resize();
	KUNIT_EXPECT_FALSE(test, memblock_retired());
}

/*
 * memory [1M, 2M) [3M, 5M), reserved [1.5M, 3.5M) [4M, 4.5M): free is
 * [1M, 1.5M) [3.5M, 4M) [4.5M, 5M).
 */
static void iter_setup(void)
{
	memblock_add(SZ_1M, SZ_1M);
	memblock_add(3 * SZ_1M, SZ_2M);
	memblock_reserve(SZ_1M + SZ_1M / 2, SZ_2M);
	memblock_reserve(SZ_4M, SZ_1M / 2);
}

static void memblock_iterate_free_ranges(struct kunit *test)
{
	static const phys_addr_t want[][2] = {
		{ SZ_1M, SZ_1M + SZ_1M / 2 },
		{ 3 * SZ_1M + SZ_1M / 2, SZ_4M },
		{ SZ_4M + SZ_1M / 2, 5 * SZ_1M },
	};
	phys_addr_t s, e;
	int n = 0, nid;
	u64 i;

	iter_setup();
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid) {
		if (n < 3) {
			KUNIT_EXPECT_EQ(test, (u64)s, (u64)want[n][0]);
			KUNIT_EXPECT_EQ(test, (u64)e, (u64)want[n][1]);
			KUNIT_EXPECT_EQ(test, nid, MAX_NUMNODES);
		}
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 3);
	n = 0;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		if (n < 3) {
			KUNIT_EXPECT_EQ(test, (u64)s, (u64)want[2 - n][0]);
			KUNIT_EXPECT_EQ(test, (u64)e, (u64)want[2 - n][1]);
		}
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 3);
	n = 0;
	for_each_mem_range(i, &s, &e) {
		if (n == 1) {
			KUNIT_EXPECT_EQ(test, (u64)s, (u64)(3 * SZ_1M));
			KUNIT_EXPECT_EQ(test, (u64)e, (u64)(5 * SZ_1M));
		}
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 2);
}

/* No reservation: the whole of each memory region; nothing at all: no range. */
static void memblock_iterate_edge_cases(struct kunit *test)
{
	phys_addr_t s = 1, e = 1;
	int n = 0;
	u64 i;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	KUNIT_EXPECT_EQ(test, n, 0);
	memblock_add(SZ_1M, SZ_1M);
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, (u64)s, (u64)SZ_1M);
	KUNIT_EXPECT_EQ(test, (u64)e, (u64)SZ_2M);
	/* reserved over all of it: nothing free */
	memblock_reserve(0, SZ_4M);
	n = 0;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	KUNIT_EXPECT_EQ(test, n, 0);
}

static void memblock_iterate_by_node(struct kunit *test)
{
	phys_addr_t s, e;
	int n = 0, nid = -2;
	u64 i;

	memblock_add_node(SZ_1M, SZ_1M, 0, MEMBLOCK_NONE);
	memblock_add_node(SZ_2M, SZ_1M, 1, MEMBLOCK_NONE);
	memblock_reserve(SZ_1M + SZ_1M / 2, SZ_1M);
	for_each_free_mem_range(i, 1, MEMBLOCK_NONE, &s, &e, &nid) {
		KUNIT_EXPECT_EQ(test, (u64)s, (u64)(SZ_2M + SZ_1M / 2));
		KUNIT_EXPECT_EQ(test, (u64)e, (u64)(3 * SZ_1M));
		KUNIT_EXPECT_EQ(test, nid, 1);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 1);
	n = 0;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid) {
		KUNIT_EXPECT_EQ(test, nid, n == 0 ? 1 : 0);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 2);
	n = 0;
	for_each_free_mem_range(i, 2, MEMBLOCK_NONE, &s, &e, &nid)
		n++;
	KUNIT_EXPECT_EQ(test, n, 0);
}

static void memblock_queries(struct kunit *test)
{
	iter_setup();
	KUNIT_EXPECT_TRUE(test, memblock_is_memory(SZ_1M));
	KUNIT_EXPECT_FALSE(test, memblock_is_memory(SZ_2M));
	KUNIT_EXPECT_TRUE(test, memblock_is_memory(5 * SZ_1M - 1));
	KUNIT_EXPECT_FALSE(test, memblock_is_memory(5 * SZ_1M));
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(SZ_2M));
	KUNIT_EXPECT_FALSE(test, memblock_is_reserved(SZ_1M));
	KUNIT_EXPECT_TRUE(test, memblock_is_region_memory(3 * SZ_1M, SZ_2M));
	KUNIT_EXPECT_FALSE(test, memblock_is_region_memory(3 * SZ_1M, SZ_2M + 1));
	KUNIT_EXPECT_FALSE(test, memblock_is_region_memory(SZ_1M, SZ_4M));
	/* reserved: any part of it (Linux's sense) */
	KUNIT_EXPECT_TRUE(test, memblock_is_region_reserved(SZ_1M, SZ_1M));
	KUNIT_EXPECT_FALSE(test, memblock_is_region_reserved(SZ_1M, SZ_1M / 2));
	KUNIT_EXPECT_FALSE(test, memblock_is_region_reserved(SZ_4M + SZ_1M / 2, SZ_1M));
}

static void memblock_debug_prints_calls(struct kunit *test)
{
	memblock_debug = true;
	memblock_add(SZ_1M, SZ_1M);
	memblock_reserve(SZ_1M, SZ_4K);
	memblock_set_node(SZ_1M, SZ_1M, mem(), 0);
	(void)memblock_alloc(SZ_4K, SZ_4K);
	memblock_dump_all();
	memblock_debug = false;
	KUNIT_EXPECT_TRUE(test, host_log_contains("memblock_add: [0x0000000000100000-0x00000000001fffff] 0x"));
	KUNIT_EXPECT_TRUE(test, host_log_contains("memblock_reserve: [0x0000000000100000-0x0000000000100fff] 0x"));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"memblock_alloc_try_nid: 4096 bytes align=0x1000 nid=-1 from=0x0000000000000000 max_addr=0x0000000000000000 0x"));
	KUNIT_EXPECT_TRUE(test, host_log_contains("MEMBLOCK configuration:\n"));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		" memory size = 0x0000000000100000 reserved size = 0x0000000000002000\n"));
	KUNIT_EXPECT_TRUE(test, host_log_contains(" memory.cnt  = 0x1\n"));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		" memory[0x0]\t[0x0000000000100000-0x00000000001fffff], 0x0000000000100000 bytes on node 0 flags: 0x0\n"));
	KUNIT_EXPECT_TRUE(test, host_log_contains(" reserved.cnt  = 0x2\n"));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		" reserved[0x1]\t[0x00000000001ff000-0x00000000001fffff], 0x0000000000001000 bytes flags: 0x0\n"));
	host_log_clear();
	memblock_dump_all();
	memblock_reserve(SZ_2M, SZ_4K);
	KUNIT_EXPECT_STREQ(test, host_log(), "");
}

static void memblock_early_param(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, early_memblock("bottomup"), 0);
	KUNIT_EXPECT_TRUE(test, memblock_bottom_up());
	memblock_reset();			/* the kernel's set-up keeps the choice */
	memblock_allow_resize();
	KUNIT_EXPECT_TRUE(test, memblock_bottom_up());
	KUNIT_EXPECT_EQ(test, early_memblock("topdown"), 0);
	KUNIT_EXPECT_FALSE(test, memblock_bottom_up());
	KUNIT_EXPECT_EQ(test, early_memblock("debug"), 0);
	KUNIT_EXPECT_TRUE(test, memblock_debug);
	memblock_debug = false;
	KUNIT_EXPECT_EQ(test, early_memblock("verbose"), -1);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"memblock=verbose: the choices are debug, bottomup and topdown"));
	memblock_reset();
	memblock_allow_resize();
	KUNIT_EXPECT_FALSE(test, memblock_bottom_up());
}

static struct kunit_case host_memblock_cases[] = {
	KUNIT_CASE(memblock_reset_gives_empty_arrays),
	KUNIT_CASE(memblock_add_one_region),
	KUNIT_CASE(memblock_add_node_gives_nid),
	KUNIT_CASE(memblock_add_keeps_order),
	KUNIT_CASE(memblock_add_merges_touching),
	KUNIT_CASE(memblock_add_touching_other_node_stays_apart),
	KUNIT_CASE(memblock_add_overlaps),
	KUNIT_CASE(memblock_add_across_several),
	KUNIT_CASE(memblock_add_caps_size_at_phys_max),
	KUNIT_CASE(memblock_reserve_merges_and_counts),
	KUNIT_CASE(memblock_remove_splits),
	KUNIT_CASE(memblock_remove_across_and_all),
	KUNIT_CASE(memblock_phys_free_splits),
	KUNIT_CASE(memblock_phys_free_across_touching_regions),
	KUNIT_CASE(memblock_phys_free_not_reserved_panics),
	KUNIT_CASE(memblock_alloc_top_down),
	KUNIT_CASE(memblock_alloc_bottom_up),
	KUNIT_CASE(memblock_alloc_never_address_zero),
	KUNIT_CASE(memblock_alloc_alignment),
	KUNIT_CASE(memblock_alloc_bad_alignment_panics),
	KUNIT_CASE(memblock_alloc_min_max),
	KUNIT_CASE(memblock_alloc_min_addr_retry),
	KUNIT_CASE(memblock_alloc_below_current_limit),
	KUNIT_CASE(memblock_alloc_no_room),
	KUNIT_CASE(memblock_alloc_zeroes_unless_raw),
	KUNIT_CASE(memblock_alloc_on_node),
	KUNIT_CASE(memblock_alloc_try_nid_falls_back_exact_does_not),
	KUNIT_CASE(memblock_alloc_node_less_memory),
	KUNIT_CASE(memblock_set_node_splits_and_merges),
	KUNIT_CASE(memblock_double_memory_array),
	KUNIT_CASE(memblock_double_reserved_array),
	KUNIT_CASE(memblock_double_reserved_on_free),
	KUNIT_CASE(memblock_double_without_room_panics),
	KUNIT_CASE(memblock_double_before_allow_resize_panics),
	KUNIT_CASE(memblock_calls_after_retire_panic),
	KUNIT_CASE(memblock_iterate_free_ranges),
	KUNIT_CASE(memblock_iterate_edge_cases),
	KUNIT_CASE(memblock_iterate_by_node),
	KUNIT_CASE(memblock_queries),
	KUNIT_CASE(memblock_debug_prints_calls),
	KUNIT_CASE(memblock_early_param),
	{}
};

static struct kunit_suite host_memblock = {
	.name = "host_memblock",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_memblock_cases,
	.init = memblock_case_init,
};
kunit_test_suite(host_memblock);
