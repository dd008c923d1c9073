/*
 * Host tests for the binary buddy allocator, mm/page_alloc.c, on simulated
 * machines (buddy_sim.c) set up as setup_memory(), zone_sizes_init() and
 * mem_init() set up the real one.
 *
 * Expected values come from the configuration and from 2.4's rules, not
 * from the allocator: the watermark tests work out, zone by zone, how many
 * pages each pass of __alloc_pages() hands out before it must stop.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/bootmem.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mmzone.h>
#include <linux/poison.h>
#include <linux/reservations.h>
#include <asm/meminit.h>
#include <asm/page.h>
#include "host.h"
#include "buddy_sim.h"
#include "../../mm/internal.h"

static struct sim_machine mach;

/* Blocks a test holds, to give back at its end. */
struct held {
	struct page **page;
	unsigned int *order;
	unsigned long n, cap;
};

static void hold(struct held *h, struct page *page, unsigned int order)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 1024;
		h->page = realloc(h->page, h->cap * sizeof(*h->page));
		h->order = realloc(h->order, h->cap * sizeof(*h->order));
		if (!h->page || !h->order)
			abort();
	}
	h->page[h->n] = page;
	h->order[h->n++] = order;
}

/* Free everything held, in an order shuffled by seed (0: last first). */
static void release(struct held *h, u64 seed)
{
	if (seed)
		for (unsigned long i = h->n; i > 1; i--) {
			unsigned long j = sim_rand(&seed) % i;
			struct page *p = h->page[i - 1];
			unsigned int o = h->order[i - 1];

			h->page[i - 1] = h->page[j];
			h->order[i - 1] = h->order[j];
			h->page[j] = p;
			h->order[j] = o;
		}
	while (h->n) {
		h->n--;
		__free_pages(h->page[h->n], h->order[h->n]);
	}
	free(h->page);
	free(h->order);
	memset(h, 0, sizeof(*h));
}

static unsigned long pfn_of(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static unsigned long zfree(int z)
{
	return sim_zone(z)->free_pages;
}

static unsigned long wmin(int z)
{
	return sim_zone(z)->pages_min;
}

static unsigned long wlow(int z)
{
	return sim_zone(z)->pages_low;
}

/* Boot cfg, failing the case (and returning false) if it does not boot right. */
static bool boot(struct kunit *test, const struct sim_config *cfg)
{
	const char *err = sim_boot(&mach, cfg);

	if (err) {
		KUNIT_FAIL(test, "booting %s: %s", cfg->name, err);
		return false;
	}
	host_log_clear();
	return true;
}

/* The machine must be back as it booted: same free lists, check_zone() clean. */
static void expect_as_booted(struct kunit *test)
{
	unsigned long now[MAX_NR_ZONES][MAX_ORDER];

	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	sim_nr_free(now);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		KUNIT_EXPECT_EQ(test, zfree(z), mach.init_free_pages[z]);
		for (int o = 0; o < MAX_ORDER; o++)
			if (now[z][o] != mach.init_nr_free[z][o]) {
				KUNIT_FAIL(test, "zone %s order %d: %lu free blocks, %lu after boot",
					   zone_names[z], o, now[z][o], mach.init_nr_free[z][o]);
				return;
			}
	}
}

static int buddy_case_init(struct kunit *test)
{
	(void)test;
	sim_shutdown(&mach);
	host_log_clear();
	return 0;
}

static void buddy_case_exit(struct kunit *test)
{
	(void)test;
	sim_shutdown(&mach);
}

/*
 * Allocate (gfp, order) until NULL, holding every block; record the zones
 * they came from as runs.  Every block must be usable RAM inside its zone.
 */
struct run {
	int zone;
	unsigned long n;
};

static int alloc_until_null(struct kunit *test, struct held *h, unsigned int gfp,
			    unsigned int order, struct run *runs, int max_runs)
{
	int nr = 0;
	struct page *page;

	while ((page = alloc_pages(gfp, order))) {
		unsigned long pfn = pfn_of(page);
		int z = (int)page_zonenum(page);

		hold(h, page, order);
		if (sim_zone_of(&mach, pfn) != z || !mach.usable[pfn]) {
			KUNIT_FAIL(test, "pfn %#lx: zone %d, configuration says %d, usable %d", pfn,
				   z, sim_zone_of(&mach, pfn), mach.usable[pfn]);
			return -1;
		}
		if (nr && runs[nr - 1].zone == z) {
			runs[nr - 1].n++;
		} else if (nr < max_runs) {
			runs[nr++] = (struct run){ z, 1 };
		} else {
			KUNIT_FAIL(test, "more than %d runs of zones", max_runs);
			return -1;
		}
	}
	return nr;
}

static void expect_runs(struct kunit *test, const struct run *got, int nr_got,
			const struct run *want, int nr_want)
{
	bool same = nr_got == nr_want;

	for (int i = 0; same && i < nr_want; i++)
		same = got[i].zone == want[i].zone && got[i].n == want[i].n;
	if (same)
		return;
	KUNIT_FAIL(test, "allocations came from %d runs of zones, expected %d:", nr_got, nr_want);
	for (int i = 0; i < max(nr_got, nr_want); i++)
		kunit_printk("    #   run %d: got %s x %lu, expected %s x %lu\n", i,
			     i < nr_got ? zone_names[got[i].zone] : "-", i < nr_got ? got[i].n : 0,
			     i < nr_want ? zone_names[want[i].zone] : "-",
			     i < nr_want ? want[i].n : 0);
}

/* ---- exhaustion (first: the failure warning is rate-limited process-wide) ---- */

static void buddy_exhaustion_returns_null(struct kunit *test)
{
	struct held h = { 0 };
	struct run runs[8];
	int nr;

	if (!boot(test, &sim_cfg_plain))
		return;
	nr = alloc_until_null(test, &h, GFP_KERNEL, 3, runs, 8);
	KUNIT_EXPECT_GT(test, nr, 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("__alloc_pages: 3-order allocation failed (gfp=0xf0/0)"));
	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, 3));
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	/* Never below pages_min, whatever the order. */
	KUNIT_EXPECT_GT(test, zfree(ZONE_NORMAL), wmin(ZONE_NORMAL));
	KUNIT_EXPECT_GT(test, zfree(ZONE_DMA), wmin(ZONE_NORMAL) + wmin(ZONE_DMA));
	/* Order 0 still finds what order 3 could not use, down to the same limit. */
	nr = alloc_until_null(test, &h, GFP_KERNEL, 0, runs, 8);
	KUNIT_EXPECT_EQ(test, zfree(ZONE_NORMAL), wmin(ZONE_NORMAL) + 1);
	KUNIT_EXPECT_EQ(test, zfree(ZONE_DMA), wmin(ZONE_NORMAL) + wmin(ZONE_DMA) + 1);
	KUNIT_EXPECT_TRUE(test, host_log_contains("__alloc_pages: 0-order allocation failed (gfp=0xf0/0)"));
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	release(&h, 1);
	expect_as_booted(test);
}

/* ---- the machine as booted ---- */

static void buddy_boot_state(struct kunit *test)
{
	if (!boot(test, &sim_cfg_holes))
		return;
	KUNIT_EXPECT_EQ(test, sim_zone(ZONE_DMA)->size, 4096);
	KUNIT_EXPECT_EQ(test, sim_zone(ZONE_NORMAL)->zone_start_pfn, 4096);
	KUNIT_EXPECT_EQ(test, sim_zone(ZONE_NORMAL)->size, 8192 - 4096);
	KUNIT_EXPECT_EQ(test, sim_zone(ZONE_HIGHMEM)->zone_start_pfn, 8192);
	KUNIT_EXPECT_EQ(test, sim_zone(ZONE_HIGHMEM)->size, 4096);
	/* 2.4: pages_min = size / 128 within [20, 255], low twice it, high three times. */
	KUNIT_EXPECT_EQ(test, wmin(ZONE_DMA), 32);
	KUNIT_EXPECT_EQ(test, wlow(ZONE_DMA), 64);
	KUNIT_EXPECT_EQ(test, sim_zone(ZONE_DMA)->pages_high, 96);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		KUNIT_EXPECT_EQ(test, zfree(z), mach.zone_usable[z]);
		KUNIT_EXPECT_STREQ(test, sim_zone(z)->name, zone_names[z]);
	}
	KUNIT_EXPECT_EQ(test, contig_page_data.nr_zones, 3);
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);

	/* Without highmem the node has two zones and HIGHUSER falls to NORMAL. */
	if (!boot(test, &sim_cfg_plain))
		return;
	KUNIT_EXPECT_EQ(test, contig_page_data.nr_zones, 2);
	KUNIT_EXPECT_EQ(test, wmin(ZONE_HIGHMEM), 0);	/* empty: none, as 2.4 skips it */
	KUNIT_EXPECT_TRUE(test, contig_page_data.node_zonelists[GFP_HIGHUSER & GFP_ZONEMASK].zones[0] ==
				sim_zone(ZONE_NORMAL));
	KUNIT_EXPECT_EQ(test, page_zonenum(alloc_pages(GFP_HIGHUSER, 0)), ZONE_NORMAL);
}

