/*
 * Host tests for arch/x86/kernel/e820.c: sanitize_e820_map() and
 * e820_clip_legacy_hole(), including a property check over pseudo-random
 * maps against a brute-force "highest type wins" oracle; and the edits and
 * questions setup_arch() puts to the map (mem_lower/mem_upper, mem=,
 * memmap=nn@ss against the firmware's map, is a range RAM).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/e820.h>
#include "host.h"

#define E(a, s, t) ((struct e820entry){ (a), (s), (t) })

static void expect_entry(struct kunit *test, const struct e820entry *e,
			 u64 addr, u64 size, u32 type)
{
	KUNIT_EXPECT_EQ(test, e->addr, addr);
	KUNIT_EXPECT_EQ(test, e->size, size);
	KUNIT_EXPECT_EQ(test, e->type, type);
}

static void e820_overlap_highest_type_wins(struct kunit *test)
{
	struct e820entry m[E820MAX] = {
		E(0, 0x10000, E820_RAM),
		E(0x4000, 0x4000, E820_RESERVED),
		E(0x6000, 0x1000, E820_NVS),
	};
	int nr = 3;

	KUNIT_ASSERT_EQ(test, sanitize_e820_map(m, &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, 5);
	expect_entry(test, &m[0], 0, 0x4000, E820_RAM);
	expect_entry(test, &m[1], 0x4000, 0x2000, E820_RESERVED);
	expect_entry(test, &m[2], 0x6000, 0x1000, E820_NVS);
	expect_entry(test, &m[3], 0x7000, 0x1000, E820_RESERVED);
	expect_entry(test, &m[4], 0x8000, 0x8000, E820_RAM);
}

static void e820_unsorted_input_sorted(struct kunit *test)
{
	struct e820entry m[E820MAX] = {
		E(0x300000, 0x100000, E820_RESERVED),
		E(0x100000, 0x100000, E820_RAM),
		E(0, 0x9f000, E820_RAM),
	};
	int nr = 3;

	KUNIT_ASSERT_EQ(test, sanitize_e820_map(m, &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, 3);
	expect_entry(test, &m[0], 0, 0x9f000, E820_RAM);
	expect_entry(test, &m[1], 0x100000, 0x100000, E820_RAM);
	expect_entry(test, &m[2], 0x300000, 0x100000, E820_RESERVED);
}

static void e820_zero_size_dropped(struct kunit *test)
{
	struct e820entry m[E820MAX] = {
		E(0, 0x1000, E820_RAM),
		E(0x5000, 0, E820_RESERVED),
		E(0x8000, 0x1000, E820_ACPI),
	};
	int nr = 3;

	KUNIT_ASSERT_EQ(test, sanitize_e820_map(m, &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, 2);
	expect_entry(test, &m[0], 0, 0x1000, E820_RAM);
	expect_entry(test, &m[1], 0x8000, 0x1000, E820_ACPI);
}

static void e820_adjacent_equal_types_merged(struct kunit *test)
{
	struct e820entry m[E820MAX] = {
		E(0, 0x1000, E820_RAM),
		E(0x1000, 0x1000, E820_RAM),
		E(0x2000, 0x2000, E820_RAM),
		E(0x4000, 0x1000, E820_RESERVED),
		E(0x5000, 0x1000, E820_RESERVED),
	};
	int nr = 5;

	KUNIT_ASSERT_EQ(test, sanitize_e820_map(m, &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, 2);
	expect_entry(test, &m[0], 0, 0x4000, E820_RAM);
	expect_entry(test, &m[1], 0x4000, 0x2000, E820_RESERVED);
}

static void e820_wraparound_entry_dropped(struct kunit *test)
{
	struct e820entry m[E820MAX] = {
		E(0, 0x1000, E820_RAM),
		E(0xfffffffffffff000ULL, 0x2000, E820_RESERVED),
		E(0x2000, 0x1000, E820_RAM),
	};
	int nr = 3;

	host_log_clear();
	KUNIT_ASSERT_EQ(test, sanitize_e820_map(m, &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, 2);
	expect_entry(test, &m[0], 0, 0x1000, E820_RAM);
	expect_entry(test, &m[1], 0x2000, 0x1000, E820_RAM);
	KUNIT_EXPECT_TRUE(test, host_log_contains("wraps around, dropped"));
}

static void e820_fewer_than_two_unchanged(struct kunit *test)
{
	struct e820entry m[E820MAX] = { E(0x5000, 0, E820_RAM), E(1, 2, 3) };
	int nr = 1;

	KUNIT_EXPECT_EQ(test, sanitize_e820_map(m, &nr), -1);
	KUNIT_EXPECT_EQ(test, nr, 1);
	expect_entry(test, &m[0], 0x5000, 0, E820_RAM);
	nr = 0;
	KUNIT_EXPECT_EQ(test, sanitize_e820_map(m, &nr), -1);
	KUNIT_EXPECT_EQ(test, nr, 0);
}

static const struct e820entry qemu_3g[] = {
	{ 0, 0x9fc00, E820_RAM },
	{ 0x9fc00, 0x400, E820_RESERVED },
	{ 0xf0000, 0x10000, E820_RESERVED },
	{ 0x100000, 0xbffe0000 - 0x100000, E820_RAM },
	{ 0xbffe0000, 0x20000, E820_RESERVED },
	{ 0xfffc0000, 0x40000, E820_RESERVED },
};

static void e820_qemu_3g_map_unchanged(struct kunit *test)
{
	struct e820entry m[E820MAX];
	int nr = ARRAY_SIZE(qemu_3g);

	memcpy(m, qemu_3g, sizeof(qemu_3g));
	KUNIT_ASSERT_EQ(test, sanitize_e820_map(m, &nr), 0);
	KUNIT_ASSERT_EQ(test, nr, (int)ARRAY_SIZE(qemu_3g));
	for (int i = 0; i < nr; i++)
		expect_entry(test, &m[i], qemu_3g[i].addr, qemu_3g[i].size, qemu_3g[i].type);
}

static struct e820map clip_map;

static void e820_clip_legacy_hole_splits_ram(struct kunit *test)
{
	memset(&clip_map, 0, sizeof(clip_map));
	e820_add_region(&clip_map, 0, 0x200000, E820_RAM);
	e820_add_region(&clip_map, 0xfffc0000, 0x40000, E820_RESERVED);
	e820_clip_legacy_hole(&clip_map);
	KUNIT_ASSERT_EQ(test, clip_map.nr_map, 3);
	expect_entry(test, &clip_map.map[0], 0, 0xA0000, E820_RAM);
	expect_entry(test, &clip_map.map[1], 0x100000, 0x100000, E820_RAM);
	expect_entry(test, &clip_map.map[2], 0xfffc0000, 0x40000, E820_RESERVED);
}

static void e820_clip_legacy_hole_moves_start(struct kunit *test)
{
	memset(&clip_map, 0, sizeof(clip_map));
	e820_add_region(&clip_map, 0, 0x9fc00, E820_RAM);
	e820_add_region(&clip_map, 0xC0000, 0x140000, E820_RAM);	/* to 2 MiB */
	e820_add_region(&clip_map, 0xA0000, 0x20000, E820_RAM);		/* inside the hole */
	e820_clip_legacy_hole(&clip_map);
	KUNIT_ASSERT_EQ(test, clip_map.nr_map, 2);
	expect_entry(test, &clip_map.map[0], 0, 0x9fc00, E820_RAM);
	expect_entry(test, &clip_map.map[1], 0x100000, 0x100000, E820_RAM);
}

