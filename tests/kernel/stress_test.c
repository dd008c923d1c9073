/*
 * Stress (run with selftest=stress; it takes seconds, not milliseconds):
 * allocate until every zone is down to its reserve, free everything in a
 * random order, and require the allocator back exactly where it started --
 * the same free pages and the same free blocks per order in every zone
 * (with eager merging the free blocks of a set of free pages are unique),
 * with the invariant checker clean.  Once with order-0 pages, once with
 * mixed orders.
 */
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/test.h>

/*
 * The blocks held, in a two-level table of lowmem pages taken before the
 * run: PER_LEAF pointers per leaf page, and a root of as many pages as
 * the leaves need (64 GiB of PAE memory is 16M pages: 16,384 leaves).
 */
#define PER_LEAF	(PAGE_SIZE / sizeof(struct page *))

struct held {
	struct page ***leaf;	/* the root: pointers to the leaves */
	unsigned int root_order;
	unsigned long nr_leaves, n, cap;
};

static struct page **slot(struct held *h, unsigned long i)
{
	return &h->leaf[i / PER_LEAF][i % PER_LEAF];
}

static unsigned int order_for(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static void held_release(struct held *h)
{
	for (unsigned long i = 0; i < h->nr_leaves; i++)
		free_page((unsigned long)h->leaf[i]);
	free_pages((unsigned long)h->leaf, h->root_order);
}

static bool held_init(struct held *h, unsigned long cap)
{
	unsigned long leaves = DIV_ROUND_UP(cap, PER_LEAF);

	h->root_order = order_for(leaves * sizeof(struct page **));
	h->nr_leaves = 0;
	if (h->root_order >= MAX_ORDER)
		return false;
	h->leaf = (struct page ***)__get_free_pages(GFP_KERNEL, h->root_order);
	if (!h->leaf)
		return false;
	for (; h->nr_leaves < leaves; h->nr_leaves++) {
		h->leaf[h->nr_leaves] = (struct page **)__get_free_page(GFP_KERNEL);
		if (!h->leaf[h->nr_leaves]) {
			held_release(h);
			return false;
		}
	}
	h->n = 0;
	h->cap = leaves * PER_LEAF;
	return true;
}


static u32 next_rand(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

struct zone_state {
	unsigned long free_pages, nr_free[MAX_ORDER];
};

#define NR_ZONE_STATES	(MAX_NUMNODES * MAX_NR_ZONES)

/* Every zone of every node, at nid * MAX_NR_ZONES + z. */
static zone_t *state_zone(int i)
{
	int nid = i / MAX_NR_ZONES;

	return node_online(nid) ? &NODE_DATA(nid)->node_zones[i % MAX_NR_ZONES] : NULL;
}

static void save_state(struct zone_state *st)
{
	for (int i = 0; i < NR_ZONE_STATES; i++) {
		const zone_t *zone = state_zone(i);

		st[i] = (struct zone_state){ 0 };
		if (!zone)
			continue;
		st[i].free_pages = zone->free_pages;
		for (int o = 0; o < MAX_ORDER; o++)
			st[i].nr_free[o] = zone->free_area[o].nr_free;
	}
}

/* Allocate with each class until it fails; orders random below max_order. */
static void exhaust(struct kunit *test, struct held *h, unsigned int max_order, u32 *seed)
{
	static const unsigned int gfps[] = { GFP_HIGHUSER, GFP_KERNEL, GFP_DMA };

	for (unsigned int g = 0; g < ARRAY_SIZE(gfps); g++) {
		for (int order = (int)max_order; order >= 0; order--) {
			for (;;) {
				unsigned int o = max_order ? next_rand(seed) % (unsigned int)(order + 1) : 0;
				struct page *page = alloc_pages(gfps[g], o);

				if (!page) {
					if (o == (unsigned int)order)
						break;
					continue;
				}
				if (h->n == h->cap) {
					KUNIT_FAIL(test, "more blocks than the table holds (%lu)", h->cap);
					__free_pages(page, o);
					return;
				}
				*slot(h, h->n++) = page;
			}
		}
	}
}

static void free_shuffled(struct held *h, u32 *seed)
{
	for (unsigned long i = h->n; i > 1; i--) {
		unsigned long j = next_rand(seed) % i;
		struct page *t = *slot(h, i - 1);

		*slot(h, i - 1) = *slot(h, j);
		*slot(h, j) = t;
	}
	for (unsigned long i = 0; i < h->n; i++) {
		struct page *page = *slot(h, i);

		__free_pages(page, (unsigned int)page->private);
	}
	h->n = 0;
}

static void stress_round(struct kunit *test, unsigned int max_order, u32 seed)
{
	static struct zone_state before[NR_ZONE_STATES], after[NR_ZONE_STATES];
	struct held h = { 0 };

	KUNIT_ASSERT_TRUE(test, held_init(&h, nr_free_pages()));
	save_state(before);
	exhaust(test, &h, max_order, &seed);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const zone_t *zone = &contig_page_data.node_zones[z];

		if (!zone->size)
			continue;
		/* down to the reserve __alloc_pages keeps for the last fallback */
		KUNIT_EXPECT_LE(test, zone->free_pages, zone->pages_low * 3 + (1UL << max_order));
		KUNIT_EXPECT_EQ(test, check_zone(zone, true), 0);
	}
	kunit_printk("    # stress: held %lu blocks, %lu pages still free\n", h.n, nr_free_pages());
	free_shuffled(&h, &seed);
	save_state(after);
	for (int i = 0; i < NR_ZONE_STATES; i++) {
		KUNIT_EXPECT_EQ(test, after[i].free_pages, before[i].free_pages);
		for (int o = 0; o < MAX_ORDER; o++)
			KUNIT_EXPECT_EQ(test, after[i].nr_free[o], before[i].nr_free[o]);
		if (state_zone(i))
			KUNIT_EXPECT_EQ(test, check_zone(state_zone(i), true), 0);
	}
	held_release(&h);
}

static void stress_exhaust_order0_free_random(struct kunit *test)
{
	stress_round(test, 0, 0x12345678u);
}

static void stress_exhaust_mixed_orders_free_random(struct kunit *test)
{
	stress_round(test, MAX_ORDER - 1, 0x9e3779b9u);
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE(stress_exhaust_order0_free_random),
	KUNIT_CASE(stress_exhaust_mixed_orders_free_random),
	{}
};

static struct kunit_suite stress_suite = {
	.name = "stress",
	.stage = KUNIT_STAGE_LATE,
	.test_cases = stress_cases,
	.slow = true,
};
kunit_test_suite(stress_suite);
