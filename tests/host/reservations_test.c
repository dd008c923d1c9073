/*
 * Host tests for mm/reservations.c and the bootmem calls that name what
 * they reserve (mm/bootmem.c): a name covers exactly the pages reserved,
 * the record moves to a room and comes home at the end of boot, or keeps
 * the room when it cannot.  The record is the kernel's one table, so what
 * a case names is forgotten after it.
 */
#include <linux/bitops.h>
#include <linux/boot_allocator.h>
#include <linux/kernel.h>
#include <linux/reservations.h>
#include <linux/string.h>

#include <asm/page.h>
#include "host.h"

#define SIM_SIZE	(16UL << 20)
#define NODE_PAGES	(SIM_SIZE >> PAGE_SHIFT)
#define MAP_PFN		256UL		/* bitmap at 1 MiB */
#define FREE_PFN	512UL		/* free from 2 MiB up */
#define ROOM_PFN	0x800UL		/* a room for the names at 8 MiB */
#define ROOM_PAGES	2UL

static const struct reservation *home;	/* the table in the image */
static int first_new;			/* entries in it when the case began */

static int reservations_case_init(struct kunit *test)
{
	(void)test;
	sim_mem_init(SIM_SIZE);
	pgdat_list = NULL;
	init_bootmem(MAP_PFN, NODE_PAGES);
	free_bootmem(PFN_PHYS(FREE_PFN), SIM_SIZE - PFN_PHYS(FREE_PFN));
	home = reservation_table(&first_new);
	host_log_clear();
	return 0;
}

/*
 * What the case named goes again, and the table comes home from a room
 * in the simulated memory the next case replaces, so each case starts
 * where the one before did, whether it passed or not.
 */
static void reservations_case_exit(struct kunit *test)
{
	int nr;
	const struct reservation *r = reservation_table(&nr);

	(void)test;
	for (int i = nr - 1; i >= first_new; i--)
		if (r[i].start_pfn != ROOM_PFN)
			forget_reservation(r[i].start_pfn, r[i].end_pfn);
	if (reservation_table(&nr) != home)
		settle_reservations(ROOM_PFN, ROOM_PFN + ROOM_PAGES);
	else if (nr > first_new)
		forget_reservation(ROOM_PFN, ROOM_PFN + ROOM_PAGES);
}

static bool bit_reserved(unsigned long pfn)
{
	return test_bit(pfn, contig_page_data.bdata->node_bootmem_map);
}

/* A page of low memory, as paging_init() takes a page table (the boot allocator's call). */
#define low_page() \
	boot_alloc_try_nid(PAGE_SIZE, PAGE_SIZE, 0, BOOTMEM_ALLOC_ACCESSIBLE, NUMA_NO_NODE)

/* The names in [start, end) are exactly its reserved pages, each named once. */
static void expect_named_iff_reserved(struct kunit *test, unsigned long start, unsigned long end)
{
	for (unsigned long pfn = start; pfn < end; pfn++) {
		const char *why = NULL;
		int n = nr_reasons_for(pfn, &why);

		if (n != (bit_reserved(pfn) ? 1 : 0)) {
			KUNIT_FAIL(test, "pfn %#lx: %d names (%s), %sreserved", pfn, n,
				   why ? why : "none", bit_reserved(pfn) ? "" : "not ");
			return;
		}
	}
}

static const struct reservation *last_entry(int *nr)
{
	const struct reservation *r = reservation_table(nr);

	return *nr ? &r[*nr - 1] : NULL;
}

static void reserve_named_rounds_outward_as_it_reserves(struct kunit *test)
{
	const struct reservation *e;
	const char *why = NULL;
	int nr;

	/* 0x601800..0x603800 touches pages 0x601, 0x602 and 0x603. */
	reserve_bootmem_named(0x601800, 0x2000, "test range");
	e = last_entry(&nr);
	KUNIT_ASSERT_EQ(test, nr, first_new + 1);
	KUNIT_EXPECT_EQ(test, e->start_pfn, 0x601UL);
	KUNIT_EXPECT_EQ(test, e->end_pfn, 0x604UL);
	KUNIT_EXPECT_EQ(test, nr_reasons_for(0x603, &why), 1);
	KUNIT_EXPECT_STREQ(test, why, "test range");
	expect_named_iff_reserved(test, FREE_PFN, NODE_PAGES);
}

static void reserve_named_outside_node_names_nothing(struct kunit *test)
{
	int nr;

	KUNIT_EXPECT_TRUE(test, HOST_PANICS(reserve_bootmem_named(SIM_SIZE, PAGE_SIZE, "outside")));
	KUNIT_EXPECT_TRUE(test, host_log_contains("outside node memory"));
	reservation_table(&nr);
	KUNIT_EXPECT_EQ(test, nr, first_new);
}