/* ---- splitting and coalescing ---- */

static void buddy_split_order0_from_order9(struct kunit *test)
{
	zone_t *zone = sim_zone(ZONE_NORMAL);
	struct held drained = { 0 };
	unsigned long before9, free_before, pfn;
	struct page *page, *expect;

	if (!boot(test, &sim_cfg_plain))
		return;
	/* Take every block below order 9, so the next order-0 must split an order-9. */
	for (unsigned int o = 0; o < MAX_ORDER - 1; o++)
		while (zone->free_area[o].nr_free) {
			page = alloc_pages(GFP_KERNEL, o);
			KUNIT_ASSERT_NOT_NULL(test, page);
			KUNIT_ASSERT_EQ(test, page_zonenum(page), ZONE_NORMAL);
			hold(&drained, page, o);
		}
	KUNIT_ASSERT_GT(test, zone->free_area[MAX_ORDER - 1].nr_free, 0);
	before9 = zone->free_area[MAX_ORDER - 1].nr_free;
	free_before = zone->free_pages;
	expect = list_entry(zone->free_area[MAX_ORDER - 1].free_list.next, struct page, lru);

	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	/* 2.4's expand(): the top page of the block */
	KUNIT_EXPECT_TRUE(test, page == expect + 511);
	pfn = pfn_of(page);
	KUNIT_EXPECT_EQ(test, pfn & 511, 511);
	KUNIT_EXPECT_EQ(test, zone->free_pages, free_before - 1);
	KUNIT_EXPECT_EQ(test, zone->free_area[MAX_ORDER - 1].nr_free, before9 - 1);
	/* One free block of each order 0..8: the lower halves, at the base + 2^9 - 2^(o+1). */
	for (unsigned int o = 0; o < MAX_ORDER - 1; o++) {
		const struct page *half = expect + 512 - (2UL << o);

		KUNIT_EXPECT_EQ(test, zone->free_area[o].nr_free, 1);
		KUNIT_EXPECT_TRUE(test, PageBuddy(half));
		KUNIT_EXPECT_EQ(test, half->private, o);
	}
	KUNIT_EXPECT_EQ(test, page->count, 1);
	KUNIT_EXPECT_FALSE(test, PageBuddy(page));
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);

	/* Freeing it merges all the way back to the order-9 block. */
	__free_page(page);
	for (unsigned int o = 0; o < MAX_ORDER - 1; o++)
		KUNIT_EXPECT_EQ(test, zone->free_area[o].nr_free, 0);
	KUNIT_EXPECT_EQ(test, zone->free_area[MAX_ORDER - 1].nr_free, before9);
	KUNIT_EXPECT_TRUE(test, PageBuddy(expect));
	KUNIT_EXPECT_EQ(test, expect->private, MAX_ORDER - 1);
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	release(&drained, 7);
	expect_as_booted(test);
}

/* Mixed orders and zones taken, given back in another order: nothing left split. */
static void coalesce_machine(struct kunit *test, const struct sim_config *cfg, u64 seed)
{
	static const unsigned int gfps[] = { GFP_KERNEL, GFP_DMA, GFP_HIGHUSER, GFP_ATOMIC };
	struct held h = { 0 };
	unsigned long target;

	if (!boot(test, cfg))
		return;
	target = (mach.zone_usable[0] + mach.zone_usable[1] + mach.zone_usable[2]) * 3 / 4;
	for (unsigned long taken = 0, tries = 0; taken < target && tries < 100000; tries++) {
		unsigned int order = (unsigned int)(sim_rand(&seed) % 6);
		struct page *page = alloc_pages(gfps[sim_rand(&seed) % 4], order);

		if (page) {
			hold(&h, page, order);
			taken += 1UL << order;
		}
	}
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	/* Half back, more taken, then everything back. */
	for (unsigned long i = 0; i < h.n / 2; i++) {
		unsigned long j = sim_rand(&seed) % h.n;

		__free_pages(h.page[j], h.order[j]);
		h.page[j] = h.page[--h.n];
		h.order[j] = h.order[h.n];
	}
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	for (int i = 0; i < 2000; i++) {
		unsigned int order = (unsigned int)(sim_rand(&seed) % 10);
		struct page *page = alloc_pages(gfps[sim_rand(&seed) % 4], order);

		if (page)
			hold(&h, page, order);
	}
	release(&h, seed);
	expect_as_booted(test);
}

static void buddy_coalescing_is_exact(struct kunit *test)
{
	coalesce_machine(test, &sim_cfg_plain, 11);
	coalesce_machine(test, &sim_cfg_holes, 12);
	coalesce_machine(test, &sim_cfg_odd, 13);
}

/* ---- zone fallback and watermarks ---- */

/*
 * GFP_KERNEL's list is NORMAL, DMA.  A pass serves from a zone while its
 * free pages exceed 2^order plus the limits accumulated along the list, so
 * for order 0: pass 1 takes NORMAL down to low(N) + 1 free pages, then DMA
 * down to low(N) + low(D) + 1; pass 2 NORMAL down to min(N) + 1, DMA down
 * to min(N) + min(D) + 1; then NULL.
 */
static void buddy_fallback_gfp_kernel(struct kunit *test)
{
	struct held h = { 0 };
	struct run got[8];
	struct page *first;
	unsigned long fn, fd;
	int nr;

	if (!boot(test, &sim_cfg_plain))
		return;
	fn = zfree(ZONE_NORMAL);
	fd = zfree(ZONE_DMA);
	nr = alloc_until_null(test, &h, GFP_KERNEL, 0, got, 8);
	{
		const unsigned long ln = wlow(1), ld = wlow(0), mn = wmin(1), md = wmin(0);
		const struct run want[] = {
			{ ZONE_NORMAL, fn - (ln + 1) },
			{ ZONE_DMA, fd - (ln + ld + 1) },
			{ ZONE_NORMAL, ln - mn },
			{ ZONE_DMA, (ln + ld) - (mn + md) },
		};

		expect_runs(test, got, nr, want, 4);
		KUNIT_EXPECT_EQ(test, zfree(ZONE_NORMAL), mn + 1);
		KUNIT_EXPECT_EQ(test, zfree(ZONE_DMA), mn + md + 1);
	}
	/* GFP_ATOMIC cannot wait: a quarter of pages_min, still accumulated. */
	nr = alloc_until_null(test, &h, GFP_ATOMIC, 0, got, 8);
	{
		const unsigned long mn = wmin(1), md = wmin(0);
		const struct run want[] = {
			{ ZONE_NORMAL, mn - mn / 4 },
			{ ZONE_DMA, (mn + md) - (mn / 4 + md / 4) },
		};

		expect_runs(test, got, nr, want, 2);
		KUNIT_EXPECT_EQ(test, zfree(ZONE_NORMAL), mn / 4 + 1);
		KUNIT_EXPECT_EQ(test, zfree(ZONE_DMA), mn / 4 + md / 4 + 1);
	}
	KUNIT_EXPECT_NULL(test, alloc_page(GFP_ATOMIC));
	/*
	 * What fallbacks had to leave in DMA is GFP_DMA's own: its list is DMA
	 * alone, so it goes down to min(D) / 4 + 1.
	 */
	nr = alloc_until_null(test, &h, GFP_DMA, 0, got, 8);
	{
		const struct run want[] = { { ZONE_DMA, wmin(1) / 4 } };

		expect_runs(test, got, nr, want, 1);
		KUNIT_EXPECT_EQ(test, zfree(ZONE_DMA), wmin(0) / 4 + 1);
	}
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	release(&h, 3);
	expect_as_booted(test);

	/* One page back in NORMAL above pages_low: GFP_KERNEL takes NORMAL again. */
	first = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, first);
	KUNIT_EXPECT_EQ(test, page_zonenum(first), ZONE_NORMAL);
	__free_page(first);
}

