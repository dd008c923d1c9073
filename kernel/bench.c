/*
 * Allocator microbenchmarks, on the live zones, when "bench" is on the
 * command line: cycles per order-0 and order-3 alloc+free pair from a warm
 * zone (and a cold one), per operation of a random mixed workload, the slowest single
 * operation, and the cost of the physical limit the hand-over is measured
 * against -- a bare loop writing one struct page per pfn, its fastest of
 * several passes over memory already touched.  Printed as a
 * KTAP-style diagnostic block ("# bench: ...") that `make bench` collects.
 * Speed is measured here, never asserted: tests do not time anything.
 */
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/lkdtm.h>
#include <linux/string.h>
#include <asm/meminit.h>
#include <asm/setup.h>
#include <asm/timex.h>

static bool bench_enabled;

static int __init bench_setup(char *str)
{
	return get_flag_param("bench", str, &bench_enabled);
}
__setup("bench", bench_setup);

#define PAIRS		20000
#define MIXED_OPS	200000
#define MIXED_SLOTS	512

/*
 * A warm zone: WARM blocks of this order allocated and every other one
 * freed, so the free list has blocks whose buddies are in use -- the state
 * a zone is in once the system has run a while.  A pair then takes a block
 * off the list and puts it back with no split and no merge; from a cold
 * zone (one big free block) each pair would split and merge MAX_ORDER - 1
 * times.  Both are printed.
 */
#define WARM 256

static u64 timed_pairs(unsigned int gfp, unsigned int order)
{
	cycles_t t0 = get_cycles();

	for (int i = 0; i < PAIRS; i++)
		__free_pages(alloc_pages(gfp, order), order);
	return (get_cycles() - t0) / PAIRS;
}

static void pairs(unsigned int gfp, unsigned int order, u64 *warm, u64 *cold)
{
	static struct page *held[WARM];

	*cold = timed_pairs(gfp, order);
	for (int i = 0; i < WARM; i++)
		held[i] = alloc_pages(gfp, order);
	for (int i = 1; i < WARM; i += 2)
		if (held[i])
			__free_pages(held[i], order);
	*warm = timed_pairs(gfp, order);
	for (int i = 0; i < WARM; i += 2)
		if (held[i])
			__free_pages(held[i], order);
}