/* Back to back with the same reason, one entry; a gap or another reason, two. */
static void names_merge_only_back_to_back(struct kunit *test)
{
	int nr;

	reserve_bootmem_named(PFN_PHYS(0x700), PAGE_SIZE, "a");
	reserve_bootmem_named(PFN_PHYS(0x701), PAGE_SIZE, "a");
	reservation_table(&nr);
	KUNIT_EXPECT_EQ(test, nr, first_new + 1);
	reserve_bootmem_named(PFN_PHYS(0x703), PAGE_SIZE, "a");
	reserve_bootmem_named(PFN_PHYS(0x704), PAGE_SIZE, "b");
	reservation_table(&nr);
	KUNIT_EXPECT_EQ(test, nr, first_new + 3);
	expect_named_iff_reserved(test, FREE_PFN, NODE_PAGES);
}

/*
 * Downward too: memblock top-down hands out page tables one below the
 * other, and a record of one entry per page filled up at 56 page tables
 * (a 3G boot without PSE).  Each joins the range just named.
 */
static void names_merge_back_to_back_downward(struct kunit *test)
{
	const struct reservation *r;
	int nr;

	for (unsigned long pfn = 0x7ff; pfn >= 0x780; pfn--)
		reserve_bootmem_named(PFN_PHYS(pfn), PAGE_SIZE, "a");
	r = reservation_table(&nr);
	KUNIT_EXPECT_EQ(test, nr, first_new + 1);
	KUNIT_EXPECT_EQ(test, r[nr - 1].start_pfn, 0x780UL);
	KUNIT_EXPECT_EQ(test, r[nr - 1].end_pfn, 0x800UL);
	reserve_bootmem_named(PFN_PHYS(0x77e), PAGE_SIZE, "a");	/* a gap: a new entry */
	reservation_table(&nr);
	KUNIT_EXPECT_EQ(test, nr, first_new + 2);
	expect_named_iff_reserved(test, FREE_PFN, NODE_PAGES);
}

/* Page tables: zeroed pages, named as they come, back to back in one entry. */
static void named_allocations_name_their_pages(struct kunit *test)
{
	unsigned char *p, *q;
	const struct reservation *e;
	int nr;

	memset(__va(PFN_PHYS(FREE_PFN)), 0xaa, 2 * PAGE_SIZE);
	p = boot_name_alloc(low_page(), PAGE_SIZE, "page tables");
	q = boot_name_alloc(low_page(), PAGE_SIZE, "page tables");
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, PFN_DOWN(__pa(p)), FREE_PFN);
	KUNIT_EXPECT_EQ(test, (unsigned long)(q - p), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, (int)p[0] | p[PAGE_SIZE - 1] | q[0], 0);
	e = last_entry(&nr);
	KUNIT_ASSERT_EQ(test, nr, first_new + 1);
	KUNIT_EXPECT_EQ(test, e->start_pfn, PFN_DOWN(__pa(p)));
	KUNIT_EXPECT_EQ(test, e->end_pfn, PFN_DOWN(__pa(p)) + 2);
	expect_named_iff_reserved(test, FREE_PFN, NODE_PAGES);
}

/* mem_map's way: raw, from a node, a partial last page named whole. */
static void named_raw_allocation_names_partial_page(struct kunit *test)
{
	unsigned long size = 3 * PAGE_SIZE + 100;
	void *p = boot_name_alloc(boot_alloc_try_nid_raw(size, SMP_CACHE_BYTES,
							       MAX_DMA_ADDRESS_PHYS,
							       BOOTMEM_ALLOC_ACCESSIBLE, 0),
				     size, "mem_map");
	const struct reservation *e = NULL;
	int nr;

	KUNIT_ASSERT_NOT_NULL(test, p);
	e = last_entry(&nr);
	KUNIT_ASSERT_EQ(test, nr, first_new + 1);
	KUNIT_EXPECT_EQ(test, e->end_pfn - e->start_pfn, 4UL);
	KUNIT_EXPECT_STREQ(test, e->why, "mem_map");
	expect_named_iff_reserved(test, FREE_PFN, NODE_PAGES);
}

/* Only the allocation just made can be named: a free page is refused, and so is a second name. */
static void name_alloc_names_the_last_allocation_only(struct kunit *test)
{
	void *p;
	int nr;

	KUNIT_EXPECT_TRUE(test, HOST_PANICS(boot_name_alloc(__va(PFN_PHYS(FREE_PFN)), PAGE_SIZE,
								"free")));
	KUNIT_EXPECT_TRUE(test, host_log_contains("is not the allocation just made"));
	p = boot_name_alloc(low_page(), PAGE_SIZE, "page tables");
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(boot_name_alloc(p, PAGE_SIZE, "page tables")));
	reservation_table(&nr);
	KUNIT_EXPECT_EQ(test, nr, first_new + 1);
	expect_named_iff_reserved(test, FREE_PFN, NODE_PAGES);
}