/* No RAM may be left between 0xA0000 and 0x100000 whatever the map size. */
static void e820_clip_legacy_hole_single_entry_in_hole(struct kunit *test)
{
	memset(&clip_map, 0, sizeof(clip_map));
	e820_add_region(&clip_map, 0xA0000, 0x20000, E820_RAM);
	e820_clip_legacy_hole(&clip_map);
	for (int i = 0; i < clip_map.nr_map; i++) {
		KUNIT_EXPECT_NE(test, clip_map.map[i].size, 0);
		KUNIT_EXPECT_FALSE(test, clip_map.map[i].type == E820_RAM &&
				   clip_map.map[i].addr < 0x100000 &&
				   clip_map.map[i].addr + clip_map.map[i].size > 0xA0000);
	}
}

/* ---- property check over pseudo-random maps ---- */

static u32 lcg_state;

static u32 lcg(void)
{
	lcg_state = lcg_state * 1103515245u + 12345u;
	return lcg_state >> 16;
}

#define UNIT	0x1000ULL
#define SPAN	64		/* units of address space used */

/* Highest type of the entries covering addr, 0 if none. */
static u32 type_at(const struct e820entry *m, int nr, u64 addr)
{
	u32 t = 0;

	for (int i = 0; i < nr; i++)
		if (addr >= m[i].addr && addr - m[i].addr < m[i].size)
			t = max(t, m[i].type);
	return t;
}

