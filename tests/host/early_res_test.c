/*
 * Host tests for arch/x86/kernel/early_res.c: the search for room in the
 * e820 RAM that no early reservation covers, the hand-over to bootmem in
 * record order (a page two reservations share keeps the first's name),
 * and the record's move to a bigger table and back.  The live e820 map,
 * the record and the names in mm/reservations.c are the kernel's own, so
 * each case puts them back.
 */
#include <linux/bitops.h>
#include <linux/bootmem.h>
#include <linux/kernel.h>
#include <linux/reservations.h>
#include <linux/string.h>

#include <asm/e820.h>
#include <asm/early_res.h>
#include <asm/page.h>
#include "host.h"

#define SIM_SIZE	(16UL << 20)
#define NODE_PAGES	(SIM_SIZE >> PAGE_SHIFT)
#define MAP_PFN		0xf00UL		/* bootmem's bitmap at 15 MiB */

/* 640 KiB, the legacy hole, then RAM to 16 MiB: a PC's low memory. */
static const struct e820entry pc_map[] = {
	{ 0, 0x9f000, E820_RAM },
	{ 0x9f000, 0x1000, E820_RESERVED },
	{ 0x100000, SIM_SIZE - 0x100000, E820_RAM },
};

static struct e820map saved_e820;
static int first_name;			/* names on record when the case began */

static int early_res_case_init(struct kunit *test)
{
	(void)test;
	saved_e820 = e820;
	e820.nr_map = ARRAY_SIZE(pc_map);
	memcpy(e820.map, pc_map, sizeof(pc_map));
	sim_mem_init(SIM_SIZE);
	pgdat_list = NULL;
	init_bootmem(MAP_PFN, NODE_PAGES);
	reservation_table(&first_name);
	return 0;
}

static void early_res_case_exit(struct kunit *test)
{
	int nr;
	const struct reservation *r = reservation_table(&nr);

	(void)test;
	for (int i = nr - 1; i >= first_name; i--)
		forget_reservation(r[i].start_pfn, r[i].end_pfn);
	early_res_discard();
	e820 = saved_e820;
}

/* bootmem's RAM as setup_arch() frees it, less its own bitmap. */
static void free_ram(void)
{
	free_bootmem(0, 0x9f000);
	free_bootmem(0x100000, PFN_PHYS(MAP_PFN) - 0x100000);
	free_bootmem(PFN_PHYS(MAP_PFN + 1), SIM_SIZE - PFN_PHYS(MAP_PFN + 1));
}

static void early_area_lowest_clear_of_reservations(struct kunit *test)
{
	reserve_early(0, PAGE_SIZE, "page 0");
	reserve_early(0x100000, 0x123456, "kernel code");
	reserve_early(0x124000, 0x125800, "boot loader data");
	KUNIT_EXPECT_EQ(test, find_early_area(0, SIM_SIZE, 0x2000, PAGE_SIZE), 0x1000ULL);
	/* past the image's partial page, then past the loader's block */
	KUNIT_EXPECT_EQ(test, find_early_area(0x100000, SIM_SIZE, 0x2000, PAGE_SIZE), 0x126000ULL);
	/* exactly one place asked for: free, or not */
	KUNIT_EXPECT_EQ(test, find_early_area(0x126000, 0x128000, 0x2000, PAGE_SIZE), 0x126000ULL);
	KUNIT_EXPECT_EQ(test, find_early_area(0x123000, 0x125000, 0x2000, PAGE_SIZE), EARLY_AREA_NONE);
}

/* A place is whole pages of one RAM entry: never across the legacy hole. */
static void early_area_never_spans_a_hole(struct kunit *test)
{
	reserve_early(0x100000, 0x200000, "kernel code");
	KUNIT_EXPECT_EQ(test, find_early_area(0x90000, SIM_SIZE, 0x10000, PAGE_SIZE), 0x200000ULL);
	KUNIT_EXPECT_EQ(test, find_early_area(0x9e000, 0x9f800, PAGE_SIZE, PAGE_SIZE), 0x9e000ULL);
	KUNIT_EXPECT_EQ(test, find_early_area(0x9f000, 0x100000, PAGE_SIZE, PAGE_SIZE), EARLY_AREA_NONE);
	KUNIT_EXPECT_EQ(test, find_early_area(0, SIM_SIZE, SIM_SIZE, PAGE_SIZE), EARLY_AREA_NONE);
}

/*
 * Handed over in record order: a shared page keeps the first name, holes
 * and what lies past the end are not reserved, each reason counts the
 * pages it got, and a reservation without a name is reserved unnamed.
 */