/* HIGHUSER: HIGHMEM, NORMAL, DMA, each pass accumulating the limits. */
static void buddy_fallback_gfp_highuser(struct kunit *test)
{
	struct held h = { 0 };
	struct run got[8];
	unsigned long f[MAX_NR_ZONES];
	int nr;

	if (!boot(test, &sim_cfg_holes))
		return;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		f[z] = zfree(z);
	nr = alloc_until_null(test, &h, GFP_HIGHUSER, 0, got, 8);
	{
		const unsigned long lh = wlow(2), ln = wlow(1), ld = wlow(0);
		const unsigned long mh = wmin(2), mn = wmin(1), md = wmin(0);
		const struct run want[] = {
			{ ZONE_HIGHMEM, f[2] - (lh + 1) },
			{ ZONE_NORMAL, f[1] - (lh + ln + 1) },
			{ ZONE_DMA, f[0] - (lh + ln + ld + 1) },
			{ ZONE_HIGHMEM, lh - mh },
			{ ZONE_NORMAL, (lh + ln) - (mh + mn) },
			{ ZONE_DMA, (lh + ln + ld) - (mh + mn + md) },
		};

		expect_runs(test, got, nr, want, 6);
	}
	for (unsigned long i = 0; i < h.n; i++)
		if (page_zonenum(h.page[i]) == ZONE_HIGHMEM && !PageHighMem(h.page[i])) {
			KUNIT_FAIL(test, "highmem pfn %#lx without PG_highmem", pfn_of(h.page[i]));
			break;
		}
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	release(&h, 5);
	expect_as_booted(test);
}

/* GFP_DMA: ZONE_DMA only, every page below 16 MiB. */
static void buddy_gfp_dma_below_16m(struct kunit *test)
{
	struct held h = { 0 };
	struct run got[4];
	unsigned long fd;
	int nr;

	if (!boot(test, &sim_cfg_holes))
		return;
	fd = zfree(ZONE_DMA);
	nr = alloc_until_null(test, &h, GFP_DMA, 0, got, 4);
	{
		/* GFP_DMA has no __GFP_WAIT: pass 2 keeps pages_min / 4. */
		const struct run want[] = { { ZONE_DMA, fd - (wmin(0) / 4 + 1) } };

		expect_runs(test, got, nr, want, 1);
	}
	for (unsigned long i = 0; i < h.n; i++)
		if (PFN_PHYS(pfn_of(h.page[i])) >= MAX_DMA_ADDRESS_PHYS) {
			KUNIT_FAIL(test, "GFP_DMA page at %#lx", (unsigned long)PFN_PHYS(pfn_of(h.page[i])));
			break;
		}
	KUNIT_EXPECT_EQ(test, zfree(ZONE_NORMAL), mach.zone_usable[ZONE_NORMAL]);
	KUNIT_EXPECT_EQ(test, zfree(ZONE_HIGHMEM), mach.zone_usable[ZONE_HIGHMEM]);
	release(&h, 0);

	/* With __GFP_WAIT the full pages_min stays; larger orders too. */
	nr = alloc_until_null(test, &h, GFP_DMA | GFP_KERNEL, 0, got, 4);
	KUNIT_EXPECT_EQ(test, zfree(ZONE_DMA), wmin(0) + 1);
	release(&h, 0);
	nr = alloc_until_null(test, &h, GFP_DMA, 4, got, 4);
	KUNIT_EXPECT_EQ(test, nr, 1);
	KUNIT_EXPECT_GT(test, zfree(ZONE_DMA), wmin(0) / 4);
	for (unsigned long i = 0; i < h.n; i++)
		KUNIT_EXPECT_LT(test, pfn_of(h.page[i]) + 16, 4097);
	release(&h, 0);
	expect_as_booted(test);
}

/* A zone that cannot serve an order (fragmented) passes the request on. */
static void buddy_fragmented_zone_falls_back(struct kunit *test)
{
	struct held h = { 0 }, odd = { 0 };
	struct page *page;

	if (!boot(test, &sim_cfg_plain))
		return;
	/* Take all NORMAL will give in order-0 pages, give back the odd pfns. */
	while ((page = alloc_pages(GFP_ATOMIC, 0)) && page_zonenum(page) == ZONE_NORMAL)
		hold(pfn_of(page) & 1 ? &odd : &h, page, 0);
	if (page)
		hold(&h, page, 0);
	release(&odd, 0);
	/* And whatever larger blocks the watermark left in NORMAL. */
	for (unsigned int o = 1; o < MAX_ORDER; o++)
		while (sim_zone(ZONE_NORMAL)->free_area[o].nr_free) {
			page = alloc_pages(GFP_ATOMIC, o);
			KUNIT_ASSERT_NOT_NULL(test, page);
			KUNIT_ASSERT_EQ(test, page_zonenum(page), ZONE_NORMAL);
			hold(&h, page, o);
		}
	KUNIT_EXPECT_GT(test, zfree(ZONE_NORMAL), 1000);
	/* Plenty of free pages in NORMAL, no order-1 block: DMA serves. */
	page = alloc_pages(GFP_KERNEL, 1);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, page_zonenum(page), ZONE_DMA);
	hold(&h, page, 1);
	/* Order 0 is still NORMAL's. */
	page = alloc_pages(GFP_KERNEL, 0);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, page_zonenum(page), ZONE_NORMAL);
	hold(&h, page, 0);
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
	release(&h, 9);
	expect_as_booted(test);
}

/* ---- holes ---- */

static bool free_block_covers(unsigned long pfn)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);

		if (PageBuddy(mem_map + head) && mem_map[head].private == o)
			return true;
	}
	return false;
}

static void buddy_holes_never_handed_out(struct kunit *test)
{
	static const unsigned int gfps[] = { GFP_ATOMIC, GFP_DMA, GFP_HIGHUSER };
	struct held h = { 0 };
	struct run got[16];
	unsigned long bad = 0;

	if (!boot(test, &sim_cfg_holes))
		return;
	/* Merging stops at the hole 0xd37-0xd3f: an order-0 block below, order 6 above. */
	KUNIT_EXPECT_TRUE(test, PageBuddy(mem_map + 0xd36));
	KUNIT_EXPECT_EQ(test, mem_map[0xd36].private, 0);
	KUNIT_EXPECT_TRUE(test, PageBuddy(mem_map + 0xd34));
	KUNIT_EXPECT_EQ(test, mem_map[0xd34].private, 1);
	KUNIT_EXPECT_TRUE(test, PageBuddy(mem_map + 0xd40));
	KUNIT_EXPECT_EQ(test, mem_map[0xd40].private, 6);
	for (unsigned long pfn = 0xd37; pfn < 0xd40; pfn++) {
		KUNIT_EXPECT_TRUE(test, PageReserved(mem_map + pfn));
		KUNIT_EXPECT_FALSE(test, free_block_covers(pfn));
	}
	/* The highmem hole 0x2800-0x2900, and the one at 0x2900 itself. */
	KUNIT_EXPECT_FALSE(test, free_block_covers(0x2800));
	KUNIT_EXPECT_FALSE(test, free_block_covers(0x2900));
	KUNIT_EXPECT_TRUE(test, PageBuddy(mem_map + 0x2901));
	KUNIT_EXPECT_EQ(test, mem_map[0x2901].private, 0);
	KUNIT_EXPECT_EQ(test, sim_walk_free_blocks(&mach, NULL, &bad),
			(long)(mach.zone_usable[0] + mach.zone_usable[1] + mach.zone_usable[2]));

	/* Everything taken at every order: no block touches a hole (alloc_until_null checks). */
	for (int o = MAX_ORDER - 1; o >= 0; o--)
		for (int g = 0; g < 3; g++)
			if (alloc_until_null(test, &h, gfps[g], (unsigned int)o, got, 16) < 0)
				goto out;
	for (unsigned long i = 0; i < h.n; i++)
		for (unsigned long p = pfn_of(h.page[i]); p < pfn_of(h.page[i]) + (1UL << h.order[i]); p++)
			if (!mach.usable[p]) {
				KUNIT_FAIL(test, "order-%u block at %#lx covers unusable pfn %#lx",
					   h.order[i], pfn_of(h.page[i]), p);
				goto out;
			}
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
out:
	release(&h, 77);
	KUNIT_EXPECT_GE(test, sim_walk_free_blocks(&mach, NULL, &bad), 0);
	KUNIT_EXPECT_TRUE(test, PageBuddy(mem_map + 0xd40));
	KUNIT_EXPECT_EQ(test, mem_map[0xd40].private, 6);
	expect_as_booted(test);
}