static int count_covering(const struct e820entry *m, int nr, u64 addr)
{
	int c = 0;

	for (int i = 0; i < nr; i++)
		if (addr >= m[i].addr && addr - m[i].addr < m[i].size)
			c++;
	return c;
}

static void e820_random_maps_property(struct kunit *test)
{
	static struct e820entry in[E820MAX], out[E820MAX];
	int failures = 0;

	lcg_state = 12345;
	for (int iter = 0; iter < 4000 && failures < 5; iter++) {
		int n = 2 + lcg() % 14, nr = n;

		for (int i = 0; i < n; i++) {
			in[i].addr = (lcg() % SPAN) * UNIT;
			in[i].size = (lcg() % 17) * UNIT;
			in[i].type = 1 + lcg() % 5;
		}
		memcpy(out, in, sizeof(in[0]) * n);
		if (sanitize_e820_map(out, &nr) != 0) {
			KUNIT_FAIL(test, "iter %d: sanitize returned nonzero", iter);
			failures++;
			continue;
		}
		for (int i = 0; i < nr; i++) {
			if (!out[i].size) {
				KUNIT_FAIL(test, "iter %d: entry %d has zero size", iter, i);
				failures++;
			}
			if (i && out[i - 1].addr + out[i - 1].size > out[i].addr) {
				KUNIT_FAIL(test, "iter %d: entries %d/%d unsorted or overlapping", iter, i - 1, i);
				failures++;
			}
			if (i && out[i - 1].addr + out[i - 1].size == out[i].addr &&
			    out[i - 1].type == out[i].type) {
				KUNIT_FAIL(test, "iter %d: entries %d/%d adjacent with one type", iter, i - 1, i);
				failures++;
			}
		}
		/* All edges are unit multiples: one sample per unit is complete. */
		for (u64 a = 0; a < (SPAN + 17) * UNIT; a += UNIT) {
			u32 want = type_at(in, n, a), got = type_at(out, nr, a);

			if (want != got || count_covering(out, nr, a) > 1) {
				KUNIT_FAIL(test, "iter %d: at %#llx type %u, expected %u",
					   iter, (unsigned long long)a, got, want);
				failures++;
				break;
			}
		}
	}
}

static void e820_from_meminfo_two_entries(struct kunit *test)
{
	struct e820map m = { .nr_map = 5 };

	e820_from_meminfo(&m, 639, 130048);
	KUNIT_ASSERT_EQ(test, m.nr_map, 2);
	expect_entry(test, &m.map[0], 0, 639 * 1024, E820_RAM);
	expect_entry(test, &m.map[1], 0x100000, 130048ULL * 1024, E820_RAM);
	/* Sizes in KiB up to 2^32 - 1 do not wrap in the shift. */
	e820_from_meminfo(&m, 0, 0xffffffffu);
	expect_entry(test, &m.map[1], 0x100000, 0xffffffffULL << 10, E820_RAM);
}

