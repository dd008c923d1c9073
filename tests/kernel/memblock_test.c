/*
 * memblock on the live machine (boot_allocator=memblock): suite memblock
 * while it holds boot memory (KUNIT_STAGE_BOOTMEM) -- its arrays in
 * Linux's shape, memory as the e820 map says, each region on its node,
 * everything in use reserved, an allocation where the direction says --
 * and suite memblock_after_mem_init once it has retired.  Under bootmem
 * every case is skipped.  Every allocation a case makes is given back.
 */
#include <linux/boot_allocator.h>
#include <linux/kernel.h>
#include <linux/reservations.h>
#include <kunit/test.h>
#include <asm/e820.h>
#include <asm/sections.h>

static int __init memblock_suite_init(struct kunit *test)
{
	if (using_memblock())
		return 0;
	test->skip_reason = "boot_allocator=bootmem: memblock is not running";
	return 1;
}

/* Sorted, apart, merged where they may be, and totalled: what memblock_add_range() keeps. */
static void __init check_type(struct kunit *test, const struct memblock_type *type)
{
	phys_addr_t total = 0;

	KUNIT_EXPECT_LE(test, type->cnt, type->max);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i], *next = r + 1;

		total += r->size;
		if (i + 1 == type->cnt)
			break;
		if (r->base + r->size > next->base)
			KUNIT_FAIL(test, "%s[%lu] [%pa+%pa] overlaps or follows the next", type->name,
				   i, &r->base, &r->size);
		if (r->base + r->size == next->base && r->nid == next->nid &&
		    r->flags == next->flags)
			KUNIT_FAIL(test, "%s[%lu] and [%lu] touch and were not merged", type->name, i,
				   i + 1);
	}
	KUNIT_EXPECT_EQ(test, total, type->total_size);
}

static void __init memblock_arrays_sorted_and_merged(struct kunit *test)
{
	check_type(test, &memblock.memory);
	check_type(test, &memblock.reserved);
	KUNIT_EXPECT_STREQ(test, memblock.memory.name, "memory");
	KUNIT_EXPECT_STREQ(test, memblock.reserved.name, "reserved");
}

/* memblock.memory is every e820 RAM page below max_pfn, each region on one node. */
static void __init memblock_memory_is_the_ram(struct kunit *test)
{
	const struct memblock_region *r;

	KUNIT_EXPECT_EQ(test, (u64)memblock_phys_mem_size(), (u64)PFN_PHYS((u64)e820_ram_pages(0, max_pfn)));
	for_each_mem_region(r) {
		unsigned long start = PFN_DOWN(r->base), end = PFN_DOWN(r->base + r->size);

		KUNIT_EXPECT_EQ(test, e820_ram_pages(start, end), end - start);
		KUNIT_EXPECT_EQ(test, r->nid, pfn_to_nid(start));
		KUNIT_EXPECT_EQ(test, r->nid, pfn_to_nid(end - 1));
	}
}

/*
 * Kept from the buddy allocator: no whole free page in it, the pages
 * memblock_free_all() frees being the whole pages of the free ranges (a
 * page memblock holds only in part is kept too).
 */
static bool __init reserved(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t start, end;
	u64 i;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL)
		if (PFN_PHYS(PFN_UP(start)) < base + size && PFN_PHYS(PFN_DOWN(end)) > base &&
		    PFN_UP(start) < PFN_DOWN(end))
			return false;
	return true;
}

/* The image, page 0, every node's mem_map and every named range are reserved. */
static void __init memblock_reserves_what_is_in_use(struct kunit *test)
{
	const struct reservation *r;
	const pg_data_t *pgdat;
	int nr;

	KUNIT_EXPECT_TRUE(test, reserved(0, PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, reserved(__pa(_text), __pa(_end) - __pa(_text)));
	for_each_pgdat(pgdat)
		KUNIT_EXPECT_TRUE(test, reserved(__pa(pgdat->node_mem_map),
						 pgdat->node_spanned_pages * sizeof(struct page)));
	r = reservation_table(&nr);
	for (int i = 0; i < nr; i++) {
		phys_addr_t base = PFN_PHYS(r[i].start_pfn);
		phys_addr_t size = PFN_PHYS(r[i].end_pfn - r[i].start_pfn);
		phys_addr_t end = PFN_PHYS(min(r[i].end_pfn, max_low_pfn));

		/* Only the RAM of a named range is memblock's to hold. */
		if (base < end && e820_ram_pages(r[i].start_pfn, PFN_DOWN(end)) ==
				  PFN_DOWN(end) - r[i].start_pfn && !reserved(base, end - base))
			KUNIT_FAIL(test, "%s [%pa+%pa] is not reserved in memblock", r[i].why, &base,
				   &size);
	}
}

/*
 * An allocation lands where memblock's direction says: the top of the
 * highest free range below the limit (top-down, x86's default since
 * 2.6.37), or the bottom of the lowest (bottom-up); and goes back.
 */
static void __init memblock_alloc_follows_direction(struct kunit *test)
{
	phys_addr_t limit = memblock_get_current_limit(), reserved_before = memblock_reserved_size();
	phys_addr_t start, end, want = 0, got;
	u64 i;

	if (memblock_bottom_up()) {
		for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
			start = ALIGN(max(start, (phys_addr_t)PAGE_SIZE), PAGE_SIZE);
			if (start + PAGE_SIZE <= min(end, limit)) {
				want = start;
				break;
			}
		}
	} else {
		for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
			end = ALIGN_DOWN(min(end, limit), PAGE_SIZE);
			if (end >= start + PAGE_SIZE && end - PAGE_SIZE >= start) {
				want = end - PAGE_SIZE;
				break;
			}
		}
	}
	KUNIT_ASSERT_NE(test, want, (phys_addr_t)0);
	got = memblock_phys_alloc_range(PAGE_SIZE, PAGE_SIZE, 0, limit);
	KUNIT_EXPECT_EQ(test, got, want);
	KUNIT_EXPECT_TRUE(test, memblock_is_region_reserved(got, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, memblock_reserved_size(), reserved_before + PAGE_SIZE);
	memblock_phys_free(got, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, memblock_reserved_size(), reserved_before);
}