/* ---- refused requests ---- */

static void buddy_order_too_large_refused(struct kunit *test)
{
	if (!boot(test, &sim_cfg_plain))
		return;
	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, MAX_ORDER));
	KUNIT_EXPECT_TRUE(test, host_log_contains("__alloc_pages: order 10 >= MAX_ORDER (10) refused"));
	host_log_clear();
	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_ATOMIC, 31));
	KUNIT_EXPECT_TRUE(test, host_log_contains("order 31 >= MAX_ORDER"));
	KUNIT_EXPECT_EQ(test, __get_free_pages(GFP_KERNEL, MAX_ORDER), 0);
	/* The biggest order works. */
	KUNIT_EXPECT_NOT_NULL(test, alloc_pages(GFP_KERNEL, MAX_ORDER - 1));
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
}

static void buddy_get_free_pages_highmem_refused(struct kunit *test)
{
	if (!boot(test, &sim_cfg_holes))
		return;
	KUNIT_EXPECT_EQ(test, __get_free_pages(GFP_HIGHUSER, 0), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("__get_free_pages: __GFP_HIGHMEM refused"));
	host_log_clear();
	KUNIT_EXPECT_EQ(test, __get_free_pages(__GFP_HIGHMEM, 2), 0);
	KUNIT_EXPECT_TRUE(test, host_log_contains("__GFP_HIGHMEM refused"));
	KUNIT_EXPECT_EQ(test, get_zeroed_page(GFP_HIGHUSER), 0);
	expect_as_booted(test);
}

/* ---- misuse: bad_page() ---- */

/* stmt must panic with "Bad page state", naming reason; nothing may change. */
#define EXPECT_BAD_PAGE(test, stmt, reason) do {				\
	unsigned long __free[MAX_NR_ZONES][MAX_ORDER], __after[MAX_NR_ZONES][MAX_ORDER]; \
	char __want[200];							\
	snprintf(__want, sizeof(__want), "page dumped because: %s\n", (reason)); \
	sim_nr_free(__free);							\
	host_log_clear();							\
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(stmt));				\
	KUNIT_EXPECT_TRUE(test, strstr(host_panic_msg, "Bad page state") != NULL); \
	KUNIT_EXPECT_TRUE(test, host_log_contains("BUG: Bad page state in process swapper"));	\
	if (!host_log_contains(__want))						\
		KUNIT_FAIL(test, "no \"%s\" in:\n%s", __want, host_log());	\
	sim_nr_free(__after);							\
	KUNIT_EXPECT_TRUE(test, sim_nr_free_equal(__free, __after));		\
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);			\
} while (0)

/* The reason free_pages_check() gives for a page inside the free block at head. */
static const char *inside(unsigned long head)
{
	static char buf[96];
	const struct page *h = pfn_to_page(head);

	snprintf(buf, sizeof(buf), "freeing a free page (double free) inside the free order-%lu block at pfn %05lx",
		 h->private, head);
	return buf;
}

/* The head of the free block holding pfn, found by a walk of the zone (-1: none). */
static long free_head_of(unsigned long pfn)
{
	zone_t *zone = page_zone(pfn_to_page(pfn));

	for (unsigned long p = zone->zone_start_pfn; p <= pfn; p++) {
		const struct page *page = pfn_to_page(p);

		if (PageBuddy(page) && pfn - p < (1UL << page->private))
			return (long)p;
	}
	return -1;
}

/*
 * free_reserved_range(), under free_bootmem_late(), checks each page as it
 * writes it, and the free after it skips the tail walk: a range reaching into free memory, or a
 * page in use, must still be a Bad page state, naming that page.
 */
static void buddy_free_reserved_range_refuses_free_or_used_pages(struct kunit *test)
{
	struct page *a;
	unsigned long pfn;

	if (!boot(test, &sim_cfg_plain))
		return;
	a = alloc_pages(GFP_KERNEL, 3);
	KUNIT_ASSERT_NOT_NULL(test, a);
	pfn = page_to_pfn(a);
	/* Allocated, not reserved: releasing it as reserved is misuse. */
	EXPECT_BAD_PAGE(test, free_bootmem_late(PFN_PHYS(pfn), 8 * PAGE_SIZE),
			"released while not reserved (free or in use)");
	__free_pages(a, 3);
	/* Free now: releasing it again is a double free. */
	EXPECT_BAD_PAGE(test, free_bootmem_late(PFN_PHYS(pfn), 8 * PAGE_SIZE),
			"released while not reserved (free or in use)");
}

/*
 * free_initmem()'s accounting as the kernel runs it (free_init_pages(),
 * arch/x86/mm/mem_init.c): named image pages are poisoned, freed, counted
 * in totalram_pages and lose their name; a second time is refused.
 */
static void buddy_free_init_pages_gives_back_named_pages(struct kunit *test)
{
	const unsigned long start = 300, end = 308;	/* inside the image, pfns 256-383 */
	unsigned long free_before, ram_before, bad = 0;
	unsigned char *p, *q;
	const char *why;

	if (!boot(test, &sim_cfg_plain))
		return;
	p = __va(PFN_PHYS(start));	/* the boot made sim memory anew */
	q = __va(PFN_PHYS(end));
	note_reservation(start, end, "kernel init");
	KUNIT_ASSERT_EQ(test, nr_reasons_for(start, &why), 1);
	memset(p, 0x5a, (size_t)(q - p));
	free_before = nr_free_pages();
	ram_before = totalram_pages;
	KUNIT_EXPECT_EQ(test, free_init_pages(p, q, POISON_FREE_INITMEM), end - start);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free_before + (end - start));
	KUNIT_EXPECT_EQ(test, totalram_pages, ram_before + (end - start));
	KUNIT_EXPECT_EQ(test, nr_reasons_for(start, &why), 0);
	for (const unsigned char *b = p; b < q; b++)
		bad += *b != POISON_FREE_INITMEM;
	KUNIT_EXPECT_EQ(test, bad, 0);
	for (unsigned long pfn = start; pfn < end; pfn++)
		KUNIT_EXPECT_FALSE(test, PageReserved(pfn_to_page(pfn)));
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(free_init_pages(p, q, POISON_FREE_INITMEM)));
	KUNIT_EXPECT_TRUE(test, host_log_contains("forget_reservation: pfns 0x12c-0x134 were not reserved by name"));
}

static void buddy_double_free_panics(struct kunit *test)
{
	struct page *a, *b, *c;

	if (!boot(test, &sim_cfg_plain))
		return;
	a = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	__free_page(a);
	/* It merged with its free buddy: inside the block, named. */
	KUNIT_ASSERT_TRUE(test, free_head_of(page_to_pfn(a)) >= 0 &&
				free_head_of(page_to_pfn(a)) != (long)page_to_pfn(a));
	EXPECT_BAD_PAGE(test, __free_page(a), inside((unsigned long)free_head_of(page_to_pfn(a))));
	KUNIT_EXPECT_TRUE(test, host_log_contains("count:0"));

	/* A page that merged into a bigger block: not a head, count 0. */
	b = alloc_pages(GFP_KERNEL, 1);
	KUNIT_ASSERT_NOT_NULL(test, b);
	__free_pages(b, 1);
	KUNIT_ASSERT_TRUE(test, free_head_of(page_to_pfn(b + 1)) >= 0);
	EXPECT_BAD_PAGE(test, __free_page(b + 1), inside((unsigned long)free_head_of(page_to_pfn(b + 1))));
	/* An order-2 block freed twice. */
	c = alloc_pages(GFP_DMA, 2);
	KUNIT_ASSERT_NOT_NULL(test, c);
	__free_pages(c, 2);
	EXPECT_BAD_PAGE(test, __free_pages(c, 2), "freeing a free page (double free)");
	/* A tail of a block in use is not free: it was never handed out alone. */
	c = alloc_pages(GFP_DMA, 3);
	KUNIT_ASSERT_NOT_NULL(test, c);
	EXPECT_BAD_PAGE(test, __free_page(c + 5), "freeing a page that was never handed out "
			"(count 0, not free): a tail of an allocated block?");
	EXPECT_BAD_PAGE(test, __free_pages(c + 4, 2), "freeing a page that was never handed out "
			"(count 0, not free): a tail of an allocated block?");
	__free_pages(c, 3);
	expect_as_booted(test);
}