static void e820_has_ram_wants_a_usable_byte(struct kunit *test)
{
	struct e820map m = { 0 };

	KUNIT_EXPECT_FALSE(test, e820_has_ram(&m));
	e820_add_region(&m, 0, 0x9f000, E820_RESERVED);
	e820_add_region(&m, 0x100000, 0, E820_RAM);
	KUNIT_EXPECT_FALSE(test, e820_has_ram(&m));
	e820_add_region(&m, 0x200000, 0x1000, E820_RAM);
	KUNIT_EXPECT_TRUE(test, e820_has_ram(&m));
}

/* mem=: RAM cut at the limit, entries above it emptied, the rest left as they were. */
static void e820_limit_ram_cuts_at_limit(struct kunit *test)
{
	struct e820map m = { 0 };

	e820_add_region(&m, 0, 0x9f000, E820_RAM);
	e820_add_region(&m, 0x100000, 0x7f00000, E820_RAM);
	e820_add_region(&m, 0xfffc0000, 0x40000, E820_RESERVED);
	e820_add_region(&m, 0x100000000ULL, 0x40000000, E820_RAM);
	e820_limit_ram(&m, 0x4000000);
	expect_entry(test, &m.map[0], 0, 0x9f000, E820_RAM);
	expect_entry(test, &m.map[1], 0x100000, 0x3f00000, E820_RAM);
	expect_entry(test, &m.map[2], 0xfffc0000, 0x40000, E820_RESERVED);
	expect_entry(test, &m.map[3], 0x100000000ULL, 0, E820_RAM);
	/* An entry ending exactly at the limit is whole. */
	e820_limit_ram(&m, 0x9f000);
	expect_entry(test, &m.map[0], 0, 0x9f000, E820_RAM);
	expect_entry(test, &m.map[1], 0x100000, 0, E820_RAM);
}

/* The tests below read the live map, as setup_arch() does; each puts it back. */
static struct e820map saved_e820;

static void set_live_map(const struct e820entry *map, int nr)
{
	saved_e820 = e820;
	e820.nr_map = nr;
	memcpy(e820.map, map, nr * sizeof(*map));
}

static const struct e820entry small_map[] = {
	{ 0, 0x9f000, E820_RAM },
	{ 0x9f000, 0x1000, E820_RESERVED },
	{ 0x100000, 0x3f00000, E820_RAM },
	{ 0x4000000, 0x100000, E820_ACPI },
	{ 0x4100000, 0x1f00000, E820_RAM },	/* a hole from 96 MiB */
	{ 0x8000000, 0x100000, E820_RAM },
};

static void e820_range_is_ram_inside_one_entry(struct kunit *test)
{
	set_live_map(small_map, ARRAY_SIZE(small_map));
	KUNIT_EXPECT_TRUE(test, e820_range_is_ram(0x100000, 0x4000000));
	KUNIT_EXPECT_TRUE(test, e820_range_is_ram(0x200000, 0x201000));
	KUNIT_EXPECT_FALSE(test, e820_range_is_ram(0x3fff000, 0x4001000));	/* into ACPI data */
	KUNIT_EXPECT_FALSE(test, e820_range_is_ram(0x5fff000, 0x6001000));	/* into the hole */
	KUNIT_EXPECT_FALSE(test, e820_range_is_ram(0x9e000, 0xa0000));
	KUNIT_EXPECT_FALSE(test, e820_range_is_ram(0x7000000, 0x7001000));
	e820 = saved_e820;
}

/*
 * RAM past what the page tables name: 4 GiB, or 64 GiB in the PAE build
 * (E820_MAX_PFN from MAX_PHYSMEM_BITS); the function keeps 2.4's name.
 */