/* xorshift32: the same workload every boot. */
static u32 next_rand(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void mixed(u64 *per_op, u64 *worst)
{
	static struct page *slot[MIXED_SLOTS];
	static unsigned char slot_order[MIXED_SLOTS];
	static const unsigned int gfps[] = { GFP_KERNEL, GFP_HIGHUSER, GFP_DMA, GFP_KERNEL };
	u32 seed = 2463534242u;
	cycles_t total = 0;

	*worst = 0;
	for (int i = 0; i < MIXED_OPS; i++) {
		u32 r = next_rand(&seed);
		int k = (int)(r % MIXED_SLOTS);
		/* small orders mostly, as real workloads */
		unsigned int order = (r >> 9) % 16 < 12 ? 0 : (r >> 13) % 4;
		cycles_t t0 = get_cycles(), dt;

		if (slot[k]) {
			__free_pages(slot[k], slot_order[k]);
			slot[k] = NULL;
		} else {
			slot[k] = alloc_pages(gfps[(r >> 20) & 3], order);
			slot_order[k] = (unsigned char)order;
		}
		dt = get_cycles() - t0;
		total += dt;
		if (dt > *worst)
			*worst = dt;
	}
	for (int k = 0; k < MIXED_SLOTS; k++)
		if (slot[k]) {
			__free_pages(slot[k], slot_order[k]);
			slot[k] = NULL;
		}
	*per_op = total / MIXED_OPS;
}

/*
 * The floor: write one struct page per pfn, as initialising mem_map must,
 * into scratch blocks of the same total size taken from the buddy
 * allocator (mem_map itself is live).  One untimed pass first, so that the
 * host has backed every page and TCG has translated the loop; then
 * BARE_PASSES timed passes over the same blocks.  A single pass over memory
 * the host touches for the first time (QEMU allocates guest RAM lazily
 * without -mem-prealloc) runs 5-15x slower, so one boot's single pass says
 * more about the host than about the loop.  Returns false if memory is short.
 */
#define BARE_PASSES	5

struct bare_loop {
	u64 min_ns, median_ns;
};

static void write_struct_pages(struct page **blocks, unsigned long nblocks,
			       unsigned long per_block, unsigned long npages)
{
	for (unsigned long b = 0, left = npages; b < nblocks; b++) {
		struct page *p = page_address(blocks[b]);
		unsigned long n = min(left, per_block);

		for (unsigned long i = 0; i < n; i++)
			p[i] = (struct page){ .flags = 1UL << PG_reserved };
		left -= n;
		barrier();
	}
}

static bool bare_struct_page_loop(unsigned long npages, struct bare_loop *res)
{
	enum { BLOCK_ORDER = MAX_ORDER - 1 };
	unsigned long per_block = (PAGE_SIZE << BLOCK_ORDER) / sizeof(struct page);
	unsigned long nblocks = DIV_ROUND_UP(npages, per_block);
	/*
	 * The list of blocks lives in a page of its own, not in .bss: a page
	 * of pointers covers the mem_map of 64 GiB (160 blocks of 2 MiB), and
	 * the kernel image, whose size the boot lines quoted in the docs show,
	 * stays as it is.
	 */
	struct page *list = alloc_pages(GFP_KERNEL, 0);
	struct page **blocks;
	u64 ns[BARE_PASSES];

	if (!list)
		return false;
	blocks = page_address(list);
	if (nblocks > PAGE_SIZE / sizeof(*blocks)) {
		__free_pages(list, 0);
		return false;
	}
	for (unsigned long b = 0; b < nblocks; b++)
		if (!(blocks[b] = alloc_pages(GFP_KERNEL, BLOCK_ORDER))) {
			while (b--)
				__free_pages(blocks[b], BLOCK_ORDER);
			__free_pages(list, 0);
			return false;
		}
	write_struct_pages(blocks, nblocks, per_block, npages);	/* warm-up, untimed */
	for (int k = 0; k < BARE_PASSES; k++) {
		u64 t0 = local_clock_ns();

		write_struct_pages(blocks, nblocks, per_block, npages);
		ns[k] = local_clock_ns() - t0;
	}
	for (unsigned long b = 0; b < nblocks; b++)
		__free_pages(blocks[b], BLOCK_ORDER);
	__free_pages(list, 0);
	/* insertion sort: five values */
	for (int i = 1; i < BARE_PASSES; i++)
		for (int j = i; j > 0 && ns[j - 1] > ns[j]; j--) {
			u64 t = ns[j];

			ns[j] = ns[j - 1];
			ns[j - 1] = t;
		}
	res->min_ns = ns[0];
	res->median_ns = ns[BARE_PASSES / 2];
	return true;
}

void run_benchmarks(void)
{
	const struct meminit_timing *t = &meminit_timing;
	u64 mixed_op, worst, floor_ns, warm, cold;
	struct bare_loop bare;
	u64 init_ns = t->memmap_ns + t->free_all_bootmem_ns + t->highmem_ns;

	if (!bench_enabled)
		return;
	printk("# bench: tsc_khz %lu\n", tsc_khz_get());
	/* Cycle counts need the TSC; the times below come from any clock. */
	if (tsc_khz_get()) {
		pairs(GFP_KERNEL, 0, &warm, &cold);
		printk("# bench: order0_pair_cycles %llu (cold zone %llu)\n", warm, cold);
		pairs(GFP_KERNEL, 3, &warm, &cold);
		printk("# bench: order3_pair_cycles %llu (cold zone %llu)\n", warm, cold);
		mixed(&mixed_op, &worst);
		printk("# bench: mixed_op_cycles %llu\n", mixed_op);
		printk("# bench: slowest_op_cycles %llu\n", worst);
	} else {
		printk("# bench: no TSC clock (%s): cycle counts skipped\n", clocksource_name());
	}
	floor_ns = bare_struct_page_loop(max_mapnr, &bare) ? bare.min_ns : 0;
	printk("# bench: pages %lu struct_page_bytes %lu\n", max_mapnr,
	       (unsigned long)sizeof(struct page));
	printk("# bench: meminit_us %llu (memmap %llu + free_all_bootmem %llu + highmem %llu)\n",
	       init_ns / 1000, t->memmap_ns / 1000, t->free_all_bootmem_ns / 1000,
	       t->highmem_ns / 1000);
	/* The minimum is the floor; meminit_over_bare_loop is taken against it. */
	if (floor_ns)
		printk("# bench: bare_struct_page_loop_us %llu (min of %d passes after 1 warm-up; "
		       "median %llu)\n", floor_ns / 1000, BARE_PASSES, bare.median_ns / 1000);
	else
		printk("# bench: bare_struct_page_loop_us 0 (no memory for it)\n");
	if (floor_ns)
		printk("# bench: meminit_over_bare_loop %llu.%02llu\n", init_ns / floor_ns,
		       init_ns * 100 / floor_ns % 100);
}