static void buddy_free_reserved_panics(struct kunit *test)
{
	if (!boot(test, &sim_cfg_holes))
		return;
	/* The kernel image, a hole, mem_map itself, page 0. */
	EXPECT_BAD_PAGE(test, __free_page(pfn_to_page(300)), "freeing a reserved page");
	EXPECT_BAD_PAGE(test, __free_page(pfn_to_page(0xd38)), "freeing a reserved page");
	EXPECT_BAD_PAGE(test, __free_page(pfn_to_page(mach.mem_map_pfn + 1)), "freeing a reserved page");
	EXPECT_BAD_PAGE(test, __free_page(pfn_to_page(0)), "freeing a reserved page");
	/* Reserved with a count, as a driver's page might be: still refused... */
	mem_map[300].count = 1;
	EXPECT_BAD_PAGE(test, __free_page(pfn_to_page(300)), "freeing a reserved page");
	/* ... and with a count of 2, neither freed nor decremented. */
	mem_map[300].count = 2;
	EXPECT_BAD_PAGE(test, __free_page(pfn_to_page(300)), "freeing a reserved page");
	KUNIT_EXPECT_EQ(test, mem_map[300].count, 2);
	mem_map[300].count = 0;
	expect_as_booted(test);
}

/* The head of the first block on zone z's order-o free list (-1: none). */
static long first_free_block(int z, unsigned int o)
{
	const struct list_head *l = &sim_zone(z)->free_area[o].free_list;

	return list_empty(l) ? -1 : (long)page_to_pfn(list_entry(l->next, struct page, lru));
}

/*
 * __free_pages(page, order) of a page the caller no longer has: it must
 * panic with want and change nothing.  A page in use is given the order
 * the caller believes in (put back before the zones are checked).
 */
static void expect_refused_free(struct kunit *test, struct page *page, unsigned int order,
				const char *want)
{
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	struct page saved = *page;
	char line[200];

	snprintf(line, sizeof(line), "page dumped because: %s\n", want);
	sim_nr_free(before);
	host_log_clear();
	if (page->count)
		page->private = order;
	KUNIT_EXPECT_TRUE(test, HOST_PANICS(__free_pages(page, order)));
	if (!host_log_contains(line))
		KUNIT_FAIL(test, "pfn %05lx order %u: no \"%s\" in:\n%s", page_to_pfn(page), order,
			   want, host_log());
	*page = saved;
	sim_nr_free(after);
	KUNIT_EXPECT_TRUE(test, sim_nr_free_equal(before, after));
	KUNIT_EXPECT_EQ(test, sim_check_zones(true), 0);
}

/*
 * A page inside a free block is not a head, so the head's PG_buddy says
 * nothing about it: freeing it must still be a Bad page state naming the
 * block, whichever order is freed, whichever page of the block, whether
 * through __free_pages() or free_reserved_page() (the hand-over's and
 * free_initmem's way, which sets the count itself) or free_highmem_page().
 * free_reserved_page() used to free each of these silently into a second
 * list.
 */
static void buddy_free_inside_free_block_panics(struct kunit *test)
{
	static const unsigned long offs[] = { 1, 2, 3, 64, 255, 256, 257, 510, 511 };
	long h, hh;

	if (!boot(test, &sim_cfg_holes))
		return;
	h = first_free_block(ZONE_NORMAL, MAX_ORDER - 1);
	hh = first_free_block(ZONE_HIGHMEM, MAX_ORDER - 1);
	KUNIT_ASSERT_TRUE(test, h >= 0 && hh >= 0);
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		unsigned long pfn = (unsigned long)h + offs[i];

		expect_refused_free(test, pfn_to_page(pfn), 0, inside((unsigned long)h));
		EXPECT_BAD_PAGE(test, free_reserved_page(pfn_to_page(pfn)), inside((unsigned long)h));
		EXPECT_BAD_PAGE(test, free_highmem_page(pfn_to_page((unsigned long)hh + offs[i])),
				inside((unsigned long)hh));
	}
	/* Blocks of order 1 to 8 inside the order-9 block, at each alignment. */
	for (unsigned int o = 1; o < MAX_ORDER - 1; o++)
		for (unsigned long off = 1UL << o; off < 512; off += 3UL << o) {
			unsigned long pfn = (unsigned long)h + (off & ~((1UL << o) - 1));

			if (pfn != (unsigned long)h)
				expect_refused_free(test, pfn_to_page(pfn), o, inside((unsigned long)h));
		}
	/* The head itself, through the hand-over's verb: a plain double free. */
	EXPECT_BAD_PAGE(test, free_reserved_page(pfn_to_page((unsigned long)h)),
			"freeing a free page (double free)");
	expect_as_booted(test);
}

/* An order-1 free whose second page is a free order-0 block. */
static void buddy_free_block_holding_free_block_panics(struct kunit *test)
{
	struct page *top, *low;

	if (!boot(test, &sim_cfg_plain))
		return;
	top = alloc_page(GFP_KERNEL);
	low = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, top && low && low + 1 == top && !(page_to_pfn(low) & 1));
	__free_page(top);
	expect_refused_free(test, low, 1, "freeing a block that holds a free block (double free)");
	/* In use, not reserved: free_reserved_page() must not take it either. */
	EXPECT_BAD_PAGE(test, free_reserved_page(low), "freeing a page that is not reserved (in use)");
	__free_page(low);
	expect_as_booted(test);
}

/*
 * The example of issue 22: free_bootmem() over the bootmem bitmap's page
 * (and the page below it), then the hand-over.  The walk frees both, as
 * one order-1 block; free_bootmap_pages() then frees the bitmap's page,
 * inside that block, again.  Both ways of retiring bootmem, bitmaps at an
 * odd pfn (inside) and at an even one (the head: a plain double free).
 */
static void buddy_bootmem_bitmap_freed_twice_panics(struct kunit *test)
{
	static const enum bootmem_retire modes[] = { BOOTMEM_RETIRE_BATCH, BOOTMEM_RETIRE_PAGE };

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		for (unsigned long pages = 127; pages <= 128; pages++) {
			struct sim_config cfg = sim_cfg_plain;
			unsigned long map = 256 + pages;
			const char *err;

			cfg.retire = modes[i];
			cfg.kernel_pages = pages;
			cfg.misfree = (struct sim_range){ map - 1, map + 1 };
			host_log_clear();
			err = sim_boot(&mach, &cfg);
			if (!err || !strstr(err, "Bad page state")) {
				KUNIT_FAIL(test, "mode %d, bitmap at %05lx: boot %s", modes[i], map,
					   err ? err : "succeeded");
				continue;
			}
			if (map & 1) {
				char want[160];

				snprintf(want, sizeof(want), "page dumped because: freeing a free page (double free) inside the free order-1 block at pfn %05lx\n",
					 map - 1);
				KUNIT_EXPECT_TRUE(test, host_log_contains(want));
			} else {
				KUNIT_EXPECT_TRUE(test, host_log_contains(
					"page dumped because: freeing a free page (double free)\n"));
			}
			KUNIT_EXPECT_TRUE(test, host_log_contains("BUG: Bad page state in process swapper"));
		}
	}
}