static void e820_ram_above_4g_only_usable_past_4g(struct kunit *test)
{
	const u64 limit = (u64)E820_MAX_PFN << PAGE_SHIFT;
	const struct e820entry at_limit[] = {
		{ 0x100000, limit - 0x100000, E820_RAM },	/* ends at the limit exactly */
		{ limit, 0x1000, E820_RESERVED },
	};
	const struct e820entry past_limit[] = {
		{ 0x100000, 0x3f00000, E820_RAM },
		{ limit - 0x1000, 0x2000, E820_RAM },
	};

	KUNIT_EXPECT_EQ(test, limit, 1ULL << MAX_PHYSMEM_BITS);
	set_live_map(at_limit, ARRAY_SIZE(at_limit));
	KUNIT_EXPECT_FALSE(test, e820_ram_above_4g());
	e820 = saved_e820;
	set_live_map(past_limit, ARRAY_SIZE(past_limit));
	KUNIT_EXPECT_TRUE(test, e820_ram_above_4g());
	e820 = saved_e820;
}

/* memmap=nn@ss: said where the firmware has no RAM, or has something else. */
static void e820_warn_ram_not_in_map_names_each_part(struct kunit *test)
{
	const struct e820entry ram = { 0x200000, 0x100000, E820_RAM };
	const struct e820entry over = { 0x3f00000, 0x2200000, E820_RAM };

	set_live_map(small_map, ARRAY_SIZE(small_map));
	host_log_clear();
	e820_warn_ram_not_in_map(&ram);
	KUNIT_EXPECT_STREQ(test, host_log(), "");
	/* RAM, then ACPI data, then RAM, then the hole, then RAM again. */
	e820_warn_ram_not_in_map(&over);
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"memmap: [mem 0x0000000004000000-0x00000000040fffff] declared usable, "
		"but the firmware map has it ACPI data: it stays so\n"));
	KUNIT_EXPECT_TRUE(test, host_log_contains(
		"memmap: [mem 0x0000000006000000-0x00000000060fffff] declared usable, "
		"but the firmware map has no RAM there\n"));
	KUNIT_EXPECT_FALSE(test, host_log_contains("0x0000000003f00000"));
	KUNIT_EXPECT_FALSE(test, host_log_contains("0x0000000004100000"));
	/* Past the end of the map. */
	host_log_clear();
	e820_warn_ram_not_in_map(&(struct e820entry){ 0x8080000, 0x100000, E820_RAM });
	KUNIT_EXPECT_STREQ(test, host_log(),
			   "memmap: [mem 0x0000000008100000-0x000000000817ffff] declared usable, "
			   "but the firmware map has no RAM there\n");
	e820 = saved_e820;
}

/* The runs e820_next_unlisted_ram() gives below end, as pfn pairs; how many. */
static int unlisted_runs(const struct e820map *fw, unsigned long end, unsigned long *runs,
			 int max)
{
	unsigned long pos = 0;
	int n = 0;

	while (n < max && e820_next_unlisted_ram(fw, &pos, end, &runs[2 * n], &runs[2 * n + 1]))
		n++;
	return n;
}

static void expect_runs(struct kunit *test, const struct e820entry *live, int nr_live,
			const struct e820map *fw, unsigned long end,
			const unsigned long *want, int nr_want)
{
	unsigned long runs[16];
	int n;

	set_live_map(live, nr_live);
	n = unlisted_runs(fw, end, runs, ARRAY_SIZE(runs) / 2);
	e820 = saved_e820;
	KUNIT_EXPECT_EQ(test, n, nr_want);
	for (int i = 0; i < min(n, nr_want); i++) {
		KUNIT_EXPECT_EQ(test, runs[2 * i], want[2 * i]);
		KUNIT_EXPECT_EQ(test, runs[2 * i + 1], want[2 * i + 1]);
	}
}

/*
 * What memmap=nn@ss alone calls RAM: the pages setup_arch() probes.  None
 * for RAM the firmware has; the declared part only, in whole pages, where
 * it lies over a hole, a reserved range (which stays reserved) or the end
 * of the firmware's RAM; nothing at or past end (max_pfn).
 */