static void forget_takes_a_whole_range_only(struct kunit *test)
{
	const char *why;
	int nr;

	reserve_bootmem_named(PFN_PHYS(0x700), 4 * PAGE_SIZE, "whole");
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(forget_reservation(0x700, 0x702)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("were not reserved by name"));
	reservation_table(&nr);
	KUNIT_EXPECT_EQ(test, nr, first_new + 1);
	forget_reservation(0x700, 0x704);
	reservation_table(&nr);
	KUNIT_EXPECT_EQ(test, nr, first_new);
	KUNIT_EXPECT_EQ(test, nr_reasons_for(0x701, &why), 0);
}

/* A room for the names, reserved and named as setup_arch() does beside the module table. */
static struct reservation *reserve_room(int *size)
{
	reserve_bootmem_named(PFN_PHYS(ROOM_PFN), PFN_PHYS(ROOM_PAGES), "boot module table");
	*size = (int)(PFN_PHYS(ROOM_PAGES) / sizeof(struct reservation));
	return __va(PFN_PHYS(ROOM_PFN));
}

static void names_move_to_the_room_and_come_home(struct kunit *test)
{
	int size, nr;
	struct reservation *room = reserve_room(&size);
	const struct reservation *home = reservation_table(&nr), *r;

	move_reservations(room, size);
	KUNIT_EXPECT_TRUE(test, reservation_table(&nr) == room);
	reserve_bootmem_named(PFN_PHYS(0x700), PAGE_SIZE, "after the move");
	KUNIT_EXPECT_TRUE(test, settle_reservations(ROOM_PFN, ROOM_PFN + ROOM_PAGES));
	r = reservation_table(&nr);
	KUNIT_EXPECT_TRUE(test, r == home);
	/* The room's own name went; what was named in it came home. */
	KUNIT_ASSERT_EQ(test, nr, first_new + 1);
	KUNIT_EXPECT_STREQ(test, r[nr - 1].why, "after the move");
	KUNIT_EXPECT_EQ(test, r[nr - 1].start_pfn, 0x700UL);
}

/* More names than the image's table holds: they stay, the room is kept and renamed. */
static void crowded_room_is_kept(struct kunit *test)
{
	int size, nr;
	struct reservation *room = reserve_room(&size);
	const char *why = NULL;

	KUNIT_ASSERT_GT(test, size, first_new + MAX_RESERVATIONS + 2);
	move_reservations(room, size);
	/* One page in two, so that no name merges with the one before. */
	for (int i = 0; i <= MAX_RESERVATIONS; i++)
		reserve_bootmem_named(PFN_PHYS(0x900 + 2 * i), PAGE_SIZE, "crowd");
	KUNIT_EXPECT_FALSE(test, settle_reservations(ROOM_PFN, ROOM_PFN + ROOM_PAGES));
	KUNIT_EXPECT_TRUE(test, reservation_table(&nr) == room);
	KUNIT_EXPECT_EQ(test, nr_reasons_for(ROOM_PFN, &why), 1);
	KUNIT_EXPECT_STREQ(test, why, "reservation names");
	expect_named_iff_reserved(test, FREE_PFN, NODE_PAGES);

	/* Fewer names again: now they go home, and the room with its name. */
	for (int i = 0; i <= MAX_RESERVATIONS; i++)
		forget_reservation(0x900 + 2 * i, 0x901 + 2 * i);
	KUNIT_EXPECT_TRUE(test, settle_reservations(ROOM_PFN, ROOM_PFN + ROOM_PAGES));
	KUNIT_EXPECT_TRUE(test, reservation_table(&nr) != room);
	KUNIT_EXPECT_EQ(test, nr, first_new);
}

static void settle_refuses_a_room_the_names_are_not_in(struct kunit *test)
{
	int size, nr;
	struct reservation *room = reserve_room(&size);

	move_reservations(room, size);
	reserve_bootmem_named(PFN_PHYS(0x700), PAGE_SIZE, "elsewhere");
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(settle_reservations(0x700, 0x701)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("the names are not in pfns"));
	KUNIT_EXPECT_TRUE(test, settle_reservations(ROOM_PFN, ROOM_PFN + ROOM_PAGES));
	KUNIT_EXPECT_TRUE(test, reservation_table(&nr) != room);
}

static struct kunit_case host_reservations_cases[] = {
	KUNIT_CASE(reserve_named_rounds_outward_as_it_reserves),
	KUNIT_CASE(reserve_named_outside_node_names_nothing),
	KUNIT_CASE(names_merge_only_back_to_back),
	KUNIT_CASE(names_merge_back_to_back_downward),
	KUNIT_CASE(named_allocations_name_their_pages),
	KUNIT_CASE(named_raw_allocation_names_partial_page),
	KUNIT_CASE(name_alloc_names_the_last_allocation_only),
	KUNIT_CASE(forget_takes_a_whole_range_only),
	KUNIT_CASE(names_move_to_the_room_and_come_home),
	KUNIT_CASE(crowded_room_is_kept),
	KUNIT_CASE(settle_refuses_a_room_the_names_are_not_in),
	{}
};

static struct kunit_suite host_reservations = {
	.name = "host_reservations",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_reservations_cases,
	.init = reservations_case_init,
	.exit = reservations_case_exit,
};
kunit_test_suite(host_reservations);