static void buddy_free_wrong_order_panics(struct kunit *test)
{
	struct page *two, *one;

	if (!boot(test, &sim_cfg_plain))
		return;
	two = alloc_pages(GFP_KERNEL, 2);
	one = alloc_pages(GFP_KERNEL, 1);
	KUNIT_ASSERT_NOT_NULL(test, two);
	KUNIT_ASSERT_NOT_NULL(test, one);
	EXPECT_BAD_PAGE(test, __free_pages(two, 1), "freed with an order it was not allocated with");
	EXPECT_BAD_PAGE(test, __free_pages(two, 0), "freed with an order it was not allocated with");
	EXPECT_BAD_PAGE(test, __free_pages(one, 0), "freed with an order it was not allocated with");
	if (!(pfn_of(one) & 3))
		EXPECT_BAD_PAGE(test, __free_pages(one, 2), "freed with an order it was not allocated with");
	if (!(pfn_of(two) & 7))
		EXPECT_BAD_PAGE(test, __free_pages(two, 3), "freed with an order it was not allocated with");
	KUNIT_EXPECT_EQ(test, two->count, 1);
	__free_pages(two, 2);
	__free_pages(one, 1);
	expect_as_booted(test);
}

static void buddy_free_misaligned_panics(struct kunit *test)
{
	struct page *four;

	if (!boot(test, &sim_cfg_plain))
		return;
	four = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, four);
	EXPECT_BAD_PAGE(test, __free_pages(four + 1, 1), "misaligned for its order");
	EXPECT_BAD_PAGE(test, __free_pages(four + 2, 2), "misaligned for its order");
	EXPECT_BAD_PAGE(test, __free_pages(four + 1, 2), "misaligned for its order");
	/* free_pages() by address goes the same way. */
	EXPECT_BAD_PAGE(test, free_pages((unsigned long)__va(PFN_PHYS(pfn_of(four) + 2)), 2),
			"misaligned for its order");
	free_pages((unsigned long)page_address(four), 2);
	expect_as_booted(test);
}

static void buddy_free_outside_mem_map_panics(struct kunit *test)
{
	if (!boot(test, &sim_cfg_plain))
		return;
	EXPECT_BAD_PAGE(test, __free_page(mem_map + max_mapnr), "outside mem_map");
	EXPECT_BAD_PAGE(test, __free_pages(mem_map + max_mapnr + 512, 0), "outside mem_map");
	/* The classic mix-up: a page's address passed as its struct page. */
	{
		struct page *page = alloc_page(GFP_DMA), *n = alloc_page(GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_ASSERT_NOT_NULL(test, n);
		EXPECT_BAD_PAGE(test, __free_page((struct page *)page_address(page)), "outside mem_map");
		EXPECT_BAD_PAGE(test, __free_page((struct page *)page_address(n)), "outside mem_map");
		__free_page(page);
		__free_page(n);
	}
	/* mem_map sits at 16 MiB in sim_mem: the struct page below it is readable memory. */
	EXPECT_BAD_PAGE(test, __free_page(mem_map - 1), "outside mem_map");
	expect_as_booted(test);
}

/*
 * The most common pointer that is not in mem_map is NULL: it must be
 * reported as outside mem_map, and bad_page() must not read through it
 * (it once printed page->count etc. first: an oops in the kernel instead
 * of the report, found by this test).  Run in a child process, since a
 * regression is a SIGSEGV or a UBSan abort on the host.
 */
static void buddy_free_null_page_reported(struct kunit *test)
{
	int status = 0;
	pid_t pid;

	if (!boot(test, &sim_cfg_plain))
		return;
	fflush(stdout);
	pid = fork();
	KUNIT_ASSERT_GE(test, pid, 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		if (devnull >= 0 && !getenv("HOST_VERBOSE"))
			dup2(devnull, 2);	/* the sanitizers' report: HOST_VERBOSE=1 shows it */
		if (HOST_PANICS(__free_page((struct page *)NULL)) &&
		    host_log_contains("page dumped because: outside mem_map\n"))
			_exit(0);
		_exit(3);
	}
	KUNIT_ASSERT_EQ(test, waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		KUNIT_FAIL(test, "__free_page(NULL) did not report \"outside mem_map\"");
	else
		KUNIT_FAIL(test, "__free_page(NULL) crashed (%s %d) instead of reporting a bad page: "
			   "bad_page() read through a page outside mem_map? (HOST_VERBOSE=1 shows it)",
			   WIFSIGNALED(status) ? "signal" : "exit status",
			   WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

static void buddy_free_tail_in_use_panics(struct kunit *test)
{
	struct page *eight;

	if (!boot(test, &sim_cfg_plain))
		return;
	eight = alloc_pages(GFP_KERNEL, 3);
	KUNIT_ASSERT_NOT_NULL(test, eight);
	eight[5].count = 1;	/* someone took a reference to a tail page */
	EXPECT_BAD_PAGE(test, __free_pages(eight, 3), "page of the block in use or reserved");
	KUNIT_EXPECT_TRUE(test, host_log_contains("count:1"));
	eight[5].count = 0;
	eight[7].flags |= 1UL << PG_reserved;
	EXPECT_BAD_PAGE(test, __free_pages(eight, 3), "page of the block in use or reserved");
	eight[7].flags &= ~(1UL << PG_reserved);
	__free_pages(eight, 3);
	expect_as_booted(test);
}

static void buddy_free_order_too_large_panics(struct kunit *test)
{
	struct page *page;

	if (!boot(test, &sim_cfg_plain))
		return;
	page = alloc_pages(GFP_KERNEL, MAX_ORDER - 1);
	KUNIT_ASSERT_NOT_NULL(test, page);
	EXPECT_BAD_PAGE(test, __free_pages(page, MAX_ORDER), "order too large");
	EXPECT_BAD_PAGE(test, __free_pages(page, 40), "order too large");
	__free_pages(page, MAX_ORDER - 1);
	expect_as_booted(test);
}

/* Allocate (gfp, order-0) until pfn comes; everything else goes back. */
static struct page *take_pfn(unsigned int gfp, unsigned long pfn)
{
	struct held h = { 0 };
	struct page *page;

	for (int i = 0; i < 65536 && (page = alloc_page(gfp)); i++) {
		if (pfn_of(page) == pfn)
			break;
		hold(&h, page, 0);
	}
	release(&h, 0);
	return page;
}

static void buddy_free_across_zone_end_panics(struct kunit *test)
{
	struct page *page;

	/*
	 * sim_cfg_odd's HIGHMEM ends at 0x2b33: pfn 0x2b32 is an order-0 block,
	 * and as an order-1 block it would run past the zone's end.
	 */
	if (!boot(test, &sim_cfg_odd))
		return;
	KUNIT_EXPECT_EQ(test, sim_zone(ZONE_HIGHMEM)->zone_start_pfn + sim_zone(ZONE_HIGHMEM)->size,
			0x2b33);
	KUNIT_EXPECT_TRUE(test, PageBuddy(mem_map + 0x2b32));
	KUNIT_EXPECT_EQ(test, mem_map[0x2b32].private, 0);
	page = take_pfn(GFP_HIGHUSER, 0x2b32);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, pfn_of(page), 0x2b32);
	EXPECT_BAD_PAGE(test, __free_pages(page, 1), "block crosses the end of its zone");
	EXPECT_BAD_PAGE(test, __free_pages(mem_map + 0x2a00, 9), "block crosses the end of its zone");
	/* NORMAL ends at 0x1f40: an order-7 block at 0x1f00 would cross it. */
	EXPECT_BAD_PAGE(test, __free_pages(mem_map + 0x1f00, 7), "block crosses the end of its zone");
	__free_page(page);
	expect_as_booted(test);
}

/* ---- 2.4 semantics and helpers ---- */

static void buddy_free_with_count_two_drops_count(struct kunit *test)
{
	struct page *page;
	unsigned long before;

	if (!boot(test, &sim_cfg_plain))
		return;
	page = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, page);
	before = zfree(ZONE_NORMAL);
	set_page_count(page, 2);
	__free_pages(page, 2);
	KUNIT_EXPECT_EQ(test, page_count(page), 1);
	KUNIT_EXPECT_EQ(test, zfree(ZONE_NORMAL), before);
	KUNIT_EXPECT_FALSE(test, PageBuddy(page));
	__free_pages(page, 2);
	KUNIT_EXPECT_EQ(test, page_count(page), 0);
	KUNIT_EXPECT_EQ(test, zfree(ZONE_NORMAL), before + 4);
	expect_as_booted(test);
}

static void buddy_get_zeroed_page(struct kunit *test)
{
	unsigned long addr, again;
	const unsigned char *p;

	if (!boot(test, &sim_cfg_plain))
		return;
	addr = __get_free_page(GFP_KERNEL);
	KUNIT_ASSERT_NE(test, addr, 0);
	memset((void *)addr, 0xA5, PAGE_SIZE);
	free_page(addr);
	again = get_zeroed_page(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, again, addr);	/* LIFO: the dirty page comes back */
	p = (const unsigned char *)again;
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		if (p[i]) {
			KUNIT_FAIL(test, "byte %lu of the zeroed page is %#x", i, p[i]);
			break;
		}
	free_page(again);
	expect_as_booted(test);
}

static void buddy_page_address_of_lowmem(struct kunit *test)
{
	struct page *n, *d, *hi;
	unsigned long addr;

	if (!boot(test, &sim_cfg_holes))
		return;
	n = alloc_pages(GFP_KERNEL, 3);
	d = alloc_pages(GFP_DMA, 0);
	hi = alloc_pages(GFP_HIGHUSER, 0);
	KUNIT_ASSERT_NOT_NULL(test, n);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, hi);
	KUNIT_EXPECT_TRUE(test, page_address(n) == __va(pfn_of(n) << PAGE_SHIFT));
	KUNIT_EXPECT_TRUE(test, page_address(d) == __va(pfn_of(d) << PAGE_SHIFT));
	KUNIT_EXPECT_TRUE(test, virt_to_page(page_address(n)) == n);
	/* A highmem page has no permanent address (the host never kmaps). */
	KUNIT_EXPECT_EQ(test, page_zonenum(hi), ZONE_HIGHMEM);
	KUNIT_EXPECT_NULL(test, page_address(hi));
	addr = __get_free_pages(GFP_KERNEL, 1);
	/* sim_mem is not page aligned on the host: look at the physical address. */
	KUNIT_EXPECT_EQ(test, __pa(addr) & (PAGE_SIZE - 1), 0);
	KUNIT_EXPECT_EQ(test, page_zonenum(virt_to_page(addr)), ZONE_NORMAL);
	KUNIT_EXPECT_EQ(test, virt_to_page(addr)->private, 1);
	free_pages(addr, 1);
	__free_pages(n, 3);
	__free_page(d);
	__free_page(hi);
	expect_as_booted(test);
}

static void buddy_nr_free_sums(struct kunit *test)
{
	struct page *a, *b;

	if (!boot(test, &sim_cfg_holes))
		return;
	KUNIT_EXPECT_EQ(test, nr_free_pages(),
			mach.zone_usable[0] + mach.zone_usable[1] + mach.zone_usable[2]);
	KUNIT_EXPECT_EQ(test, nr_free_highpages(), mach.zone_usable[ZONE_HIGHMEM]);
	a = alloc_pages(GFP_HIGHUSER, 4);
	b = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, nr_free_pages(),
			mach.zone_usable[0] + mach.zone_usable[1] + mach.zone_usable[2] - 20);
	KUNIT_EXPECT_EQ(test, nr_free_highpages(), mach.zone_usable[ZONE_HIGHMEM] - 16);
	__free_pages(a, 4);
	__free_pages(b, 2);
	KUNIT_EXPECT_EQ(test, nr_free_highpages(), mach.zone_usable[ZONE_HIGHMEM]);

	if (!boot(test, &sim_cfg_plain))
		return;
	KUNIT_EXPECT_EQ(test, nr_free_highpages(), 0);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), mach.zone_usable[0] + mach.zone_usable[1]);
}