static void e820_unlisted_ram_is_what_only_memmap_declares(struct kunit *test)
{
	struct e820map fw = { .nr_map = 4, .map = {
		{ 0, 0x9fc00, E820_RAM },
		{ 0x100000, 0x7ee0800, E820_RAM },	/* ends inside page 0x7fe0 */
		{ 0x8000000, 0x1000000, E820_RESERVED },
		{ 0xc000000, 0x1000000, E820_RAM },
	} };
	struct e820map touching = { .nr_map = 2, .map = {
		{ 0x100000, 0xf00000, E820_RAM },
		{ 0x1000000, 0x1000000, E820_RAM },
	} };
	/* memmap=4K@0x7fe0800 and the rest to 0x8000000, 32M@0x9000000 over nothing */
	const struct e820entry live[] = {
		{ 0, 0x9fc00, E820_RAM },
		{ 0x100000, 0x7f00000, E820_RAM },
		{ 0x8000000, 0x1000000, E820_RESERVED },
		{ 0x9000000, 0x2000000, E820_RAM },
		{ 0xc000000, 0x1000000, E820_RAM },
		{ 0x10000000, 0x800000, E820_RAM },	/* above 0x10000: past end below */
	};
	const unsigned long want[] = { 0x7fe0, 0x8000, 0x9000, 0xb000, 0x10000, 0x10800 };
	const unsigned long want_end[] = { 0x7fe0, 0x8000, 0x9000, 0xa000 };
	const struct e820entry same[] = {
		{ 0, 0x9fc00, E820_RAM },
		{ 0x100000, 0x7ee0000, E820_RAM },	/* memmap=16M@16M: firmware RAM */
		{ 0x8000000, 0x1000000, E820_RESERVED },
		{ 0xc000000, 0x1000000, E820_RAM },
	};
	/* memmap=48M@0: all firmware RAM but the 16 MiB from 32 MiB */
	const struct e820entry over_touching[] = { { 0, 0x3000000, E820_RAM } };
	const unsigned long want_touching[] = { 0, 0x100, 0x2000, 0x3000 };

	expect_runs(test, live, ARRAY_SIZE(live), &fw, 0x100000, want, 3);
	expect_runs(test, live, ARRAY_SIZE(live), &fw, 0xa000, want_end, 2);
	expect_runs(test, same, ARRAY_SIZE(same), &fw, 0x100000, NULL, 0);
	expect_runs(test, over_touching, 1, &touching, 0x100000, want_touching, 2);
}

static struct kunit_case host_e820_cases[] = {
	KUNIT_CASE(e820_overlap_highest_type_wins),
	KUNIT_CASE(e820_unsorted_input_sorted),
	KUNIT_CASE(e820_zero_size_dropped),
	KUNIT_CASE(e820_adjacent_equal_types_merged),
	KUNIT_CASE(e820_wraparound_entry_dropped),
	KUNIT_CASE(e820_fewer_than_two_unchanged),
	KUNIT_CASE(e820_qemu_3g_map_unchanged),
	KUNIT_CASE(e820_clip_legacy_hole_splits_ram),
	KUNIT_CASE(e820_clip_legacy_hole_moves_start),
	KUNIT_CASE(e820_clip_legacy_hole_single_entry_in_hole),
	KUNIT_CASE(e820_random_maps_property),
	KUNIT_CASE(e820_from_meminfo_two_entries),
	KUNIT_CASE(e820_has_ram_wants_a_usable_byte),
	KUNIT_CASE(e820_limit_ram_cuts_at_limit),
	KUNIT_CASE(e820_range_is_ram_inside_one_entry),
	KUNIT_CASE(e820_ram_above_4g_only_usable_past_4g),
	KUNIT_CASE(e820_warn_ram_not_in_map_names_each_part),
	KUNIT_CASE(e820_unlisted_ram_is_what_only_memmap_declares),
	{}
};

static struct kunit_suite host_e820 = {
	.name = "host_e820",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = host_e820_cases,
};
kunit_test_suite(host_e820);
