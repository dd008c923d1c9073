/*
 * memblock_free_all() on the simulated machine (buddy_sim.c booted with
 * boot_allocator=memblock): the hand-over frees exactly the pages that are
 * RAM and not reserved, in the chunks Linux's __free_pages_memory() cuts
 * (the largest naturally aligned block at each pfn, shrunk to fit), and
 * -- memblock placing mem_map where bootmem does (bottom-up) -- leaves the
 * buddy allocator as bootmem's batch hand-over leaves it.
 */
#include <linux/boot_allocator.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/meminit.h>

#include "host.h"
#include "buddy_sim.h"

static const struct sim_config *const machines[] = {
	&sim_cfg_plain, &sim_cfg_holes, &sim_cfg_small, &sim_cfg_odd,
};

/* RAM ranges that start and end on odd pfns, across the DMA/Normal line at pfn 4096. */
static const struct sim_config awkward = {
	.name = "awkward 24M+4M",
	.low_pfns = 6144,
	.high_pfns = 1024,
	.nr_ram = 6,
	.ram = { { 1, 159 }, { 256, 1031 }, { 1033, 1034 }, { 1037, 4095 },
		 { 4097, 6143 }, { 6144, 7167 } },
	.kernel_pfn = 257,
	.kernel_pages = 3,
};

/* Boot, or fail the case saying why. */
static bool boot_ok(struct kunit *test, struct sim_machine *m, const struct sim_config *c)
{
	const char *err = sim_boot(m, c);

	if (err)
		KUNIT_FAIL(test, "%s: %s", c->name, err);
	return !err;
}

static struct sim_config as_memblock(const struct sim_config *cfg, bool bottom_up)
{
	struct sim_config c = *cfg;

	c.memblock = true;
	c.memblock_bottomup = bottom_up;
	c.retire = BOOTMEM_RETIRE_BATCH;
	return c;
}

/* Every machine boots both ways, sim_boot()'s own checks passing: the free set is RAM less what is kept. */
static void memblock_free_all_frees_what_is_free(struct kunit *test)
{
	for (size_t i = 0; i < ARRAY_SIZE(machines); i++) {
		for (int up = 0; up < 2; up++) {
			struct sim_config c = as_memblock(machines[i], up);
			struct sim_machine m = { 0 };
			const char *err = sim_boot(&m, &c);

			if (err)
				KUNIT_FAIL(test, "%s (%s): %s", c.name, up ? "bottom-up" : "top-down", err);
			KUNIT_EXPECT_TRUE(test, memblock_retired());
			sim_shutdown(&m);
		}
	}
}

/* Top-down, mem_map is the highest allocation of low memory; bottom-up, the lowest above 16 MiB's goal. */
static void memblock_places_mem_map_by_direction(struct kunit *test)
{
	struct sim_config down = as_memblock(&sim_cfg_plain, false);
	struct sim_config up = as_memblock(&sim_cfg_plain, true);
	struct sim_machine m = { 0 };
	unsigned long bytes = 8192 * sizeof(struct page);

	if (!boot_ok(test, &m, &down))
		return;
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(mem_map), ALIGN_DOWN(8192UL * PAGE_SIZE - bytes,
								 SMP_CACHE_BYTES));
	if (!boot_ok(test, &m, &up))
		return;
	KUNIT_EXPECT_EQ(test, (unsigned long)__pa(mem_map), (unsigned long)MAX_DMA_ADDRESS_PHYS);
	sim_shutdown(&m);
}

/*
 * The chunks, worked out here from the machine alone: each run of free
 * low pfns inside one zone, cut at every pfn into the largest aligned
 * block that fits (capped at MAX_ORDER - 1).
 */
static void expected_chunks(const struct sim_machine *m, unsigned long orders[MAX_ORDER])
{
	unsigned long pfn = 0, low = m->cfg.low_pfns;

	memset(orders, 0, MAX_ORDER * sizeof(*orders));
	while (pfn < low) {
		unsigned long end = pfn;
		int zone = sim_zone_of(m, pfn);

		if (!m->usable[pfn]) {
			pfn++;
			continue;
		}
		while (end < low && m->usable[end] && sim_zone_of(m, end) == zone)
			end++;
		while (pfn < end) {
			unsigned int order = 0;

			while (order + 1 < MAX_ORDER && !(pfn & ((2UL << order) - 1)) &&
			       pfn + (2UL << order) <= end)
				order++;
			orders[order]++;
			pfn += 1UL << order;
		}
	}
}

static void memblock_free_all_chunk_orders(struct kunit *test)
{
	const struct sim_config *cfgs[] = { &awkward, &sim_cfg_odd, &sim_cfg_holes };

	for (size_t i = 0; i < ARRAY_SIZE(cfgs); i++) {
		for (int up = 0; up < 2; up++) {
			struct sim_config c = as_memblock(cfgs[i], up);
			unsigned long want[MAX_ORDER];
			struct sim_machine m = { 0 };
			const char *err = sim_boot(&m, &c);

			if (err) {
				KUNIT_FAIL(test, "%s: %s", c.name, err);
				continue;
			}
			expected_chunks(&m, want);
			for (int o = 0; o < MAX_ORDER; o++)
				if (meminit_timing.lowmem_orders[o] != want[o])
					KUNIT_FAIL(test, "%s (%s): %lu order-%d chunks, expected %lu",
						   c.name, up ? "bottom-up" : "top-down",
						   meminit_timing.lowmem_orders[o], o, want[o]);
			sim_shutdown(&m);
		}
	}
}