/* ---- reports ---- */

static void buddy_show_free_areas_format(struct kunit *test)
{
	char line[256];
	unsigned long total = 0;

	if (!boot(test, &sim_cfg_holes))
		return;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		total += zfree(z);
	show_free_areas();
	snprintf(line, sizeof(line), "Free pages:      %6lukB (%6lukB HighMem)\n", total * 4,
		 zfree(ZONE_HIGHMEM) * 4);
	KUNIT_EXPECT_TRUE(test, host_log_contains(line));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const zone_t *zone = sim_zone(z);
		char buf[512];
		size_t len;

		snprintf(line, sizeof(line), "Zone:%s freepages:%6lukB min:%6lukB low:%6lukB high:%6lukB\n",
			 zone_names[z], zone->free_pages * 4, zone->pages_min * 4, zone->pages_low * 4,
			 zone->pages_high * 4);
		if (!host_log_contains(line))
			KUNIT_FAIL(test, "missing \"%s\" in:\n%s", line, host_log());
		len = (size_t)snprintf(buf, sizeof(buf), "\n%s: ", zone_names[z]);
		for (int o = 0; o < MAX_ORDER; o++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%lu*%lukB ",
						zone->free_area[o].nr_free, 4UL << o);
		snprintf(buf + len, sizeof(buf) - len, "= %lukB\n", zone->free_pages * 4);
		if (!host_log_contains(buf))
			KUNIT_FAIL(test, "missing \"%s\" in:\n%s", buf + 1, host_log());
	}
	/* A known value, not only a consistent one: 1M-13.2M etc. gives DMA this much. */
	snprintf(line, sizeof(line), "Zone:DMA freepages:%6lukB min:%6lukB", mach.zone_usable[0] * 4, 128UL);
	KUNIT_EXPECT_TRUE(test, host_log_contains(line));
	KUNIT_EXPECT_TRUE(test, host_log_contains("Zone:DMA freepages: "));
	KUNIT_EXPECT_TRUE(test, host_log_contains(" min:   128kB low:   256kB high:   384kB\n"));
}

static void buddy_show_buddyinfo_format(struct kunit *test)
{
	char line[256];

	if (!boot(test, &sim_cfg_holes))
		return;
	show_buddyinfo();
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		size_t len = (size_t)snprintf(line, sizeof(line), "Node 0, zone %8s ", zone_names[z]);

		for (int o = 0; o < MAX_ORDER; o++)
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%6lu ",
						sim_zone(z)->free_area[o].nr_free);
		snprintf(line + len, sizeof(line) - len, "\n");
		if (!host_log_contains(line))
			KUNIT_FAIL(test, "missing \"%s\" in:\n%s", line, host_log());
	}
	KUNIT_EXPECT_TRUE(test, host_log_contains("Node 0, zone      DMA "));
	KUNIT_EXPECT_TRUE(test, host_log_contains("Node 0, zone   Normal "));
	KUNIT_EXPECT_TRUE(test, host_log_contains("Node 0, zone  HighMem "));

	/* No highmem: no HighMem line. */
	if (!boot(test, &sim_cfg_plain))
		return;
	show_buddyinfo();
	KUNIT_EXPECT_TRUE(test, host_log_contains("Node 0, zone   Normal "));
	KUNIT_EXPECT_FALSE(test, host_log_contains("HighMem"));
}

/* ---- bootmem retirement: page at a time and in blocks end alike ---- */

/*
 * Every free list, head to tail, zone by zone and order by order: the
 * pfns in *out (allocated), one -1 after each list; returns the length.
 */
static unsigned long free_lists_now(long **out)
{
	unsigned long n = 0, cap = mach.max_pfn + MAX_NR_ZONES * MAX_ORDER;
	long *seq = calloc(cap, sizeof(*seq));

	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			const struct list_head *head = &sim_zone(z)->free_area[o].free_list;

			for (const struct list_head *l = head->next; l != head && n < cap - 1; l = l->next)
				seq[n++] = (long)page_to_pfn(list_entry(l, struct page, lru));
			seq[n++] = -1;
		}
	*out = seq;
	return n;
}

