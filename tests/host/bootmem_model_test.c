/*
 * The boot allocator against a model of 2.4's rules written from the book
 * (Gorman 5.3), comparing every address it returns over long random
 * sequences of allocations, frees and reservations:
 *  - first fit: the lowest free run of whole pages, aligned, at or above
 *    the goal; if there is none, the lowest from the start of the node;
 *  - a small allocation goes into the tail of the page the previous one
 *    ended in (cache aligned) when the run found starts on the next page;
 *  - this kernel's one departure in that rule (docs/departures.md): freeing
 *    that page ends the packing, where 2.4 would pack into a freed page.
 * The model keeps its own page map and last_pos/last_offset; it never
 * looks at the allocator's.
 */
#include <linux/bitops.h>
#include <linux/bootmem.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/test.h>
#include <asm/page.h>
#include "host.h"

#define SIM_SIZE	(16UL << 20)
#define NODE_PAGES	(SIM_SIZE >> PAGE_SHIFT)
#define MAP_PFN		256UL
#define MODEL_OPS	250000UL
#define MAX_BLOCKS	512

struct bm_model {
	unsigned char reserved[NODE_PAGES];
	unsigned long last_pos, last_offset;
};

struct bm_block {
	phys_addr_t addr;
	unsigned long size;
};

static u64 bm_rand(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* First fit of pages aligned to incr in [from, NODE_PAGES); -1 if none. */
static long bm_first_fit(const struct bm_model *m, unsigned long from, unsigned long pages,
			 unsigned long incr)
{
	for (unsigned long i = ALIGN(from, incr); i + pages <= NODE_PAGES; i += incr) {
		unsigned long j = 0;

		while (j < pages && !m->reserved[i + j])
			j++;
		if (j == pages)
			return (long)i;
	}
	return -1;
}

/* The address the book's __alloc_bootmem_core() gives, or 0 for none. */
static phys_addr_t bm_alloc(struct bm_model *m, unsigned long size, unsigned long align,
			    phys_addr_t goal)
{
	unsigned long pages = PFN_UP(size), incr = max(align >> PAGE_SHIFT, 1UL);
	unsigned long from = goal < PFN_PHYS(NODE_PAGES) ? PFN_DOWN(ALIGN(goal, align)) : 0;
	long start = bm_first_fit(m, from, pages, incr);
	phys_addr_t addr;

	if (start < 0 && from)
		start = bm_first_fit(m, 0, pages, incr);
	if (start < 0)
		return 0;
	if (align <= PAGE_SIZE && m->last_offset && m->last_pos + 1 == (unsigned long)start) {
		unsigned long off = ALIGN(m->last_offset, align);

		addr = PFN_PHYS(m->last_pos) + off;
		if (size < PAGE_SIZE - off) {
			pages = 0;
			m->last_offset = off + size;
		} else {
			unsigned long rest = size - (PAGE_SIZE - off);

			pages = PFN_UP(rest);
			m->last_pos = (unsigned long)start + pages - 1;
			m->last_offset = rest;
		}
		m->last_offset &= ~PAGE_MASK;
	} else {
		addr = PFN_PHYS((unsigned long)start);
		m->last_pos = (unsigned long)start + pages - 1;
		m->last_offset = size & ~PAGE_MASK;
	}
	for (unsigned long i = 0; i < pages; i++)
		m->reserved[start + i] = 1;
	return addr;
}

/* free_bootmem(): whole pages inside the range; the departure ends packing. */
static void bm_free(struct bm_model *m, phys_addr_t addr, unsigned long size)
{
	for (unsigned long i = PFN_UP(addr); i < PFN_DOWN(addr + size); i++) {
		m->reserved[i] = 0;
		if (i == m->last_pos)
			m->last_offset = 0;
	}
}

static void bm_reserve(struct bm_model *m, phys_addr_t addr, unsigned long size)
{
	for (unsigned long i = PFN_DOWN(addr); i < PFN_UP(addr + size); i++)
		m->reserved[i] = 1;
}

static void bm_boot(struct bm_model *m)
{
	sim_mem_init(SIM_SIZE);
	pgdat_list = NULL;
	init_bootmem(MAP_PFN, NODE_PAGES);
	free_bootmem(PAGE_SIZE, SIM_SIZE - PAGE_SIZE);	/* page 0 stays reserved */
	reserve_bootmem(PFN_PHYS(MAP_PFN), PAGE_SIZE);	/* the bitmap */
	memset(m, 0, sizeof(*m));
	m->reserved[0] = m->reserved[MAP_PFN] = 1;
}

static const unsigned long sizes[] = { 1, 16, 100, 200, 1000, 3000, 4000, 4096, 4097,
				       6000, 8192, 12000, 3 * 4096, 20000, 65536 };
static const unsigned long aligns[] = { 16, 32, 64, 128, 4096, 4096, 8192, 65536 };

/* One operation; false (with the case failed) on the first difference. */
static bool bm_step(struct kunit *test, struct bm_model *m, struct bm_block *live,
		    unsigned long *nr, u64 *rng, unsigned long step)
{
	unsigned int r = (unsigned int)(bm_rand(rng) % 100);

	if (r < 55 || !*nr) {
		unsigned long size = sizes[bm_rand(rng) % ARRAY_SIZE(sizes)];
		unsigned long align = aligns[bm_rand(rng) % ARRAY_SIZE(aligns)];
		phys_addr_t goal = bm_rand(rng) % 3 ? 0 : (phys_addr_t)(bm_rand(rng) % SIM_SIZE);
		phys_addr_t want = bm_alloc(m, size, align, goal);
		void *got;

		if (!want)
			return true;	/* full: the allocator would panic (tested apart) */
		got = __alloc_bootmem(size, align, goal);
		if (__pa(got) != want) {
			KUNIT_FAIL(test, "step %lu: __alloc_bootmem(%lu, %lu, %#llx) = %#llx, the book's rule gives %#llx",
				   step, size, align, (unsigned long long)goal,
				   (unsigned long long)__pa(got), (unsigned long long)want);
			return false;
		}
		if (*nr < MAX_BLOCKS)
			live[(*nr)++] = (struct bm_block){ want, size };
	} else if (r < 95) {
		unsigned long i = bm_rand(rng) % *nr;
		/* whole pages only, as callers give back what they were given */
		phys_addr_t start = live[i].addr & PAGE_MASK;
		unsigned long len = (unsigned long)(PFN_UP(live[i].addr + live[i].size) -
						    PFN_DOWN(live[i].addr)) << PAGE_SHIFT;
		bool shared = false;

		/* a page another live block still uses is not freed */
		for (unsigned long j = 0; j < *nr; j++)
			if (j != i && live[j].addr < start + len &&
			    live[j].addr + live[j].size > start)
				shared = true;
		if (!shared) {
			free_bootmem(start, len);
			bm_free(m, start, len);
		}
		live[i] = live[--(*nr)];
	} else {
		phys_addr_t addr = (phys_addr_t)(bm_rand(rng) % (SIM_SIZE - 65536));
		unsigned long size = 1 + bm_rand(rng) % 65536;

		reserve_bootmem(addr, size);
		bm_reserve(m, addr, size);
	}
	return true;
}

static void bootmem_model_random_ops(struct kunit *test)
{
	static struct bm_model m;
	static struct bm_block live[MAX_BLOCKS];
	unsigned long nr = 0, diff = 0;
	u64 rng = 0x2b4d5a7e19c3f801ULL;

	for (unsigned long step = 0; step < MODEL_OPS; step++) {
		if (step % 5000 == 0) {
			bm_boot(&m);
			nr = 0;
			host_log_clear();
		}
		if (!bm_step(test, &m, live, &nr, &rng, step))
			return;
	}
	for (unsigned long i = 0; i < NODE_PAGES; i++)
		diff += !!test_bit(i, contig_page_data.bdata->node_bootmem_map) != m.reserved[i];
	KUNIT_EXPECT_EQ(test, diff, 0UL);
	kunit_printk("    # bootmem model: %lu operations, every address as the book's rule gives\n",
		     MODEL_OPS);
}

static struct kunit_case bootmem_model_cases[] = {
	KUNIT_CASE(bootmem_model_random_ops),
	{}
};

static struct kunit_suite bootmem_model_suite = {
	.name = "host_bootmem_model",
	.stage = KUNIT_STAGE_BOOTMEM,
	.test_cases = bootmem_model_cases,
};
kunit_test_suite(bootmem_model_suite);