/* A node's allocation comes from its own memory when it has room there. */
static void __init memblock_alloc_on_each_node(struct kunit *test)
{
	const pg_data_t *pgdat;

	for_each_pgdat(pgdat) {
		void *p;

		if (pgdat->node_start_pfn >= max_low_pfn)
			continue;
		p = memblock_alloc_exact_nid_raw(PAGE_SIZE, PAGE_SIZE, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
						 pgdat->node_id);
		if (!p)
			continue;	/* the node's low memory is full: try_nid would fall back */
		KUNIT_EXPECT_EQ(test, pfn_to_nid(PFN_DOWN(__pa(p))), pgdat->node_id);
		memblock_free(p, PAGE_SIZE);
	}
}

/*
 * Splitting one reservation into more regions than the static array holds
 * makes memblock_double_array() move memblock.reserved to memory memblock
 * finds for itself; what it held survives, and once the pieces are freed
 * the totals are as before.  The grown array stays until memblock_discard()
 * gives it back after the hand-over (suite memblock_after_mem_init, and the
 * accounting line at the end of boot, count it).
 */
static void __init memblock_reserved_array_doubles(struct kunit *test)
{
	unsigned long pieces = INIT_MEMBLOCK_RESERVED_REGIONS + 8;
	phys_addr_t before = memblock_reserved_size(), base;
	unsigned long cnt = memblock.reserved.cnt;

	base = memblock_phys_alloc_range(PFN_PHYS(2 * pieces), PAGE_SIZE, 0,
					 memblock_get_current_limit());
	KUNIT_ASSERT_NE(test, base, (phys_addr_t)0);
	for (unsigned long i = 0; i < pieces; i++)
		memblock_phys_free(base + PFN_PHYS(2 * i + 1), PAGE_SIZE);
	KUNIT_EXPECT_GT(test, memblock.reserved.max, (unsigned long)INIT_MEMBLOCK_RESERVED_REGIONS);
	KUNIT_EXPECT_GE(test, memblock.reserved.cnt, cnt + pieces - 1);
	check_type(test, &memblock.reserved);
	for (unsigned long i = 0; i < pieces; i++)
		KUNIT_EXPECT_TRUE(test, memblock_is_reserved(base + PFN_PHYS(2 * i)));
	for (unsigned long i = 0; i < pieces; i++)
		memblock_phys_free(base + PFN_PHYS(2 * i), PAGE_SIZE);
	/* Less what the grown array itself now takes. */
	KUNIT_EXPECT_EQ(test, memblock_reserved_size() - PFN_PHYS(PFN_UP(
			memblock.reserved.max * sizeof(struct memblock_region))), before);
	KUNIT_EXPECT_TRUE(test, memblock_is_region_reserved(__pa(memblock.reserved.regions),
							    sizeof(struct memblock_region)));
}

static struct kunit_case memblock_cases[] __initdata = {
	KUNIT_CASE(memblock_arrays_sorted_and_merged),
	KUNIT_CASE(memblock_memory_is_the_ram),
	KUNIT_CASE(memblock_reserves_what_is_in_use),
	KUNIT_CASE(memblock_alloc_follows_direction),
	KUNIT_CASE(memblock_alloc_on_each_node),
	KUNIT_CASE(memblock_reserved_array_doubles),
	{}
};

static struct kunit_suite memblock_suite = {
	.name = "memblock",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = memblock_cases,
	.init = memblock_suite_init,
};
kunit_test_suite(memblock_suite);

/* After mem_init(): retired, its grown arrays given back, and any call refused (lkdtm's crash=). */
static void __init memblock_retired_after_mem_init(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, memblock_retired());
	/* memblock_discard() gave back the arrays that grew (the memblock suite grows one). */
	KUNIT_EXPECT_LE(test, memblock.memory.max, (unsigned long)INIT_MEMBLOCK_REGIONS);
	KUNIT_EXPECT_LE(test, memblock.reserved.max, (unsigned long)INIT_MEMBLOCK_RESERVED_REGIONS);
}

static struct kunit_case memblock_after_mem_init_cases[] __initdata = {
	KUNIT_CASE(memblock_retired_after_mem_init),
	{}
};

static struct kunit_suite memblock_after_mem_init_suite = {
	.name = "memblock_after_mem_init",
	.stage = KUNIT_STAGE_MEM_INIT,
	.test_cases = memblock_after_mem_init_cases,
	.init = memblock_suite_init,
};
kunit_test_suite(memblock_after_mem_init_suite);