static void buddy_retire_page_vs_batch_identical(struct kunit *test)
{
	static const struct sim_config *const cfgs[] = { &sim_cfg_holes, &sim_cfg_odd, &sim_cfg_small };

	for (unsigned int c = 0; c < 2 * ARRAY_SIZE(cfgs); c++) {
		unsigned long batch[MAX_NR_ZONES][MAX_ORDER], page[MAX_NR_ZONES][MAX_ORDER];
		unsigned char *heads;
		struct sim_config cfg = *cfgs[c / 2];
		unsigned long n, differ = 0, nb, np, first = 0;
		long *lists_batch, *lists_page;

		/* The bitmap after the kernel at an even pfn, then at an odd one. */
		cfg.kernel_pages = c % 2 ? 127 : 0;

		cfg.retire = BOOTMEM_RETIRE_BATCH;
		if (!boot(test, &cfg))
			return;
		sim_nr_free(batch);
		nb = free_lists_now(&lists_batch);
		n = mach.max_pfn;
		heads = calloc(n, 1);
		for (unsigned long pfn = 0; pfn < n; pfn++)
			heads[pfn] = PageBuddy(mem_map + pfn) ? (unsigned char)(1 + mem_map[pfn].private) : 0;

		cfg.retire = BOOTMEM_RETIRE_PAGE;
		if (!boot(test, &cfg)) {
			free(heads);
			free(lists_batch);
			return;
		}
		sim_nr_free(page);
		KUNIT_EXPECT_TRUE(test, sim_nr_free_equal(batch, page));
		for (unsigned long pfn = 0; pfn < n; pfn++)
			differ += heads[pfn] !=
				  (PageBuddy(mem_map + pfn) ? (unsigned char)(1 + mem_map[pfn].private) : 0);
		KUNIT_EXPECT_EQ(test, differ, 0);
		/* The same blocks in the same order on every list (2.4's order). */
		np = free_lists_now(&lists_page);
		while (first < nb && first < np && lists_batch[first] == lists_page[first])
			first++;
		if (nb != np || first < nb)
			KUNIT_FAIL(test, "%s, bitmap at %05lx: free lists differ at entry %lu of %lu: batch %ld, page %ld",
				   cfg.name, mach.map_pfn, first, nb, first < nb ? lists_batch[first] : -2,
				   first < np ? lists_page[first] : -2);
		KUNIT_EXPECT_EQ(test, bootmem_retire_mode, BOOTMEM_RETIRE_BATCH);	/* restored */
		free(heads);
		free(lists_batch);
		free(lists_page);
	}
}

/*
 * Each case runs under HOST_PANICS: a panic or BUG() no case expects fails
 * that case with the message, instead of ending the whole host run.
 */
static void guarded(struct kunit *test, void (*fn)(struct kunit *))
{
	if (HOST_PANICS(fn(test)))
		KUNIT_FAIL(test, "unexpected kernel stop: %s", host_panic_msg);
}

#define BUDDY_CASES(X)					\
	X(buddy_exhaustion_returns_null)		\
	X(buddy_boot_state)				\
	X(buddy_split_order0_from_order9)		\
	X(buddy_coalescing_is_exact)			\
	X(buddy_fallback_gfp_kernel)			\
	X(buddy_fallback_gfp_highuser)			\
	X(buddy_gfp_dma_below_16m)			\
	X(buddy_fragmented_zone_falls_back)		\
	X(buddy_holes_never_handed_out)			\
	X(buddy_order_too_large_refused)		\
	X(buddy_get_free_pages_highmem_refused)		\
	X(buddy_double_free_panics)			\
	X(buddy_free_reserved_range_refuses_free_or_used_pages) \
	X(buddy_free_init_pages_gives_back_named_pages) \
	X(buddy_free_reserved_panics)			\
	X(buddy_free_inside_free_block_panics)		\
	X(buddy_free_block_holding_free_block_panics)	\
	X(buddy_bootmem_bitmap_freed_twice_panics)	\
	X(buddy_free_wrong_order_panics)		\
	X(buddy_free_misaligned_panics)			\
	X(buddy_free_outside_mem_map_panics)		\
	X(buddy_free_null_page_reported)		\
	X(buddy_free_tail_in_use_panics)		\
	X(buddy_free_order_too_large_panics)		\
	X(buddy_free_across_zone_end_panics)		\
	X(buddy_free_with_count_two_drops_count)	\
	X(buddy_get_zeroed_page)			\
	X(buddy_page_address_of_lowmem)			\
	X(buddy_nr_free_sums)				\
	X(buddy_show_free_areas_format)			\
	X(buddy_show_buddyinfo_format)			\
	X(buddy_retire_page_vs_batch_identical)	\
	X(buddy_census_accounts_every_page)		\
	X(buddy_memmap_fit_pfn)

/*
 * The census behind the accounting line (mm/accounting.c) on machines
 * with holes: every RAM page free or reserved, and the reserved count
 * mem_init() prints is exactly the RAM the allocator was not given.
 * A page held by someone is "allocated": the census must notice it.
 */
static void buddy_census_accounts_every_page(struct kunit *test)
{
	const struct sim_config *cfgs[] = { &sim_cfg_plain, &sim_cfg_holes, &sim_cfg_odd };

	for (size_t i = 0; i < ARRAY_SIZE(cfgs); i++) {
		unsigned long low = cfgs[i]->low_pfns, ram_low = 0, usable_low = 0;
		struct page *page;

		if (!boot(test, cfgs[i]))
			return;
		for (unsigned long pfn = 0; pfn < low; pfn++) {
			ram_low += sim_is_ram(&mach, pfn);
			usable_low += mach.usable[pfn];
		}
		KUNIT_EXPECT_EQ(test, count_reserved_pages(low), ram_low - usable_low);
		KUNIT_EXPECT_EQ(test, ram_pages(0, mach.max_pfn), mach.zone_usable[ZONE_DMA] +
				mach.zone_usable[ZONE_NORMAL] + mach.zone_usable[ZONE_HIGHMEM] +
				ram_low - usable_low);
		KUNIT_EXPECT_TRUE(test, memory_accounting_report());
		KUNIT_EXPECT_TRUE(test, host_log_contains("(ok)"));
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		host_log_clear();
		KUNIT_EXPECT_FALSE(test, memory_accounting_report());
		KUNIT_EXPECT_TRUE(test, host_log_contains("MISMATCH"));
		KUNIT_EXPECT_TRUE(test, host_log_contains("accounting: 1 allocated"));
		__free_page(page);
		KUNIT_EXPECT_TRUE(test, memory_accounting_report());
	}
}

/*
 * mem_map within a budget of low memory (check_mem_map_cost(): the largest
 * piece of low RAM less some to spare): 64 GiB of PAE RAM fits beside
 * 896 MiB; beside a small budget it is capped, never below lowmem.
 */
static void buddy_memmap_fit_pfn(struct kunit *test)
{
	const unsigned long lowmem = 896UL << 8, gib = 1UL << 18;
	const u64 half = (u64)lowmem * PAGE_SIZE / 2;
	unsigned long room = (unsigned long)(half / sizeof(struct page));

	KUNIT_EXPECT_EQ(test, memmap_fit_pfn(64 * gib, lowmem, half),
			64 * gib <= room ? 64 * gib : room);
	if (sizeof(struct page) == 20)	/* the kernel's: 320 of 448 MiB */
		KUNIT_EXPECT_EQ(test, memmap_fit_pfn(64 * gib, lowmem, half), 64 * gib);
	KUNIT_EXPECT_EQ(test, memmap_fit_pfn(lowmem, lowmem, half), lowmem);
	KUNIT_EXPECT_EQ(test, memmap_fit_pfn(room + 1, lowmem, half), room);
	KUNIT_EXPECT_EQ(test, memmap_fit_pfn(room, lowmem, half), room);
	/* a 150 MiB largest piece beside 33 GiB: capped to what 150 MiB holds */
	KUNIT_EXPECT_EQ(test, memmap_fit_pfn(33 * gib, lowmem, 150ULL << 20),
			(unsigned long)((150ULL << 20) / sizeof(struct page)));
	/* never below low memory itself */
	KUNIT_EXPECT_EQ(test, memmap_fit_pfn(64 * gib, lowmem, 4096), lowmem);
	KUNIT_EXPECT_EQ(test, memmap_fit_pfn(17, 16, 0), 16UL);
	KUNIT_EXPECT_EQ(test, memmap_fit_pfn(16, 16, 0), 16UL);
}

#define GUARD(fn) static void fn##_guarded(struct kunit *test) { guarded(test, fn); }
BUDDY_CASES(GUARD)

#define ENTRY(fn) { .run_case = fn##_guarded, .name = #fn },
static struct kunit_case host_buddy_cases[] = {
	BUDDY_CASES(ENTRY)
	{}
};

static struct kunit_suite host_buddy = {
	.name = "host_buddy",
	.stage = KUNIT_STAGE_MEM_INIT,
	.test_cases = host_buddy_cases,
	.init = buddy_case_init,
	.exit = buddy_case_exit,
};
kunit_test_suite(host_buddy);