static void early_res_to_bootmem_first_name_wins(struct kunit *test)
{
	const char *why = NULL;

	free_ram();
	reserve_early(0x100000, 0x101800, "kernel code");
	reserve_early(0x101000, 0x103000, "boot loader data");
	reserve_early(0x102800, 0x104000, "boot modules");
	reserve_early(0x9e000, 0xa1000, "boot loader data");	/* over the hole */
	reserve_early(0x200000, 0x202000, NULL);
	reserve_early(0xffe000, 0x1002000, "boot modules");	/* past the end */
	early_res_to_bootmem(0, SIM_SIZE);

	KUNIT_EXPECT_EQ(test, nr_reasons_for(0x101, &why), 1);
	KUNIT_EXPECT_STREQ(test, why, "kernel code");
	KUNIT_EXPECT_EQ(test, nr_reasons_for(0x102, &why), 1);
	KUNIT_EXPECT_STREQ(test, why, "boot loader data");
	KUNIT_EXPECT_EQ(test, nr_reasons_for(0x103, &why), 1);
	KUNIT_EXPECT_STREQ(test, why, "boot modules");
	KUNIT_EXPECT_EQ(test, early_res_pages("kernel code"), 2UL);
	KUNIT_EXPECT_EQ(test, early_res_pages("boot loader data"), 2UL);	/* 0x102, 0x9e */
	KUNIT_EXPECT_EQ(test, early_res_pages("boot modules"), 3UL);	/* 0x103, 0xffe, 0xfff */
	KUNIT_EXPECT_EQ(test, nr_reasons_for(0xa0, &why), 0);
	KUNIT_EXPECT_TRUE(test, bootmem_page_reserved(0x200));
	KUNIT_EXPECT_EQ(test, nr_reasons_for(0x200, &why), 0);
	KUNIT_EXPECT_FALSE(test, bootmem_page_reserved(0x104));
}

/* The table in the image is full: the next reservation is refused, loudly. */
static void reserve_early_full_panics(struct kunit *test)
{
	for (int i = 0; i < EARLY_RES_STATIC; i++)
		reserve_early(PFN_PHYS(0x200 + 2 * i), PFN_PHYS(0x201 + 2 * i), "boot modules");
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(reserve_early(0x300000, 0x301000, "boot modules")));
	KUNIT_EXPECT_TRUE(test, host_log_contains("no room for boot modules"));
}

/*
 * More room: the record moves to the highest free page below 16 MiB clear
 * of the blocks about to be recorded, keeps what it held, takes more, is
 * reserved with the rest, and goes back to bootmem when discarded.
 */
static void early_res_room_moves_high_and_back(struct kunit *test)
{
	const struct early_res ahead[] = { { 0xff0000, SIM_SIZE, NULL, 0 } };

	/* back to back, so their names make one entry in the record */
	for (int i = 0; i < EARLY_RES_STATIC; i++)
		reserve_early(PFN_PHYS(0x200 + i), PFN_PHYS(0x201 + i), "boot modules");
	early_res_room(40, ahead, ARRAY_SIZE(ahead));
	KUNIT_EXPECT_EQ(test, find_early_area(0xfe0000, SIM_SIZE, PAGE_SIZE, PAGE_SIZE), 0xfe0000ULL);
	KUNIT_EXPECT_EQ(test, find_early_area(0xfef000, SIM_SIZE, PAGE_SIZE, PAGE_SIZE), 0xff0000ULL);
	KUNIT_EXPECT_EQ(test, find_early_area(0x200000, SIM_SIZE, PAGE_SIZE, PAGE_SIZE), 0x220000ULL);
	for (int i = 0; i < 40; i++)
		reserve_early(PFN_PHYS(0x300 + i), PFN_PHYS(0x301 + i), "boot modules");

	free_ram();
	early_res_to_bootmem(0, SIM_SIZE);
	KUNIT_EXPECT_EQ(test, early_res_pages("boot modules"), (unsigned long)EARLY_RES_STATIC + 40);
	KUNIT_EXPECT_TRUE(test, bootmem_page_reserved(0xfef));
	early_res_discard();
	KUNIT_EXPECT_FALSE(test, bootmem_page_reserved(0xfef));
	KUNIT_EXPECT_EQ(test, find_early_area(0x200000, SIM_SIZE, PAGE_SIZE, PAGE_SIZE), 0x200000ULL);
}

static struct kunit_case host_early_res_cases[] = {
	KUNIT_CASE(early_area_lowest_clear_of_reservations),
	KUNIT_CASE(early_area_never_spans_a_hole),
	KUNIT_CASE(early_res_to_bootmem_first_name_wins),
	KUNIT_CASE(reserve_early_full_panics),
	KUNIT_CASE(early_res_room_moves_high_and_back),
	{}
};

static struct kunit_suite host_early_res = {
	.name = "host_early_res",
	.stage = KUNIT_STAGE_BOOTMEM,
	.init = early_res_case_init,
	.exit = early_res_case_exit,
	.test_cases = host_early_res_cases,
};
kunit_test_suite(host_early_res);