/*
 * The same memory, the same kept pages (memblock bottom-up puts mem_map
 * where bootmem's first fit does, and bootmem's bitmap goes back): the
 * same free blocks in every zone, and the same pages released.
 */
static void memblock_bottom_up_ends_as_bootmem(struct kunit *test)
{
	for (size_t i = 0; i < ARRAY_SIZE(machines); i++) {
		struct sim_config mb = as_memblock(machines[i], true), bm = *machines[i];
		unsigned long nr_bootmem[MAX_NR_ZONES][MAX_ORDER];
		unsigned long released;
		struct sim_machine m = { 0 };

		bm.retire = BOOTMEM_RETIRE_BATCH;
		if (!boot_ok(test, &m, &bm))
		return;
		memcpy(nr_bootmem, m.init_nr_free, sizeof(nr_bootmem));
		released = m.released_low + m.released_high;
		if (!boot_ok(test, &m, &mb))
		return;
		if (!sim_nr_free_equal(nr_bootmem, m.init_nr_free))
			KUNIT_FAIL(test, "%s: free blocks differ from bootmem's", mb.name);
		KUNIT_EXPECT_EQ(test, m.released_low + m.released_high, released);
		sim_shutdown(&m);
	}
}

/* The buddy allocator's own randomized model runs on a memblock-booted machine as on bootmem's. */
static void memblock_machine_runs_the_buddy_model(struct kunit *test)
{
	struct sim_config c = as_memblock(&sim_cfg_holes, false);
	struct sim_machine m = { 0 };
	struct sim_model md;
	u64 seed = 24;

	if (!boot_ok(test, &m, &c))
		return;
	KUNIT_ASSERT_TRUE(test, sim_model_init(&md, &m, 4096));
	for (int i = 0; i < 3000; i++) {
		u64 r = sim_rand(&seed);
		bool got, ok;

		if (md.nr_live && (r & 3) == 0)
			ok = sim_model_put(&md, (unsigned long)((r >> 8) % md.nr_live));
		else
			ok = sim_model_alloc(&md, sim_gfp[(r >> 2) % SIM_GFP_KINDS],
					     (unsigned int)((r >> 4) % 4), &got);
		if (!ok) {
			KUNIT_FAIL(test, "op %d: %s", i, md.err);
			break;
		}
	}
	KUNIT_EXPECT_TRUE(test, sim_model_full(&md));
	KUNIT_EXPECT_TRUE(test, sim_model_free_all(&md));
	sim_model_destroy(&md);
	sim_shutdown(&m);
}

/*
 * A grown memblock.reserved sits in low memory through the hand-over,
 * written reserved ahead of the free pass, and goes back only once every
 * struct page is written (memblock_discard() after memmap_init_done()):
 * given back earlier, the end of the hand-over would write its struct
 * page reserved again inside a free block.  Both directions: top-down it
 * lies above every free range.
 */
static void memblock_grown_array_given_back(struct kunit *test)
{
	for (int up = 0; up < 2; up++) {
		struct sim_config c = as_memblock(&sim_cfg_small, up);
		struct sim_machine m = { 0 };

		c.memblock_grow = true;
		if (!boot_ok(test, &m, &c))
			return;
		KUNIT_EXPECT_LE(test, memblock.reserved.max, (unsigned long)INIT_MEMBLOCK_RESERVED_REGIONS);
		KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
		sim_shutdown(&m);
	}
}

/* After the hand-over memblock refuses to allocate, naming the caller. */
static void memblock_alloc_after_free_all_panics(struct kunit *test)
{
	struct sim_config c = as_memblock(&sim_cfg_small, false);
	struct sim_machine m = { 0 };

	if (!boot_ok(test, &m, &c))
		return;
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(memblock_alloc(64, 64)));
	KUNIT_EXPECT_NOT_NULL(test, strstr(host_panic_msg, "after memblock_free_all()"));
	sim_shutdown(&m);
}

static struct kunit_case host_memblock_free_all_cases[] = {
	KUNIT_CASE(memblock_free_all_frees_what_is_free),
	KUNIT_CASE(memblock_places_mem_map_by_direction),
	KUNIT_CASE(memblock_free_all_chunk_orders),
	KUNIT_CASE(memblock_bottom_up_ends_as_bootmem),
	KUNIT_CASE(memblock_machine_runs_the_buddy_model),
	KUNIT_CASE(memblock_grown_array_given_back),
	KUNIT_CASE(memblock_alloc_after_free_all_panics),
	{}
};

static struct kunit_suite host_memblock_free_all = {
	.name = "host_memblock_free_all",
	.stage = KUNIT_STAGE_MEM_INIT,
	.test_cases = host_memblock_free_all_cases,
};
kunit_test_suite(host_memblock_free_all);
